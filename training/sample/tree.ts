/**
 * A minimal CART decision tree (Gini impurity, binary labels), enough for the baseline check.
 */

/** A fitted tree: a leaf holds the majority label, a split a feature index and threshold. */
export type Tree = { leaf: 0 | 1 } | { feature: number; threshold: number; left: Tree; right: Tree };

const gini = (pos: number, n: number): number => (n === 0 ? 0 : 1 - (pos / n) ** 2 - ((n - pos) / n) ** 2);

/** Fits a tree of at most `depth` levels to rows `X` (numbers) and labels `y` (0/1). */
export function fitTree(X: number[][], y: number[], depth: number): Tree {
  const pos = y.reduce((a, b) => a + b, 0);
  const leaf: Tree = { leaf: pos * 2 >= y.length ? 1 : 0 };
  if (depth === 0 || pos === 0 || pos === y.length) return leaf;
  let best = { score: gini(pos, y.length), feature: -1, threshold: 0 };
  const nf = X[0]?.length ?? 0;
  for (let f = 0; f < nf; f++) {
    const idx = X.map((_, i) => i).sort((a, b) => (X[a]?.[f] ?? 0) - (X[b]?.[f] ?? 0));
    let leftPos = 0;
    for (let k = 0; k < idx.length - 1; k++) {
      leftPos += y[idx[k] ?? 0] ?? 0;
      const v = X[idx[k] ?? 0]?.[f] ?? 0;
      const next = X[idx[k + 1] ?? 0]?.[f] ?? 0;
      if (v === next) continue;
      const nl = k + 1;
      const nr = idx.length - nl;
      const score = (nl * gini(leftPos, nl) + nr * gini(pos - leftPos, nr)) / idx.length;
      if (score < best.score - 1e-12) best = { score, feature: f, threshold: (v + next) / 2 };
    }
  }
  if (best.feature < 0) return leaf;
  const L: number[] = [];
  const R: number[] = [];
  X.forEach((row, i) => {
    ((row[best.feature] ?? 0) <= best.threshold ? L : R).push(i);
  });
  const sub = (ids: number[]) =>
    fitTree(
      ids.map((i) => X[i] ?? []),
      ids.map((i) => y[i] ?? 0),
      depth - 1,
    );
  return { feature: best.feature, threshold: best.threshold, left: sub(L), right: sub(R) };
}

/** The label the tree gives `row`. */
export function predict(tree: Tree, row: number[]): 0 | 1 {
  let t = tree;
  while (!("leaf" in t)) t = (row[t.feature] ?? 0) <= t.threshold ? t.left : t.right;
  return t.leaf;
}
