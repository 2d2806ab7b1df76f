/**
 * Writes to one key run one after another within an isolate: `oneWriter(queue, key, fn)` starts
 * fn once every earlier write to the key has settled (whether it succeeded or not). KV has no
 * compare-and-swap, so this is what keeps one isolate from interleaving two writes to one name.
 */
export type WriteQueue = Map<string, Promise<unknown>>;

export async function oneWriter<T>(queue: WriteQueue, key: string, fn: () => Promise<T>): Promise<T> {
  const before = queue.get(key) ?? Promise.resolve();
  const run = before.catch(() => {}).then(fn);
  queue.set(key, run);
  try {
    return await run;
  } finally {
    if (queue.get(key) === run) queue.delete(key);
  }
}
