/**
 * Medians by selection instead of sorting: the parameter-shift baselines recompute a median and
 * a MAD every few values, and a full sort of a few hundred values was most of that cost. The
 * values are the same as from a sorted copy (the k-th smallest is the k-th smallest).
 */

/**
 * Rearranges `a[0..n)` so that `a[k]` holds the k-th smallest value (0-based), with nothing
 * larger before it and nothing smaller after it (Hoare's FIND). Values must not be NaN.
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    // [lo..j] ≤ pivot ≤ [i..hi], and everything strictly between j and i equals the pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** Median of `a[0..n)` (rearranges it); 0 for empty. Same value as the median of a sorted copy. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return 0;
  const m = n >> 1;
  const upper = selectKth(a, n, m);
  if (n % 2 === 1) return upper;
  // everything before index m is ≤ a[m]: the lower middle value is the largest of them
  let lower = a[0] as number;
  for (let i = 1; i < m; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}
