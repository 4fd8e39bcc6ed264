// Exact k nearest neighbours over typed arrays, for UMAP: umap-js's NN-descent over arrays of arrays took 24 s of the
// 36 s a 10,000 x 64 UMAP took on the shared bench machine; this, on 16 principal components, a fraction of that.

export interface Neighbours {
  /** count rows of k indices, nearest first (ties by index): a point is its own first neighbour unless another coincides with it. */
  indices: number[][];
  distances: number[][];
}

/**
 * For each of the count points (count x width, row-major), its k nearest points by Euclidean distance, itself included.
 * Exact, but not all pairs: points are visited in the order of their first coordinate (the first principal component
 * when the caller passes PCA coordinates), and a point's scan in each direction stops once that coordinate alone puts
 * the next point farther than its k-th nearest so far.
 */
export function nearestNeighbours(data: Float32Array, count: number, width: number, k: number): Neighbours {
  const kk = Math.min(k, count);
  // Per point a max-heap of its best kk squared distances so far (root = the worst kept).
  const heapD = new Float64Array(count * kk).fill(Infinity);
  const heapI = new Int32Array(count * kk).fill(-1);
  const push = (p: number, j: number, d: number) => {
    const base = p * kk;
    if (d >= heapD[base]) return;
    let at = 0;
    // Sift down from the root after replacing it.
    for (;;) {
      const l = 2 * at + 1;
      if (l >= kk) break;
      const r = l + 1;
      const c = r < kk && heapD[base + r] > heapD[base + l] ? r : l;
      if (heapD[base + c] <= d) break;
      heapD[base + at] = heapD[base + c];
      heapI[base + at] = heapI[base + c];
      at = c;
    }
    heapD[base + at] = d;
    heapI[base + at] = j;
  };
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => data[a * width] - data[b * width] || a - b);
  const first = Float64Array.from(order, (i) => data[i * width]);
  for (let p = 0; p < count; p++) {
    const i = order[p];
    const oi = i * width;
    push(i, i, 0);
    for (const step of [1, -1]) {
      for (let q = p + step; q >= 0 && q < count; q += step) {
        const gap = first[q] - first[p];
        if (gap * gap >= heapD[i * kk]) break;
        const oj = order[q] * width;
        let d = 0;
        for (let t = 0; t < width; t++) {
          const diff = data[oi + t] - data[oj + t];
          d += diff * diff;
        }
        push(i, order[q], d);
      }
    }
  }
  const indices: number[][] = new Array(count);
  const distances: number[][] = new Array(count);
  for (let p = 0; p < count; p++) {
    const order = Array.from({ length: kk }, (_, s) => s).sort((a, b) => heapD[p * kk + a] - heapD[p * kk + b] || heapI[p * kk + a] - heapI[p * kk + b]);
    indices[p] = order.map((s) => heapI[p * kk + s]);
    distances[p] = order.map((s) => Math.sqrt(heapD[p * kk + s]));
  }
  return { indices, distances };
}
