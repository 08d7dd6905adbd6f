/**
 * Vocabulary for titles in other scripts, each word with its usual romanisation: Japanese (Hepburn
 * with macrons), Korean (Revised Romanization), Chinese (Han; pinyin comes from transliteration) and
 * Russian. Real words only, so a romanised title reads like one a catalog would hold.
 */
const pairs = (s: string): ReadonlyArray<readonly [string, string]> =>
  s
    .trim()
    .split(/\s+/)
    .map((p) => p.split(":") as unknown as readonly [string, string])
    .map(([a, b]) => [a, b.replaceAll("_", " ")] as const);

/** Japanese words (kanji/kana : Hepburn with macrons for long vowels). */
export const JAPANESE = pairs(`
桜:sakura 夏:natsu 恋:koi 夢:yume 空:sora 雨:ame 花火:hanabi 東京:Tōkyō 君:kimi 僕:boku 心:kokoro
風:kaze 星:hoshi 月:tsuki 涙:namida 約束:yakusoku 未来:mirai 青春:seishun 少年:shōnen 物語:monogatari
道:michi 光:hikari 愛:ai 想い出:omoide 永遠:eien 旅:tabi 海:umi 故郷:furusato 太陽:taiyō 青空:aozora
放課後:hōkago 友達:tomodachi 記憶:kioku 季節:kisetsu 秘密:himitsu 勇気:yūki 希望:kibō 流星:ryūsei
大阪:Ōsaka 恋人:koibito 世界:sekai 花:hana 雪:yuki 声:koe 明日:ashita 今日:kyō 冬:fuyu 春:haru
`);

/** Japanese particles between two words: kana, Hepburn, and the spelling a naive romaniser writes. */
export const JAPANESE_PARTICLES: ReadonlyArray<readonly [string, string, string]> = [
  ["の", "no", "no"],
  ["は", "wa", "ha"],
  ["と", "to", "to"],
  ["を", "o", "wo"],
];

/** Korean words (Hangul : Revised Romanization). */
export const KOREAN = pairs(`
사랑:sarang 밤:bam 꿈:kkum 하늘:haneul 별:byeol 눈물:nunmul 바다:bada 봄:bom 여름:yeoreum 가을:gaeul
겨울:gyeoul 기억:gieok 너:neo 우리:uri 오늘:oneul 내일:naeil 시간:sigan 마음:maeum 노래:norae
바람:baram 첫사랑:cheotsarang 비:bi 달:dal 서울:Seoul 친구:chingu 약속:yaksok 그대:geudae
안녕:annyeong 고백:gobaek 햇살:haetsal 추억:chueok 이별:ibyeol
`);

/** Chinese words in traditional characters (romanised by pinyin at render time). */
export const CHINESE = `我們 愛情 夜晚 城市 雨天 想念 回憶 青春 永遠 星空 故事 時間 孤單 快樂 再見 溫柔
天空 花開 海邊 夢想 月亮 朋友 晴天 等待 告白 秘密 夏天 未來 心跳 眼淚 微笑 遠方 黎明 煙火`
  .trim()
  .split(/\s+/);

/** Russian nouns for Cyrillic titles. */
export const RUSSIAN = `любовь ночь сердце небо город дождь мечта звезда зима лето весна осень море
река дорога дом друг музыка танец время жизнь огонь ветер снег солнце луна свет тень душа песня улица`
  .trim()
  .split(/\s+/);

/** Korean people: family name (Hangul : usual spelling : Revised Romanization). */
export const KOREAN_FAMILY: ReadonlyArray<readonly [string, string, string]> = `김:Kim:Gim 이:Lee:I
박:Park:Bak 최:Choi:Choe 정:Jung:Jeong 강:Kang:Gang 조:Cho:Jo 윤:Yoon:Yun 장:Jang:Jang 임:Lim:Im
한:Han:Han 신:Shin:Sin`
  .trim()
  .split(/\s+/)
  .map((p) => p.split(":") as unknown as readonly [string, string, string]);

/** Korean given names (Hangul : hyphenated spelling : Revised Romanization). */
export const KOREAN_GIVEN: ReadonlyArray<readonly [string, string, string]> = `민준:Min-jun:Minjun
서연:Seo-yeon:Seoyeon 지훈:Ji-hoon:Jihun 수빈:Su-bin:Subin 하은:Ha-eun:Haeun 지민:Ji-min:Jimin
태연:Tae-yeon:Taeyeon 은지:Eun-ji:Eunji 현우:Hyun-woo:Hyeonu 유진:Yu-jin:Yujin 서준:Seo-jun:Seojun
다은:Da-eun:Daeun 예린:Ye-rin:Yerin 도윤:Do-yoon:Doyun`
  .trim()
  .split(/\s+/)
  .map((p) => p.split(":") as unknown as readonly [string, string, string]);

/** Hepburn spellings of a macron romaji string: macrons, `ou`/`uu` for long vowels, plain vowels. */
export function hepburnVariants(macron: string): { macron: string; doubled: string; plain: string } {
  const map = (o: string, u: string) =>
    macron
      .replace(/ō/g, o)
      .replace(/ū/g, u)
      .replace(/Ō/g, o === "ou" ? "Ou" : "O")
      .replace(/Ū/g, u === "uu" ? "Uu" : "U");
  return { macron, doubled: map("ou", "uu"), plain: map("o", "u") };
}
