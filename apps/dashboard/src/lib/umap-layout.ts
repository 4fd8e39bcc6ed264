// UMAP (McInnes, Healy & Melville 2018) of the activations, over typed arrays, in steps its caller (a web worker) reports.
// Not umap-js's UMAP class: on the shared 2-core bench machine its fuzzy-graph construction alone (a SparseMatrix keyed
// by strings) took 18 s and each layout epoch 100 ms for 10,000 points, past the 15 s the map allows; this follows
// umap-learn's algorithm (smooth kNN distances, fuzzy union, SGD with negative sampling) in flat arrays instead.
import { mulberry32 } from '@mnist-lab/contracts';
import { nearestNeighbours } from './knn';
import { pcaProject } from './pca';

export type UmapProgress = { phase: 'neighbors' } | { phase: 'layout'; epoch: number; epochs: number };

export interface UmapOptions {
  nNeighbors?: number;
  /** Fixed by default: the same activations give the same map. */
  seed?: number;
  /** How often (in epochs) onProgress hears of the layout. */
  every?: number;
  epochs?: number;
}

/** Neighbours are searched exactly on the first 16 principal components (PCA first is what UMAP's docs advise for wide data). */
const KNN_DIMENSIONS = 16;
/** umap-learn's find_ab_params(spread=1, min_dist=0.1): the curve 1 / (1 + a d^2b) the layout pulls neighbours along. */
const A = 1.5769;
const B = 0.8951;
const NEGATIVE_SAMPLES = 5;

/** Per point, rho (distance to its nearest other point) and sigma, so its neighbours' weights sum to log2(k). */
function fuzzyWeights(indices: number[][], distances: number[][]): Float64Array {
  const count = indices.length;
  const k = indices[0]?.length ?? 0;
  const target = Math.log2(Math.max(k - 1, 2));
  const weights = new Float64Array(count * k);
  let meanAll = 0;
  for (const row of distances) for (const d of row) meanAll += d / (count * k);
  for (let i = 0; i < count; i++) {
    const ds = distances[i];
    const rho = ds.find((d, s) => d > 0 && indices[i][s] !== i) ?? 0;
    let [lo, hi, sigma] = [0, Infinity, 1];
    for (let it = 0; it < 64; it++) {
      let sum = 0;
      for (let s = 0; s < k; s++) if (indices[i][s] !== i) sum += Math.exp(-Math.max(0, ds[s] - rho) / sigma);
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) [hi, sigma] = [sigma, (lo + sigma) / 2];
      else [lo, sigma] = [sigma, hi === Infinity ? sigma * 2 : (sigma + hi) / 2];
    }
    sigma = Math.max(sigma, 1e-3 * meanAll);
    for (let s = 0; s < k; s++) weights[i * k + s] = indices[i][s] === i ? 0 : Math.exp(-Math.max(0, ds[s] - rho) / sigma);
  }
  return weights;
}

/** The fuzzy union w + w' - w w' of the directed kNN weights, as edges in both directions (umap-learn's symmetric graph). */
function symmetricEdges(indices: number[][], weights: Float64Array): { head: Int32Array; tail: Int32Array; weight: Float64Array } {
  const count = indices.length;
  const k = indices[0]?.length ?? 0;
  const directed = new Map<number, number>();
  for (let i = 0; i < count; i++) for (let s = 0; s < k; s++) if (weights[i * k + s] > 0) directed.set(i * count + indices[i][s], weights[i * k + s]);
  const union = new Map<number, number>();
  for (const [key, w] of directed) {
    const [i, j] = [Math.floor(key / count), key % count];
    const back = directed.get(j * count + i) ?? 0;
    const v = w + back - w * back;
    union.set(key, v);
    union.set(j * count + i, v);
  }
  const head = new Int32Array(union.size);
  const tail = new Int32Array(union.size);
  const weight = new Float64Array(union.size);
  let e = 0;
  for (const [key, w] of union) {
    head[e] = Math.floor(key / count);
    tail[e] = key % count;
    weight[e++] = w;
  }
  return { head, tail, weight };
}

const clip = (g: number) => (g > 4 ? 4 : g < -4 ? -4 : g);

/** count x 2 UMAP coordinates of count x width activations; `onProgress` gets the partial layout's coordinates too. */
export function umapLayout(
  data: Float32Array,
  count: number,
  width: number,
  onProgress: (p: UmapProgress, xy?: Float32Array) => void,
  opts: UmapOptions = {},
): Float32Array {
  const random = mulberry32(opts.seed ?? 7);
  onProgress({ phase: 'neighbors' });
  const dims = Math.min(width, KNN_DIMENSIONS);
  const reduced = pcaProject(data, count, width, dims).xy;
  const knn = nearestNeighbours(reduced, count, dims, Math.min(opts.nNeighbors ?? 15, count));
  const { head, tail, weight } = symmetricEdges(knn.indices, fuzzyWeights(knn.indices, knn.distances));
  // umap-learn's 200 for large sets; from the PCA start the map has settled by then.
  const epochs = opts.epochs ?? 200;

  // Start from the PCA map scaled to [-10, 10] (umap-learn's init='pca'), not at random: fewer epochs untangle it.
  const y = new Float32Array(count * 2);
  let extent = 1e-9;
  for (let i = 0; i < count; i++) for (let c = 0; c < Math.min(2, dims); c++) extent = Math.max(extent, Math.abs(reduced[i * dims + c]));
  for (let i = 0; i < count; i++) for (let c = 0; c < Math.min(2, dims); c++) y[i * 2 + c] = (10 * reduced[i * dims + c]) / extent;

  let max = 0;
  for (const w of weight) max = Math.max(max, w);
  const perSample = new Float64Array(weight.length);
  for (let e = 0; e < weight.length; e++) perSample[e] = weight[e] >= max / epochs ? max / weight[e] : -1;
  const nextSample = perSample.slice();
  const perNegative = perSample.map((p) => p / NEGATIVE_SAMPLES);
  const nextNegative = perNegative.slice();
  const every = opts.every ?? 10;

  for (let n = 0; n < epochs; n++) {
    const alpha = 1 - n / epochs;
    for (let e = 0; e < weight.length; e++) {
      if (perSample[e] < 0 || nextSample[e] > n) continue;
      const j = head[e];
      const k = tail[e];
      let dx = y[2 * j] - y[2 * k];
      let dy = y[2 * j + 1] - y[2 * k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pb = Math.pow(d2, B);
        const coeff = (-2 * A * B * (pb / d2)) / (A * pb + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        y[2 * j] += gx;
        y[2 * j + 1] += gy;
        y[2 * k] -= gx;
        y[2 * k + 1] -= gy;
      }
      nextSample[e] += perSample[e];
      const negatives = Math.floor((n - nextNegative[e]) / perNegative[e]);
      for (let p = 0; p < negatives; p++) {
        const m = Math.floor(random() * count);
        if (m === j) continue;
        dx = y[2 * j] - y[2 * m];
        dy = y[2 * j + 1] - y[2 * m + 1];
        d2 = dx * dx + dy * dy;
        const coeff = d2 > 0 ? (2 * B) / ((0.001 + d2) * (A * Math.pow(d2, B) + 1)) : 0;
        y[2 * j] += (coeff > 0 ? clip(coeff * dx) : 4) * alpha;
        y[2 * j + 1] += (coeff > 0 ? clip(coeff * dy) : 4) * alpha;
      }
      nextNegative[e] += negatives * perNegative[e];
    }
    if ((n + 1) % every === 0 && n + 1 < epochs) onProgress({ phase: 'layout', epoch: n + 1, epochs }, y.slice());
  }
  return y;
}
