/**
 * The Wasm SIMD kernels inside workerd: the module is imported at build time (as the Worker does)
 * and checked against the TypeScript kernels with the same cases as in Node; and the Worker's
 * own predict route, which runs on them, against the TypeScript kernels.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getKernels } from "../../core/nn/kernel-registry";
import { decodeModelFile, type ModelMeta } from "../../core/nn/model-file";
import type { Network32 } from "../../core/nn/network";
import { predict } from "../../core/nn/predict";
import kernelsWasm from "../../core/nn/wasm/kernels.wasm";
import { createWasmKernels } from "../../core/nn/wasm/wasm-kernels";
import { both, type Digits, PROB_ATOL, parityCases } from "../helpers/kernel-parity";
import { fixtureBytes as fixture } from "./reference";

const kernels = createWasmKernels(kernelsWasm);
let digits: Digits;
let models: { relu: Network32; simple: Network32 };

beforeAll(async () => {
  digits = { images: await fixture("mnist/test-images.u8"), labels: await fixture("mnist/test-labels.u8") };
  const model = async (name: string) =>
    decodeModelFile(
      JSON.parse(new TextDecoder().decode(await fixture(`models/${name}.json`))) as ModelMeta,
      await fixture(`models/${name}.bin`),
    );
  models = { relu: await model("mnist-two-layer"), simple: await model("mnist-simple") };
});

describe("wasm kernels match the TypeScript kernels (workerd)", () => {
  it("the import is a compiled WebAssembly.Module", () => {
    expect(kernelsWasm).toBeInstanceOf(WebAssembly.Module);
  });
  for (const [name, run] of parityCases(
    kernels,
    () => digits,
    () => models,
  ))
    it(name, run);
});

describe("the Worker predicts with the wasm kernels", () => {
  it("installs them at module evaluation, and the predict route agrees with the TypeScript kernels", async () => {
    const bin = await fixture("models/mnist-two-layer.bin");
    const meta = await fixture("models/mnist-two-layer.json");
    const put = await SELF.fetch("http://x/v1/models/wasm-check", {
      method: "PUT",
      headers: { authorization: "Bearer test-admin-token", "content-type": "application/json" },
      body: JSON.stringify({
        arch: "two-layer",
        activation: "relu",
        params: Object.fromEntries(
          (JSON.parse(new TextDecoder().decode(meta)) as ModelMeta).params.map((p) => [
            p.name,
            nest(new Float32Array(bin.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength)), p.shape),
          ]),
        ),
      }),
    });
    expect(put.status).toBeLessThan(300);
    expect((await SELF.fetch("http://x/v1/ping")).status).toBe(200);
    const x = digits.images.subarray(0, 20 * 784);
    const res = await SELF.fetch("http://x/v1/models/wasm-check/predict", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: x,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { predictions: { label: number; probabilities: number[] }[] };
    const { ts } = both(kernels, () => predict(models.relu, { data: x, rows: 20, cols: 784 }));
    for (let r = 0; r < 20; r++) {
      expect(body.predictions[r].label).toBe(ts.labels[r]);
      for (let j = 0; j < 10; j++)
        expect(Math.abs(body.predictions[r].probabilities[j] - ts.probabilities[r * 10 + j])).toBeLessThanOrEqual(
          PROB_ATOL,
        );
    }
    expect(getKernels()?.name).toBe("wasm-simd"); // installed by worker/index.ts (same module graph as this test)
  });
});

function nest(data: Float32Array, shape: number[]): unknown {
  if (shape.length === 1) return Array.from(data);
  const [n, m] = shape;
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * m, (i + 1) * m)));
}
