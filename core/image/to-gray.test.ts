import { describe, expect, it } from "vitest";
import { toGray } from "./mnist-preprocess";

// Alpha composited over white: g * a/255 + 255 * (1 - a/255), for each pixel with its own alpha.
const over = (g: number, a: number) => (g * a) / 255 + 255 * (1 - a / 255);

describe("toGray", () => {
  it("gray + alpha: each pixel composited with its own alpha", () => {
    const data = Uint8Array.of(0, 255, 0, 0, 100, 128, 200, 10);
    const gray = toGray({ width: 4, height: 1, channels: 2, data });
    [
      [0, 255],
      [0, 0],
      [100, 128],
      [200, 10],
    ].forEach(([g, a], i) => expect(gray[i]).toBeCloseTo(over(g, a), 9));
  });

  it("RGBA: the same compositing on each channel before the luminance", () => {
    const opaque = toGray({ width: 1, height: 1, channels: 4, data: Uint8Array.of(10, 20, 30, 255) });
    const clear = toGray({ width: 1, height: 1, channels: 4, data: Uint8Array.of(10, 20, 30, 0) });
    expect(clear[0]).toBeCloseTo(255, 9);
    expect(opaque[0]).toBeLessThan(30);
  });
});
