/**
 * The page's one generated file, worker/public/js/core.bundle.js (scripts/build-page-core.mjs,
 * rebuilt from today's core/ before every test run), behaves like the TypeScript it came from:
 * the page's curves and its 28x28 preview are the API's own evaluator and preprocessing.
 */
import { describe, expect, it } from "vitest";
import {
  compileArray as tsCompileArray,
  compileScalar as tsCompileScalar,
  parseExpression as tsParse,
} from "../../core/expr";
import { mnistPreprocess as tsPreprocess } from "../../core/image/mnist-preprocess";
import { Random } from "../../core/random";
import * as page from "../../worker/public/js/core.bundle.js";

describe("worker/public/js/core.bundle.js", () => {
  it("pre-processes drawings exactly as the predict route's PNG path", () => {
    const rng = new Random(7);
    for (let n = 0; n < 20; n++) {
      const width = 20 + rng.randint(300),
        height = 20 + rng.randint(300);
      const data = new Uint8Array(width * height * 4);
      // a black background with a few white rectangles of "ink" (and some alpha)
      for (let i = 0; i < width * height; i++) data[4 * i + 3] = 255;
      for (let k = 0; k < 1 + rng.randint(4); k++) {
        const x0 = rng.randint(width),
          y0 = rng.randint(height);
        const w = 1 + rng.randint(width - x0),
          h = 1 + rng.randint(height - y0);
        const v = rng.randint(256),
          a = 128 + rng.randint(128);
        for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set([v, v, v, a], 4 * (y * width + x));
      }
      const image = { width, height, channels: 4 as const, data };
      const ours = page.mnistPreprocess(image);
      expect(Array.from(ours)).toEqual(Array.from(tsPreprocess(image)));
    }
  });

  it("evaluates the chapter's functions as the API's evaluator does, errors included", () => {
    const f = page.compileScalar(page.parseExpression("0.01*x**2 + 0.1*x"));
    const g = tsCompileScalar(tsParse("0.01*x**2 + 0.1*x"));
    for (const x of [0, 5, 10, -3.7, 1e6]) expect(f(x)).toBe(g(x));
    const x = { data: new Float64Array([-3, 4]), shape: [2] };
    for (const src of ["x[0]**2 + x[1]**2", "np.sum(x**2)", "np.exp(-x[0]) * np.sin(x[1])"]) {
      expect(page.compileArray(page.parseExpression(src))(x)).toBe(tsCompileArray(tsParse(src))(x));
    }
    expect(() => page.parseExpression("x[0]**2 + (x[1]")).toThrow(/column 16: expected '\)'/);
    expect(() => page.parseExpression("__import__('os')")).toThrow(page.ExpressionError);
  });
});
