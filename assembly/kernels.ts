// AssemblyScript source of core/nn/wasm/kernels.wasm (build: node scripts/build-wasm.mjs).
//
// The fast path's kernels over raw pointers into one fixed-size linear memory that the JS
// wrapper (core/nn/wasm/wasm-kernels.ts) lays out; no allocator, no runtime. Matrices are
// row-major float32 as numpy's; gradients are float64 as the TypeScript reference path's.
//
// Forward (f32x4 SIMD, float32 accumulation): sparsify the rows, x W1 + b1 over nonzero pixels
// only, activation, z1 W2 + b2, softmax. Columns are covered by 4-wide vectors; when the width
// is not a multiple of 4 the last vector starts at n - 4 and overlaps the one before it (the
// overlapping lanes are computed identically, so storing both is harmless).
//
// Backward: the same operations, in the same order and precision (float64 sums of float32
// products) as core/nn/kernels.ts, so given the same forward values the gradients are bit-equal.

// ---- rows -> compressed sparse rows --------------------------------------------------------

// Within a block of pixels that is not all zero, a bitmask of the nonzero lanes is walked bit by
// bit (count trailing zeros), so the work is per nonzero pixel, not per pixel; blocks of 64 pixels
// (four 16-lane masks in one i64) keep the loop exits, which the branch predictor misses, few.

/** f32(p) / 255 for p = 0..255, filled on first use (the division is the slow part per pixel). */
const U8_SCALE: usize = memory.data(256 * 4, 16);

// @ts-ignore: decorator
@inline function nonzero16(p: usize): u64 {
  return <u64>i8x16.bitmask(i8x16.ne(v128.load(p), i8x16.splat(0)));
}

/** uint8 rows (0..255) -> CSR with values f32(p) / 255 (numpy's x.astype(float32) / 255). Returns nnz. */
export function sparsifyU8(x: usize, rows: i32, cols: i32, indptr: usize, indices: usize, values: usize): i32 {
  if (load<f32>(U8_SCALE + 4) == 0) for (let b: i32 = 0; b < 256; b++) store<f32>(U8_SCALE + (<usize>b << 2), <f32>b / <f32>255.0);
  let nnz: i32 = 0;
  store<i32>(indptr, 0);
  for (let r: i32 = 0; r < rows; r++) {
    const base = x + <usize>(r * cols);
    let p: i32 = 0;
    while (p < cols) {
      let bits: u64;
      let width: i32;
      if (p + 64 <= cols) {
        const a = base + <usize>p;
        bits = nonzero16(a) | (nonzero16(a + 16) << 16) | (nonzero16(a + 32) << 32) | (nonzero16(a + 48) << 48);
        width = 64;
      } else if (p + 16 <= cols) {
        bits = nonzero16(base + <usize>p);
        width = 16;
      } else {
        bits = 0;
        for (let q: i32 = p; q < cols; q++) if (load<u8>(base + <usize>q) != 0) bits |= (<u64>1) << <u64>(q - p);
        width = cols - p;
      }
      while (bits != 0) {
        const q = p + <i32>ctz(bits);
        store<i32>(indices + (<usize>nnz << 2), q);
        store<f32>(values + (<usize>nnz << 2), load<f32>(U8_SCALE + (<usize>load<u8>(base + <usize>q) << 2)));
        nnz++;
        bits &= bits - 1;
      }
      p += width;
    }
    store<i32>(indptr + (<usize>(r + 1) << 2), nnz);
  }
  return nnz;
}

/** float32 rows -> CSR with the values as given (zeros, including -0, skipped; NaN kept). Returns nnz. */
export function sparsifyF32(x: usize, rows: i32, cols: i32, indptr: usize, indices: usize, values: usize): i32 {
  let nnz: i32 = 0;
  store<i32>(indptr, 0);
  const zero = f32x4.splat(0);
  for (let r: i32 = 0; r < rows; r++) {
    const base = x + (<usize>(r * cols) << 2);
    let p: i32 = 0;
    for (; p + 4 <= cols; p += 4) {
      let bits = i32x4.bitmask(f32x4.ne(v128.load(base + (<usize>p << 2)), zero)); // ne: false for +-0, true for NaN
      while (bits != 0) {
        const q = p + ctz(bits);
        store<i32>(indices + (<usize>nnz << 2), q);
        store<f32>(values + (<usize>nnz << 2), load<f32>(base + (<usize>q << 2)));
        nnz++;
        bits &= bits - 1;
      }
    }
    for (; p < cols; p++) {
      const f = load<f32>(base + (<usize>p << 2));
      if (f != 0) {
        store<i32>(indices + (<usize>nnz << 2), p);
        store<f32>(values + (<usize>nnz << 2), f);
        nnz++;
      }
    }
    store<i32>(indptr + (<usize>(r + 1) << 2), nnz);
  }
  return nnz;
}

// ---- forward -------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function col(j: i32, n: i32): i32 {
  return j < n - 4 ? j : n - 4;
}

/**
 * out[r, :] = x[r, :] W + b for CSR x; W (cols x n), b (n) or 0. Needs n >= 4.
 * Columns in passes of 12 vectors (48 columns) while that many remain, addressed by constant
 * offsets (no register per column; the book's hidden size 50 is one such pass plus one vector),
 * then passes of 4 vectors and of 1 vector. Every output lane sums its row's pixels in order,
 * whichever pass computes it, so overlapping vectors store identical values.
 */
export function sparseAffine(rows: i32, indptr: usize, indices: usize, values: usize, W: usize, b: usize, n: i32, out: usize): void {
  for (let r: i32 = 0; r < rows; r++) {
    const start = load<i32>(indptr + (<usize>r << 2));
    const end = load<i32>(indptr + (<usize>(r + 1) << 2));
    const o = out + (<usize>(r * n) << 2);
    let j: i32 = 0;
    while (j < n) {
      if (n - j >= 48) {
        const Wj = W + (<usize>j << 2);
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
        let a8 = f32x4.splat(0), a9 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
        for (let k: i32 = start; k < end; k++) {
          const v = f32x4.splat(load<f32>(values + (<usize>k << 2)));
          const w = Wj + (<usize>(load<i32>(indices + (<usize>k << 2)) * n) << 2);
          a0 = f32x4.add(a0, f32x4.mul(v, v128.load(w, 0)));
          a1 = f32x4.add(a1, f32x4.mul(v, v128.load(w, 16)));
          a2 = f32x4.add(a2, f32x4.mul(v, v128.load(w, 32)));
          a3 = f32x4.add(a3, f32x4.mul(v, v128.load(w, 48)));
          a4 = f32x4.add(a4, f32x4.mul(v, v128.load(w, 64)));
          a5 = f32x4.add(a5, f32x4.mul(v, v128.load(w, 80)));
          a6 = f32x4.add(a6, f32x4.mul(v, v128.load(w, 96)));
          a7 = f32x4.add(a7, f32x4.mul(v, v128.load(w, 112)));
          a8 = f32x4.add(a8, f32x4.mul(v, v128.load(w, 128)));
          a9 = f32x4.add(a9, f32x4.mul(v, v128.load(w, 144)));
          a10 = f32x4.add(a10, f32x4.mul(v, v128.load(w, 160)));
          a11 = f32x4.add(a11, f32x4.mul(v, v128.load(w, 176)));
        }
        if (b != 0) {
          const bj = b + (<usize>j << 2);
          a0 = f32x4.add(a0, v128.load(bj, 0)); a1 = f32x4.add(a1, v128.load(bj, 16));
          a2 = f32x4.add(a2, v128.load(bj, 32)); a3 = f32x4.add(a3, v128.load(bj, 48));
          a4 = f32x4.add(a4, v128.load(bj, 64)); a5 = f32x4.add(a5, v128.load(bj, 80));
          a6 = f32x4.add(a6, v128.load(bj, 96)); a7 = f32x4.add(a7, v128.load(bj, 112));
          a8 = f32x4.add(a8, v128.load(bj, 128)); a9 = f32x4.add(a9, v128.load(bj, 144));
          a10 = f32x4.add(a10, v128.load(bj, 160)); a11 = f32x4.add(a11, v128.load(bj, 176));
        }
        const oj = o + (<usize>j << 2);
        v128.store(oj, a0, 0); v128.store(oj, a1, 16); v128.store(oj, a2, 32); v128.store(oj, a3, 48);
        v128.store(oj, a4, 64); v128.store(oj, a5, 80); v128.store(oj, a6, 96); v128.store(oj, a7, 112);
        v128.store(oj, a8, 128); v128.store(oj, a9, 144); v128.store(oj, a10, 160); v128.store(oj, a11, 176);
        j += 48;
      } else if (n - j > 4) {
        const c0 = <usize>col(j, n) << 2, c1 = <usize>col(j + 4, n) << 2, c2 = <usize>col(j + 8, n) << 2, c3 = <usize>col(j + 12, n) << 2;
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        for (let k: i32 = start; k < end; k++) {
          const v = f32x4.splat(load<f32>(values + (<usize>k << 2)));
          const w = W + (<usize>(load<i32>(indices + (<usize>k << 2)) * n) << 2);
          a0 = f32x4.add(a0, f32x4.mul(v, v128.load(w + c0)));
          a1 = f32x4.add(a1, f32x4.mul(v, v128.load(w + c1)));
          a2 = f32x4.add(a2, f32x4.mul(v, v128.load(w + c2)));
          a3 = f32x4.add(a3, f32x4.mul(v, v128.load(w + c3)));
        }
        if (b != 0) {
          a0 = f32x4.add(a0, v128.load(b + c0)); a1 = f32x4.add(a1, v128.load(b + c1));
          a2 = f32x4.add(a2, v128.load(b + c2)); a3 = f32x4.add(a3, v128.load(b + c3));
        }
        v128.store(o + c0, a0); v128.store(o + c1, a1); v128.store(o + c2, a2); v128.store(o + c3, a3);
        j += 16;
      } else {
        const c0 = <usize>col(j, n) << 2;
        let a0 = f32x4.splat(0);
        for (let k: i32 = start; k < end; k++) {
          const w = W + (<usize>(load<i32>(indices + (<usize>k << 2)) * n) << 2);
          a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(values + (<usize>k << 2))), v128.load(w + c0)));
        }
        if (b != 0) a0 = f32x4.add(a0, v128.load(b + c0));
        v128.store(o + c0, a0);
        j += 4;
      }
    }
  }
}

/** out = a W + b for dense a (rows x k), W (k x n), b (n) or 0. Needs n >= 4. */
export function denseAffine(a: usize, rows: i32, k: i32, W: usize, b: usize, n: i32, out: usize): void {
  for (let r: i32 = 0; r < rows; r++) {
    const ar = a + (<usize>(r * k) << 2);
    const o = out + (<usize>(r * n) << 2);
    for (let j: i32 = 0; j < n; j += 16) {
      const c0 = <usize>col(j, n) << 2, c1 = <usize>col(j + 4, n) << 2, c2 = <usize>col(j + 8, n) << 2, c3 = <usize>col(j + 12, n) << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let i: i32 = 0; i < k; i++) {
        const v = f32x4.splat(load<f32>(ar + (<usize>i << 2)));
        const w = W + (<usize>(i * n) << 2);
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(w + c0)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(w + c1)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(w + c2)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(w + c3)));
      }
      if (b != 0) {
        a0 = f32x4.add(a0, v128.load(b + c0)); a1 = f32x4.add(a1, v128.load(b + c1));
        a2 = f32x4.add(a2, v128.load(b + c2)); a3 = f32x4.add(a3, v128.load(b + c3));
      }
      v128.store(o + c0, a0); v128.store(o + c1, a1); v128.store(o + c2, a2); v128.store(o + c3, a3);
    }
  }
}

/** z = max(0, a) in place on count values (count a multiple of 4 is not required). */
export function relu(a: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= count; i += 4) {
    const p = a + (<usize>i << 2);
    v128.store(p, f32x4.pmax(v128.load(p), zero)); // pmax(a, 0) = a < 0 ? 0 : a, as `if (a < 0) a = 0` (NaN, -0 kept)
  }
  for (; i < count; i++) {
    const p = a + (<usize>i << 2);
    if (load<f32>(p) < 0) store<f32>(p, 0);
  }
}

/** z = 1 / (1 + exp(-a)) in place, in float32. */
export function sigmoid(a: usize, count: i32): void {
  for (let i: i32 = 0; i < count; i++) {
    const p = a + (<usize>i << 2);
    store<f32>(p, <f32>1.0 / (<f32>1.0 + Mathf.exp(-load<f32>(p))));
  }
}

/** Row-wise softmax in place, max subtracted. */
export function softmaxRows(a: usize, rows: i32, n: i32): void {
  for (let r: i32 = 0; r < rows; r++) {
    const o = a + (<usize>(r * n) << 2);
    let max: f32 = -Infinity;
    for (let j: i32 = 0; j < n; j++) {
      const v = load<f32>(o + (<usize>j << 2));
      if (v > max) max = v;
    }
    let sum: f32 = 0;
    for (let j: i32 = 0; j < n; j++) {
      const e = Mathf.exp(load<f32>(o + (<usize>j << 2)) - max);
      store<f32>(o + (<usize>j << 2), e);
      sum += e;
    }
    for (let j: i32 = 0; j < n; j++) store<f32>(o + (<usize>j << 2), load<f32>(o + (<usize>j << 2)) / sum);
  }
}

/**
 * The whole forward pass of `rows` input rows in one call (one JS -> Wasm transition per chunk):
 * sparsify (u8 = 1: uint8 rows scaled by 1/255; else float32 rows), then for two-layer nets
 * (two = 1) x W1 + b1, activation (relu = 1, else sigmoid), z1 W2 + b2, or x W + b for simple
 * nets (W1, b1, n = C; hidden unused), then softmax. Probabilities land at out (rows x C).
 */
export function forwardRows(u8: i32, input: usize, rows: i32, cols: i32, indptr: usize, indices: usize, values: usize, two: i32, relu_: i32, W1: usize, b1: usize, H: i32, W2: usize, b2: usize, C: i32, hidden: usize, out: usize): void {
  if (u8 != 0) sparsifyU8(input, rows, cols, indptr, indices, values);
  else sparsifyF32(input, rows, cols, indptr, indices, values);
  if (two != 0) {
    sparseAffine(rows, indptr, indices, values, W1, b1, H, hidden);
    if (relu_ != 0) relu(hidden, rows * H);
    else sigmoid(hidden, rows * H);
    denseAffine(hidden, rows, H, W2, b2, C, out);
  } else {
    sparseAffine(rows, indptr, indices, values, W1, b1, C, out);
  }
  softmaxRows(out, rows, C);
}

// ---- backward (same order and precision as core/nn/kernels.ts) --------------------------------

/** dA = (y - onehot(t)) / rows in place on y; labels are uint8. */
export function softmaxLossBackward(y: usize, labels: usize, rows: i32, n: i32): void {
  const N = <f32>rows;
  for (let r: i32 = 0; r < rows; r++) {
    const o = y + (<usize>(r * n) << 2);
    const t = o + (<usize>load<u8>(labels + <usize>r) << 2);
    store<f32>(t, load<f32>(t) - 1);
    for (let j: i32 = 0; j < n; j++) store<f32>(o + (<usize>j << 2), load<f32>(o + (<usize>j << 2)) / N);
  }
}

/**
 * dW = a^T dout (k x n), db = column sums of dout (or 0), float64; zero activations skipped.
 * Each row i of dW is summed in registers over the rows r in order (f64x2 over columns j), so
 * every dW[i, j] sees the reference's additions in the reference's order.
 */
export function denseWeightGrad(a: usize, dout: usize, rows: i32, k: i32, n: i32, dW: usize, db: usize): void {
  if (db != 0) {
    memory.fill(db, 0, <usize>n << 3);
    for (let r: i32 = 0; r < rows; r++) {
      for (let j: i32 = 0; j < n; j++) {
        const p = db + (<usize>j << 3);
        store<f64>(p, load<f64>(p) + <f64>load<f32>(dout + (<usize>(r * n + j) << 2)));
      }
    }
  }
  for (let i: i32 = 0; i < k; i++) {
    const w = dW + (<usize>(i * n) << 3);
    let j: i32 = 0;
    for (; j + 8 <= n; j += 8) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let r: i32 = 0; r < rows; r++) {
        const vs = <f64>load<f32>(a + (<usize>(r * k + i) << 2));
        if (vs == 0) continue;
        const v = f64x2.splat(vs);
        const d = dout + (<usize>(r * n + j) << 2);
        a0 = f64x2.add(a0, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 0))));
        a1 = f64x2.add(a1, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 8))));
        a2 = f64x2.add(a2, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 16))));
        a3 = f64x2.add(a3, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 24))));
      }
      const o = w + (<usize>j << 3);
      v128.store(o, a0, 0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
    for (; j + 2 <= n; j += 2) {
      let a0 = f64x2.splat(0);
      for (let r: i32 = 0; r < rows; r++) {
        const vs = <f64>load<f32>(a + (<usize>(r * k + i) << 2));
        if (vs == 0) continue;
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(vs), f64x2.promote_low_f32x4(v128.load64_zero(dout + (<usize>(r * n + j) << 2)))));
      }
      v128.store(w + (<usize>j << 3), a0);
    }
    if (j < n) {
      let s: f64 = 0;
      for (let r: i32 = 0; r < rows; r++) {
        const vs = <f64>load<f32>(a + (<usize>(r * k + i) << 2));
        if (vs == 0) continue;
        s += vs * <f64>load<f32>(dout + (<usize>(r * n + j) << 2));
      }
      store<f64>(w + (<usize>j << 3), s);
    }
  }
}

/**
 * dx = dout W^T (rows x k), float64 sums over j in order, rounded to float32. W (k x n) is first
 * widened and transposed into tmp (n x k float64, 8 n k bytes) so that f64x2 lanes are two
 * outputs i, i+1, each summing its own products in the reference's order.
 */
export function denseBackwardInput(dout: usize, rows: i32, n: i32, W: usize, k: i32, dx: usize, tmp: usize): void {
  for (let i: i32 = 0; i < k; i++) {
    for (let j: i32 = 0; j < n; j++) store<f64>(tmp + (<usize>(j * k + i) << 3), <f64>load<f32>(W + (<usize>(i * n + j) << 2)));
  }
  for (let r: i32 = 0; r < rows; r++) {
    const d = dout + (<usize>(r * n) << 2);
    const o = dx + (<usize>(r * k) << 2);
    let i: i32 = 0;
    for (; i + 8 <= k; i += 8) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      for (let j: i32 = 0; j < n; j++) {
        const v = f64x2.splat(<f64>load<f32>(d + (<usize>j << 2)));
        const t = tmp + (<usize>(j * k + i) << 3);
        s0 = f64x2.add(s0, f64x2.mul(v, v128.load(t)));
        s1 = f64x2.add(s1, f64x2.mul(v, v128.load(t + 16)));
        s2 = f64x2.add(s2, f64x2.mul(v, v128.load(t + 32)));
        s3 = f64x2.add(s3, f64x2.mul(v, v128.load(t + 48)));
      }
      v128.store64_lane(o + (<usize>i << 2), f32x4.demote_f64x2_zero(s0), 0);
      v128.store64_lane(o + (<usize>(i + 2) << 2), f32x4.demote_f64x2_zero(s1), 0);
      v128.store64_lane(o + (<usize>(i + 4) << 2), f32x4.demote_f64x2_zero(s2), 0);
      v128.store64_lane(o + (<usize>(i + 6) << 2), f32x4.demote_f64x2_zero(s3), 0);
    }
    for (; i < k; i++) {
      let s: f64 = 0;
      for (let j: i32 = 0; j < n; j++) s += <f64>load<f32>(d + (<usize>j << 2)) * load<f64>(tmp + (<usize>(j * k + i) << 3));
      store<f32>(o + (<usize>i << 2), <f32>s);
    }
  }
}

/** dA = dZ * act'(A) in place on dz, from the forward output z; kind 0 = sigmoid, 1 = relu. */
export function activationBackward(kind: i32, z: usize, dz: usize, count: i32): void {
  for (let i: i32 = 0; i < count; i++) {
    const p = dz + (<usize>i << 2);
    const s = load<f32>(z + (<usize>i << 2));
    if (kind == 1) {
      if (s <= 0) store<f32>(p, 0);
    } else {
      const sd = <f64>s;
      store<f32>(p, <f32>(<f64>load<f32>(p) * (1 - sd) * sd));
    }
  }
}

/** Bytes of `tmp` that sparseWeightGrad needs. */
export function sparseWeightGradTmp(rows: i32, n: i32, cols: i32, nnz: i32): i32 {
  return (((cols + 1) * 4 + 7) & ~7) + (nnz << 3);
}

/**
 * dW = x^T dout (cols x n) for CSR x and db = column sums of dout (or 0), float64; tmp holds
 * sparseWeightGradTmp(...) bytes (8-byte aligned).
 *
 * The batch is first transposed (counting sort by pixel, rows kept in order), then each row p of
 * dW is summed in registers over the batch rows that light pixel p: dW[p, j] = sum_r x[r, p] dout[r, j]
 * in the order of r, as core/nn/kernels.ts sums it (so bit-equal), without reading and writing
 * dW once per nonzero pixel. dout is read as float32 and widened in registers (a float64 copy would
 * not fit in L1 with the rest, and is slower).
 */
export function sparseWeightGrad(rows: i32, indptr: usize, indices: usize, values: usize, dout: usize, n: i32, cols: i32, dW: usize, db: usize, tmp: usize): void {
  const colptr = tmp;
  const ent = colptr + ((<usize>(cols + 1) * 4 + 7) & ~7); // (row i32, value f32) pairs by pixel
  if (db != 0) {
    memory.fill(db, 0, <usize>n << 3);
    for (let r: i32 = 0; r < rows; r++) {
      for (let j: i32 = 0; j < n; j++) {
        const p = db + (<usize>j << 3);
        store<f64>(p, load<f64>(p) + <f64>load<f32>(dout + (<usize>(r * n + j) << 2)));
      }
    }
  }
  // counting sort: colptr[p + 1] = count of p, prefix sums, then scatter with colptr[p] as p's
  // cursor; afterwards colptr[p] is the end of p's entries (and the start of p + 1's).
  memory.fill(colptr, 0, <usize>(cols + 1) << 2);
  const nnz = load<i32>(indptr + (<usize>rows << 2));
  for (let k: i32 = 0; k < nnz; k++) {
    const c = colptr + (<usize>(load<i32>(indices + (<usize>k << 2)) + 1) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  for (let p: i32 = 0; p < cols; p++) {
    const c = colptr + (<usize>(p + 1) << 2);
    store<i32>(c, load<i32>(c) + load<i32>(c - 4));
  }
  for (let r: i32 = 0; r < rows; r++) {
    const end = load<i32>(indptr + (<usize>(r + 1) << 2));
    for (let k: i32 = load<i32>(indptr + (<usize>r << 2)); k < end; k++) {
      const c = colptr + (<usize>load<i32>(indices + (<usize>k << 2)) << 2);
      const pos = load<i32>(c);
      store<i32>(c, pos + 1);
      const e = ent + (<usize>pos << 3);
      store<i32>(e, r * n); // the row's offset in dout
      store<f32>(e + 4, load<f32>(values + (<usize>k << 2)));
    }
  }
  let start: i32 = 0;
  for (let p: i32 = 0; p < cols; p++) {
    const end = load<i32>(colptr + (<usize>p << 2));
    const w = dW + (<usize>(p * n) << 3);
    let j: i32 = 0;
    for (; j + 24 <= n; j += 24) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      let a4 = f64x2.splat(0), a5 = f64x2.splat(0), a6 = f64x2.splat(0), a7 = f64x2.splat(0);
      let a8 = f64x2.splat(0), a9 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
      for (let k: i32 = start; k < end; k++) {
        const e = ent + (<usize>k << 3);
        const v = f64x2.splat(<f64>load<f32>(e + 4));
        const d = dout + (<usize>(load<i32>(e) + j) << 2);
        a0 = f64x2.add(a0, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 0))));
        a1 = f64x2.add(a1, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 8))));
        a2 = f64x2.add(a2, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 16))));
        a3 = f64x2.add(a3, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 24))));
        a4 = f64x2.add(a4, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 32))));
        a5 = f64x2.add(a5, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 40))));
        a6 = f64x2.add(a6, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 48))));
        a7 = f64x2.add(a7, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 56))));
        a8 = f64x2.add(a8, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 64))));
        a9 = f64x2.add(a9, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 72))));
        a10 = f64x2.add(a10, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 80))));
        a11 = f64x2.add(a11, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 88))));
      }
      const o = w + (<usize>j << 3);
      v128.store(o, a0, 0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
      v128.store(o, a4, 64); v128.store(o, a5, 80); v128.store(o, a6, 96); v128.store(o, a7, 112);
      v128.store(o, a8, 128); v128.store(o, a9, 144); v128.store(o, a10, 160); v128.store(o, a11, 176);
    }
    for (; j + 8 <= n; j += 8) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let k: i32 = start; k < end; k++) {
        const e = ent + (<usize>k << 3);
        const v = f64x2.splat(<f64>load<f32>(e + 4));
        const d = dout + (<usize>(load<i32>(e) + j) << 2);
        a0 = f64x2.add(a0, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 0))));
        a1 = f64x2.add(a1, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 8))));
        a2 = f64x2.add(a2, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 16))));
        a3 = f64x2.add(a3, f64x2.mul(v, f64x2.promote_low_f32x4(v128.load64_zero(d, 24))));
      }
      const o = w + (<usize>j << 3);
      v128.store(o, a0, 0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
    for (; j + 2 <= n; j += 2) {
      let a0 = f64x2.splat(0);
      for (let k: i32 = start; k < end; k++) {
        const e = ent + (<usize>k << 3);
        const d = dout + (<usize>(load<i32>(e) + j) << 2);
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(<f64>load<f32>(e + 4)), f64x2.promote_low_f32x4(v128.load64_zero(d, 0))));
      }
      v128.store(w + (<usize>j << 3), a0);
    }
    if (j < n) {
      let a: f64 = 0;
      for (let k: i32 = start; k < end; k++) {
        const e = ent + (<usize>k << 3);
        a += <f64>load<f32>(e + 4) * <f64>load<f32>(dout + (<usize>(load<i32>(e) + j) << 2));
      }
      store<f64>(w + (<usize>j << 3), a);
    }
    start = end;
  }
}

// ---- the SGD update (same float64 operations as the Trainer's loop in core/nn/train.ts) -------

// @ts-ignore: decorator
@inline function updateOne(w: usize, g: usize, v: usize, lr: f64, momentum: f64, decay: f64, useV: bool, useDecay: bool): f32 {
  const wi = <f64>load<f32>(w);
  const gi = useDecay ? load<f64>(g) + decay * wi : load<f64>(g);
  let nw: f32;
  if (useV) {
    const vi = momentum * load<f64>(v) - lr * gi;
    store<f64>(v, vi);
    nw = <f32>(wi + vi);
  } else {
    nw = <f32>(wi - lr * gi);
  }
  store<f32>(w, nw);
  return nw;
}

// @ts-ignore: decorator
@inline function updateTwo(w2: v128, g: usize, v: usize, lr: v128, momentum: v128, decay: v128, useV: bool, useDecay: bool): v128 {
  const wi = f64x2.promote_low_f32x4(w2);
  const gi = useDecay ? f64x2.add(v128.load(g), f64x2.mul(decay, wi)) : v128.load(g);
  if (useV) {
    const vi = f64x2.sub(f64x2.mul(momentum, v128.load(v)), f64x2.mul(lr, gi));
    v128.store(v, vi);
    return f32x4.demote_f64x2_zero(f64x2.add(wi, vi));
  }
  return f32x4.demote_f64x2_zero(f64x2.sub(wi, f64x2.mul(lr, gi)));
}

// @ts-ignore: decorator
@inline function updateLoop(w: usize, g: usize, v: usize, count: i32, lr: f64, momentum: f64, decay: f64, useV: bool, useDecay: bool): f64 {
  const lr2 = f64x2.splat(lr), m2 = f64x2.splat(momentum), d2 = f64x2.splat(decay);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= count; i += 4) {
    const pw = w + (<usize>i << 2), pg = g + (<usize>i << 3), pv = v + (<usize>i << 3);
    const w4 = v128.load(pw);
    const lo = updateTwo(w4, pg, pv, lr2, m2, d2, useV, useDecay);
    const hi = updateTwo(i8x16.shuffle(w4, w4, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), pg + 16, pv + 16, lr2, m2, d2, useV, useDecay);
    const out = i8x16.shuffle(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    v128.store(pw, out);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(out));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(hi));
  }
  let sum = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
  for (; i < count; i++) sum += <f64>updateOne(w + (<usize>i << 2), g + (<usize>i << 3), v + (<usize>i << 3), lr, momentum, decay, useV, useDecay);
  return sum;
}

/**
 * One param's update, element by element exactly as the Trainer's loop (float64 maths, the new
 * weight rounded to float32):
 *   g' = g + decay w   (when decay != 0)
 *   v = momentum v - lr g';  w = f32(w + v)    (v != 0: velocity buffer, float64)
 *   w = f32(w - lr g')                         (v == 0: plain SGD)
 * Returns the sum of the new weights in float64, in any order: the Trainer only checks that it is
 * finite (no overflow is possible: |w| < 3.5e38 and far fewer than 1e270 values).
 */
export function sgdUpdate(w: usize, g: usize, v: usize, count: i32, lr: f64, momentum: f64, decay: f64): f64 {
  if (v != 0) return decay != 0 ? updateLoop(w, g, v, count, lr, momentum, decay, true, true) : updateLoop(w, g, v, count, lr, momentum, decay, true, false);
  return decay != 0 ? updateLoop(w, g, v, count, lr, momentum, decay, false, true) : updateLoop(w, g, v, count, lr, momentum, decay, false, false);
}
