/** validateNetwork checks a deeply frozen network's structure once (the per-request fast path), and nothing else. */
import { describe, expect, it } from "vitest";
import { Random } from "../random";
import { initNetwork } from "./init";
import { type Network, validateNetwork } from "./network";

const net = () => initNetwork({ arch: "two-layer", hiddenSize: 5, inputSize: 784 }, new Random(1));

function deepFreeze(n: Network): Network {
  for (const t of Object.values(n.params)) Object.freeze(Object.freeze(t).shape);
  return Object.freeze({ ...n, params: Object.freeze({ ...n.params }) });
}

describe("validateNetwork on frozen networks", () => {
  it("returns the same dims from the cache, and still rejects another input or output size", () => {
    const frozen = deepFreeze(net());
    const first = validateNetwork(frozen, { finite: false });
    expect(validateNetwork(frozen, { finite: false })).toEqual(first);
    expect(validateNetwork(frozen, { finite: false, inputSize: null, outputSize: null })).toEqual(first);
    expect(() => validateNetwork(frozen, { finite: false, inputSize: 16 })).toThrow(/expected 16 input rows/);
    expect(() => validateNetwork(frozen, { finite: false, outputSize: 4 })).toThrow(/"W2"/);
  });

  it("never caches the finiteness scan", () => {
    const n = net();
    const frozen = deepFreeze(n);
    validateNetwork(frozen, { finite: false });
    n.params.W1.data[3] = NaN; // the data stays writable; only the structure is frozen
    expect(() => validateNetwork(frozen)).toThrow(/non-finite value at 3/);
    expect(validateNetwork(frozen, { finite: false }).hidden).toBe(5);
  });

  it("re-validates networks that are not deeply frozen, so later edits are seen", () => {
    const n = net();
    validateNetwork(n, { finite: false });
    n.params.b1 = { shape: [4], data: new Float32Array(4) };
    expect(() => validateNetwork(n, { finite: false })).toThrow(/"b1"/);
    const shallow = Object.freeze({ ...net() }); // params not frozen
    validateNetwork(shallow, { finite: false });
    shallow.params.W2.shape[1] = 9;
    expect(() => validateNetwork(shallow, { finite: false })).toThrow(/"W2"/);
  });
});
