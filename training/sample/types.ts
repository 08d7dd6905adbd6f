/** One row of the `soundrecording` table. */
export interface SampleRecord {
  id: number;
  sr_id: string;
  title: string;
  artists: string;
  isrcs: string;
  contributors: string;
}

/** The optional columns of a record (written with `--optional-columns`); null = not given. */
export interface OptionalFields {
  album: string | null;
  duration_ms: number | null;
  year: number | null;
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

/** An in-memory sample; `meta[i]` describes `pairs[i]`, `optional[i]` adds columns to `records[i]`. */
export interface Sample {
  records: SampleRecord[];
  pairs: LabelledPair[];
  meta: PairMeta[];
  optional: OptionalFields[];
}
