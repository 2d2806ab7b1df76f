/**
 * Byte sinks: where a streamed upload's pieces go, one awaited write at a time (so a slow
 * consumer slows the reader, and nothing piles up). `gunzipIfGzip` puts a decompressor in front
 * of a sink when the bytes start with the gzip magic 1f 8b, and passes them through otherwise —
 * the official MNIST files come either way. It uses the web-standard DecompressionStream("gzip")
 * (Node >= 18 and workerd), and counts the output so a gzip bomb stops at `maxBytes`.
 */
/** A chunk given to write() may be reused by the caller once the write has resolved: keep a copy, not the view. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<unknown>;
}

export function gunzipIfGzip(
  next: ByteSink,
  maxBytes: number,
  what: string,
): ByteSink & { readonly gzip: boolean | null } {
  let decided: Promise<ByteSink> | null = null;
  let first: Uint8Array | null = null; // a 1-byte first chunk, kept until the second byte arrives
  let gzip: boolean | null = null;
  const decide = (start: Uint8Array): Promise<ByteSink> => {
    gzip = start[0] === 0x1f && start[1] === 0x8b;
    return Promise.resolve(gzip ? gunzipInto(next, maxBytes, what) : next);
  };
  return {
    get gzip() {
      return gzip;
    },
    async write(chunk) {
      if (chunk.length === 0) return;
      if (!decided) {
        if (first) {
          const joined = new Uint8Array(first.length + chunk.length);
          joined.set(first);
          joined.set(chunk, first.length);
          chunk = joined;
          first = null;
        }
        if (chunk.length < 2) {
          first = chunk.slice();
          return;
        }
        decided = decide(chunk);
      }
      await (await decided).write(chunk);
    },
    async close() {
      if (!decided) decided = Promise.resolve(next);
      const sink = await decided;
      if (first) await sink.write(first);
      await sink.close();
    },
  };
}

/** Decompressed bytes read at a time. */
const OUTPUT_BYTES = 64 << 10;

/**
 * The decompressor's output, read into one buffer again and again where the stream allows it
 * (a BYOB reader, as workerd's), else (Node) as it comes. Each piece is valid until the next
 * read. Uploading the 60,000-image training .gz (9.8 MB, 47 MB inflated), workerd's peak RSS
 * grew by ~100 MB when the whole input was written at once and read as it came (inflated ahead
 * into fresh arrays, garbage until the next collection); ~64 MB with either the input paced by
 * the output (gunzipInto's write) or the output read into one buffer; 18 MB with both, as much
 * as the same images uploaded raw.
 */
function outputReader(readable: ReadableStream<Uint8Array>): {
  read: () => Promise<Uint8Array | null>;
  cancel: () => Promise<void>;
} {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = readable.getReader({ mode: "byob" });
  } catch {
    // not a byte stream
  }
  if (byob) {
    const reader = byob;
    let buffer = new ArrayBuffer(OUTPUT_BYTES);
    return {
      read: async () => {
        const { done, value } = await reader.read(new Uint8Array(buffer));
        if (done || !value) return null;
        buffer = value.buffer as ArrayBuffer;
        return value;
      },
      cancel: () => reader.cancel(),
    };
  }
  const reader = readable.getReader();
  return {
    read: async () => {
      const { done, value } = await reader.read();
      return done ? null : value;
    },
    cancel: () => reader.cancel(),
  };
}

/** A sink that gunzips what it is given into next. */
function gunzipInto(next: ByteSink, maxBytes: number, what: string): ByteSink {
  const ds = new DecompressionStream("gzip");
  const writer = ds.writable.getWriter();
  let total = 0;
  let failure: unknown = null;
  // Whether the pump waits for output (all inflated so far has gone to next), and who waits for that.
  let waiting = false;
  const waiters: (() => void)[] = [];
  // The pump drains the decompressor into next; writes below wait on it (backpressure).
  const output = outputReader(ds.readable);
  const pump = (async () => {
    try {
      for (;;) {
        waiting = true;
        for (const w of waiters.splice(0)) w();
        const value = await output.read();
        waiting = false;
        if (value === null) return;
        total += value.byteLength;
        if (total > maxBytes) throw new RangeError(`${what}: decompressed data exceeds ${maxBytes} bytes`);
        await next.write(value);
      }
    } catch (err) {
      failure =
        err instanceof RangeError
          ? err
          : new RangeError(`${what}: corrupt gzip data (${(err as Error)?.message ?? err})`);
      await output.cancel().catch(() => {});
      await writer.abort(failure).catch(() => {});
      throw failure;
    }
  })();
  pump.catch(() => {}); // observed through `failure` and close()
  const raceFailure = async (p: Promise<unknown>): Promise<void> => {
    await Promise.race([p, pump.then(() => new Promise(() => {}))]).catch((err) => {
      throw failure ?? new RangeError(`${what}: corrupt gzip data (${(err as Error)?.message ?? err})`);
    });
  };
  const drained = (): Promise<void> => (waiting ? Promise.resolve() : new Promise((r) => waiters.push(r)));
  return {
    // The decompressor takes whatever it is given and inflates it ahead of the reader, so the
    // next piece goes in only once the pump has passed on all the output of the one before.
    async write(chunk) {
      if (failure) throw failure;
      await raceFailure(writer.write(chunk));
      await raceFailure(drained());
    },
    async close() {
      if (failure) throw failure;
      await raceFailure(writer.close());
      await pump.catch((err) => {
        throw failure ?? err;
      });
      await next.close();
    },
  };
}
