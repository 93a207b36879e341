/**
 * Projects points onto their top `k` principal components (covariance + power iteration with
 * deflation). Used to make all-pairs distance loops cheaper; embeddings of log templates keep
 * most of their variance in a few dozen directions.
 */
export function reduceDimensions(points: readonly Float32Array[], k: number, iterations = 30): Float32Array[] {
  const n = points.length;
  const d = points[0]?.length ?? 0;
  if (n === 0 || d <= k) return [...points];
  const mean = new Float64Array(d);
  for (const p of points) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (p[i] as number) / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (const p of points) {
    for (let i = 0; i < d; i++) row[i] = (p[i] as number) - (mean[i] as number);
    for (let i = 0; i < d; i++) {
      const ri = row[i] as number;
      if (ri === 0) continue;
      for (let j = i; j < d; j++) cov[i * d + j] = (cov[i * d + j] as number) + ri * (row[j] as number);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i] as number;
  const components = topEigenvectors(cov, d, Math.min(k, d), iterations);
  return points.map((p) => {
    const out = new Float32Array(components.length);
    components.forEach((c, ci) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += ((p[i] as number) - (mean[i] as number)) * (c[i] as number);
      out[ci] = s;
    });
    return out;
  });
}

function topEigenvectors(cov: Float64Array, d: number, k: number, iterations: number): Float64Array[] {
  const out: Float64Array[] = [];
  const m = Float64Array.from(cov);
  let seed = 12345;
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(d).map(() => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed / 2 ** 32) - 0.5;
    });
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (m[i * d + j] as number) * (v[j] as number);
        w[i] = s;
      }
      lambda = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
      if (lambda === 0) break;
      v = w.map((x) => x / lambda);
    }
    if (lambda === 0) break;
    out.push(v);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] = (m[i * d + j] as number) - lambda * (v[i] as number) * (v[j] as number);
  }
  return out;
}
