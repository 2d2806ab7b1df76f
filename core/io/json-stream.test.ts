// The streaming JSON reader against JSON.parse (the reference for what a JSON document means),
// and its refusals: each one made early, with a short pointer and a short message.
import { describe, expect, it } from "vitest";
import { Random } from "../random";
import { JsonObjectReader, JsonStreamError, type ObjectSpec, parseJsonNumber, readJsonStream } from "./json-stream";

const encoder = new TextEncoder();

const DIGITS: ObjectSpec = {
  x: { kind: "array", maxRank: 3, maxElements: 4000 * 784, dtype: "float32", rowLengths: [784, 28] },
  t: { kind: "array", maxRank: 2, maxElements: 40_000 },
  scale: { kind: "value", maxBytes: 16 },
  top: { kind: "value", maxBytes: 16 },
};
const ANY: ObjectSpec = {
  y: { kind: "array", maxRank: 2, maxElements: 1000, scalar: true },
  opts: { kind: "value", maxBytes: 200 },
  n: { kind: "value", maxBytes: 30 },
};

function read(text: string, spec: ObjectSpec = ANY, chunk = text.length || 1) {
  const bytes = encoder.encode(text);
  const r = new JsonObjectReader(spec, 1 << 20);
  for (let i = 0; i < bytes.length; i += chunk) r.write(bytes.subarray(i, i + chunk));
  return r.end();
}

function refusal(fn: () => unknown): JsonStreamError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(JsonStreamError);
    return err as JsonStreamError;
  }
  throw new Error("expected a JsonStreamError");
}

/** A stream of `count` chunks produced on demand, counting how many were read. */
function chunkStream(first: string, chunk: string, count: number) {
  const stats = { pulled: 0 };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      if (sent === 0) controller.enqueue(encoder.encode(first));
      else if (sent <= count) controller.enqueue(encoder.encode(chunk));
      else controller.close();
      sent++;
    },
  });
  return { stream, stats };
}

describe("parseJsonNumber", () => {
  it("agrees with JSON.parse bit for bit on random spellings", () => {
    const rng = new Random(7);
    const texts: string[] = [
      "0",
      "-0",
      "1",
      "255",
      "0.5",
      "1e-7",
      "1E+3",
      "123456789012345678901234567890",
      "0.1000000000000000055511151231257827",
      "4.9e-324",
      "1.7976931348623157e308",
      "2.2250738585072014e-308",
      "9007199254740993",
      "0.000001234",
    ];
    for (let i = 0; i < 3000; i++) {
      const v = (rng.random() - 0.5) * 10 ** Math.floor(rng.random() * 40 - 20);
      texts.push(String(v), v.toExponential(Math.floor(rng.random() * 17)), v.toFixed(Math.floor(rng.random() * 20)));
    }
    for (const t of texts) {
      const b = encoder.encode(t);
      expect(Object.is(parseJsonNumber(b, b.length), JSON.parse(t)), t).toBe(true);
    }
  });

  it("is NaN outside JSON's number grammar", () => {
    for (const t of ["01", "1.", ".5", "+1", "-", "1e", "1e+", "--1", "1.2.3", "0x10", "1-2"]) {
      const b = encoder.encode(t);
      expect(parseJsonNumber(b, b.length), t).toBeNaN();
    }
  });
});

describe("JsonObjectReader", () => {
  const doc = '{"y": [[1.5, -2e-3, 3], [4, 5.25, 6E2]], "opts": {"steps": 100, "name": "a\\"b,}"}, "n": 7}';

  it("reads arrays into typed arrays and values with JSON.parse, whatever the chunking", () => {
    const expected = JSON.parse(doc);
    for (let chunk = 1; chunk <= doc.length; chunk++) {
      const r = read(doc, ANY, chunk);
      const y = r.arrays.get("y")!;
      expect(y.shape).toEqual([2, 3]);
      expect(Array.from(y.data)).toEqual(expected.y.flat());
      expect(y.data).toBeInstanceOf(Float64Array);
      expect({ ...r.values }).toEqual({ opts: expected.opts, n: 7 });
    }
  });

  it("reads long rows in portions across chunk boundaries, equal to JSON.parse", () => {
    const rng = new Random(3);
    const rows = [0, 1, 2].map(() =>
      Array.from({ length: 10_000 }, () => (rng.random() - 0.5) * 10 ** Math.floor(rng.random() * 10 - 5)),
    );
    const text = JSON.stringify({ y: rows });
    for (const chunk of [7, 1000, 65_537, text.length]) {
      const y = read(text, { y: { kind: "array", maxRank: 2, maxElements: 30_000 } }, chunk).arrays.get("y")!;
      expect(y.shape).toEqual([3, 10_000]);
      expect(Array.from(y.data)).toEqual(rows.flat());
    }
  });

  it("names the exact element of a bad value in any row, and any portion", () => {
    const row = (n: number) => Array.from({ length: n }, (_, i) => i / 7);
    const spec: ObjectSpec = { y: { kind: "array", maxRank: 2, maxElements: 100_000 } };
    const bad = JSON.stringify({ y: [row(5000), row(5000), row(5000)] }).replace(
      /(\[[^\]]*\],\[)((?:[^,]*,){4321})[^,]*/,
      '$1$2"oops"',
    );
    for (const chunk of [13, 4096, bad.length]) {
      const e = refusal(() => read(bad, spec, chunk));
      expect([e.pointer, e.message]).toEqual(["/y/1/4321", "expected a finite number, got a string"]);
    }
    const ragged = JSON.stringify({ y: [row(3), row(3), row(4)] });
    expect(refusal(() => read(ragged, spec)).pointer).toBe("/y/2/3");
    const short = JSON.stringify({ y: [row(3), row(2)] });
    expect(refusal(() => read(short, spec)).message).toBe(
      "ragged: this list has 2 elements, expected 3 like the first",
    );
    expect(refusal(() => read('{"y": [[1, 2], [3, ]]}', spec)).message).toBe(
      "malformed JSON at byte 19: unexpected ']'",
    );
    expect(refusal(() => read('{"y": [[1, 2], [3, [4]]]}', spec)).pointer).toBe("/y/1/1");
  });

  it("stores float32 fields rounded as Math.fround (numpy's astype(np.float32))", () => {
    const row = Array.from({ length: 784 }, (_, i) => (i * 0.001234567) % 1);
    const r = read(JSON.stringify({ x: [row, row] }), DIGITS, 1000);
    const x = r.arrays.get("x")!;
    expect(x.shape).toEqual([2, 784]);
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(Array.from(x.data.subarray(0, 784))).toEqual(row.map(Math.fround));
  });

  it("reads a bare number where the field allows one, and shapes of every rank", () => {
    expect(read('{"y": 3.5}').arrays.get("y")).toEqual({ data: new Float64Array([3.5]), shape: [] });
    expect(read('{"y":[1,2,3] }').arrays.get("y")!.shape).toEqual([3]);
    const x = read(JSON.stringify({ x: [Array.from({ length: 28 }, () => new Array(28).fill(0))] }), DIGITS).arrays.get(
      "x",
    )!;
    expect(x.shape).toEqual([1, 28, 28]);
  });

  it("refuses an unknown key before reading its value", () => {
    const e = refusal(() => new JsonObjectReader(DIGITS, 1 << 30).write(encoder.encode('{"t": [3], "junk": [1, 2, 3')));
    expect(e.status).toBe(422);
    expect(e.pointer).toBe("/junk");
    expect(e.message).toMatch(/unknown field "junk"; expected x, t, scale, top/);
  });

  it("with otherKeys, lists every unknown key and drops its value; a big one is refused at its cap", async () => {
    const other = { kind: "value", maxBytes: 32 } as const;
    const r = new JsonObjectReader(DIGITS, 1 << 20, other);
    r.write(encoder.encode('{"t": [3], "junk": [1, 2], "scal": 255, "top": 2, "more": {"a": "b"}}'));
    const body = r.end();
    expect(body.unknown).toEqual(["junk", "scal", "more"]);
    expect({ ...body.values }).toEqual({ top: 2 });
    const { stream, stats } = chunkStream('{"junk": 1, "extra": [', "1,".repeat(1 << 15), 457);
    const err = (await readJsonStream(stream, DIGITS, 48 << 20, other).catch((e: unknown) => e)) as JsonStreamError;
    expect(err).toBeInstanceOf(JsonStreamError);
    expect([err.status, err.pointer, err.unknownKeys]).toEqual([422, "/extra", ["junk", "extra"]]);
    expect(stats.pulled).toBeLessThanOrEqual(3);
  });

  it("refuses deep nesting at the first bracket past the rank, with a short pointer", () => {
    const e = refusal(() => new JsonObjectReader(DIGITS, 1 << 30).write(encoder.encode('{"x":' + "[".repeat(100_000))));
    expect(e.status).toBe(422);
    expect(e.pointer).toBe("/x/0/0/0");
    expect(e.message).toBe("expected at most 3 levels of nesting, got more");
  });

  it("stops reading a 10,000,000-bracket body after its first chunk", async () => {
    const { stream, stats } = chunkStream('{"x":', "[".repeat(1 << 16), 153); // 10 million '['
    await expect(readJsonStream(stream, DIGITS, 48 << 20)).rejects.toThrow(/at most 3 levels of nesting/);
    expect(stats.pulled).toBeLessThanOrEqual(3);
  });

  it("refuses a 15-million-number unknown key without reading it", async () => {
    const { stream, stats } = chunkStream('{"x": [' + "0,".repeat(783) + '0], "extra": [', "1,".repeat(1 << 15), 457);
    const err = await readJsonStream(stream, DIGITS, 48 << 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JsonStreamError);
    expect((err as JsonStreamError).pointer).toBe("/extra");
    expect(stats.pulled).toBeLessThanOrEqual(3);
  });

  it("refuses a row of the wrong length as soon as it is too long", () => {
    const e = refusal(() => new JsonObjectReader(DIGITS, 1 << 30).write(encoder.encode('{"x": [' + "0,".repeat(900))));
    expect(e.pointer).toBe("/x/784");
    expect(e.message).toBe("a row longer than 784 numbers");
    expect(refusal(() => read('{"x": [[1, 2, 3]]}', DIGITS)).message).toBe("a row of 3 numbers: expected 784 or 28");
  });

  it("refuses ragged, empty and non-numeric lists, naming the element", () => {
    const cases: [string, string, string][] = [
      ['{"y": [[1, 2], [3]]}', "/y/1", "ragged: this list has 1 elements, expected 2 like the first"],
      ['{"y": [[1, 2], [3, 4, 5]]}', "/y/1/2", "ragged: this list has more than 2 elements like the first"],
      ['{"y": [1, [2]]}', "/y/1", "expected a number, got a list (ragged nesting)"],
      ['{"y": [[1], 2]}', "/y/1", "expected a list, got a number (ragged nesting)"],
      ['{"y": []}', "/y", "empty list"],
      ['{"y": [[1], []]}', "/y/1", "empty list"],
      ['{"y": [1, "2"]}', "/y/1", "expected a finite number, got a string"],
      ['{"y": [1, null]}', "/y/1", "expected a finite number, got null"],
      ['{"y": [{"a": 1}]}', "/y/0", "expected a finite number, got an object"],
      ['{"y": [1e400]}', "/y/0", "expected a finite number, got Infinity"],
      ['{"y": [[[1]]]}', "/y/0/0", "expected at most 2 levels of nesting, got more"],
      ['{"x": 1}', "/x", "expected a list of numbers, got a number"],
    ];
    for (const [text, pointer, message] of cases) {
      const e = refusal(() => read(text, text.includes('"x"') ? DIGITS : ANY));
      expect([e.status, e.pointer, e.message], text).toEqual([422, pointer, message]);
    }
  });

  it("refuses malformed JSON with the byte offset (400)", () => {
    for (const text of [
      "",
      "[1]",
      '{"y": [1,]}',
      '{"y": [1 2]}',
      '{"y": [NaN]}',
      '{"y": [01]}',
      '{"n": tru}',
      '{"n": 1,}',
      '{"n": 1} x',
      '{"n": 1',
      '{"y": [1]',
      "{'n': 1}",
    ]) {
      const e = refusal(() => read(text));
      expect(e.status, text).toBe(400);
      expect(e.message.length).toBeLessThan(120);
    }
    expect(refusal(() => read('{"y": [1 2]}')).message).toBe("malformed JSON at byte 9: unexpected '2'");
  });

  it("refuses duplicate keys, oversized values and oversized bodies", () => {
    expect(refusal(() => read('{"n": 1, "n": 2}')).message).toBe('field "n" given twice');
    const long = refusal(() => read(`{"n": "${"a".repeat(100)}"}`));
    expect([long.status, long.pointer, long.limit]).toEqual([413, "/n", 30]);
    const many = refusal(() => read(`{"y": [${"1,".repeat(1000)}1]}`));
    expect([many.status, many.pointer, many.limit]).toEqual([413, "/y", 1000]);
    const big = refusal(() => new JsonObjectReader(ANY, 10).write(encoder.encode('{"n": 12345678}')));
    expect([big.status, big.limit]).toEqual([413, 10]);
  });

  it("cuts long keys in pointers and messages (error bodies stay small)", () => {
    const key = "k".repeat(10_000);
    const e = refusal(() => read(`{"${key}": 1}`));
    expect(e.pointer.length).toBeLessThanOrEqual(80);
    expect(e.message.length).toBeLessThan(120);
  });

  it("never finds prototype properties as fields", () => {
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(refusal(() => read(`{"${key}": 1}`)).pointer).toBe(`/${key}`);
    }
  });
});
