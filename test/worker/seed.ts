import { env } from "cloudflare:test";
import { evaluate } from "../../core/nn/metrics";
import { decodeModelFile, type ModelMeta } from "../../core/nn/model-file";
import { putDataset } from "../../worker/datasets/store";
import { putModel } from "../../worker/models/store";
import { fixtureBytes } from "./reference";

export { fixtureBytes };

/**
 * What `npm start` seeds, written straight through the stores (the admin routes that npm start
 * uses are tested on their own): the held-out digits and the two default models.
 */
export async function seedDefaults({ train = false } = {}): Promise<void> {
  const images = await fixtureBytes("mnist/test-images.u8");
  const labels = await fixtureBytes("mnist/test-labels.u8");
  await putDataset(env.KV, "test", images, labels);
  if (train)
    await putDataset(
      env.KV,
      "train",
      await fixtureBytes("mnist/train-images.u8"),
      await fixtureBytes("mnist/train-labels.u8"),
    );
  for (const name of ["mnist-simple", "mnist-two-layer"]) {
    const meta = JSON.parse(new TextDecoder().decode(await fixtureBytes(`models/${name}.json`))) as ModelMeta;
    const net = decodeModelFile(meta, await fixtureBytes(`models/${name}.bin`));
    await putModel(env.KV, name, net, {
      source: "fixtures",
      measure: async (n) => {
        const { accuracy, loss, count } = evaluate(n, { data: images, rows: labels.length, cols: 784 }, labels);
        return { split: "test", accuracy, loss, count };
      },
    });
  }
}
