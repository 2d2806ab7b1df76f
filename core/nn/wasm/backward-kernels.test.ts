/**
 * The Wasm backward kernels against core/nn/kernels.ts on the same inputs, bit for bit (the
 * README's claim: same operations in the same order and precision, vectorised only across
 * independent outputs).
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, it } from "vitest";
import { expectClose } from "../../../test/helpers/expect-close";
import { Random } from "../../random";
import { denseBackwardInput, denseWeightGrad, sparseWeightGrad } from "../kernels";
import { toSparseRows } from "../sparse-rows";
import type { Exports } from "./wasm-kernels";

const compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
const module = new compile(new Uint8Array(readFileSync(new URL("./kernels.wasm", import.meta.url))));

const ex = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
const mem = () => ex.memory.buffer;
/** Bump allocator over [64 KiB, 8 MiB) for one test. */
function arena() {
  let top = 1 << 16;
  return (bytes: number) => {
    const p = top;
    top = (top + bytes + 15) & ~15;
    return p;
  };
}

const root = new URL("../../../", import.meta.url);
let digits: Uint8Array;
beforeAll(async () => {
  if (!existsSync(new URL("fixtures/mnist/test-images.u8", root))) {
    const { prepareData } = await import(/* @vite-ignore */ new URL("scripts/prepare-data.mjs", root).href);
    prepareData();
  }
  digits = new Uint8Array(readFileSync(new URL("fixtures/mnist/test-images.u8", root)));
});

function randomF32(rng: Random, n: number, zeros = 0): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.random() < zeros ? 0 : (rng.random() - 0.5) * 0.02));
}

describe("Wasm backward kernels equal the TypeScript kernels bit for bit", () => {
  for (const [rows, n] of [
    [100, 50],
    [37, 13],
    [20, 10],
    [8, 51],
    [5, 5],
    [3, 1],
  ]) {
    it(`sparseWeightGrad, ${rows} digits, width ${n}`, () => {
      const rng = new Random(rows * 100 + n);
      const x = toSparseRows({ data: digits.subarray(0, rows * 784), rows, cols: 784 });
      const nnz = x.indptr[rows];
      const dout = randomF32(rng, rows * n);
      const dW = new Float64Array(784 * n),
        db = new Float64Array(n);
      sparseWeightGrad(x, dout, n, dW, db);
      const take = arena();
      const [pi, px, pv, pd, pW, pb] = [
        take(4 * (rows + 1)),
        take(4 * nnz),
        take(4 * nnz),
        take(4 * rows * n),
        take(8 * 784 * n),
        take(8 * n),
      ];
      const tmp = take(ex.sparseWeightGradTmp(rows, n, 784, nnz));
      new Int32Array(mem(), pi, rows + 1).set(x.indptr.subarray(0, rows + 1));
      new Int32Array(mem(), px, nnz).set(x.indices.subarray(0, nnz));
      new Float32Array(mem(), pv, nnz).set(x.values.subarray(0, nnz));
      new Float32Array(mem(), pd, rows * n).set(dout);
      new Float64Array(mem(), pW, 784 * n).fill(7); // stale values must be overwritten
      ex.sparseWeightGrad(rows, pi, px, pv, pd, n, 784, pW, pb, tmp);
      expectClose(new Float64Array(mem(), pW, 784 * n), dW, { bitwise: true });
      expectClose(new Float64Array(mem(), pb, n), db, { bitwise: true });
    });
  }

  for (const [rows, k, n] of [
    [100, 50, 10],
    [20, 13, 17],
    [7, 5, 4],
    [3, 9, 3],
  ]) {
    it(`denseWeightGrad and denseBackwardInput, ${rows} rows, ${k} -> ${n}`, () => {
      const rng = new Random(rows + k * 31 + n);
      const a = randomF32(rng, rows * k, 0.3); // relu-like zeros are skipped
      const dout = randomF32(rng, rows * n);
      const W = randomF32(rng, k * n);
      const dW = new Float64Array(k * n),
        db = new Float64Array(n),
        dx = new Float32Array(rows * k);
      denseWeightGrad(a, dout, rows, k, n, dW, db);
      denseBackwardInput(dout, rows, n, W, k, dx);
      const take = arena();
      const [pa, pd, pWt, pdW, pdb, pdx, tmp] = [
        take(4 * rows * k),
        take(4 * rows * n),
        take(4 * k * n),
        take(8 * k * n),
        take(8 * n),
        take(4 * rows * k),
        take(8 * k * n),
      ];
      new Float32Array(mem(), pa, rows * k).set(a);
      new Float32Array(mem(), pd, rows * n).set(dout);
      new Float32Array(mem(), pWt, k * n).set(W);
      ex.denseWeightGrad(pa, pd, rows, k, n, pdW, pdb);
      ex.denseBackwardInput(pd, rows, n, pWt, k, pdx, tmp);
      expectClose(new Float64Array(mem(), pdW, k * n), dW, { bitwise: true });
      expectClose(new Float64Array(mem(), pdb, n), db, { bitwise: true });
      expectClose(new Float32Array(mem(), pdx, rows * k), dx, { bitwise: true });
    });
  }
});
