import { env } from "cloudflare:test";
import { evaluate } from "../../core/nn/metrics";
import { decodeModelFile, type ModelMeta } from "../../core/nn/model-file";
import { DIGIT_CLASSES, PIXELS, putSplitBytes } from "../../worker/datasets/bucket";
import { putModel } from "../../worker/models/store";
import { fixtureBytes } from "./reference";

export { fixtureBytes };

/** Training digits of the bundled 8,000 kept for training; the last 1,000 are the private grading split. */
export const TRAIN_KEPT = 7000;

/**
 * The bundled digits as `npm start` stores them in the mnist dataset (R2), written straight
 * through the store: test (2,000), train (the first 7,000 training digits) and the private
 * grading split (the last 1,000, as PUT /v1/datasets/mnist/train carves it).
 */
export async function loadDigits({ train = true } = {}): Promise<void> {
  await putSplitBytes(
    env.DATASETS,
    "mnist",
    "test",
    await fixtureBytes("mnist/test-images.u8"),
    await fixtureBytes("mnist/test-labels.u8"),
  );
  if (!train) return;
  const images = await fixtureBytes("mnist/train-images.u8");
  const labels = await fixtureBytes("mnist/train-labels.u8");
  const keep = TRAIN_KEPT * PIXELS;
  await putSplitBytes(env.DATASETS, "mnist", "grading", images.subarray(keep), labels.subarray(TRAIN_KEPT), {
    carved: true,
  });
  await putSplitBytes(env.DATASETS, "mnist", "train", images.subarray(0, keep), labels.subarray(0, TRAIN_KEPT));
}

/**
 * What `npm start` loads: the mnist dataset (test, train and grading splits) and the two
 * default models (the admin routes that npm start uses are tested on their own).
 */
export async function loadDefaults({ train = true } = {}): Promise<void> {
  await loadDigits({ train });
  const images = await fixtureBytes("mnist/test-images.u8");
  const labels = await fixtureBytes("mnist/test-labels.u8");
  for (const name of ["mnist-simple", "mnist-two-layer"]) {
    const meta = JSON.parse(new TextDecoder().decode(await fixtureBytes(`models/${name}.json`))) as ModelMeta;
    const net = decodeModelFile(meta, await fixtureBytes(`models/${name}.bin`));
    await putModel(env.KV, name, net, {
      source: "fixtures",
      dataset: { name: "mnist", classes: DIGIT_CLASSES },
      measure: async (n) => {
        const { accuracy, loss, count } = evaluate(n, { data: images, rows: labels.length, cols: 784 }, labels);
        return { split: "test", accuracy, loss, count };
      },
    });
  }
}
