/**
 * Every message a learner or an instructor reads, in English. ko.ts has the same keys (a key
 * missing there is a type error; core/i18n/catalogue.test.ts checks the placeholders match).
 * `{name}` is a placeholder filled by `t()`; other braces are literal text.
 *
 * Keys: grade.* (feedback on an answer), statement.* (problem statements), mistake.<kind>.<id>
 * (a diagnosed mistake: what went wrong and how to fix it, never the expected value) with
 * label.<kind>.<id> (the same mistake in a few words, for the instructor's insight page),
 * assignment.* (the built-in assignment's texts), error.* (problem+json details and field
 * messages), zod.* (validation issues by zod issue code).
 */
export const en = {
  // ---- feedback on one answer (core/grading/grade.ts)
  "grade.missing": "No answer was submitted for this problem.",
  "grade.correct": "Correct.",
  "grade.shape": "Expected an answer of shape {expected}, got {got}.",
  "grade.shape-transposed": "Expected an answer of shape {expected}, got {got} (it looks transposed).",
  "grade.elements": "{close} of {total} elements are within the tolerance;",
  "grade.outside": "{value} is outside the tolerance (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.outside-at":
    "{value} at {index} is outside the tolerance (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.not-finite":
    "{value} where a finite number was expected (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.not-finite-at":
    "{value} at {index} where a finite number was expected (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.no-upload": 'No .npz was uploaded (multipart file field "{field}").',
  "grade.accuracy": "Accuracy {accuracy} on {count} held-out digits: {percent}% of the points.",
  "grade.accuracy-next": "Reach {accuracy} for {percent}%.",

  // ---- problem statements (core/grading/kinds/*, core/grading/model-accuracy.ts)
  "statement.mse":
    "Compute mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2) for the network output y and the one-hot target t (the answer is {label}). Answer: one number.",
  "statement.cross_entropy.one":
    "Compute cross_entropy_error(y, t) = -np.sum(t * np.log(y + delta)) with delta = 1e-7 for the network output y and the one-hot target t (the answer is {label}). Answer: one number.",
  "statement.cross_entropy.batch-one-hot":
    "Compute the batch cross_entropy_error of the {batch} x {classes} outputs y against the one-hot targets t, averaged over the batch: -np.sum(...) / batch_size with delta = 1e-7 inside the log. Answer: one number.",
  "statement.cross_entropy.batch-labels":
    "Compute the batch cross_entropy_error of the {batch} x {classes} outputs y against the labels t (t[i] is the correct class of row i, not one-hot), averaged over the batch: -np.sum(...) / batch_size with delta = 1e-7 inside the log. Answer: one number.",
  "statement.softmax":
    "Compute softmax(x) row by row for the {rows} x {cols} scores x (each row sums to 1). The scores are large: subtract each row's max before np.exp. Answer: a list of rows.",
  "statement.numerical_diff":
    "Define f(x) = {f} and compute the book's numerical_diff(f, x) at x = {x}: the central difference (f(x+h) - f(x-h)) / (2*h) with h = 1e-4. Answer: one number.",
  "statement.numerical_gradient":
    "Define f(x) = {f} and compute the book's numerical_gradient(f, x) at x = {x} (central differences, h = 1e-4). The point is written with integers: make it a float array first. Answer: a list of 2 numbers.",
  "statement.gradient_descent.x":
    "Run the book's gradient_descent(f, init_x, lr={lr}, step_num={step_num}) with f(x) = {f} and init_x = {init_x} (numerical_gradient with h = 1e-4, x -= lr * grad). Answer: the final x, a list of 2 numbers.",
  "statement.gradient_descent.history":
    "Run the book's gradient_descent(f, init_x, lr={lr}, step_num={step_num}) with f(x) = {f} and init_x = {init_x} (numerical_gradient with h = 1e-4, x -= lr * grad). Answer: the history, np.array(x_history) — x before each step, {step_num} rows of 2 numbers (the first row is init_x).",
  "statement.simple_net.loss":
    "Build the book's simpleNet with net.W = W (2 x 3), x = {x} and t = one-hot of {label}. Answer: net.loss(x, t) = cross_entropy_error(softmax(np.dot(x, W)), t), one number.",
  "statement.simple_net.dW":
    "Build the book's simpleNet with net.W = W (2 x 3), x = {x} and t = one-hot of {label}. Answer: dW = numerical_gradient(f, net.W) with f = lambda w: net.loss(x, t) (h = 1e-4), a 2 x 3 list of rows.",
  "statement.model_accuracy":
    "Train a network with the book's code (simple: W, b; or TwoLayerNet: W1, b1, W2, b2 on 784 inputs and 10 classes) and upload np.savez(f, **network.params) as the multipart file field named after this problem. It is evaluated on the held-out test digits. Credit: {tiers}.",
  "statement.model_accuracy.tier": "accuracy >= {accuracy}: {percent}%",

  // ---- diagnosed mistakes (core/grading/kinds/*): message, then a short label
  "mistake.mse.missing-half": "Your answer is twice the mean squared error: the formula is 0.5 * np.sum((y - t)**2) — the 0.5 is missing.",
  "label.mse.missing-half": "forgot the 0.5 in mean_squared_error",
  "mistake.mse.mean-instead-of-half-sum":
    "Your answer is np.mean((y - t)**2): the book's mean squared error is 0.5 * np.sum((y - t)**2), a half-sum, not a mean.",
  "label.mse.mean-instead-of-half-sum": "used np.mean instead of 0.5 * np.sum",

  "mistake.cross_entropy.no-delta":
    "Your answer is what np.log(y) gives without the small delta: log(0) is -inf, and 0 * -inf is nan. Add delta = 1e-7 inside the log: np.log(y + delta).",
  "label.cross_entropy.no-delta": "no delta inside np.log",
  "mistake.cross_entropy.missing-minus":
    "Your answer has the wrong sign: the cross-entropy error is -np.sum(t * np.log(y + delta)); log of a probability is negative.",
  "label.cross_entropy.missing-minus": "forgot the minus sign",
  "mistake.cross_entropy.summed-over-batch":
    "Your answer is the sum over the batch: divide by batch_size (y.shape[0] = {batch}) to get the average loss per example.",
  "label.cross_entropy.summed-over-batch": "did not divide by batch_size",
  "mistake.cross_entropy.label-onehot-confusion":
    "Your answer is the one-hot formula -np.sum(t * np.log(y + delta)) applied to labels: t holds class numbers, and numpy broadcast it across the rows. With labels, pick each row's probability: y[np.arange(batch_size), t].",
  "label.cross_entropy.label-onehot-confusion": "used the one-hot formula with labels",

  "mistake.softmax.softmax-overflow":
    "Your answer has nan (or inf) where np.exp overflowed: exp(1000) is inf and inf / inf is nan. Subtract the max first: np.exp(x - np.max(x, axis=-1, keepdims=True)); it does not change the result.",
  "label.softmax.softmax-overflow": "np.exp overflowed (max not subtracted)",
  "mistake.softmax.softmax-whole-batch":
    "Your rows do not each sum to 1: the max and the sum were taken over the whole batch. Use axis=-1 with keepdims=True so each row is normalised on its own.",
  "label.softmax.softmax-whole-batch": "normalised over the whole batch, not per row",

  "mistake.numerical_diff.forward-difference":
    "Your answer is the forward difference (f(x+h) - f(x)) / h. Its error is of order h; the central difference (f(x+h) - f(x-h)) / (2*h) is accurate to order h**2.",
  "label.numerical_diff.forward-difference": "forward difference instead of central",
  "mistake.numerical_diff.tiny-h":
    "Your answer is 0: with h = 1e-50, x + h rounds back to x in float64 (rounding error), so f(x+h) - f(x-h) is 0. Use h = 1e-4.",
  "label.numerical_diff.tiny-h": "h too small (1e-50)",

  "mistake.numerical_gradient.integer-input":
    "Your gradient is what numpy gives for an integer array (np.array([3, 4]) is int64): x[idx] = tmp_val + h is truncated back to an integer and grad is an integer array. Convert first: np.array(x, dtype=float).",
  "label.numerical_gradient.integer-input": "integer array (not converted to float)",
  "mistake.numerical_gradient.forward-difference":
    "Your gradient uses the forward difference (f(x+h) - f(x)) / h; the book's numerical_gradient uses the central difference (f(x+h) - f(x-h)) / (2*h).",
  "label.numerical_gradient.forward-difference": "forward difference instead of central",
  "mistake.numerical_gradient.no-restore":
    "Your later partial derivatives were taken at a moved point: after computing grad[idx], restore x[idx] = tmp_val before moving to the next element.",
  "label.numerical_gradient.no-restore": "x[idx] not restored",
  "mistake.numerical_gradient.tiny-h": "Your gradient is all zeros: with h = 1e-50, x + h rounds back to x in float64. Use h = 1e-4.",
  "label.numerical_gradient.tiny-h": "h too small (1e-50)",

  "mistake.gradient_descent.ascent":
    "Your x climbs instead of descending: the gradient points uphill, so the update is x -= lr * grad (you added it).",
  "label.gradient_descent.ascent": "x += lr * grad (ascent)",
  "mistake.gradient_descent.default-lr": "Your answer used the default learning rate lr = 0.01: pass lr={lr} as the problem says.",
  "label.gradient_descent.default-lr": "used the default lr = 0.01",
  "mistake.gradient_descent.forward-difference":
    "Your gradients were forward differences (f(x+h) - f(x)) / h; the book's numerical_gradient uses the central difference.",
  "label.gradient_descent.forward-difference": "forward difference instead of central",
  "mistake.gradient_descent.history-after-step":
    "Your history is shifted by one step: append x.copy() to x_history before the update, so the first row is init_x.",
  "label.gradient_descent.history-after-step": "history recorded after each step",
  "mistake.gradient_descent.history-not-copied":
    "Every row of your history is the final x: x_history.append(x) stores the same array, which x -= ... keeps changing. Append x.copy().",
  "label.gradient_descent.history-not-copied": "appended x without .copy()",

  "mistake.simple_net.no-softmax":
    "Your loss is the cross-entropy of the raw scores np.dot(x, W): turn them into probabilities with softmax first, y = softmax(z), then cross_entropy_error(y, t).",
  "label.simple_net.no-softmax": "no softmax before the loss",
  "mistake.simple_net.forward-difference":
    "Your dW uses forward differences (f(W+h) - f(W)) / h; the book's numerical_gradient uses the central difference.",
  "label.simple_net.forward-difference": "forward difference instead of central",
  "mistake.simple_net.tiny-h": "Your dW is all zeros: with h = 1e-50, W + h rounds back to W in float64. Use h = 1e-4.",
  "label.simple_net.tiny-h": "h too small (1e-50)",
  "mistake.simple_net.sign-flipped":
    "Your dW has the opposite sign: the gradient is (f(W+h) - f(W-h)) / (2*h), the direction in which the loss grows.",
  "label.simple_net.sign-flipped": "dW with the opposite sign",

  // ---- the built-in assignment (core/grading/dlfs-ch04.ts)
  "assignment.dlfs-ch04.title": "Deep Learning from Scratch, chapter 4: learning from data",
  "assignment.dlfs-ch04.description":
    "Implement the chapter's functions in numpy and answer with your own code's results on your variant's inputs (GET /v1/assignments/dlfs-ch04/variant?student=YOUR_ID).",
  "assignment.dlfs-ch04.mse": "mean_squared_error",
  "assignment.dlfs-ch04.cee": "cross_entropy_error, one example",
  "assignment.dlfs-ch04.cee_batch_onehot": "cross_entropy_error, batch with one-hot targets",
  "assignment.dlfs-ch04.cee_batch_labels": "cross_entropy_error, batch with labels",
  "assignment.dlfs-ch04.softmax": "softmax of large scores",
  "assignment.dlfs-ch04.numerical_diff": "numerical_diff",
  "assignment.dlfs-ch04.numerical_gradient": "numerical_gradient",
  "assignment.dlfs-ch04.descent_x": "gradient_descent: final x",
  "assignment.dlfs-ch04.descent_history": "gradient_descent: x_history",
  "assignment.dlfs-ch04.simplenet_loss": "simpleNet: loss",
  "assignment.dlfs-ch04.simplenet_dW": "simpleNet: dW",
  "assignment.dlfs-ch04.model": "A trained network on the held-out digits",
} as const;

export type MessageKey = keyof typeof en;
/** A language's catalogue: every key of the English one, nothing else. */
export type Catalogue = { readonly [K in MessageKey]: string };
