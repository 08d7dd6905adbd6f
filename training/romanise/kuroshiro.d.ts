declare module "kuroshiro" {
  export default class Kuroshiro {
    init(analyzer: unknown): Promise<void>;
    convert(
      text: string,
      options: {
        to: "romaji" | "hiragana" | "katakana";
        mode?: "normal" | "spaced";
        romajiSystem?: "hepburn" | "nippon" | "passport";
      },
    ): Promise<string>;
  }
}
declare module "kuroshiro-analyzer-kuromoji" {
  export default class KuromojiAnalyzer {
    constructor(options?: { dictPath?: string });
  }
}
