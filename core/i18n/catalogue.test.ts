import { describe, expect, it } from "vitest";
import { CATALOGUES, en, ko, LANGS, negotiate, PLACEHOLDER, render, t, text } from ".";

const placeholders = (s: string): string[] => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
const HANGUL = /[\uac00-\ud7a3]/;

/** Texts that are code or names and read the same in Korean (a problem title such as "numerical_diff"). */
const SAME_IN_KOREAN = new Set(["assignment.dlfs-ch04.simplenet_dW", "zod.type.null"]);

describe("the catalogues", () => {
  it("have the same keys in every language", () => {
    const keys = Object.keys(en).sort();
    for (const lang of LANGS) expect(Object.keys(CATALOGUES[lang]).sort(), lang).toEqual(keys);
  });

  it("use the same placeholders in every language", () => {
    for (const lang of LANGS) {
      for (const [key, english] of Object.entries(en)) {
        expect(placeholders(CATALOGUES[lang][key as keyof typeof en]), `${lang} ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it("have Korean in every Korean message, except code that reads the same", () => {
    for (const [key, message] of Object.entries(ko)) {
      // Templates that are only placeholders and punctuation ("{from}–{to}%") have nothing to translate.
      if (SAME_IN_KOREAN.has(key) || !/[A-Za-z]/.test(en[key as keyof typeof en].replace(PLACEHOLDER, ""))) continue;
      expect(message, key).toMatch(HANGUL);
    }
  });

  it("never follow a placeholder with a particle that depends on its last sound (이/가, 을/를, 은/는, 와/과, 으로/로)", () => {
    for (const [key, message] of Object.entries(ko)) {
      expect(message, key).not.toMatch(/\{[A-Za-z_]\w*\}(이|가|을|를|은|는|와|과|으로|로)(?![가-힣])/);
      expect(message, key).not.toMatch(/\((이|가|을|를|은|는|와|과)\)/);
    }
  });

  it("use the book's Korean terms for the book's ideas", () => {
    const terms: Record<string, string> = {
      "mistake.mse.missing-half": "평균 제곱 오차",
      "mistake.cross_entropy.missing-minus": "교차 엔트로피 오차",
      "statement.mse": "원-핫 인코딩",
      "statement.cross_entropy.batch-labels": "미니배치",
      "statement.numerical_diff": "수치 미분",
      "statement.numerical_gradient": "기울기",
      "statement.gradient_descent.x": "경사 하강법",
      "mistake.gradient_descent.default-lr": "학습률",
      "mistake.simple_net.sign-flipped": "손실 함수",
    };
    for (const [key, term] of Object.entries(terms)) expect(ko[key as keyof typeof ko], key).toContain(term);
  });
});

describe("t and render", () => {
  it("fill placeholders and leave other braces alone", () => {
    expect(t("en", "mistake.gradient_descent.default-lr", { lr: 0.1 })).toBe(
      "Your answer used the default learning rate lr = 0.01: pass lr=0.1 as the problem says.",
    );
    expect(t("ko", "mistake.gradient_descent.default-lr", { lr: 0.1 })).toBe(
      "기본 학습률 lr = 0.01을 썼습니다: 문제에 적힌 학습률(lr=0.1)을 넘기세요.",
    );
    expect(render("en", text("grade.no-upload", { field: "model" }))).toBe(
      'No .npz was uploaded (multipart file field "model").',
    );
  });

  it("render nested messages and lists in the same language", () => {
    const tiers = [0.9, 0.8].map((a, i) =>
      text("statement.model_accuracy.tier", { accuracy: a, percent: 100 - 50 * i }),
    );
    const m = text("statement.model_accuracy", { tiers: { join: "; ", items: tiers } });
    expect(render("en", m)).toMatch(/Credit: accuracy >= 0\.9: 100%; accuracy >= 0\.8: 50%\.$/);
    expect(render("ko", m)).toMatch(/점수: 정확도 >= 0\.9: 100%; 정확도 >= 0\.8: 50%\.$/);
  });

  it("join a list of messages with spaces", () => {
    expect(render("ko", [text("grade.elements", { close: 5, total: 6 }), text("grade.correct")])).toBe(
      "원소 6개 중 5개가 허용 오차 안에 있습니다. 정답입니다.",
    );
  });
});

describe("negotiate", () => {
  it("lets ?lang= win over Accept-Language", () => {
    expect(negotiate("ko", "en-US,en;q=0.9")).toBe("ko");
    expect(negotiate("en", "ko-KR")).toBe("en");
    expect(negotiate("KO", null)).toBe("ko");
  });

  it("reads Accept-Language by q, then order, by primary tag", () => {
    expect(negotiate(null, "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ko");
    expect(negotiate(null, "en-US,en;q=0.9,ko;q=0.8")).toBe("en");
    expect(negotiate(null, "en;q=0.5, ko;q=0.8")).toBe("ko");
    expect(negotiate(null, "fr-FR, ko;q=0.3")).toBe("ko");
    expect(negotiate(null, "fr-FR, de")).toBe("en");
    expect(negotiate(null, "ko;q=0")).toBe("en");
  });

  it("falls back to English for nothing, an unknown ?lang= or junk", () => {
    expect(negotiate(undefined, undefined)).toBe("en");
    expect(negotiate("fr", "")).toBe("en");
    expect(negotiate("", "*")).toBe("en");
    expect(negotiate(null, ";;;,q=abc")).toBe("en");
  });
});
