import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/helpers/fixtures";
import { U8_SCALE } from "../nn/sparse-rows";
import { parseIdx, parseIdxImages, parseIdxLabels } from "./idx";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

interface IdxCases {
  images_hex: string;
  labels_hex: string;
  images: number[];
  labels: number[];
  count: number;
  rows: number;
  cols: number;
  bad: { kind: "images" | "labels"; hex: string; error: string }[];
}

describe("parseIdx", () => {
  const { cases } = loadFixture<IdxCases>("nn-idx");

  it("reads numpy-written IDX images and labels", () => {
    const set = parseIdx(hex(cases.images_hex), hex(cases.labels_hex));
    expect([set.count, set.rows, set.cols]).toEqual([cases.count, cases.rows, cases.cols]);
    expect(Array.from(set.images)).toEqual(cases.images);
    expect(Array.from(set.labels)).toEqual(cases.labels);
  });

  it.each(cases.bad.map((b) => [b.error, b.kind, b] as const))("rejects %s (%s)", (error, kind, b) => {
    const parse = kind === "images" ? parseIdxImages : parseIdxLabels;
    expect(() => parse(hex(b.hex))).toThrow(RangeError);
    expect(() => parse(hex(b.hex))).toThrow(error);
  });

  it("rejects image and label counts that disagree", () => {
    const labels = hex(cases.labels_hex).slice(0, 10);
    labels[7] = 2; // count 2
    expect(() => parseIdx(hex(cases.images_hex), labels)).toThrow(/3 images but 2 labels/);
  });
});

describe("U8_SCALE (load_mnist(normalize=True))", () => {
  it("is numpy's float32 p / 255 bit for bit", () => {
    const { cases } = loadFixture<{ p: number[]; value: number[] }>("nn-normalize");
    expect(cases.p.map((p) => U8_SCALE[p])).toEqual(cases.value);
  });
});
