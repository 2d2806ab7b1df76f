// The target: training the default 784-50-10 net from scratch through the API (`{}`, the
// documented defaults) reaches 96% on the 2,000 held-out digits, inside the work cap, and the
// saved model answers /predict with that accuracy. This is the one long test (~13 s of training).
import { env, SELF } from "cloudflare:test";
import { beforeAll, expect, it } from "vitest";
import { loadDigits } from "./defaults";
import { fixtureBytes as fixture } from "./reference";

let testImages: Uint8Array;
let testLabels: Uint8Array;

beforeAll(async () => {
  testImages = await fixture("mnist/test-images.u8");
  testLabels = await fixture("mnist/test-labels.u8");
  await loadDigits();
});

it("POST /v1/train {} reaches 96% held-out accuracy within the cap, and the saved model predicts as well", async () => {
  const res = await SELF.fetch("http://x/v1/train", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test-admin-token" },
    body: JSON.stringify({ save_as: "from-scratch" }),
  });
  expect(res.status).toBe(200);
  const json = (await res.json()) as any;
  expect(json.options).toMatchObject({
    arch: "two-layer",
    activation: "relu",
    hidden_size: 50,
    iters_num: 4000,
    batch_size: 100,
  });
  expect(json.cost.work).toBeLessThanOrEqual(json.cost.cap);
  expect(json.final.test_accuracy).toBeGreaterThanOrEqual(0.96);
  expect(json.loss_curve).toHaveLength(4000);
  // The stored model, used through /predict on the held-out digits as uint8 rows, agrees.
  const predict = await SELF.fetch("http://x/v1/models/from-scratch/predict", {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: testImages,
  });
  const answer = (await predict.json()) as { predictions: { label: number }[]; model: { version: number } };
  expect(answer.model.version).toBe(1);
  let correct = 0;
  answer.predictions.forEach((p, i) => (correct += p.label === testLabels[i] ? 1 : 0));
  expect(correct / testLabels.length).toBeGreaterThanOrEqual(0.96);
  console.log(
    `from scratch: held-out accuracy ${json.final.test_accuracy}, predict ${correct / testLabels.length}, estimate ${json.cost.estimated_ms} ms`,
  );
});
