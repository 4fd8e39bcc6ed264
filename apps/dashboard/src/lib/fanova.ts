// Hyperparameter importance by functional ANOVA over a random forest (Hutter, Hoos and Leyton-Brown, "An Efficient
// Approach for Assessing Hyperparameter Importance", ICML 2014), as Optuna's default importance evaluator computes it:
// fit regression trees to (parameters -> metric), then for each tree split the variance of its prediction over the
// whole space into the share each parameter's marginal explains. The forest's pairwise marginal of the two most
// important parameters is the contour plot.
//
// Written here: no npm package does fANOVA, and the sweep page computes it in the browser from the trials it already
// has, so it must be small. Parameters arrive as positions in [0, 1] on their axes (sweep-space's axisPosition: log
// axes for log ranges, categories as evenly spaced positions), so every box of the space has a volume.
import { mulberry32 } from '@mnist-lab/contracts';

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  seed?: number;
}

/** An axis-aligned box of [0, 1]^d and the tree's prediction inside it. */
interface Leaf {
  lo: number[];
  hi: number[];
  value: number;
}

/** A fitted tree, kept only as its leaves: everything fANOVA needs. */
type Tree = Leaf[];

const mean = (ys: readonly number[]) => ys.reduce((s, y) => s + y, 0) / ys.length;

/**
 * One regression tree (CART, squared error) on a bootstrap sample; each split tries every feature at the midpoints
 * between neighbouring distinct values and keeps the one that lowers the squared error most.
 */
function fitTree(xs: readonly number[][], ys: readonly number[], rows: number[], opts: Required<ForestOptions>): Tree {
  const d = xs[0].length;
  const leaves: Leaf[] = [];
  const grow = (idx: number[], lo: number[], hi: number[], depth: number) => {
    const values = idx.map((i) => ys[i]);
    const m = mean(values);
    let best: { feature: number; at: number; left: number[]; right: number[]; gain: number } | undefined;
    if (depth < opts.maxDepth && idx.length >= 2 * opts.minLeaf) {
      const sse = values.reduce((s, y) => s + (y - m) ** 2, 0);
      for (let f = 0; f < d; f++) {
        const sorted = [...idx].sort((a, b) => xs[a][f] - xs[b][f]);
        let sumL = 0;
        let sqL = 0;
        const total = values.reduce((s, y) => s + y, 0);
        const totalSq = values.reduce((s, y) => s + y * y, 0);
        for (let k = 0; k < sorted.length - 1; k++) {
          const y = ys[sorted[k]];
          sumL += y;
          sqL += y * y;
          const nL = k + 1;
          const nR = sorted.length - nL;
          const a = xs[sorted[k]][f];
          const b = xs[sorted[k + 1]][f];
          if (a === b || nL < opts.minLeaf || nR < opts.minLeaf) continue;
          const sumR = total - sumL;
          const err = sqL - (sumL * sumL) / nL + (totalSq - sqL) - (sumR * sumR) / nR;
          const gain = sse - err;
          if (gain > 1e-12 && (!best || gain > best.gain)) {
            best = { feature: f, at: (a + b) / 2, left: sorted.slice(0, nL), right: sorted.slice(nL), gain };
          }
        }
      }
    }
    if (!best) {
      leaves.push({ lo, hi, value: m });
      return;
    }
    const { feature, at } = best;
    grow(best.left, lo, hi.map((h, j) => (j === feature ? at : h)), depth + 1);
    grow(best.right, lo.map((l, j) => (j === feature ? at : l)), hi, depth + 1);
  };
  grow(rows, new Array<number>(d).fill(0), new Array<number>(d).fill(1), 0);
  return leaves;
}

export interface Forest {
  trees: Tree[];
  dims: number;
}

/** Bootstrap-aggregated regression trees; deterministic for a seed. */
export function fitForest(xs: readonly number[][], ys: readonly number[], options: ForestOptions = {}): Forest {
  if (xs.length === 0 || xs.length !== ys.length) throw new Error('fitForest: expected as many points as values, at least one');
  const opts: Required<ForestOptions> = { trees: 32, maxDepth: 12, minLeaf: 1, seed: 0, ...options };
  const random = mulberry32(opts.seed);
  const trees: Tree[] = [];
  for (let t = 0; t < opts.trees; t++) {
    const rows = Array.from({ length: xs.length }, () => Math.floor(random() * xs.length));
    trees.push(fitTree(xs, ys, rows, opts));
  }
  return { trees, dims: xs[0].length };
}

const width = (leaf: Leaf, j: number) => leaf.hi[j] - leaf.lo[j];

/** The variance of a tree's prediction over [0, 1]^d, and the part of it each feature's marginal explains. */
function treeVariances(tree: Tree, dims: number): { total: number; byFeature: number[] } {
  const volume = (leaf: Leaf) => leaf.hi.reduce((v, h, j) => v * (h - leaf.lo[j]), 1);
  const mu = tree.reduce((s, l) => s + l.value * volume(l), 0);
  const total = tree.reduce((s, l) => s + volume(l) * (l.value - mu) ** 2, 0);
  const byFeature = Array.from({ length: dims }, (_, i) => {
    const cuts = [...new Set(tree.flatMap((l) => [l.lo[i], l.hi[i]]))].sort((a, b) => a - b);
    let v = 0;
    for (let k = 0; k < cuts.length - 1; k++) {
      const x = (cuts[k] + cuts[k + 1]) / 2;
      // The marginal at x: the prediction averaged over every other feature.
      let marginal = 0;
      for (const l of tree) if (l.lo[i] <= x && x < l.hi[i]) marginal += l.value * (volume(l) / width(l, i));
      v += (cuts[k + 1] - cuts[k]) * (marginal - mu) ** 2;
    }
    return v;
  });
  return { total, byFeature };
}

/**
 * Each feature's share of the variance its own marginal explains, averaged over the trees and scaled to sum to 1
 * (as Optuna reports them); all zeros when the forest predicts a constant.
 */
export function fanovaImportance(forest: Forest): number[] {
  const sums = new Array<number>(forest.dims).fill(0);
  let counted = 0;
  for (const tree of forest.trees) {
    const { total, byFeature } = treeVariances(tree, forest.dims);
    if (total <= 1e-18) continue;
    counted++;
    byFeature.forEach((v, i) => (sums[i] += v / total));
  }
  const all = sums.reduce((s, v) => s + v, 0);
  return counted === 0 || all === 0 ? sums.map(() => 0) : sums.map((v) => v / all);
}

/** The forest's marginal prediction over features a and b (the others averaged out) on an n x n grid of cell centers: rows b, columns a. */
export function pairMarginal(forest: Forest, a: number, b: number, n: number): number[][] {
  const grid = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const tree of forest.trees) {
    for (const l of tree) {
      const rest = l.hi.reduce((v, h, j) => (j === a || j === b ? v : v * (h - l.lo[j])), 1);
      for (let r = 0; r < n; r++) {
        const y = (r + 0.5) / n;
        if (y < l.lo[b] || y >= l.hi[b]) continue;
        for (let c = 0; c < n; c++) {
          const x = (c + 0.5) / n;
          if (x >= l.lo[a] && x < l.hi[a]) grid[r][c] += (l.value * rest) / forest.trees.length;
        }
      }
    }
  }
  return grid;
}
