import { describe, expect, it } from "vitest";
import { normalizeStudentId } from "./student-id";

describe("normalizeStudentId", () => {
  it("folds case and surrounding whitespace (finding 6: Alice and alice were two students)", () => {
    expect(normalizeStudentId("Alice")).toBe("alice");
    expect(normalizeStudentId("  ALICE\t")).toBe("alice");
    expect(normalizeStudentId("Alice@Example.edu")).toBe("alice@example.edu");
  });

  it("composes Unicode (NFC): a decomposed accent is the same id as the precomposed one", () => {
    const decomposed = "Jose\u0301";
    const composed = "Jos\u00e9";
    expect(decomposed).not.toBe(composed);
    expect(normalizeStudentId(decomposed)).toBe(normalizeStudentId(composed));
    expect(normalizeStudentId("김민수")).toBe("김민수");
  });

  it("refuses what is not an id", () => {
    for (const bad of ["", "   ", "a b", "-alice", "a/b", "x".repeat(129), 42, null, undefined])
      expect(normalizeStudentId(bad)).toBeNull();
  });
});
