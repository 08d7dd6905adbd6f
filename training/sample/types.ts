/** One row of the `soundrecording` table. */
export interface SampleRecord {
  id: number;
  sr_id: string;
  title: string;
  artists: string;
  isrcs: string;
  contributors: string;
}

/** One row of groundtruth.csv. */
export interface LabelledPair {
  q: string;
  m: string;
  tag: "valid" | "invalid";
}

/** Why a pair exists: its kind (`duplicate`, `version`, `cover`, ...) and the transforms that differ. */
export interface PairMeta {
  kind: string;
  transforms: string[];
}

/** An in-memory sample; `meta[i]` describes `pairs[i]`. */
export interface Sample {
  records: SampleRecord[];
  pairs: LabelledPair[];
  meta: PairMeta[];
}
