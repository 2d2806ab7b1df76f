/**
 * A streaming multipart/form-data parser (RFC 7578 over RFC 2046 §5.1): chunks of the body go
 * in, events come out, and no part is ever held whole — a 47 MB file part passes through in
 * pieces the size of the chunks. The body is
 *
 *   preamble CRLF? "--" boundary CRLF headers CRLF CRLF data (CRLF "--" boundary CRLF headers ... )
 *   CRLF "--" boundary "--" epilogue
 *
 * so inside the body a part ends at CRLF "--" boundary; the parser looks for that delimiter and
 * keeps back only its last (length - 1) bytes between chunks, in case it straddles two of them.
 * `data` events are views valid until the next push().
 */
import { rangeErrorIn } from "../i18n";

export interface PartHeaders {
  name: string;
  filename: string | null;
  contentType: string | null;
}

export type MultipartEvent =
  | { type: "part"; headers: PartHeaders }
  | { type: "data"; bytes: Uint8Array }
  | { type: "end" };

export const MULTIPART_LIMITS = { maxHeaderBytes: 8 << 10, maxParts: 16 } as const;

const CR = 13;
const LF = 10;
const DASH = 45;

/** The boundary parameter of a multipart/form-data Content-Type header, or null. */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** Index of needle in hay at or after from, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

function parseHeaders(text: string): PartHeaders {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType: string | null = null;
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-type") contentType = value;
    if (key !== "content-disposition") continue;
    for (const m of value.matchAll(/;\s*([A-Za-z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
      const v = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3];
      if (m[1].toLowerCase() === "name") name = v;
      if (m[1].toLowerCase() === "filename") filename = v;
    }
  }
  if (name === null) throw rangeErrorIn("multipart", "io.multipart.no-name");
  return { name, filename, contentType };
}

type State = "preamble" | "after-delimiter" | "headers" | "body" | "done";

export class MultipartParser {
  private readonly delimiter: Uint8Array; // CRLF "--" boundary
  private carry: Uint8Array;
  private state: State = "preamble";
  private parts = 0;

  constructor(
    boundary: string,
    private readonly limits: { maxHeaderBytes: number; maxParts: number } = MULTIPART_LIMITS,
  ) {
    if (!/^[\x20-\x7e]{1,70}$/.test(boundary)) throw rangeErrorIn("multipart", "io.multipart.boundary");
    this.delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
    // The first delimiter may open the body without a CRLF before it: pretend there was one.
    this.carry = Uint8Array.of(CR, LF);
  }

  get finished(): boolean {
    return this.state === "done";
  }

  push(chunk: Uint8Array): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    if (this.state === "done") return events; // the epilogue is ignored
    let buf: Uint8Array;
    if (this.carry.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
    }
    let pos = 0;
    const d = this.delimiter;
    for (;;) {
      if (this.state === "preamble" || this.state === "body") {
        const at = indexOf(buf, d, pos);
        if (at < 0) {
          // Keep back what could be the start of a delimiter; the rest is data (or preamble).
          const keep = Math.min(d.length - 1, buf.length - pos);
          const end = buf.length - keep;
          if (this.state === "body" && end > pos) events.push({ type: "data", bytes: buf.subarray(pos, end) });
          this.carry = buf.slice(end);
          return events;
        }
        if (this.state === "body" && at > pos) events.push({ type: "data", bytes: buf.subarray(pos, at) });
        pos = at + d.length;
        this.state = "after-delimiter";
      } else if (this.state === "after-delimiter") {
        // "--" closes the body; otherwise optional transport padding (spaces, tabs), then CRLF.
        let p = pos;
        while (p < buf.length && (buf[p] === 32 || buf[p] === 9)) p++;
        if (buf.length - p < 2) {
          this.carry = buf.slice(pos);
          return events;
        }
        if (buf[p] === DASH && buf[p + 1] === DASH) {
          this.state = "done";
          events.push({ type: "end" });
          this.carry = new Uint8Array(0);
          return events;
        }
        if (buf[p] !== CR || buf[p + 1] !== LF) throw rangeErrorIn("multipart", "io.multipart.crlf");
        pos = p + 2;
        this.state = "headers";
      } else if (this.state === "headers") {
        let end = -1;
        for (let i = pos; i + 3 < buf.length; i++) {
          if (buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR && buf[i + 3] === LF) {
            end = i;
            break;
          }
        }
        if (end < 0) {
          if (buf.length - pos > this.limits.maxHeaderBytes)
            throw rangeErrorIn("multipart", "io.multipart.headers", { max: this.limits.maxHeaderBytes });
          this.carry = buf.slice(pos);
          return events;
        }
        if (end - pos > this.limits.maxHeaderBytes)
          throw rangeErrorIn("multipart", "io.multipart.headers", { max: this.limits.maxHeaderBytes });
        if (++this.parts > this.limits.maxParts)
          throw rangeErrorIn("multipart", "io.multipart.parts", { max: this.limits.maxParts });
        // Headers are ASCII (RFC 7578 §4.2 allows UTF-8 in filename): decode as UTF-8.
        events.push({ type: "part", headers: parseHeaders(new TextDecoder().decode(buf.subarray(pos, end))) });
        pos = end + 4;
        this.state = "body";
      } else {
        return events;
      }
    }
  }

  /** Call at the end of the body: throws when the closing boundary never came. */
  finish(): void {
    if (this.state !== "done") {
      throw this.parts === 0
        ? rangeErrorIn("multipart", "io.multipart.no-parts")
        : rangeErrorIn("multipart", "io.multipart.ended");
    }
  }
}
