/**
 * Byte sinks: where a streamed upload's pieces go, one awaited write at a time (so a slow
 * consumer slows the reader, and nothing piles up). `gunzipIfGzip` puts a decompressor in front
 * of a sink when the bytes start with the gzip magic 1f 8b, and passes them through otherwise —
 * the official MNIST files come either way. It uses the web-standard DecompressionStream("gzip")
 * (Node >= 18 and workerd), and counts the output so a gzip bomb stops at `maxBytes`.
 */
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

/** A sink that gunzips what it is given into next. */
function gunzipInto(next: ByteSink, maxBytes: number, what: string): ByteSink {
  const ds = new DecompressionStream("gzip");
  const writer = ds.writable.getWriter();
  let total = 0;
  let failure: unknown = null;
  // The pump drains the decompressor into next; writes below wait on it (backpressure).
  const pump = (async () => {
    const reader = ds.readable.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        total += value.byteLength;
        if (total > maxBytes) throw new RangeError(`${what}: decompressed data exceeds ${maxBytes} bytes`);
        await next.write(value);
      }
    } catch (err) {
      failure =
        err instanceof RangeError
          ? err
          : new RangeError(`${what}: corrupt gzip data (${(err as Error)?.message ?? err})`);
      await reader.cancel().catch(() => {});
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
  return {
    async write(chunk) {
      if (failure) throw failure;
      await raceFailure(writer.write(chunk));
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
