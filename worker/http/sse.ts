import type { Lang } from "../../core/i18n";
/**
 * Server-Sent Events (text/event-stream) for long jobs. The job runs while the response streams:
 * each `send` enqueues one event and then yields a macrotask, so the runtime writes it to the
 * client before the job computes on (a bare microtask would not let the socket flush). When the
 * client goes away the stream is cancelled, `cancelled` becomes true and the job stops at its
 * next check (workerd may also drop the request's pending timers once the client is gone, so
 * the job can simply never resume: `onCancel` runs at the cancel itself for bookkeeping); a
 * job's exception becomes an `error` event carrying the problem+json body.
 *
 *   event: progress
 *   data: {"step":100,"loss":0.41}
 */
import { toProblem } from "./errors";

export interface SseSink {
  /** Sends one event; resolves after the event loop has had a turn to flush it. */
  send(event: string, data: unknown): Promise<void>;
  /** True once the client disconnected (reader cancelled, or the request aborted). */
  readonly cancelled: boolean;
}

/** True when the client asked for an event stream (Accept: text/event-stream). */
export function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => part.split(";")[0].trim().toLowerCase() === "text/event-stream");
}

const encoder = new TextEncoder();

/** One event in the wire format (data is a single JSON line, so it needs no splitting). */
export function formatEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A streaming response that runs `job`. Errors thrown by the job are sent as an `error` event
 * (the problem+json body, with its status, in `lang`) and end the stream; nothing is sent after a cancel.
 */
export function sseResponse(
  job: (sink: SseSink) => Promise<void>,
  opts: { signal?: AbortSignal; onCancel?: () => void; lang?: Lang } = {},
): Response {
  const signal = opts.signal;
  let cancelled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
      opts.onCancel?.();
    },
  });
  const sink: SseSink = {
    get cancelled() {
      return cancelled || signal?.aborted === true;
    },
    async send(event, data) {
      if (sink.cancelled) return;
      try {
        controller.enqueue(formatEvent(event, data));
      } catch {
        cancelled = true; // the stream was closed under us
        return;
      }
      await yieldToEventLoop();
    },
  };
  const run = async (): Promise<void> => {
    // Let the response headers go out before the job starts computing.
    await yieldToEventLoop();
    try {
      await job(sink);
    } catch (err) {
      const problem = toProblem(err);
      if (problem.status >= 500) console.error("event stream job failed", (err as Error)?.message);
      await sink.send("error", problem.body(opts.lang));
    }
    if (!cancelled) {
      try {
        controller.close();
      } catch {
        // already closed or errored
      }
    }
  };
  void run();
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
