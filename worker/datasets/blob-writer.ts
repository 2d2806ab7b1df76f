/**
 * Writes one R2 object of a size known in advance from pieces that arrive one at a time,
 * hashing them (SHA-256) on the way. Up to PART_BYTES it is one put; above, an R2 multipart
 * upload of PART_BYTES parts (R2: every part but the last the same size, at least 5 MiB), so a
 * 47 MB file never sits in memory whole: one part buffer at a time, reused.
 */
import type { ByteSink } from "../../core/io/byte-sink";

export const PART_BYTES = 5 << 20;

export interface BlobInfo {
  key: string;
  sha256: string;
  bytes: number;
}

function hex(buffer: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(buffer)) s += b.toString(16).padStart(2, "0");
  return s;
}

export class R2BlobWriter implements ByteSink {
  private readonly part: Uint8Array;
  private filled = 0;
  private written = 0;
  private readonly digest = new crypto.DigestStream("SHA-256");
  private readonly hash = this.digest.getWriter();
  private upload: R2MultipartUpload | null = null;
  private readonly parts: R2UploadedPart[] = [];

  constructor(
    private readonly bucket: R2Bucket,
    readonly key: string,
    readonly bytes: number,
  ) {
    this.part = new Uint8Array(Math.min(bytes, PART_BYTES));
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.written + chunk.length > this.bytes)
      throw new RangeError(`${this.key}: more than the ${this.bytes} bytes announced`);
    this.written += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.part.length - this.filled, chunk.length - at);
      this.part.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.part.length && this.written < this.bytes) await this.flushPart();
    }
  }

  /** Uploads the full part buffer as the next part of a multipart upload. */
  private async flushPart(): Promise<void> {
    const data = this.part.subarray(0, this.filled);
    await this.hash.write(data);
    this.upload ??= await this.bucket.createMultipartUpload(this.key);
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, data));
    this.filled = 0;
  }

  /** Finishes the object; returns its key, sha-256 and size. */
  async close(): Promise<BlobInfo> {
    if (this.written !== this.bytes)
      throw new RangeError(`${this.key}: ${this.written} of the ${this.bytes} bytes announced`);
    const data = this.part.subarray(0, this.filled);
    await this.hash.write(data);
    await this.hash.close();
    if (this.upload) {
      if (this.filled > 0) this.parts.push(await this.upload.uploadPart(this.parts.length + 1, data));
      await this.upload.complete(this.parts);
    } else {
      await this.bucket.put(this.key, data);
    }
    return { key: this.key, sha256: hex(await this.digest.digest), bytes: this.bytes };
  }

  /** Abandons the object (an upload that failed half-way). */
  async abort(): Promise<void> {
    await this.upload?.abort().catch(() => {});
  }
}
