/**
 * The blocks of a rule whose keys are a head and every two of a record's words (`title|a+b`), found
 * without building a string per key. At a million records the two such rules file 5.6M and 7.7M keys;
 * as strings in a Map of arrays they took 11 and 19 s on one thread (most of the blocking stage).
 * Here the head and each word get a number once, a key is three numbers in an open-addressing table,
 * and the blocks are a counting sort of the key occurrences: the same blocks, in the same order (by
 * each key's first occurrence, its records in index order), so the pairs equal the string path's.
 */

/** A record's keys under such a rule: `head|a+b` for every two words (sorted, distinct), else `head|` if `bare`. */
export interface WordPairKeyParts {
  head: string;
  words: readonly string[];
  /** Whether a record without words files under the head alone. */
  bare: boolean;
}

/** Blocks as members grouped by block, blocks in order of first occurrence. */
export interface Blocks {
  /** Block b's records are members[start[b] .. start[b + 1]), in index order. */
  start: Uint32Array;
  members: Uint32Array;
}

const NO_WORD = -1;

/** The blocks of the records' keys; `parts(i)` gives record i's parts, or undefined for no key. */
export function wordPairBlocks(n: number, parts: (i: number) => WordPairKeyParts | undefined): Blocks {
  const ids = new FirstSightNumbers();
  // Each filed record as [index, head id, word count, word ids...], one after another.
  const coded: number[] = [];
  let keyCount = 0;
  for (let i = 0; i < n; i++) {
    const p = parts(i);
    const w = p ? p.words.length : 0;
    if (!p || (w === 0 && !p.bare)) continue;
    coded.push(i, ids.of(p.head), w);
    // One numbering for heads and words: a key's position tells which it is.
    for (const word of p.words) coded.push(ids.of(word));
    keyCount += w === 0 ? 1 : (w * (w - 1)) / 2;
  }
  const table = new KeyTable(keyCount);
  const occurrenceBlock = new Uint32Array(keyCount);
  const occurrenceRecord = new Uint32Array(keyCount);
  let o = 0;
  for (let c = 0; c < coded.length; ) {
    const record = coded[c++] as number;
    const head = coded[c++] as number;
    const w = coded[c++] as number;
    if (w === 0) {
      occurrenceBlock[o] = table.blockOf(head, NO_WORD, NO_WORD);
      occurrenceRecord[o++] = record;
    }
    for (let x = c; x < c + w; x++)
      for (let y = x + 1; y < c + w; y++) {
        occurrenceBlock[o] = table.blockOf(head, coded[x] as number, coded[y] as number);
        occurrenceRecord[o++] = record;
      }
    c += w;
  }
  return groupByBlock(table.blocks, occurrenceBlock, occurrenceRecord);
}

/**
 * Numbers for strings in order of first sight (0, 1, ...): the order in which a Map first meets its
 * keys, so blocks numbered so come out in the order a Map of blocks gave them.
 */
export class FirstSightNumbers {
  readonly #numbers = new Map<string, number>();

  of(text: string): number {
    let number = this.#numbers.get(text);
    if (number === undefined) {
      number = this.#numbers.size;
      this.#numbers.set(text, number);
    }
    return number;
  }

  /** How many strings have a number. */
  get size(): number {
    return this.#numbers.size;
  }
}

/**
 * Stable counting sort of key occurrences (`block[i]` filed `record[i]`, in record order) into
 * `blockCount` blocks: each block's records stay in index order.
 */
export function groupByBlock(
  blockCount: number,
  block: ArrayLike<number>,
  record: ArrayLike<number>,
): Blocks {
  const start = new Uint32Array(blockCount + 1);
  for (let i = 0; i < block.length; i++) (start[(block[i] as number) + 1] as number)++;
  for (let b = 0; b < blockCount; b++) (start[b + 1] as number) += start[b] as number;
  const fill = start.slice(0, blockCount);
  const members = new Uint32Array(block.length);
  for (let i = 0; i < block.length; i++)
    members[(fill[block[i] as number] as number)++] = record[i] as number;
  return { start, members };
}

/** Block numbers of (head, a, b) keys, numbered in order of first lookup; linear probing. */
class KeyTable {
  readonly #slots: Int32Array;
  readonly #mask: number;
  /** Block k's key at 3k .. 3k + 2. */
  readonly #keys: Int32Array;
  blocks = 0;

  constructor(maxKeys: number) {
    let size = 16;
    while (size < maxKeys * 2) size *= 2;
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.#keys = new Int32Array(Math.max(1, maxKeys) * 3);
  }

  blockOf(head: number, a: number, b: number): number {
    const keys = this.#keys;
    for (let slot = hash3(head, a, b) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const block = this.#slots[slot] as number;
      if (block < 0) {
        this.#slots[slot] = this.blocks;
        keys[3 * this.blocks] = head;
        keys[3 * this.blocks + 1] = a;
        keys[3 * this.blocks + 2] = b;
        return this.blocks++;
      }
      if (keys[3 * block] === head && keys[3 * block + 1] === a && keys[3 * block + 2] === b) return block;
    }
  }
}

/** A 32-bit mix of three integers (murmur3's finaliser over a multiplicative combination). */
function hash3(x: number, y: number, z: number): number {
  let h =
    Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(z + 0x165667b1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
