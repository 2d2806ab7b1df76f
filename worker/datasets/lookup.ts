/**
 * What other resources (samples, training, models, grading) ask of the dataset store, as the
 * problems a learner reads: a public split or a 404 that says how to store it; the grading
 * split refused by every public route.
 */
import { text } from "../../core/i18n";
import { Problem } from "../http/problem";
import { checkDatasetName, DEFAULT_DATASET, getSplit, type LoadedSplit, type PublicSplit } from "./bucket";

/** The grading split asked for on a public route: a 422 that says it is private. */
export function refuseGradingSplit(dataset: string, pointer = "split"): never {
  throw new Problem(422, text("error.grading-split-private", { dataset }), {
    errors: [{ pointer, message: text("error.grading-split-private-field") }],
  });
}

/** A split name from a public route's query or body: train or test (grading is refused, others are a 422). */
export function publicSplit(value: string, dataset: string, pointer = "split"): PublicSplit {
  if (value === "grading") refuseGradingSplit(dataset, pointer);
  if (value !== "train" && value !== "test") throw Problem.field(pointer, text("datasets.split", { value }));
  return value;
}

/** A public split of a dataset, or a 404 that says how to store it. */
export async function mustGetSplit(
  bucket: R2Bucket,
  dataset: string = DEFAULT_DATASET,
  split: PublicSplit,
  pointer = "dataset",
): Promise<LoadedSplit> {
  checkDatasetName(dataset, pointer);
  const data = await getSplit(bucket, dataset, split);
  if (!data) {
    throw new Problem(404, text("error.split-missing", { split, dataset }), {
      errors: [{ pointer, message: text("error.split-missing-field", { split, dataset }) }],
    });
  }
  return data;
}
