/**
 * Sorting and de-duplicating the short lists a record's fields give (a few words, a few hashes)
 * without the garbage of the general tools: V8's Array.prototype.sort allocates its merge state,
 * about a kilobyte, on every call, and a Set its table. Preparing a record makes several such
 * lists, and over a 10^6-record catalog that garbage, collected while the prepared records pile up,
 * was two fifths of what preparing allocated (docs/measurements.md, session 73). Lists longer than
 * SHORT go to the general tools.
 */
const SHORT = 24;

/**
 * The distinct items of some lists, each once, in the order first met.
 * @example distinct(["a", "b"], ["b", "c"]) // ["a", "b", "c"]
 */
export function distinct<T>(...lists: readonly (readonly T[])[]): T[] {
  let total = 0;
  for (const list of lists) total += list.length;
  if (total > SHORT) return [...new Set(lists.flat())] as T[];
  const out: T[] = [];
  for (const list of lists) for (const item of list) if (!out.includes(item)) out.push(item);
  // An exact-size copy: a list grown by push keeps spare room, and a catalog holds millions of these.
  return out.slice();
}

/**
 * Sorts strings in place in UTF-16 code-unit order, as `list.sort()` does, and returns the list.
 * @example sortStrings(["mccartney", "lennon"]) // ["lennon", "mccartney"]
 */
export function sortStrings(list: string[]): string[] {
  return list.length > SHORT ? list.sort() : insertionSort(list);
}

/**
 * Sorts numbers in place in ascending order, as `list.sort((a, b) => a - b)` does, and returns the list.
 * @example sortNumbers([3, 1, 2]) // [1, 2, 3]
 */
export function sortNumbers(list: number[]): number[] {
  return list.length > SHORT ? list.sort((a, b) => a - b) : insertionSort(list);
}

function insertionSort<T extends string | number>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as T;
    let j = i - 1;
    for (; j >= 0 && (list[j] as T) > item; j--) list[j + 1] = list[j] as T;
    list[j + 1] = item;
  }
  return list;
}
