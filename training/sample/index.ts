/** Public API of the sample-catalog generator. */
export { generateSample, type SampleOptions } from "./catalog.ts";
export type { LabelledPair, PairMeta, Sample, SampleRecord } from "./types.ts";
export { writeSample } from "./write.ts";
