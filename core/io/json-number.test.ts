import { describe, expect, it } from "vitest";
import { parseJsonNumber } from "./json-stream";

// parseJsonNumber reads the first `len` bytes of a reused buffer: bytes after `len` belong to
// something else and must not change the answer.
const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseJsonNumber reads only its own bytes", () => {
  it("a lone minus sign is not a number, whatever follows it in the buffer", () => {
    expect(parseJsonNumber(bytes("-5"), 1)).toBeNaN();
    expect(parseJsonNumber(bytes("-"), 1)).toBeNaN();
  });

  it("a number cut by len is read up to len", () => {
    expect(parseJsonNumber(bytes("12345"), 2)).toBe(12);
    expect(parseJsonNumber(bytes("-0.5e3"), 4)).toBe(-0.5);
  });
});
