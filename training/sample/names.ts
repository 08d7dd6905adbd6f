/**
 * People (performers, composers) in five scripts, and the ways services spell them:
 * `Masahiko Sato`, `M. Sato`, `SATOU MASAHIKO`, `佐藤 雅彦`; `Антон Смирнов` / `Anton Smirnov`;
 * `김민준` / `Kim Min-jun` / `Gim Minjun`. Real given and family names only.
 */
import { transliterate } from "transliteration";
import type { Rng } from "./rng.ts";
import { titleCase } from "./words.ts";
import { KOREAN_FAMILY, KOREAN_GIVEN } from "./world-words.ts";

export type Script = "latin" | "cyrillic" | "japanese" | "chinese" | "korean";

/** A person; Latin fields hold the usual romanisation, `*Alt` another accepted one. */
export interface Person {
  readonly script: Script;
  readonly given: string;
  readonly family: string;
  readonly givenAlt: string;
  readonly familyAlt: string;
  /** Full name in its own script (family first for Han/kanji names). */
  readonly native?: string;
}

/** How one service writes a person's name. */
export type NameFormat = "full" | "surname" | "initial" | "familyFirst";

const words = (s: string): string[] => s.trim().split(/\s+/);
const GIVEN = words(`John Paul Anna Victor Ruben Maria Lucas Sofia Diego Emma Liam Olivia Noah Chloe Mateo
  Aisha Pierre Giulia Marco Lena Jonas Elif Omar Nadia Tom Sara Hugo Inès Pablo Carlos Laura Petra David
  Zoe Alex Mia Leo Sam Kate Joe Ben Max Eva Nina Oscar Felix Ida Nils Astrid Björn Søren Émile Zoë José
  Andrés Joaquín Mónica Beatriz Raúl François Hélène Jérôme Matthias Jürgen Dagmar Miguel Ángel Kwame Ama
  Chidi Ngozi Rafael Luana Thiago Camila Valentina Sebastián Aurélie Luca Chiara Francesca Michael Sarah
  Jessica Chris Daniel James Robert Linda Karen Steve Brian Kevin Ryan Tyler Ashley Megan Jordan Taylor`);
const FAMILY = words(`Pool Garcia Smith Rossi Muller Dubois Silva Kowalski Nguyen Kim Jensen Novak Moreau
  Costa Lopez Brown Wilson Fischer Weber Romano Fernández Larsen Haddad Okafor Mensah Andersson Virtanen
  Horvat Popescu Yılmaz Khan Müller Schröder Løvland Åkesson Núñez Peña Gonçalves Ramírez Martínez Lefèvre
  Bianchi Ricci Esposito Johnson Williams Jones Davis Miller Taylor Anderson Thomas Jackson White Harris
  Martin Thompson Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Carter Mitchell
  Robinson Lee Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan
  Bell Murphy Bailey Cooper Richardson Cox Howard Ward Torres Peterson Gray James Watson Brooks Kelly
  Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson Hughes
  Flores Washington Butler Simmons Foster Gonzales Bryant Alexander Russell Griffin Hayes Myers Ford
  Hamilton Graham Sullivan Wallace West Cole Jordan Reynolds Marshall Owens McDonald Murray Kennedy
  Wells Hunt Hunter Hicks Palmer Black Mills Grant Stone Lawrence Fox Rose Webb Wagner Becker Hoffmann
  Schulz Koch Richter Klein Wolf Neumann Schwarz Zimmermann Braun Hartmann Lange Werner Krause Meier
  Lehmann Schmitt Lambert Bonnet Fontaine Rousseau Girard Mercier Blanc Guerin Faure Roux Vincent
  Colombo Conti Marino Greco Bruno Gallo Ferrara Galli Leone Longo Gentile Martinelli Vitale Serra
  Santos Oliveira Pereira Rodrigues Almeida Sousa Ferreira Carvalho Ribeiro Gomes Martins Rocha
  Sánchez Pérez Gómez Díaz Moreno Muñoz Álvarez Romero Navarro Torres Domínguez Vázquez Ramos Gil
  Nilsson Johansson Karlsson Eriksson Lindqvist Berg Lund Hansen Nielsen Pedersen Kristensen Olsen
  Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Janssen Jansen Wójcik Nowak Lewandowski
  Kovács Szabó Tóth Nagy Horváth Dvořák Černý Novotný Petrov Popov Ivanova Mendes Barros Okoye Adeyemi`);
const WITH_PARTICLE = words(`van_der_Berg van_Dijk de_Vries de_la_Cruz da_Silva di_Stefano von_Berg
  van_den_Broek de_Jong dos_Santos de_Luca van_Leeuwen von_Arnim de_la_Fuente`).map((w) =>
  w.replaceAll("_", " "),
);
const RU_GIVEN = words(`Антон Иван Ольга Дмитрий Нина Сергей Алексей Мария Елена Андрей Наталья Юрий
  Татьяна Михаил Павел Светлана Николай Ирина Виктор Анна Григорий Ксения Фёдор Жанна Максим Евгений`);
const RU_FAMILY = words(`Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Петров
  Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов
  Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Ковалёв Ильин Гусев Титов Кузьмин Кудрявцев
  Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов Королёв Герасимов`);
const JP_FAMILY = words(`佐藤:Sato:Satou 伊藤:Ito:Itou 加藤:Kato:Katoh 斎藤:Saito:Saitou 近藤:Kondo:Kondou
  遠藤:Endo:Endou 大野:Ono:Oono 工藤:Kudo:Kudou 後藤:Goto:Gotou 鈴木:Suzuki:Suzuki 高橋:Takahashi:Takahasi
  田中:Tanaka:Tanaka 渡辺:Watanabe:Watanabe 山本:Yamamoto:Yamamoto 中村:Nakamura:Nakamura
  小林:Kobayashi:Kobayasi 吉田:Yoshida:Yosida 山田:Yamada:Yamada 松本:Matsumoto:Matumoto 井上:Inoue:Inoue
  木村:Kimura:Kimura 清水:Shimizu:Simizu 大島:Oshima:Ooshima 河野:Kono:Kouno 太田:Ota:Oota 大西:Onishi:Oonishi`);
const JP_GIVEN = words(`雅彦:Masahiko:Masahiko 健太:Kenta:Kenta 由紀:Yuki:Yuki 翔:Sho:Shou 直樹:Naoki:Naoki
  美咲:Misaki:Misaki 大輔:Daisuke:Daisuke 陽子:Yoko:Youko 浩:Hiroshi:Hirosi 誠:Makoto:Makoto 愛:Ai:Ai
  拓也:Takuya:Takuya 恵:Megumi:Megumi 修:Osamu:Osamu 亮:Ryo:Ryou 真由美:Mayumi:Mayumi 悠斗:Yuto:Yuuto
  彩:Aya:Aya 光:Hikaru:Hikaru 蓮:Ren:Ren 優子:Yuko:Yuuko 康介:Kosuke:Kousuke 純一:Junichi:Jun'ichi`);
const ZH_FAMILY = [..."王李張劉陳楊黃趙周吳林鄭許蔡蕭梁謝郭何羅"];
const ZH_GIVEN = [..."偉芳娜敏靜麗強磊軍洋勇艷傑娟濤明超秀霞平剛華玲文輝婷建國志宇欣怡嘉俊豪"];

const split3 = (s: string): [string, string, string] => s.split(":") as [string, string, string];
const cap = (s: string): string => (s ? (s[0] as string).toUpperCase() + s.slice(1) : s);

/** Romanise any script to Latin (pinyin for Han, Hepburn-like for kana, GOST-like for Cyrillic). */
export function romanise(s: string): string {
  return transliterate(s);
}

/** A new person; `script` defaults to a mostly-Latin mix. */
export function makePerson(rng: Rng, script: Script = pickScript(rng)): Person {
  if (script === "cyrillic") {
    const g = rng.pick(RU_GIVEN);
    const f = rng.pick(RU_FAMILY);
    const [given, family] = [romanise(g), romanise(f)];
    const alt = (s: string) =>
      s
        .replace(/kh/g, "h")
        .replace(/iy\b|ij\b/g, "y")
        .replace(/ya/g, "ia");
    return { script, given, family, givenAlt: alt(given), familyAlt: alt(family), native: `${g} ${f}` };
  }
  if (script === "japanese") {
    const [fk, f, fAlt] = split3(rng.pick(JP_FAMILY));
    const [gk, g, gAlt] = split3(rng.pick(JP_GIVEN));
    return { script, given: g, family: f, givenAlt: gAlt, familyAlt: fAlt, native: `${fk} ${gk}` };
  }
  if (script === "korean") {
    const [fh, family, familyAlt] = rng.pick(KOREAN_FAMILY);
    const [gh, given, givenAlt] = rng.pick(KOREAN_GIVEN);
    return { script, given, family, givenAlt, familyAlt, native: fh + gh };
  }
  if (script === "chinese") {
    const fh = rng.pick(ZH_FAMILY);
    const gh = rng.pick(ZH_GIVEN) + (rng.chance(0.8) ? rng.pick(ZH_GIVEN) : "");
    const family = romanise(fh);
    const parts = romanise(gh).split(" ");
    const given = cap(parts.join("").toLowerCase());
    return { script, given, family, givenAlt: parts.join(" "), familyAlt: family, native: fh + gh };
  }
  const given = rng.pick(GIVEN);
  let family = rng.pick(FAMILY);
  if (rng.chance(0.06)) family = rng.pick(WITH_PARTICLE);
  return { script, given, family, givenAlt: given, familyAlt: titleCase(family) };
}

function pickScript(rng: Rng): Script {
  return rng.weighted<Script>(
    ["latin", "cyrillic", "japanese", "chinese", "korean"],
    [0.9, 0.04, 0.03, 0.02, 0.01],
  );
}

/** One spelling of a person: `native` prefers the own script, `alt` the alternative romanisation. */
export function renderPerson(p: Person, format: NameFormat, native: boolean, alt: boolean): string {
  if (native && p.native) return p.native;
  const g = alt ? p.givenAlt : p.given;
  const f = alt ? p.familyAlt : p.family;
  const eastAsian = p.script === "chinese" || p.script === "korean";
  const familyFirst = eastAsian ? format !== "familyFirst" : format === "familyFirst";
  switch (format) {
    case "surname":
      return cap(f);
    case "initial":
      return `${g[0] ?? ""}. ${f}`;
    default:
      return familyFirst ? `${f} ${g}` : `${g} ${f}`;
  }
}
