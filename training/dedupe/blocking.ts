import { words } from "../../lambda/text.ts";
import type { DedupeKeys } from "./keys.ts";
import {
  type Blocks,
  FirstSightNumbers,
  groupByBlock,
  type WordPairKeyParts,
  wordPairBlocks,
} from "./word-pair-blocks.ts";

/**
 * A blocking rule: the keys a record is filed under; two records sharing a key are a candidate pair
 * (in a block over the size limit, two records near each other in it: applyRule).
 * Each is an equality join on a derived column, so the same rule runs as SQL
 * (`... JOIN keys b ON a.key = b.key AND a.id < b.id`) on a distributed engine.
 */
export interface BlockingRule {
  name: string;
  /** What the key is, for the report. */
  description: string;
  keys(record: DedupeKeys): readonly string[];
  /**
   * A one-sided rule pairs two records of a block only when at least one of them is a probe
   * (SQL: `... AND (a.probe OR b.probe)`); without it every record is a probe.
   */
  probe?(record: DedupeKeys): boolean;
  /**
   * For a rule whose keys are a head and every two of some words (`title|a+b`): those parts, from
   * which `keys` is spelled and applyRule files the record without a string per key.
   */
  wordPairParts?(record: DedupeKeys): WordPairKeyParts | undefined;
}

/** A rule keyed on a title and every two of a record's words, or the title alone when `bare` and it has none. */
function titleWordPairRule(
  name: string,
  description: string,
  words: (record: DedupeKeys) => readonly string[],
  bare: boolean,
): BlockingRule {
  const wordPairParts = (r: DedupeKeys) =>
    r.title === "" ? undefined : { head: r.title, words: words(r), bare };
  return {
    name,
    description,
    wordPairParts,
    keys: (r) => {
      const parts = wordPairParts(r);
      if (!parts) return [];
      if (parts.words.length === 0) return parts.bare ? [`${parts.head}|`] : [];
      return wordPairs(parts.words).map((pair) => `${parts.head}|${pair}`);
    },
  };
}

/** The blocking rules, in the order the blocking analysis accumulates them. */
export const BLOCKING_RULES: readonly BlockingRule[] = [
  {
    name: "isrc",
    description: "a shared ISRC",
    keys: (r) => r.isrcs,
  },
  titleWordPairRule(
    "title_artist",
    "normalised title core + two shared artist words (`Neil Young` / `Neil Young & Crazy Horse`), or no artist on either side",
    (r) => r.artistWords,
    true,
  ),
  {
    name: "title_artist_word",
    description:
      "normalised title core + the word of a one-word artist name, in any name holding it (`Drake` / `Lil Wayne feat. Drake`)",
    keys: (r) => (r.title === "" ? [] : r.artistWords.map((w) => `${r.title}|${w}`)),
    probe: (r) => r.artistWords.length === 1,
  },
  {
    name: "title_isrc_stem",
    description:
      "normalised title core + an ISRC's country, registrant and year (sibling codes of one release)",
    keys: (r) => (r.title === "" ? [] : r.isrcs.map((isrc) => `${r.title}|${isrc.slice(0, 7)}`)),
  },
  titleWordPairRule(
    "title_contributor",
    "normalised title core + two shared contributor words (a songwriter credited on both)",
    (r) => r.contributorWords,
    false,
  ),
  {
    name: "title_contributor_word",
    description: "normalised title core + the word of a one-word credit, in any credits holding it",
    keys: (r) => (r.title === "" ? [] : r.contributorWords.map((w) => `${r.title}|${w}`)),
    probe: (r) => r.contributorWords.length === 1,
  },
  {
    name: "contributors",
    description:
      "the same songwriter names (4+ words), whatever the title's script: 友達 / Tomodachi by one team",
    keys: (r) => (r.contributorWords.length < 4 ? [] : [r.contributorWords.join(" ")]),
  },
  {
    name: "translit",
    description: "title and artists squashed to a romanisation skeleton (spaces, y/i, ou/o, doubled letters)",
    keys: (r) => (r.titleSkeleton === "" ? [] : [`${r.titleSkeleton}|${r.artistSkeleton}`]),
  },
  {
    name: "titleless_length",
    description:
      "a record whose title has no letters (`011-`, a source that strips other scripts) meets the records of its length to the second and its year",
    // A probe with a year files under length|year only; every other record under both.
    keys: (r) =>
      r.seconds.flatMap((s) =>
        r.year === null ? [`${s}|`] : r.titleless ? [`${s}|${r.year}`] : [`${s}|${r.year}`, `${s}|`],
      ),
    probe: (r) => r.titleless,
  },
  {
    name: "title_lead_length",
    description:
      "the title's first two words + the length to the second: a source that writes artist, album or price after the title (`Tackle Box Luke Bryan I'll Stay Me Country`) still meets the title alone",
    keys: (r) => {
      const lead = words(r.title).slice(0, 2).join(" ");
      return lead === "" ? [] : r.seconds.map((s) => `${lead}|${s}`);
    },
  },
];

/**
 * Every two of a name list's distinct, sorted words as `a+b`. A key of one shared word let every
 * `Love` by a `Young` meet every other (Neil Young, Young Thug, Young the Giant): such blocks grew
 * with the square of the catalog (5.4M of the 1M generated catalog's 16.3M candidates came from the
 * title + one contributor word). Two words keep the block to the name; a one-word name answers the
 * `_word` rules instead, and a typo in one of two words is left to the embedding neighbours.
 * @example wordPairs(["lennon", "mccartney", "paul"]) // ["lennon+mccartney", "lennon+paul", "mccartney+paul"]
 */
export function wordPairs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++)
    for (let j = i + 1; j < words.length; j++) out.push(`${words[i]}+${words[j]}`);
  return out;
}

/**
 * A record's keys under every rule as the SQL engine files them: `rule:key`, and `-rule:key` where
 * the record only answers a one-sided rule's probes (the `records.block_keys` column).
 */
export function blockKeys(record: DedupeKeys): string[] {
  return BLOCKING_RULES.flatMap((rule) => {
    const mark = rule.probe && !rule.probe(record) ? "-" : "";
    return rule.keys(record).map((key) => `${mark}${rule.name}:${key}`);
  });
}

/** The name of the embedding nearest-neighbour source, beside the rule names. */
export const KNN_SOURCE = "knn";

/**
 * Every candidate source in the order of their bits in a pair's `sources` mask: the rules, then the
 * neighbours. A batch run's masks and keys mean these; an update refuses a run made with others.
 */
export const CANDIDATE_SOURCES: readonly string[] = [...BLOCKING_RULES.map((r) => r.name), KNN_SOURCE];

/**
 * How many following records of an oversized block each record is paired with. A block over the
 * size limit would add its size squared in pairs, so its records, in the order of their sr_ids,
 * meet only their next BLOCK_WINDOW: every record of the block still has candidates, a group of
 * identical records is one chain, and the block adds at most BLOCK_WINDOW pairs per record (the
 * sorted-neighbourhood method over the block). The order is the ids' and not the catalog's, so an
 * incremental run, which numbers new records after the old ones, pairs a block as a fresh run does;
 * ids compare by their UTF-8 bytes, as SQL orders strings. The SQL engine pairs them alike
 * (dedupe-batch/sql.ts, CANDIDATES).
 */
export const BLOCK_WINDOW = 5;

/** What one rule produced: its pairs, and the blocks over the size limit that met by window. */
export interface RuleBlocks {
  rule: string;
  /** Candidate pairs as [lo, hi] record indexes, lo < hi, flattened. */
  pairs: Uint32Array;
  oversizedBlocks: number;
  oversizedRecords: number;
}

/**
 * Applies one rule to every record (indexes into `keys`). A block of at most `maxBlock` records
 * gives every pair of them (for a one-sided rule, every pair holding a probe). A larger one (a
 * common title such as "Intro" with a common artist word, or one record ingested a hundred times)
 * would add its size squared in pairs of mostly different recordings: its records meet only the
 * next {@link BLOCK_WINDOW} in the order of their sr_ids, and the block is counted.
 */
export function applyRule(rule: BlockingRule, keys: readonly DedupeKeys[], maxBlock: number): RuleBlocks {
  const { probe, wordPairParts } = rule;
  const isProbe = probe && keys.map((record) => probe(record));
  const blocks =
    wordPairParts && !isProbe
      ? wordPairBlocks(keys.length, (i) => wordPairParts(keys[i] as DedupeKeys))
      : stringKeyBlocks(rule, keys, isProbe);
  const { start, members } = blocks;
  const blockCount = start.length - 1;
  let oversizedBlocks = 0;
  let oversizedRecords = 0;
  const out: number[] = [];
  for (let k = 0; k < blockCount; k++) {
    const from = start[k] as number;
    const to = start[k + 1] as number;
    if (to - from < 2) continue;
    if (to - from > maxBlock) {
      oversizedBlocks++;
      oversizedRecords += to - from;
      const ordered = byId(members.subarray(from, to), keys);
      for (let a = 0; a < ordered.length; a++)
        for (let b = a + 1; b < Math.min(ordered.length, a + 1 + BLOCK_WINDOW); b++) {
          const x = ordered[a] as number;
          const y = ordered[b] as number;
          if (!isProbe || isProbe[x] || isProbe[y]) out.push(Math.min(x, y), Math.max(x, y));
        }
      continue;
    }
    for (let a = from; a < to; a++)
      for (let b = a + 1; b < to; b++)
        if (!isProbe || isProbe[members[a] as number] || isProbe[members[b] as number])
          out.push(members[a] as number, members[b] as number);
  }
  return { rule: rule.name, pairs: Uint32Array.from(out), oversizedBlocks, oversizedRecords };
}

/** Records in the order of their sr_ids' UTF-8 bytes (SQL's order of strings). */
function byId(records: Uint32Array, keys: readonly DedupeKeys[]): number[] {
  const ids = new Map(Array.from(records, (i) => [i, Buffer.from((keys[i] as DedupeKeys).srId)]));
  return Array.from(records).sort((x, y) => Buffer.compare(ids.get(x) as Buffer, ids.get(y) as Buffer));
}

/** A rule's blocks through its string keys, each key numbered on first sight. */
function stringKeyBlocks(
  rule: BlockingRule,
  keys: readonly DedupeKeys[],
  isProbe: boolean[] | undefined,
): Blocks {
  // A one-sided rule only needs the blocks some probe is filed under.
  const wanted = isProbe && new Set(keys.flatMap((record, i) => (isProbe[i] ? rule.keys(record) : [])));
  const blockNumbers = new FirstSightNumbers();
  const occurrenceBlock: number[] = [];
  const occurrenceRecord: number[] = [];
  keys.forEach((record, i) => {
    for (const key of new Set(rule.keys(record))) {
      if (wanted && !wanted.has(key)) continue;
      occurrenceBlock.push(blockNumbers.of(key));
      occurrenceRecord.push(i);
    }
  });
  return groupByBlock(blockNumbers.size, occurrenceBlock, occurrenceRecord);
}
