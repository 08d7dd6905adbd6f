/**
 * Published test F1 (%) on iTunes-Amazon (Structured), as listed in
 * ../shared/datasets/itunes-amazon/README.md. Sources: Mudgal et al. SIGMOD 2018 (DeepMatcher),
 * Li et al. VLDB 2021 (Ditto), abcsys/libem benchmark README (GPT-4o).
 */
export const PUBLISHED_F1: readonly { system: string; f1: number }[] = [
  { system: "Magellan (classic ML on string-similarity features)", f1: 91.2 },
  { system: "DeepMatcher Hybrid", f1: 88.0 },
  { system: "DeepMatcher RNN", f1: 88.5 },
  { system: "fine-tuned BERT", f1: 93.1 },
  { system: "Ditto (RoBERTa, SOTA non-LLM)", f1: 97.06 },
  { system: "GPT-4o (libem, schema inline)", f1: 98.11 },
];
