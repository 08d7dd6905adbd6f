/**
 * Bookkeeping while a sample is assembled: records (nodes) with their sr_id, how often and on which
 * side each id appears, and the labelled rows. Keeps ids unique and appearance counts bounded.
 */
import type { IsrcFactory } from "./isrc.ts";
import { embedRate, nativeId } from "./native-ids.ts";
import type { Recording } from "./recording.ts";
import type { Rng } from "./rng.ts";
import { pickSource } from "./sources.ts";
import type { OptionalFields } from "./types.ts";
import { type Fields, renderRecording } from "./variants.ts";

/** One record of the catalog while it is being built. */
export interface Node {
  readonly srId: string;
  readonly source: string;
  readonly fields: Fields;
  readonly optional: OptionalFields;
  readonly rec: Recording;
  readonly transforms: readonly string[];
  count: number;
  onQ: boolean;
  onM: boolean;
  /** False for records that must not gain more pairs (label-noise pairs, the README example). */
  reusable: boolean;
}

/** A labelled pair plus what kind of pair it is and the transforms that differ between its sides. */
export interface Row {
  readonly q: Node;
  readonly m: Node;
  readonly tag: "valid" | "invalid";
  readonly kind: string;
}

/** Creates nodes and rows with one random stream. */
export class Builder {
  readonly nodes: Node[] = [];
  readonly rows: Row[] = [];
  private readonly ids = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly isrcs: IsrcFactory,
  ) {}

  /** A record with a given id and fields (the README example). */
  fixed(srId: string, fields: Fields, rec: Recording): Node {
    this.ids.add(srId);
    const node: Node = {
      srId,
      source: "",
      fields,
      optional: { album: rec.album, duration_ms: rec.durationMs, year: rec.year },
      rec,
      transforms: [],
      count: 0,
      onQ: false,
      onM: false,
      reusable: false,
    };
    this.nodes.push(node);
    return node;
  }

  /** A new rendition of `rec` from `source` (drawn by the profile's weights when omitted). */
  node(rec: Recording, source = pickSource(this.rng), spaced = false): Node {
    const r = renderRecording(this.rng, this.isrcs, rec, source);
    let srId: string;
    do {
      const code = spaced || this.rng.chance(embedRate(source)) ? this.embedded(rec, r.shownIsrc) : undefined;
      srId = `${source}__${nativeId(this.rng, source, code, spaced)}`;
    } while (this.ids.has(srId));
    this.ids.add(srId);
    const node: Node = {
      srId,
      source,
      fields: r.fields,
      optional: r.optional,
      rec,
      transforms: r.transforms,
      count: 0,
      onQ: false,
      onM: false,
      reusable: true,
    };
    this.nodes.push(node);
    return node;
  }

  /** The code a crawler puts in the id: the record's ISRC only about 60 % of the time. */
  private embedded(rec: Recording, shown: string | undefined): string {
    const r = this.rng.next();
    if (shown === undefined) return r < 0.5 ? rec.isrc : this.isrcs.sibling(rec.isrc);
    if (r < 0.6) return shown;
    if (r < 0.75 && rec.parentIsrc !== undefined) return rec.parentIsrc;
    return this.isrcs.sibling(shown);
  }

  /**
   * Adds a row between two nodes. A node seen before goes to the side it has not used yet with
   * probability `opposite`, which sets how many ids end up on both sides.
   */
  link(a: Node, b: Node, tag: Row["tag"], kind: string, opposite = 0.5): Row {
    let aOnQ = this.rng.chance(0.5);
    const seen = a.count > 0 ? a : b.count > 0 ? b : undefined;
    if (seen !== undefined && seen.onQ !== seen.onM) {
      const seenOnQ = this.rng.chance(opposite) ? seen.onM : seen.onQ;
      aOnQ = seen === a ? seenOnQ : !seenOnQ;
    }
    const row: Row = aOnQ ? { q: a, m: b, tag, kind } : { q: b, m: a, tag, kind };
    this.push(row);
    return row;
  }

  /** Appends a row as given (repeats keep or swap an existing row's sides). */
  push(row: Row): void {
    row.q.count++;
    row.m.count++;
    row.q.onQ = true;
    row.m.onM = true;
    this.rows.push(row);
  }

  /** A reusable node appearing exactly `count` times, or undefined after a few misses. */
  pickWithCount(count: number, from = 0): Node | undefined {
    for (let tries = 0; tries < 200; tries++) {
      const n = this.nodes[this.rng.int(from, this.nodes.length - 1)];
      if (n?.reusable && n.count === count) return n;
    }
    return undefined;
  }
}
