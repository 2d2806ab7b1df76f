/**
 * The IDX format of the official MNIST files, read as a stream: the header (magic 0x0000 08 nd —
 * unsigned bytes, nd dimensions — then nd big-endian uint32 sizes) is parsed as soon as its bytes
 * have arrived, and the payload is passed on in the pieces it came in, never gathered. The whole
 * file is checked: the right magic, no bytes missing (finish()) and none after the payload.
 * core/io/idx.ts reads a file already in memory; this reads one while it is uploaded.
 */
export interface IdxHeader {
  /** 3 for images (count, rows, cols), 1 for labels (count). */
  dims: number[];
  /** Bytes of payload after the header: the product of dims. */
  payloadBytes: number;
}

const KINDS = { images: 3, labels: 1 } as const;
export type IdxKind = keyof typeof KINDS;

export class IdxStreamReader {
  private head = new Uint8Array(16);
  private headLength = 0;
  private received = 0;
  header: IdxHeader | null = null;

  /** kind fixes the expected magic; what names the file in errors ("train-images-idx3-ubyte"). */
  constructor(
    readonly kind: IdxKind,
    readonly what: string = kind,
  ) {}

  private get headerBytes(): number {
    return 4 + 4 * KINDS[this.kind];
  }

  /** Feeds bytes; returns the payload pieces among them (views into chunk). */
  push(chunk: Uint8Array): Uint8Array[] {
    let offset = 0;
    if (!this.header) {
      const take = Math.min(this.headerBytes - this.headLength, chunk.length);
      this.head.set(chunk.subarray(0, take), this.headLength);
      this.headLength += take;
      offset = take;
      if (this.headLength >= 4) this.checkMagic();
      if (this.headLength < this.headerBytes) return [];
      const view = new DataView(this.head.buffer, 0, this.headerBytes);
      const dims = Array.from({ length: KINDS[this.kind] }, (_, i) => view.getUint32(4 + 4 * i, false));
      this.header = { dims, payloadBytes: dims.reduce((a, b) => a * b, 1) };
    }
    const rest = chunk.length - offset;
    if (rest === 0) return [];
    if (this.received + rest > this.header.payloadBytes) {
      throw new RangeError(`${this.what}: bytes after the ${this.describe()} its header announces`);
    }
    this.received += rest;
    return [offset === 0 ? chunk : chunk.subarray(offset)];
  }

  /** Call at the end of the file: throws when the header or payload is incomplete. */
  finish(): IdxHeader {
    if (!this.header)
      throw new RangeError(`${this.what}: truncated header (${this.headLength} bytes, need ${this.headerBytes})`);
    if (this.received < this.header.payloadBytes) {
      throw new RangeError(
        `${this.what}: truncated data: the ${this.describe()} need ${this.header.payloadBytes} bytes after the header, got ${this.received}`,
      );
    }
    return this.header;
  }

  private describe(): string {
    const d = this.header!.dims;
    return this.kind === "images" ? `${d[0]} images of ${d[1]}x${d[2]}` : `${d[0]} labels`;
  }

  private checkMagic(): void {
    const h = this.head;
    const magic = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
    const expected = 0x800 | KINDS[this.kind];
    if (magic === expected) return;
    const hex = (v: number) => "0x" + v.toString(16).padStart(8, "0");
    const other =
      magic === (0x800 | KINDS[this.kind === "images" ? "labels" : "images"])
        ? ` (that is a ${this.kind === "images" ? "labels" : "images"} file)`
        : "";
    const gz = h[0] === 0x1f && h[1] === 0x8b ? " (gzip data: was it compressed twice?)" : "";
    throw new RangeError(
      `${this.what}: bad magic ${hex(magic)}, expected ${hex(expected)}: not an IDX ${this.kind} file${other}${gz}`,
    );
  }
}
