/**
 * A QR code encoder (ISO/IEC 18004, model 2): byte mode, versions 1-10, any error-correction
 * level, the mask chosen by the standard's penalty rules unless one is asked for. Small
 * enough to bundle into the classroom page, so a room's join code is drawn without any request
 * leaving the host. Structure follows the standard's steps:
 *   1. data bits    mode 0100, character count (8 bits, 16 from version 10), the bytes,
 *                   terminator, pad to a byte, pad codewords 0xEC 0x11 ...
 *   2. error words  Reed-Solomon over GF(256) (x^8 + x^4 + x^3 + x^2 + 1), generator
 *                   prod (x - 2^i), per block; blocks interleaved
 *   3. modules      finder, timing and alignment patterns, format and version bits, then the
 *                   codewords in the two-column zigzag from the bottom right, masked
 */

export type Ecl = "L" | "M" | "Q" | "H";

export interface QrCode {
  version: number;
  ecl: Ecl;
  mask: number;
  size: number;
  /** modules[row][column]: true is dark. */
  modules: boolean[][];
}

const MAX_VERSION = 10;
/** Codewords in the whole symbol, per version (index 0 unused). */
const TOTAL_CODEWORDS = [0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346];
/** Error-correction codewords per block and number of blocks, per level and version. */
const ECC_PER_BLOCK: Record<Ecl, number[]> = {
  L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
  Q: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24],
  H: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28],
};
const BLOCKS: Record<Ecl, number[]> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
  Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8],
  H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8],
};
/** Centres of the alignment patterns (rows and columns alike), per version. */
const ALIGNMENT = [
  [],
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];
const FORMAT_ECL: Record<Ecl, number> = { L: 1, M: 0, Q: 3, H: 2 };

const dataCodewords = (version: number, ecl: Ecl): number =>
  TOTAL_CODEWORDS[version] - ECC_PER_BLOCK[ecl][version] * BLOCKS[ecl][version];
const countBits = (version: number): number => (version < 10 ? 8 : 16);

/** Encodes bytes (a string is taken as UTF-8) in the smallest version that holds them. */
export function encodeQr(data: Uint8Array | string, { ecl = "M", mask }: { ecl?: Ecl; mask?: number } = {}): QrCode {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  if (mask !== undefined && !(Number.isInteger(mask) && mask >= 0 && mask <= 7))
    throw new RangeError(`encodeQr: mask must be 0..7, got ${mask}`);
  let version = 1;
  while (version <= MAX_VERSION && 4 + countBits(version) + 8 * bytes.length > 8 * dataCodewords(version, ecl))
    version++;
  if (version > MAX_VERSION) {
    throw new RangeError(
      `encodeQr: ${bytes.length} bytes do not fit in a version ${MAX_VERSION} symbol at level ${ecl} (at most ${dataCodewords(MAX_VERSION, ecl) - 3})`,
    );
  }
  const codewords = addErrorCorrection(dataBits(bytes, version, ecl), version, ecl);
  const symbol = new QrSymbol(version);
  symbol.drawFunctionPatterns(ecl);
  symbol.drawCodewords(codewords);
  let chosen = mask ?? 0;
  if (mask === undefined) {
    let best = Infinity;
    for (let m = 0; m < 8; m++) {
      symbol.applyMask(m);
      symbol.drawFormatBits(ecl, m);
      const p = penalty(symbol.modules);
      if (p < best) [best, chosen] = [p, m];
      symbol.applyMask(m); // XOR again: undone
    }
  }
  symbol.applyMask(chosen);
  symbol.drawFormatBits(ecl, chosen);
  return { version, ecl, mask: chosen, size: symbol.size, modules: symbol.modules };
}

/** Step 1: the data codewords (mode, count, bytes, terminator, padding). */
function dataBits(bytes: Uint8Array, version: number, ecl: Ecl): number[] {
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, countBits(version));
  for (const b of bytes) put(b, 8);
  const capacity = 8 * dataCodewords(version, ecl);
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; out.length < capacity / 8; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** GF(256) product modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D). */
function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

/** Coefficients (highest first, leading 1 dropped) of prod_{i<degree} (x - 2^i). */
function rsGenerator(degree: number): number[] {
  const g = new Array<number>(degree).fill(0);
  g[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      g[j] = gfMultiply(g[j], root);
      if (j + 1 < degree) g[j] ^= g[j + 1];
    }
    root = gfMultiply(root, 2);
  }
  return g;
}

/** The remainder of data(x) x^degree divided by the generator: the error-correction words. */
function rsRemainder(data: number[], generator: number[]): number[] {
  const r = new Array<number>(generator.length).fill(0);
  for (const b of data) {
    const factor = b ^ (r.shift() as number);
    r.push(0);
    generator.forEach((c, i) => (r[i] ^= gfMultiply(c, factor)));
  }
  return r;
}

/** Step 2: split into blocks (short ones first), add each block's error words, interleave. */
function addErrorCorrection(data: number[], version: number, ecl: Ecl): number[] {
  const blocks = BLOCKS[ecl][version];
  const eccLen = ECC_PER_BLOCK[ecl][version];
  const total = TOTAL_CODEWORDS[version];
  const shortBlocks = blocks - (total % blocks);
  const shortLen = Math.floor(total / blocks);
  const generator = rsGenerator(eccLen);
  const dataParts: number[][] = [];
  const eccParts: number[][] = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const part = data.slice(k, k + shortLen - eccLen + (i < shortBlocks ? 0 : 1));
    k += part.length;
    dataParts.push(part);
    eccParts.push(rsRemainder(part, generator));
  }
  const out: number[] = [];
  for (let i = 0; i <= shortLen - eccLen; i++) for (const part of dataParts) if (i < part.length) out.push(part[i]);
  for (let i = 0; i < eccLen; i++) for (const part of eccParts) out.push(part[i]);
  return out;
}

/** Step 3: the module grid, with function modules marked so data and masks skip them. */
class QrSymbol {
  readonly size: number;
  readonly modules: boolean[][];
  private readonly reserved: boolean[][];

  constructor(readonly version: number) {
    this.size = 17 + 4 * version;
    this.modules = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.reserved = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
  }

  private set(row: number, col: number, dark: boolean): void {
    this.modules[row][col] = dark;
    this.reserved[row][col] = true;
  }

  drawFunctionPatterns(ecl: Ecl): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    // finders with their light separators
    for (const [r0, c0] of [
      [3, 3],
      [3, n - 4],
      [n - 4, 3],
    ]) {
      for (let dr = -4; dr <= 4; dr++) {
        for (let dc = -4; dc <= 4; dc++) {
          const r = r0 + dr;
          const c = c0 + dc;
          const d = Math.max(Math.abs(dr), Math.abs(dc));
          if (r >= 0 && r < n && c >= 0 && c < n) this.set(r, c, d !== 2 && d !== 4);
        }
      }
    }
    const centres = ALIGNMENT[this.version];
    const last = centres.length - 1;
    centres.forEach((r0, i) =>
      centres.forEach((c0, j) => {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return; // finder corners
        for (let dr = -2; dr <= 2; dr++)
          for (let dc = -2; dc <= 2; dc++) this.set(r0 + dr, c0 + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }),
    );
    this.drawFormatBits(ecl, 0); // reserves the format areas; redrawn once the mask is chosen
    if (this.version >= 7) {
      let rem = this.version;
      for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
      const bits = (this.version << 12) | rem;
      for (let i = 0; i < 18; i++) {
        const dark = ((bits >>> i) & 1) === 1;
        const a = n - 11 + (i % 3);
        const b = Math.floor(i / 3);
        this.set(b, a, dark);
        this.set(a, b, dark);
      }
    }
  }

  /** 15 format bits: level and mask, BCH(15, 5) with generator 0x537, XOR 0x5412; two copies. */
  drawFormatBits(ecl: Ecl, mask: number): void {
    const n = this.size;
    const data = (FORMAT_ECL[ecl] << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) this.set(i, 8, bit(i));
    this.set(7, 8, bit(6));
    this.set(8, 8, bit(7));
    this.set(8, 7, bit(8));
    for (let i = 9; i < 15; i++) this.set(8, 14 - i, bit(i));
    for (let i = 0; i < 8; i++) this.set(8, n - 1 - i, bit(i));
    for (let i = 8; i < 15; i++) this.set(n - 15 + i, 8, bit(i));
    this.set(n - 8, 8, true); // the dark module
  }

  /** Codeword bits, most significant first, up and down two-column strips from the right. */
  drawCodewords(codewords: number[]): void {
    const n = this.size;
    let i = 0;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // skip the vertical timing column
      const upward = ((right + 1) & 2) === 0;
      for (let v = 0; v < n; v++) {
        const row = upward ? n - 1 - v : v;
        for (let j = 0; j < 2; j++) {
          const col = right - j;
          if (this.reserved[row][col] || i >= codewords.length * 8) continue;
          this.modules[row][col] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i++;
        }
      }
    }
  }

  /** XORs the data modules with mask pattern m (applying it twice undoes it). */
  applyMask(m: number): void {
    const test = MASKS[m];
    for (let r = 0; r < this.size; r++)
      for (let c = 0; c < this.size; c++)
        if (!this.reserved[r][c] && test(r, c)) this.modules[r][c] = !this.modules[r][c];
  }
}

/** The eight mask conditions (i = row, j = column), as the standard writes them. */
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

/**
 * The standard's penalty score of a masked symbol: N1 = 3 (+1 per module) for runs of five or
 * more of one colour, N2 = 3 per 2x2 block of one colour, N3 = 40 per finder-like 1:1:3:1:1
 * pattern with four light modules on one side, N4 = 10 per 5% that dark strays from half.
 */
export function penalty(modules: boolean[][]): number {
  const n = modules.length;
  let score = 0;
  const finderLike = [true, false, true, true, true, false, true];
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < n; a++) {
      const at = (b: number) => (pass === 0 ? modules[a][b] : modules[b][a]);
      let run = 1;
      for (let b = 1; b <= n; b++) {
        if (b < n && at(b) === at(b - 1)) {
          run++;
          continue;
        }
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
      for (let b = 0; b + 7 <= n; b++) {
        if (!finderLike.every((d, k) => at(b + k) === d)) continue;
        const lightBefore = b >= 4 && [1, 2, 3, 4].every((k) => !at(b - k));
        const lightAfter = b + 11 <= n && [7, 8, 9, 10].every((k) => !at(b + k));
        if (lightBefore || lightAfter) score += 40;
      }
    }
  }
  let dark = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (modules[r][c]) dark++;
      if (
        r + 1 < n &&
        c + 1 < n &&
        modules[r][c] === modules[r][c + 1] &&
        modules[r][c] === modules[r + 1][c] &&
        modules[r][c] === modules[r + 1][c + 1]
      )
        score += 3;
    }
  }
  score += 10 * Math.floor(Math.abs((dark * 100) / (n * n) - 50) / 5);
  return score;
}
