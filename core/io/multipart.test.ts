// The streaming multipart parser against bodies serialised by the platform's own FormData
// encoder (Node's fetch, an independent implementation), cut into chunks at every position.
import { describe, expect, it } from "vitest";
import { type MultipartEvent, MultipartParser, multipartBoundary } from "./multipart";

async function encode(form: FormData): Promise<{ body: Uint8Array; boundary: string }> {
  const req = new Request("http://x/", { method: "POST", body: form });
  const boundary = multipartBoundary(req.headers.get("content-type")!)!;
  return { body: new Uint8Array(await req.arrayBuffer()), boundary };
}

/** Runs the parser over body cut into the given chunk sizes; returns fields as name -> bytes. */
function parse(
  body: Uint8Array,
  boundary: string,
  cuts: number[],
): { fields: Map<string, Uint8Array>; names: string[]; files: (string | null)[] } {
  const p = new MultipartParser(boundary);
  const events: MultipartEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, body.length]) {
    if (cut < at) continue;
    // Data views are valid until the next push: copy them now.
    for (const e of p.push(body.slice(at, cut)))
      events.push(e.type === "data" ? { type: "data", bytes: e.bytes.slice() } : e);
    at = cut;
  }
  p.finish();
  const fields = new Map<string, Uint8Array>();
  const names: string[] = [];
  const files: (string | null)[] = [];
  let current = "";
  for (const e of events) {
    if (e.type === "part") {
      current = e.headers.name;
      names.push(current);
      files.push(e.headers.filename);
      fields.set(current, new Uint8Array(0));
    } else if (e.type === "data") {
      const prev = fields.get(current)!;
      const next = new Uint8Array(prev.length + e.bytes.length);
      next.set(prev);
      next.set(e.bytes, prev.length);
      fields.set(current, next);
    }
  }
  return { fields, names, files };
}

describe("MultipartParser", () => {
  const images = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
  // Bytes that look like the start of a delimiter inside the data.
  images.set([13, 10, 45, 45], 100);

  it("reads files and fields at every chunk boundary", async () => {
    const form = new FormData();
    form.append("images", new Blob([images]), "train-images-idx3-ubyte.gz");
    form.append("labels", new Blob([Uint8Array.of(1, 2, 3)]), "train-labels-idx1-ubyte");
    form.append("classes", "T-shirt/top,Trouser");
    const { body, boundary } = await encode(form);
    for (let cut = 0; cut <= body.length; cut++) {
      const { fields, names, files } = parse(body, boundary, [cut]);
      expect(names).toEqual(["images", "labels", "classes"]);
      expect(files).toEqual(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte", null]);
      expect(fields.get("images")).toEqual(images);
      expect(Array.from(fields.get("labels")!)).toEqual([1, 2, 3]);
      expect(new TextDecoder().decode(fields.get("classes"))).toBe("T-shirt/top,Trouser");
    }
  });

  it("reads a body fed one byte at a time", async () => {
    const form = new FormData();
    form.append("images", new Blob([images]), "a");
    const { body, boundary } = await encode(form);
    const { fields } = parse(
      body,
      boundary,
      Array.from({ length: body.length }, (_, i) => i),
    );
    expect(fields.get("images")).toEqual(images);
  });

  it("refuses truncated bodies and bodies with another boundary", async () => {
    const form = new FormData();
    form.append("images", new Blob([images]), "a");
    const { body, boundary } = await encode(form);
    expect(() => parse(body.subarray(0, body.length - 10), boundary, [])).toThrow(/ended inside a part/);
    expect(() => parse(body, "not-the-boundary", [])).toThrow(/no parts/);
  });

  it("refuses endless part headers and too many parts", () => {
    const p = new MultipartParser("b");
    expect(() =>
      p.push(new TextEncoder().encode(`--b\r\nContent-Disposition: form-data; name="x"${" ".repeat(9000)}`)),
    ).toThrow(/headers longer/);
    const many =
      Array.from({ length: 17 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join(
        "",
      ) + "--b--";
    expect(() => new MultipartParser("b").push(new TextEncoder().encode(many))).toThrow(/more than 16 parts/);
  });

  it("finds the boundary of a Content-Type", () => {
    expect(multipartBoundary("multipart/form-data; boundary=----abc")).toBe("----abc");
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
  });
});
