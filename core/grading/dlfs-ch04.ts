import type { Assignment } from "./types";

/** The built-in assignment: the book's chapter 4 ("learning from data"), one problem per function. */
export const DLFS_CH04: Assignment = {
  id: "dlfs-ch04",
  title: "Deep Learning from Scratch, chapter 4: learning from data",
  description:
    "Implement the chapter's functions in numpy and answer with your own code's results on your variant's inputs " +
    "(GET /v1/assignments/dlfs-ch04/variant?student=YOUR_ID).",
  due: null,
  late: { mode: "accept" },
  policy: "best",
  limits: { min_interval_seconds: 10, max_attempts: 100 },
  problems: [
    { id: "mse", kind: "mse", title: "mean_squared_error", points: 1 },
    { id: "cee", kind: "cross_entropy", title: "cross_entropy_error, one example", points: 1 },
    {
      id: "cee_batch_onehot",
      kind: "cross_entropy",
      title: "cross_entropy_error, batch with one-hot targets",
      points: 1,
      params: { batch: 4 },
    },
    {
      id: "cee_batch_labels",
      kind: "cross_entropy",
      title: "cross_entropy_error, batch with labels",
      points: 1,
      params: { batch: 10, target: "labels" },
    },
    { id: "softmax", kind: "softmax", title: "softmax of large scores", points: 1, partial: true },
    { id: "numerical_diff", kind: "numerical_diff", title: "numerical_diff", points: 1 },
    { id: "numerical_gradient", kind: "numerical_gradient", title: "numerical_gradient", points: 1, partial: true },
    {
      id: "descent_x",
      kind: "gradient_descent",
      title: "gradient_descent: final x",
      points: 1,
      params: { answer: "x" },
    },
    {
      id: "descent_history",
      kind: "gradient_descent",
      title: "gradient_descent: x_history",
      points: 1,
      partial: true,
      visibility: "after_due_date",
      params: { answer: "history" },
    },
    { id: "simplenet_loss", kind: "simple_net", title: "simpleNet: loss", points: 1, params: { answer: "loss" } },
    {
      id: "simplenet_dW",
      kind: "simple_net",
      title: "simpleNet: dW",
      points: 1,
      partial: true,
      rtol: 1e-6,
      visibility: "hidden",
      params: { answer: "dW" },
    },
    {
      id: "model",
      kind: "model_accuracy",
      title: "A trained network on the held-out digits",
      points: 3,
      params: {
        thresholds: [
          { accuracy: 0.9, credit: 1 },
          { accuracy: 0.85, credit: 0.75 },
          { accuracy: 0.8, credit: 0.5 },
        ],
      },
    },
  ],
};
