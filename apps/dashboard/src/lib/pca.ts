// The embedding map's first view: the activations projected on their two principal axes, computed in the page.
// Our own orthogonal (subspace) iteration on the d x d covariance instead of ml-pca: at 10,000 x 64 the covariance is
// one 20M multiply-add pass over typed arrays (160 ms warm on the shared 2-core machine at load 7), where ml-pca first
// copies the data into a Matrix of JS arrays and runs a full SVD or eigendecomposition to keep two axes.

export interface Projection {
  /** count x 2, row-major: point i is (xy[2i], xy[2i+1]). */
  xy: Float32Array;
  /** Share of the total variance each axis explains. */
  explained: [number, number];
}

const ITERATIONS = 300;
/** Extra vectors iterated beside the two kept: the two converge at the rate of lambda_5/lambda_2 instead of lambda_3/lambda_2. */
const EXTRA = 2;

function covariance(data: Float32Array, count: number, width: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(width);
  for (let i = 0; i < count; i++) for (let d = 0; d < width; d++) mean[d] += data[i * width + d];
  for (let d = 0; d < width; d++) mean[d] /= count;
  const cov = new Float64Array(width * width);
  const row = new Float64Array(width);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < width; d++) row[d] = data[i * width + d] - mean[d];
    for (let a = 0; a < width; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const base = a * width;
      for (let b = a; b < width; b++) cov[base + b] += ra * row[b];
    }
  }
  for (let a = 0; a < width; a++) for (let b = a; b < width; b++) cov[b * width + a] = cov[a * width + b];
  return { mean, cov };
}

/** Gram-Schmidt on the k columns of v (width x k, column j at v[j*width..]): column j keeps the j-th largest direction. */
function orthonormalize(v: Float64Array, width: number, k: number): void {
  for (let j = 0; j < k; j++) {
    const cj = j * width;
    for (let p = 0; p < j; p++) {
      const cp = p * width;
      let dot = 0;
      for (let d = 0; d < width; d++) dot += v[cj + d] * v[cp + d];
      for (let d = 0; d < width; d++) v[cj + d] -= dot * v[cp + d];
    }
    let norm = 0;
    for (let d = 0; d < width; d++) norm += v[cj + d] * v[cj + d];
    norm = Math.sqrt(norm);
    // A column that vanished (a rank-deficient layer) restarts as a unit vector; the next pass makes it orthogonal.
    if (norm < 1e-300) {
      v.fill(0, cj, cj + width);
      v[cj + (j % width)] = 1;
    } else for (let d = 0; d < width; d++) v[cj + d] /= norm;
  }
}

/** The top `k` eigenvectors of a symmetric width x width matrix, with their eigenvalues, largest first. */
export function topEigenvectors(cov: Float64Array, width: number, k: number): { vectors: Float64Array; values: Float64Array } {
  const m = Math.min(width, k + EXTRA);
  let v = new Float64Array(width * m);
  // Fixed start (no Math.random): the same activations always give the same map.
  for (let j = 0; j < m; j++) for (let d = 0; d < width; d++) v[j * width + d] = Math.sin(1 + j * 7.13 + d * 1.97);
  orthonormalize(v, width, m);
  let next = new Float64Array(width * m);
  for (let it = 0; it < ITERATIONS; it++) {
    for (let j = 0; j < m; j++) {
      for (let a = 0; a < width; a++) {
        let s = 0;
        for (let b = 0; b < width; b++) s += cov[a * width + b] * v[j * width + b];
        next[j * width + a] = s;
      }
    }
    orthonormalize(next, width, m);
    let moved = 0;
    for (let j = 0; j < Math.min(k, m); j++) {
      let dot = 0;
      for (let d = 0; d < width; d++) dot += next[j * width + d] * v[j * width + d];
      moved = Math.max(moved, 1 - Math.abs(dot));
    }
    [v, next] = [next, v];
    if (moved < 1e-12) break;
  }
  const kept = Math.min(k, m);
  const values = new Float64Array(kept);
  for (let j = 0; j < kept; j++) {
    let s = 0;
    for (let a = 0; a < width; a++) {
      let row = 0;
      for (let b = 0; b < width; b++) row += cov[a * width + b] * v[j * width + b];
      s += v[j * width + a] * row;
    }
    values[j] = s;
    // Sign: the largest component positive, so a map does not flip between two computations of it.
    let big = 0;
    for (let d = 0; d < width; d++) if (Math.abs(v[j * width + d]) > Math.abs(v[j * width + big])) big = d;
    if (v[j * width + big] < 0) for (let d = 0; d < width; d++) v[j * width + d] = -v[j * width + d];
  }
  return { vectors: v.slice(0, kept * width), values };
}

/** count x k coordinates of count x width activations (row-major) on their first k principal components. */
export function pcaProject(data: Float32Array, count: number, width: number, k: number): Projection & { values: Float64Array; total: number } {
  if (data.length !== count * width) throw new RangeError(`pca: ${data.length} values is not ${count} x ${width}`);
  const { mean, cov } = covariance(data, count, width);
  let total = 0;
  for (let d = 0; d < width; d++) total += cov[d * width + d];
  const { vectors, values } = topEigenvectors(cov, width, k);
  const xy = new Float32Array(count * k);
  for (let j = 0; j < values.length; j++) {
    const v = vectors.subarray(j * width, (j + 1) * width);
    for (let i = 0; i < count; i++) {
      let s = 0;
      for (let d = 0; d < width; d++) s += (data[i * width + d] - mean[d]) * v[d];
      xy[i * k + j] = s;
    }
  }
  const share = (j: number) => (total > 0 && j < values.length ? values[j] / total : 0);
  return { xy, explained: [share(0), share(1)], values, total };
}

/** Projects count x width activations (row-major) onto their first two principal components. */
export function pca2d(data: Float32Array, count: number, width: number): Projection {
  const { xy, explained } = pcaProject(data, count, width, 2);
  return { xy, explained };
}
