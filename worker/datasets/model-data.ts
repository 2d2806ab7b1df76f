/**
 * What a model records about the data it was trained on, and the check that keeps a model from
 * being silently evaluated on another dataset: the dataset's name, its class names (label order),
 * and the split's size and SHA-256s. A model that records none (weights uploaded without
 * ?dataset=) belongs to the default dataset, mnist.
 */
import { text } from "../../core/i18n";
import { Problem } from "../http/problem";
import { DEFAULT_DATASET, DIGIT_CLASSES, type LoadedSplit, type SplitMeta } from "./bucket";

export interface ModelDataset {
  name: string;
  classes: string[];
  /** The training split the weights were fitted to (absent for uploaded weights). */
  train?: { count: number; sha256: { images: string; labels: string } };
}

export function trainedOn(split: LoadedSplit | SplitMeta): ModelDataset {
  const meta = "meta" in split ? split.meta : split;
  return {
    name: meta.dataset,
    classes: meta.classes,
    train: { count: meta.count, sha256: { images: meta.images.sha256, labels: meta.labels.sha256 } },
  };
}

/** A model's dataset, with the default for models that record none. */
export function modelDataset(meta: { dataset?: ModelDataset | null }): ModelDataset {
  return meta.dataset ?? { name: DEFAULT_DATASET, classes: DIGIT_CLASSES };
}

/**
 * Refuses (422) to use a model on a dataset other than its own, unless the caller asked for it
 * explicitly (`allow_other_dataset`): accuracy of a model on images whose labels mean other
 * things is a number without meaning (a digits model scores ~8 % on re-labelled digits).
 */
export function checkSameDataset(
  model: { name: string; dataset: ModelDataset },
  requested: string,
  allow: boolean,
  pointer = "dataset",
): void {
  if (allow || model.dataset.name === requested) return;
  const trained = model.dataset.name;
  throw new Problem(
    422,
    text("error.dataset-mismatch", {
      model: model.name,
      trained,
      classes: model.dataset.classes.join(", "),
      dataset: requested,
    }),
    {
      errors: [{ pointer, message: text("error.dataset-mismatch-field", { trained }) }],
      extra: { model_dataset: trained },
    },
  );
}
