/** The two published variants of the benchmark. */
export type ItunesVariant = "Structured" | "Dirty";

/**
 * Published test F1 (%) on iTunes-Amazon per variant, as listed in
 * ../shared/datasets/itunes-amazon/README.md. Sources: Mudgal et al. SIGMOD 2018 (DeepMatcher),
 * Li et al. VLDB 2021 (Ditto), abcsys/libem benchmark README (GPT-4o).
 */
export const PUBLISHED_F1: Record<ItunesVariant, readonly { system: string; f1: number }[]> = {
  Structured: [
    { system: "Magellan (classic ML on string-similarity features)", f1: 91.2 },
    { system: "DeepMatcher Hybrid", f1: 88.0 },
    { system: "DeepMatcher RNN", f1: 88.5 },
    { system: "fine-tuned BERT", f1: 93.1 },
    { system: "Ditto (RoBERTa, SOTA non-LLM)", f1: 97.06 },
    { system: "GPT-4o (libem, schema inline)", f1: 98.11 },
  ],
  Dirty: [
    { system: "Magellan (classic ML on string-similarity features)", f1: 46.8 },
    { system: "DeepMatcher (best)", f1: 79.4 },
    { system: "Ditto (RoBERTa, SOTA non-LLM)", f1: 95.65 },
  ],
};

/** The variant a benchmark folder holds, read from its name (…/Dirty or …/Structured). */
export function variantOf(dir: string): ItunesVariant {
  return /dirty\/?$/i.test(dir) ? "Dirty" : "Structured";
}
