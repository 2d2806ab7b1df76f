import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/helpers/fixtures";
import { type Ecl, encodeQr, penalty } from "./qr-code";

interface Case {
  data: string;
  ecl: Ecl;
  mask: number;
  version: number;
  rows: string[];
}

const { cases } = loadFixture<Case[]>("qr");
const rows = (modules: boolean[][]) => modules.map((r) => r.map((m) => (m ? "1" : "0")).join(""));

describe("encodeQr", () => {
  it("makes the python qrcode package's symbols module for module (every level, versions 1-10, every mask)", () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(new Set(cases.map((c) => c.version)).size).toBe(10);
    for (const c of cases) {
      const q = encodeQr(c.data, { ecl: c.ecl, mask: c.mask });
      expect(q.version, `${c.ecl} ${c.data.length}`).toBe(c.version);
      expect(rows(q.modules), `${c.ecl} v${c.version} mask ${c.mask}`).toEqual(c.rows);
    }
  });

  it("without a mask, chooses the one with the lowest penalty of the standard's rules", () => {
    const url = "http://192.168.1.20:8787/room?code=K7PQ2M";
    const chosen = encodeQr(url);
    const scores = Array.from({ length: 8 }, (_, m) => penalty(encodeQr(url, { mask: m }).modules));
    expect(scores[chosen.mask]).toBe(Math.min(...scores));
    expect(rows(chosen.modules)).toEqual(rows(encodeQr(url, { mask: chosen.mask }).modules));
  });

  it("penalty: the standard's rules on small pictures", () => {
    // N1: a row of 6 equal modules scores 3 + 1; N4: all dark is 50% off half, 10 x 10
    const allDark = Array.from({ length: 6 }, () => new Array(6).fill(true));
    // rows and columns: 12 runs of 6 (4 each); 2x2 blocks: 25 (3 each); dark 100%: 10 x 10
    expect(penalty(allDark)).toBe(12 * 4 + 25 * 3 + 100);
  });

  it("refuses what does not fit and masks that do not exist", () => {
    expect(() => encodeQr("x".repeat(400))).toThrow(/do not fit in a version 10 symbol/);
    expect(() => encodeQr("x", { mask: 8 })).toThrow(RangeError);
  });
});
