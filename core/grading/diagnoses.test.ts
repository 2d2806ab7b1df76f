import { describe, expect, it } from "vitest";
import { en, hasKey, LANGS, render } from "../i18n";
import { DLFS_CH04 } from "./dlfs-ch04";
import { KINDS, MODEL_ACCURACY } from "./kinds";
import { generateProblem } from "./variant";

/**
 * Every diagnosis of every kind, in every language: the problems of the built-in assignment
 * cover each kind's branches (one example and batches, one-hot and labels, final x and history,
 * loss and dW); 40 seeds each draw many inputs.
 */
const HANGUL = /[\uac00-\ud7a3]/;
const LEFTOVER = /\{[A-Za-z_][A-Za-z0-9_]*\}/;

const seen = new Map<string, { en: string; ko: string }>();
for (const spec of DLFS_CH04.problems.filter((p) => p.kind !== MODEL_ACCURACY)) {
  const kind = KINDS.get(spec.kind)!;
  for (let seed = 1; seed <= 40; seed++) {
    const { inputs } = generateProblem(spec, seed);
    for (const m of kind.mistakes(inputs)) {
      seen.set(`${kind.name}.${m.id}`, { en: render("en", m.message), ko: render("ko", m.message) });
      expect(m.message.key).toBe(`mistake.${kind.name}.${m.id}`);
    }
  }
}

describe("diagnoses", () => {
  it("covers every mistake in the catalogue (no message without a kind that produces it)", () => {
    const catalogued = Object.keys(en)
      .filter((k) => k.startsWith("mistake."))
      .map((k) => k.slice("mistake.".length));
    expect([...seen.keys()].sort()).toEqual(catalogued.sort());
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });

  it.each([...seen.keys()])("%s has an English and a Korean message and label", (id) => {
    const m = seen.get(id)!;
    expect(m.en).not.toMatch(LEFTOVER);
    expect(m.ko).not.toMatch(LEFTOVER);
    expect(m.ko).toMatch(HANGUL);
    expect(m.ko).not.toBe(m.en);
    const label = `label.${id}`;
    expect(hasKey(label), label).toBe(true);
    if (hasKey(label)) {
      for (const lang of LANGS) expect(render(lang, { key: label }).length, `${lang} ${label}`).toBeGreaterThan(0);
      expect(render("ko", { key: label })).toMatch(HANGUL);
    }
  });
});

describe("statements", () => {
  it("every problem of the built-in assignment has a statement in both languages, placeholders filled", () => {
    for (const spec of DLFS_CH04.problems) {
      const { statement } = generateProblem(spec, 7);
      const english = render("en", statement);
      const korean = render("ko", statement);
      expect(english, spec.id).not.toMatch(LEFTOVER);
      expect(korean, spec.id).not.toMatch(LEFTOVER);
      expect(korean, spec.id).toMatch(HANGUL);
    }
  });
});
