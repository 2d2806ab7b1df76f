/**
 * The IDX format of the official MNIST files, read as a stream: the header (magic 0x0000 08 nd —
 * unsigned bytes, nd dimensions — then nd big-endian uint32 sizes) is parsed as soon as its bytes
 * have arrived, and the payload is passed on in the pieces it came in, never gathered. The whole
 * file is checked: the right magic, no bytes missing (finish()) and none after the payload.
 * core/io/idx.ts reads a file already in memory; this reads one while it is uploaded.
 */
import { type MessageKey, type ParamArgs, rangeErrorIn, type Text, text } from "../i18n";

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
      throw this.fail("io.idx.after-payload", { payload: this.describe() });
    }
    this.received += rest;
    return [offset === 0 ? chunk : chunk.subarray(offset)];
  }

  /** Call at the end of the file: throws when the header or payload is incomplete. */
  finish(): IdxHeader {
    if (!this.header) throw this.fail("io.idx.truncated-header", { bytes: this.headLength, need: this.headerBytes });
    if (this.received < this.header.payloadBytes) {
      throw this.fail("io.idx.truncated-data", {
        payload: this.describe(),
        need: this.header.payloadBytes,
        got: this.received,
      });
    }
    return this.header;
  }

  /** A RangeError naming the file, with its reason in the catalogues (en, ko). */
  private fail<K extends MessageKey>(key: K, ...params: ParamArgs<K>) {
    return rangeErrorIn(this.what, key, ...params);
  }

  private describe(): Text {
    const d = this.header!.dims;
    return this.kind === "images"
      ? text("io.idx.images", { count: d[0], rows: d[1], cols: d[2] })
      : text("io.idx.labels", { count: d[0] });
  }

  private checkMagic(): void {
    const h = this.head;
    const magic = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
    const expected = 0x800 | KINDS[this.kind];
    if (magic === expected) return;
    const hex = (v: number) => "0x" + v.toString(16).padStart(8, "0");
    const other = this.kind === "images" ? "labels" : "images";
    const found = { got: hex(magic), expected: hex(expected), kind: this.kind };
    if (magic === (0x800 | KINDS[other])) throw this.fail("io.idx.magic-other-kind", { ...found, other });
    if (h[0] === 0x1f && h[1] === 0x8b) throw this.fail("io.idx.magic-gzip", found);
    throw this.fail("io.idx.magic", found);
  }
}
