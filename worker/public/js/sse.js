// Server-Sent Events over fetch (POST bodies are not possible with EventSource).
import { ApiError } from "./api.js";
import { langHeaders } from "./i18n.js";

/**
 * POSTs `body` with Accept: text/event-stream and calls onEvent(name, data) for every event
 * as it arrives. Resolves when the stream ends; rejects on an HTTP error (with its problem+json).
 */
/**
 * @param {string} path
 * @param {unknown} body
 * @param {{ headers?: Record<string, string>, signal?: AbortSignal, onEvent: (name: string, data: any) => void }} options
 *   data: the event's JSON (any: what the OpenAPI document describes for the route's events)
 */
export async function postEventStream(path, body, { headers = {}, signal, onEvent }) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...langHeaders(), ...headers },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      // not JSON
    }
    throw new ApiError(problem, res.status);
  }
  if (!res.body) throw new ApiError({ detail: "the answer has no body" }, res.status);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue; // comment / keep-alive
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const v = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = v;
        else if (field === "data") data.push(v);
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}
