import { rangeErrorIn } from "../i18n";

/**
 * Bounded decompression through the web-standard DecompressionStream (Node >= 20.12 and
 * workerd both support "deflate-raw" and "deflate"). Output is counted while it streams and
 * the stream is cancelled as soon as it passes `maxBytes`, so a zip bomb never allocates more
 * than the cap. Corrupt data becomes a RangeError naming `what`.
 */
export async function inflate(
  data: Uint8Array,
  format: "deflate-raw" | "deflate",
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  // Not awaited: the reader below drains the output, which is what lets the writes complete.
  // (DOM's typings want an ArrayBuffer-backed view; the bytes here never live in a SharedArrayBuffer.)
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw rangeErrorIn(what, "io.inflate.too-large", { max: maxBytes });
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof RangeError) throw err;
    throw rangeErrorIn(what, "io.inflate.corrupt", { detail: String((err as Error)?.message ?? err) });
  }
  return concat(chunks, total);
}

export function concat(
  chunks: readonly Uint8Array[],
  total = chunks.reduce((s, c) => s + c.byteLength, 0),
): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
