/**
 * A small seeded PRNG: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c)
 * seeded through splitmix32. Only 32-bit integer operations (Math.imul, shifts), so the same
 * seed gives the same stream bit for bit in Node and in workerd. `core/` never uses an unseeded source of randomness.
 *
 * The names follow numpy's legacy `np.random` where users will recognise them:
 * `random()`, `randn()`, `randint(n)`, `choice(n, k)` (with replacement), `shuffle`, `permutation`.
 * The streams are not numpy's (numpy uses MT19937); fixtures/generate_nn.py re-implements
 * this generator in Python so the stream is checked against an independent implementation.
 */

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** splitmix32 finaliser (the 32-bit variant of splitmix64's mixer, constants from MurmurHash3). */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** seed: any integer in [0, 2^53); the high and low 32-bit halves both feed the state. */
  constructor(seed: number = 0) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`Random: seed must be an integer in [0, 2^53), got ${seed}`);
    }
    let st = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296), 0x6c078965);
    const s: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = next;
      s.push(out);
    }
    // xoshiro must not start from the all-zero state; splitmix32 outputs make that impossible
    // in practice, but guard anyway.
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
    [this.s0, this.s1, this.s2, this.s3] = s;
  }

  /** The generator state, for saving and resuming a stream (e.g. a training job). */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.every((v) => v === 0)) {
      throw new RangeError("Random.setState: need four uint32 words, not all zero");
    }
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v | 0);
  }

  /** Next uint32 in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform float64 in [0, 1) with 53 random bits: (a >> 5) * 2^26 + (b >> 6), over 2^53 (numpy's recipe). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [0, n), unbiased (rejection of the top partial block); n in [1, 2^32]. */
  randint(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new RangeError(`Random.randint: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Standard normal by Box-Muller: sqrt(-2 ln u1) * cos(2 pi u2), with u1 in (0, 1].
   * One normal per two uniforms (no cached spare), so the stream position is simple to reason about.
   */
  randn(): number {
    const u1 = 1 - this.random();
    const u2 = this.random();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fills `out` with std * randn() (np.random.randn(...) * std). */
  fillNormal(out: Float32Array | Float64Array, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = std * this.randn();
    return out;
  }

  /** np.random.choice(n, k): k indices in [0, n), drawn with replacement. */
  choice(n: number, k: number, out: Int32Array = new Int32Array(k)): Int32Array {
    if (out.length < k) throw new RangeError(`Random.choice: out has ${out.length} slots, need ${k}`);
    for (let i = 0; i < k; i++) out[i] = this.randint(n);
    return out;
  }

  /** In-place Fisher-Yates (Durstenfeld) shuffle, from the last element down. */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** np.random.permutation(n): 0..n-1 shuffled. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}
