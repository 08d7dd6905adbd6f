/** Connected components of an undirected graph on n nodes given as edge lists: a label per node. */
export function connectedComponents(n: number, a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    let i = x;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (let e = 0; e < a.length; e++) {
    const ra = find(a[e] as number);
    const rb = find(b[e] as number);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  return Int32Array.from({ length: n }, (_, i) => find(i));
}
