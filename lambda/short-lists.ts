/**
 * Sorting and de-duplicating the short lists a record's fields give (a few words, a few hashes)
 * without the garbage of the general tools: V8's Array.prototype.sort allocates its merge state,
 * about a kilobyte, on every call, and a Set its table. Preparing a record makes several such
 * lists, and over a 10^6-record catalog that garbage, collected while the prepared records pile up,
 * was two fifths of what preparing allocated (docs/measurements.md, session 73). Lists longer than
 * SHORT go to the general tools.
 */
export const SHORT = 24;

/**
 * The empty list of strings every prepared record without such a list shares (isrcs, tags, sequence
 * marks, names' words). It has the element kind of a non-empty list of strings: V8 gives a frozen or
 * `[]`-literal empty list another hidden class, and a record with a rare one reaching the compiled
 * feature code threw that code away mid-run (docs/measurements.md, session 83). Never mutate it.
 */
export const NO_STRINGS: readonly string[] = [""].slice(1);

/** The same for lists of numbers (word hashes): the element kind of a non-empty list of doubles. */
export const NO_NUMBERS: readonly number[] = [0.5].slice(1);

/**
 * The distinct strings of some lists, each once, in the order first met.
 * @example distinct(["a", "b"], ["b", "c"]) // ["a", "b", "c"]
 */
export function distinct(...lists: readonly (readonly string[])[]): string[] {
  let total = 0;
  for (let l = 0; l < lists.length; l++) total += (lists[l] as readonly string[]).length;
  if (total > SHORT) return [...new Set(lists.flat())];
  // Indexed loops, not iterators: no code of the caller's runs until the copy below is made.
  let n = 0;
  for (let l = 0; l < lists.length; l++) {
    const list = lists[l] as readonly string[];
    for (let k = 0; k < list.length; k++) {
      const item = list[k] as string;
      let i = 0;
      while (i < n && seen[i] !== item) i++;
      if (i === n) seen[n++] = item;
    }
  }
  // An exact-size copy of the working list, which is kept for the next call: a list grown by push
  // per call was a seventh of the garbage preparing a record makes.
  return seen.slice(0, n);
}

/**
 * distinct's working list, strings only (so that its copies stay arrays of strings); the slots past
 * a call's items hold earlier calls' strings until overwritten.
 */
const seen: string[] = [];

/**
 * Sorts strings in place in UTF-16 code-unit order, as `list.sort()` does, and returns the list.
 * @example sortStrings(["mccartney", "lennon"]) // ["lennon", "mccartney"]
 */
export function sortStrings(list: string[]): string[] {
  if (list.length > SHORT) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as string;
    let j = i - 1;
    for (; j >= 0 && (list[j] as string) > item; j--) list[j + 1] = list[j] as string;
    list[j + 1] = item;
  }
  return list;
}

// sortNumbers repeats sortStrings' loop on purpose: one loop shared by strings and numbers (a generic
// insertion sort) left the hashes' lists as arrays of boxed numbers, 575 → 648 MB of prepared heap at
// 300k records (docs/measurements.md, session 73).

/**
 * Sorts numbers in place in ascending order, as `list.sort((a, b) => a - b)` does, and returns the list.
 * @example sortNumbers([3, 1, 2]) // [1, 2, 3]
 */
export function sortNumbers(list: number[]): number[] {
  if (list.length > SHORT) return list.sort((a, b) => a - b);
  return sortFirstNumbers(list, list.length);
}

/**
 * Sorts the first n numbers of a list in place, ascending, by insertion (meant for n up to SHORT),
 * and returns the list; the rest of it is left as it is.
 * Throws RangeError when the list is shorter than n.
 * @example sortFirstNumbers([3, 1, 2, 0], 3) // [1, 2, 3, 0]
 */
export function sortFirstNumbers(list: number[], n: number): number[] {
  if (n > list.length) throw new RangeError(`cannot sort the first ${n} of ${list.length} numbers`);
  for (let i = 1; i < n; i++) {
    const item = list[i] as number;
    let j = i - 1;
    for (; j >= 0 && (list[j] as number) > item; j--) list[j + 1] = list[j] as number;
    list[j + 1] = item;
  }
  return list;
}
