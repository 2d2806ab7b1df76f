/**
 * The Wasm SIMD kernels (assembly/kernels.ts, built to kernels.wasm) as a FastKernels set.
 * Platform-free: the caller supplies the compiled WebAssembly.Module — the Worker imports it at
 * build time (`import mod from "./kernels.wasm"`), Node compiles the file's bytes — and the
 * instance is created on first use, so installing the set does no work at start-up.
 *
 * Linear memory is 16 MiB and never grows (its maximum equals its initial size), so views on it
 * stay valid: [0, 64 KiB) belongs to the module, [64 KiB, 8 MiB) is per-call scratch, and
 * [8 MiB, 16 MiB) holds resident networks (params copied once, each freed when its view is
 * garbage-collected). Params outside Wasm memory are copied into scratch once per call.
 * Anything that does not fit, or nets narrower than 4 units (the vectors are 4 wide), is
 * declined and runs on the TypeScript kernels.
 */
import type { FastKernels, TrainingSession } from "../kernel-registry";
import type { Network32 } from "../network";
import { crossEntropyLoss } from "../softmax-with-loss";
import { type Batch, checkBatch, type SparseRows } from "../sparse-rows";

/** What kernels.wasm exports (assembly/kernels.ts), as TypeScript sees it. */
export interface Exports {
  memory: WebAssembly.Memory;
  sparsifyU8(x: number, rows: number, cols: number, indptr: number, indices: number, values: number): number;
  sparsifyF32(x: number, rows: number, cols: number, indptr: number, indices: number, values: number): number;
  sparseAffine(
    rows: number,
    indptr: number,
    indices: number,
    values: number,
    W: number,
    b: number,
    n: number,
    out: number,
  ): void;
  denseAffine(a: number, rows: number, k: number, W: number, b: number, n: number, out: number): void;
  relu(a: number, count: number): void;
  sigmoid(a: number, count: number): void;
  softmaxRows(a: number, rows: number, n: number): void;
  softmaxLossBackward(y: number, labels: number, rows: number, n: number): void;
  denseWeightGrad(a: number, dout: number, rows: number, k: number, n: number, dW: number, db: number): void;
  denseBackwardInput(dout: number, rows: number, n: number, W: number, k: number, dx: number, tmp: number): void;
  activationBackward(kind: number, z: number, dz: number, count: number): void;
  sparseWeightGrad(
    rows: number,
    indptr: number,
    indices: number,
    values: number,
    dout: number,
    n: number,
    cols: number,
    dW: number,
    db: number,
    tmp: number,
  ): void;
  sparseWeightGradTmp(rows: number, n: number, cols: number, nnz: number): number;
  forwardRows(
    u8: number,
    input: number,
    rows: number,
    cols: number,
    indptr: number,
    indices: number,
    values: number,
    two: number,
    relu: number,
    W1: number,
    b1: number,
    H: number,
    W2: number,
    b2: number,
    C: number,
    hidden: number,
    out: number,
  ): void;
  sgdUpdate(w: number, g: number, v: number, count: number, lr: number, momentum: number, decay: number): number;
}

const MODULE_BYTES = 64 << 10;
const SCRATCH_END = 8 << 20;
const MEMORY_BYTES = 16 << 20;
/** Rows per forward chunk: hidden activations of a chunk stay in L2 cache. */
export const WASM_CHUNK = 512;

const align = (n: number): number => (n + 15) & ~15;

/** First-fit allocator over the resident region (blocks are 16-byte aligned). */
class Arena {
  private free: { start: number; size: number }[] = [{ start: SCRATCH_END, size: MEMORY_BYTES - SCRATCH_END }];

  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 16));
    for (const b of this.free) {
      if (b.size >= size) {
        const start = b.start;
        b.start += size;
        b.size -= size;
        return start;
      }
    }
    return -1;
  }

  release(start: number, bytes: number): void {
    this.free.push({ start, size: align(Math.max(bytes, 16)) });
    this.free.sort((a, b) => a.start - b.start);
    const merged: { start: number; size: number }[] = [];
    for (const b of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.start + last.size === b.start) last.size += b.size;
      else if (b.size > 0) merged.push({ ...b });
    }
    this.free = merged;
  }
}

/** Bump allocation within scratch for one call. */
class Scratch {
  constructor(private top = MODULE_BYTES) {}
  take(bytes: number): number {
    const p = this.top;
    this.top = align(this.top + bytes);
    return p;
  }
  get left(): number {
    return SCRATCH_END - this.top;
  }
}

export function createWasmKernels(module: WebAssembly.Module): FastKernels {
  let ex: Exports | null = null;
  let f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array;
  const arena = new Arena();
  // A resident param's block is freed when its view is garbage-collected (not when the network
  // object is: a caller may keep params.W1.data longer than the network).
  let finalizer: FinalizationRegistry<{ start: number; bytes: number }> | null = null;

  function wasm(): Exports {
    if (ex === null) {
      ex = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
      const buf = ex.memory.buffer;
      if (buf.byteLength !== MEMORY_BYTES)
        throw new Error(`wasm kernels: expected ${MEMORY_BYTES} bytes of memory, got ${buf.byteLength}`);
      f32 = new Float32Array(buf);
      f64 = new Float64Array(buf);
      i32 = new Int32Array(buf);
      u8 = new Uint8Array(buf);
      if (typeof FinalizationRegistry === "function") {
        finalizer = new FinalizationRegistry((b) => arena.release(b.start, b.bytes));
      }
    }
    return ex;
  }

  const inWasm = (a: Float32Array): boolean => ex !== null && a.buffer === ex.memory.buffer;

  /** Byte address of a float32 param: in place if resident, else copied into scratch. */
  function param(a: Float32Array, s: Scratch): number {
    if (inWasm(a)) return a.byteOffset;
    const p = s.take(a.length * 4);
    f32.set(a, p >>> 2);
    return p;
  }

  interface Layout {
    two: boolean;
    H: number;
    C: number;
    W1: number;
    b1: number;
    W2: number;
    b2: number;
  }

  /** Layouts of the frozen resident networks made by resident(): their addresses never change. */
  const residentLayouts = new WeakMap<Network32, Layout>();

  /** Param addresses, or null when the net is outside what the kernels handle. */
  function layout(net: Network32, s: Scratch): Layout | null {
    const cached = residentLayouts.get(net);
    if (cached !== undefined) return cached;
    const p = net.params;
    if (net.arch === "two-layer") {
      const H = p.W1.shape[1];
      const C = p.W2.shape[1];
      if (H < 4 || C < 4) return null;
      const need = align(p.W1.data.length * 4) + align(H * 4) + align(p.W2.data.length * 4) + align(C * 4);
      if (!inWasm(p.W1.data) && need > s.left / 2) return null;
      return {
        two: true,
        H,
        C,
        W1: param(p.W1.data, s),
        b1: param(p.b1.data, s),
        W2: param(p.W2.data, s),
        b2: param(p.b2.data, s),
      };
    }
    const C = p.W.shape[1];
    if (C < 4) return null;
    if (!inWasm(p.W.data) && align(p.W.data.length * 4) + align(C * 4) > s.left / 2) return null;
    return { two: false, H: 0, C, W1: param(p.W.data, s), b1: p.b ? param(p.b.data, s) : 0, W2: 0, b2: 0 };
  }

  /** Forward of `rows` sparse rows already in Wasm memory; probabilities land at `out`. */
  function forwardSparse(
    e: Exports,
    L: Layout,
    rows: number,
    indptr: number,
    indices: number,
    values: number,
    hidden: number,
    out: number,
    activation: string,
  ): void {
    if (L.two) {
      e.sparseAffine(rows, indptr, indices, values, L.W1, L.b1, L.H, hidden);
      if (activation === "relu") e.relu(hidden, rows * L.H);
      else e.sigmoid(hidden, rows * L.H);
      e.denseAffine(hidden, rows, L.H, L.W2, L.b2, L.C, out);
    } else {
      e.sparseAffine(rows, indptr, indices, values, L.W1, L.b1, L.C, out);
    }
    e.softmaxRows(out, rows, L.C);
  }

  interface BatchBuffers {
    lab: number; // uint8 labels
    hidden: number;
    dHidden: number;
    out: number;
    tmp: number; // the backward kernels' temporary (see tmpBytes)
  }

  interface GradAddrs {
    dW1: number; // W1, or W of simple
    db1: number; // b1, or b of simple (0 = none)
    dW2: number;
    db2: number;
  }

  /** Bytes of temporary for the backward of `rows` rows with up to `nnz` nonzero pixels of `cols`. */
  function tmpBytes(e: Exports, L: Layout, rows: number, cols: number, nnz: number): number {
    return Math.max(8 * L.H * L.C, e.sparseWeightGradTmp(rows, L.two ? L.H : L.C, cols, nnz));
  }

  function batchBuffers(s: Scratch, L: Layout, rows: number, tmp: number): BatchBuffers {
    return {
      lab: s.take(rows),
      hidden: s.take(rows * L.H * 4),
      dHidden: s.take(rows * L.H * 4),
      out: s.take(rows * L.C * 4),
      tmp: s.take(tmp),
    };
  }

  /** Forward, the mean cross-entropy, and backward into the float64 gradients at g (overwritten). */
  function lossAndGradients(
    e: Exports,
    L: Layout,
    activation: string,
    rows: number,
    cols: number,
    indptr: number,
    indices: number,
    values: number,
    labels: ArrayLike<number>,
    b: BatchBuffers,
    g: GradAddrs,
  ): number {
    for (let r = 0; r < rows; r++) u8[b.lab + r] = labels[r];
    forwardSparse(e, L, rows, indptr, indices, values, b.hidden, b.out, activation);
    const loss = crossEntropyLoss(f32.subarray(b.out >>> 2, (b.out >>> 2) + rows * L.C), labels, rows, L.C);
    e.softmaxLossBackward(b.out, b.lab, rows, L.C);
    if (L.two) {
      e.denseWeightGrad(b.hidden, b.out, rows, L.H, L.C, g.dW2, g.db2);
      e.denseBackwardInput(b.out, rows, L.C, L.W2, L.H, b.dHidden, b.tmp);
      e.activationBackward(activation === "relu" ? 1 : 0, b.hidden, b.dHidden, rows * L.H);
      e.sparseWeightGrad(rows, indptr, indices, values, b.dHidden, L.H, cols, g.dW1, g.db1, b.tmp);
    } else {
      e.sparseWeightGrad(rows, indptr, indices, values, b.out, L.C, cols, g.dW1, g.db1, b.tmp);
    }
    return loss;
  }

  const kernels: FastKernels = {
    name: "wasm-simd",

    forEachChunk(net, x, visit) {
      const e = wasm();
      const cols = x.cols;
      const first = net.arch === "two-layer" ? net.params.W1 : net.params.W;
      checkBatch("forward", x, first.shape[0]);
      const s = new Scratch();
      const L = layout(net, s);
      if (L === null) return false;
      const inBytes = x.data instanceof Uint8Array ? 1 : 4;
      const perRow = align(cols * inBytes) + 4 + 8 * cols + 4 * L.H + 4 * L.C + 64;
      const R = Math.min(WASM_CHUNK, Math.max(x.rows, 1), Math.floor((s.left - 256) / perRow));
      if (R < 1) return false;
      const input = s.take(R * cols * inBytes);
      const indptr = s.take((R + 1) * 4);
      const indices = s.take(R * cols * 4);
      const values = s.take(R * cols * 4);
      const hidden = s.take(R * L.H * 4);
      const out = s.take(R * L.C * 4);
      const activation = net.activation ?? "sigmoid";
      const isU8 = inBytes === 1 ? 1 : 0;
      const relu = activation === "relu" ? 1 : 0;
      const two = L.two ? 1 : 0;
      for (let r0 = 0; r0 < x.rows; r0 += R) {
        const rows = Math.min(R, x.rows - r0);
        const src = rows === x.rows ? x.data : x.data.subarray(r0 * cols, (r0 + rows) * cols); // one chunk: no view
        if (isU8) u8.set(src, input);
        else f32.set(src, input >>> 2); // float64 rows are rounded to float32 here, as asFloat32 would
        e.forwardRows(
          isU8,
          input,
          rows,
          cols,
          indptr,
          indices,
          values,
          two,
          relu,
          L.W1,
          L.b1,
          L.H,
          L.W2,
          L.b2,
          L.C,
          hidden,
          out,
        );
        visit(f32.subarray(out >>> 2, (out >>> 2) + rows * L.C), r0, rows);
      }
      return true;
    },

    gradient(net, x, labels, grads) {
      const e = wasm();
      const s = new Scratch();
      const L = layout(net, s);
      if (L === null) return null;
      const rows = x.rows;
      const cols = x.cols;
      const nnz = x.indptr[rows];
      const H = L.two ? L.H : L.C; // width of the first layer's output
      const tmp = tmpBytes(e, L, rows, cols, nnz);
      const need =
        4 * (rows + 1) + 8 * nnz + rows + 4 * rows * (2 * L.H + L.C) + 8 * (cols * H + H + L.H * L.C + L.C) + tmp + 256;
      if (need > s.left) return null;
      const indptr = s.take((rows + 1) * 4);
      const indices = s.take(nnz * 4);
      const values = s.take(nnz * 4);
      const b = batchBuffers(s, L, rows, tmp);
      const g: GradAddrs = {
        dW1: s.take(cols * H * 8),
        db1: s.take(H * 8),
        dW2: s.take(L.H * L.C * 8),
        db2: s.take(L.C * 8),
      };
      if (!L.two && (grads.b === undefined || L.b1 === 0)) g.db1 = 0;
      i32.set(x.indptr.subarray(0, rows + 1), indptr >>> 2);
      i32.set(x.indices.subarray(0, nnz), indices >>> 2);
      f32.set(x.values.subarray(0, nnz), values >>> 2);
      const loss = lossAndGradients(
        e,
        L,
        net.activation ?? "sigmoid",
        rows,
        cols,
        indptr,
        indices,
        values,
        labels,
        b,
        g,
      );
      if (L.two) {
        grads.W1.set(f64.subarray(g.dW1 >>> 3, (g.dW1 >>> 3) + cols * L.H));
        grads.b1.set(f64.subarray(g.db1 >>> 3, (g.db1 >>> 3) + L.H));
        grads.W2.set(f64.subarray(g.dW2 >>> 3, (g.dW2 >>> 3) + L.H * L.C));
        grads.b2.set(f64.subarray(g.db2 >>> 3, (g.db2 >>> 3) + L.C));
      } else {
        grads.W.set(f64.subarray(g.dW1 >>> 3, (g.dW1 >>> 3) + cols * L.C));
        if (g.db1 !== 0) grads.b.set(f64.subarray(g.db1 >>> 3, (g.db1 >>> 3) + L.C));
      }
      return loss;
    },

    trainingSession(net, batchSize, momentum) {
      const e = wasm();
      const blocks: { start: number; bytes: number }[] = [];
      const take = (bytes: number): number => {
        const start = arena.alloc(bytes);
        if (start >= 0) blocks.push({ start, bytes });
        return start;
      };
      const releaseAll = (): null => {
        for (const b of blocks) arena.release(b.start, b.bytes);
        return null;
      };
      // Always a copy: the session writes its weights, and net may be someone's resident model.
      const names = Object.keys(net.params);
      const params: Network32["params"] = {};
      const grads: Record<string, number> = {};
      const velocity: Record<string, number> = {};
      for (const name of names) {
        const t = net.params[name];
        const w = take(t.data.length * 4);
        const g = take(t.data.length * 8);
        const v = momentum ? take(t.data.length * 8) : 0;
        if (w < 0 || g < 0 || v < 0) return releaseAll();
        params[name] = { shape: [...t.shape], data: new Float32Array(f32.buffer, w, t.data.length) };
        params[name].data.set(t.data);
        f64.fill(0, g >>> 3, (g >>> 3) + t.data.length);
        if (momentum) f64.fill(0, v >>> 3, (v >>> 3) + t.data.length); // the Trainer's velocities start at 0
        grads[name] = g;
        velocity[name] = v;
      }
      const network: Network32 = { ...net, params };
      const probe = new Scratch();
      const L = layout(network, probe); // resident params: nothing is copied into scratch
      if (L === null) return releaseAll();
      // Per-step scratch, laid out once for batches of up to batchSize rows of any input kind.
      const cols = L.two ? network.params.W1.shape[0] : network.params.W.shape[0];
      const s = new Scratch();
      const input = s.take(batchSize * cols * 4);
      const indptr = s.take((batchSize + 1) * 4);
      const indices = s.take(batchSize * cols * 4);
      const values = s.take(batchSize * cols * 4);
      const b = batchBuffers(s, L, batchSize, tmpBytes(e, L, batchSize, cols, batchSize * cols));
      if (s.left < 0) return releaseAll();
      const g: GradAddrs = L.two
        ? { dW1: grads.W1, db1: grads.b1, dW2: grads.W2, db2: grads.b2 }
        : { dW1: grads.W, db1: grads.b ?? 0, dW2: 0, db2: 0 };
      const activation = network.activation ?? "sigmoid";
      const session: TrainingSession = {
        network,
        gradient(x, select, count, labels) {
          if (x.cols !== cols || count > batchSize)
            throw new RangeError(
              `trainingSession: batch of ${count} rows of ${x.cols}, expected up to ${batchSize} rows of ${cols}`,
            );
          const data = x.data;
          const isU8 = data instanceof Uint8Array;
          for (let r = 0; r < count; r++) {
            const src = select === undefined ? r : select[r];
            if (!(src >= 0 && src < x.rows))
              throw new RangeError(`trainingSession: row ${src} out of range for ${x.rows} rows`);
            const row = data.subarray(src * cols, src * cols + cols);
            if (isU8) u8.set(row, input + r * cols);
            else f32.set(row, (input >>> 2) + r * cols); // float64 rounded to float32, as toSparseRows stores it
          }
          if (isU8) e.sparsifyU8(input, count, cols, indptr, indices, values);
          else e.sparsifyF32(input, count, cols, indptr, indices, values);
          return lossAndGradients(e, L, activation, count, cols, indptr, indices, values, labels, b, g);
        },
        update(learningRate, m, weightDecay) {
          let check = 0;
          for (const name of names) {
            const decay = name.startsWith("W") ? weightDecay : 0;
            check += e.sgdUpdate(
              params[name].data.byteOffset,
              grads[name],
              velocity[name],
              params[name].data.length,
              learningRate,
              m,
              decay,
            );
          }
          return check;
        },
      };
      if (finalizer !== null) {
        // weights: freed with their views (a caller may keep the trained network); the rest with the session
        for (let i = 0; i < blocks.length; i++) {
          const blk = blocks[i];
          const owner = names.find((n) => params[n].data.byteOffset === blk.start);
          finalizer.register(owner !== undefined ? params[owner].data : session, blk);
        }
      }
      return session;
    },

    resident(net) {
      wasm();
      const entries = Object.entries(net.params);
      if (entries.every(([, t]) => inWasm(t.data))) return net;
      const blocks: { start: number; bytes: number }[] = [];
      const params: Network32["params"] = {};
      for (const [name, t] of entries) {
        const bytes = t.data.length * 4;
        const start = arena.alloc(bytes);
        if (start < 0) {
          for (const b of blocks) arena.release(b.start, b.bytes);
          return net; // no room: the net stays where it is and is copied per call
        }
        blocks.push({ start, bytes });
        const view = new Float32Array(f32.buffer, start, t.data.length);
        view.set(t.data);
        params[name] = { shape: [...t.shape], data: view };
      }
      if (finalizer !== null)
        for (let i = 0; i < blocks.length; i++) finalizer.register(params[entries[i][0]].data, blocks[i]);
      // Frozen (nobody may write to it): validateNetwork checks its structure once, and its
      // layout (fixed addresses) is computed once.
      for (const t of Object.values(params)) Object.freeze(Object.freeze(t).shape);
      const copy: Network32 = Object.freeze({ ...net, params: Object.freeze(params) });
      const L = layout(copy, new Scratch());
      if (L !== null) residentLayouts.set(copy, L);
      return copy;
    },
  };
  return kernels;
}
