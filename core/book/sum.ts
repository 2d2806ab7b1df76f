/**
 * numpy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src, `pairwise_sum`),
 * reproduced operation for operation so that results are bit-for-bit equal to `np.sum` on
 * contiguous float64 data: below 8 values a plain loop; up to 128 values eight interleaved
 * accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)); above, split in two halves
 * (the first rounded down to a multiple of 8) and recurse.
 */
const PW_BLOCKSIZE = 128;

export function pairwiseSum(a: ArrayLike<number>, offset = 0, n = a.length - offset): number {
  if (n < 8) {
    // numpy starts this loop from -0.0 so that a sum of negative zeros stays -0.0.
    let res = -0.0;
    for (let i = 0; i < n; i++) res += a[offset + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[offset],
      r1 = a[offset + 1],
      r2 = a[offset + 2],
      r3 = a[offset + 3];
    let r4 = a[offset + 4],
      r5 = a[offset + 5],
      r6 = a[offset + 6],
      r7 = a[offset + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      r0 += a[offset + i];
      r1 += a[offset + i + 1];
      r2 += a[offset + i + 2];
      r3 += a[offset + i + 3];
      r4 += a[offset + i + 4];
      r5 += a[offset + i + 5];
      r6 += a[offset + i + 6];
      r7 += a[offset + i + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[offset + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, offset, n2) + pairwiseSum(a, offset + n2, n - n2);
}

/**
 * `np.sum(a)` over every element of a C-contiguous float64 array. numpy's reduction starts
 * from the identity 0.0 and adds the pairwise sum of all elements to it, so a sum of negative
 * zeros is +0.0, as numpy prints it.
 */
export function sum(a: ArrayLike<number>): number {
  return 0 + pairwiseSum(a);
}
