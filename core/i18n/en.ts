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
  "grade.outside":
    "{value} is outside the tolerance (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.outside-at":
    "{value} at {index} is outside the tolerance (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.not-finite":
    "{value} where a finite number was expected (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.not-finite-at":
    "{value} at {index} where a finite number was expected (|answer - expected| <= atol + rtol * |expected| with rtol = {rtol}, atol = {atol}).",
  "grade.no-upload": 'No .npz was uploaded (multipart file field "{field}").',
  "grade.accuracy": "Accuracy {accuracy} on {count} held-out digits: {percent}% of the points.",
  "grade.accuracy-next": "Reach {accuracy} for {percent}%.",
  "grade.withheld.after-due-date": "Graded; the result is shown after the assignment closes.",
  "grade.withheld.count": "{count} problem(s) are graded but withheld until released.",
  "grade.withheld.hidden": "Graded; the result is shown when the instructor releases it.",
  "grade.activation-hint":
    "Read with activation={other}, your network scores {otherAccuracy} (as {activation}: {accuracy}): if you trained it with {other}, upload it with activation={other}.",

  // ---- problem statements (core/grading/kinds/*, core/grading/model-accuracy.ts)
  "statement.mse":
    "Compute mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2) for the network output y and the one-hot target t (the correct class is {label}). Answer: one number.",
  "statement.cross_entropy.one":
    "Compute cross_entropy_error(y, t) = -np.sum(t * np.log(y + delta)) with delta = 1e-7 for the network output y and the one-hot target t (the correct class is {label}). Answer: one number.",
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
  "mistake.mse.missing-half":
    "Your answer is twice the mean squared error: the formula is 0.5 * np.sum((y - t)**2) — the 0.5 is missing.",
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
  "mistake.numerical_gradient.tiny-h":
    "Your gradient is all zeros: with h = 1e-50, x + h rounds back to x in float64. Use h = 1e-4.",
  "label.numerical_gradient.tiny-h": "h too small (1e-50)",

  "mistake.gradient_descent.ascent":
    "Your x climbs instead of descending: the gradient points uphill, so the update is x -= lr * grad (you added it).",
  "label.gradient_descent.ascent": "x += lr * grad (ascent)",
  "mistake.gradient_descent.default-lr":
    "Your answer used the default learning rate lr = 0.01: pass lr={lr} as the problem says.",
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

  // ---- the instructor's page (worker/public/instructor.html, js/instructor.js)
  "instructor.page-title": "edgegrad — instructor insight",
  "instructor.title": "Instructor insight",
  "instructor.lede":
    "How the class is doing on an assignment: attempts, first-try success, the mistakes the grader diagnosed, scores and late work. The admin token stays in this browser tab (sessionStorage) and is only ever sent in the Authorization header.",
  "instructor.language": "Language",
  "instructor.token": "Admin token",
  "instructor.assignment": "Assignment",
  "instructor.show": "Show",
  "instructor.forget": "Forget the token",
  "instructor.need-token": "Enter the admin token to see the insight.",
  "instructor.loading": "Loading…",
  "instructor.failed": "Could not load the insight: {detail}",
  "instructor.summary": "{students} students, {submissions} submissions, {late} late.",
  "instructor.due": "Due {due}.",
  "instructor.no-due": "No due date.",
  "instructor.class-scores": "The class's scores (each student's last submission)",
  "instructor.problems": "Problems",
  "instructor.attempts": "Attempts",
  "instructor.students": "Students",
  "instructor.first-try": "First-try success",
  "instructor.solved": "Solved",
  "instructor.late": "Late",
  "instructor.of": "{n} of {total}",
  "instructor.mistakes": "Diagnosed mistakes",
  "instructor.mistake": "{share} {label}",
  "instructor.mistake-count": "{students} students, {attempts} attempts",
  "instructor.no-mistakes": "No diagnosed mistakes.",
  "instructor.share-note":
    "A share counts the students who made the mistake at least once, out of the students who answered the problem.",
  "instructor.histogram": "Scores of each student's last answer",
  "instructor.bin": "{from}–{to}%",
  "instructor.bin-count": "{range}: {count}",
  "instructor.per-student": "Per student",
  "instructor.student": "Student",
  "instructor.last-score": "Last score",
  "instructor.best-score": "Best score",
  "instructor.last-submitted": "Last submitted",
  "instructor.empty": "No submissions yet.",

  // ---- problem+json titles: the reason phrase of each status (RFC 9457: changed only by localization)
  "title.400": "Bad Request",
  "title.401": "Unauthorized",
  "title.403": "Forbidden",
  "title.404": "Not Found",
  "title.405": "Method Not Allowed",
  "title.409": "Conflict",
  "title.413": "Content Too Large",
  "title.415": "Unsupported Media Type",
  "title.422": "Unprocessable Content",
  "title.429": "Too Many Requests",
  "title.500": "Internal Server Error",
  "title.503": "Service Unavailable",
  "title.error": "Error",

  // ---- validation issues (zod issue codes; worker/http/errors.ts)
  "zod.invalid_type": "Invalid input: expected {expected}, received {received}",
  "zod.required": "Required: expected {expected}",
  "zod.too_small.number": "Too small: expected a number >= {minimum}",
  "zod.too_small.number-exclusive": "Too small: expected a number > {minimum}",
  "zod.too_small.string": "Too small: expected at least {minimum} characters",
  "zod.too_small.array": "Too small: expected at least {minimum} items",
  "zod.too_big.number": "Too big: expected a number <= {maximum}",
  "zod.too_big.number-exclusive": "Too big: expected a number < {maximum}",
  "zod.too_big.string": "Too big: expected at most {maximum} characters",
  "zod.too_big.array": "Too big: expected at most {maximum} items",
  "zod.invalid_value": "Invalid option: expected one of {values}",
  "zod.invalid_format": "Invalid format: expected {format}",
  "zod.invalid_format.regex": "Invalid string: must match pattern {pattern}",
  "zod.unrecognized_keys": "Unrecognized key(s): {keys}",
  "zod.not_multiple_of": "Invalid number: must be a multiple of {divisor}",
  "zod.invalid_union": "Invalid input: matches none of the allowed forms",
  "zod.type.number": "number",
  "zod.type.int": "integer",
  "zod.type.string": "string",
  "zod.type.boolean": "boolean",
  "zod.type.array": "array",
  "zod.type.object": "object",
  "zod.type.undefined": "nothing",
  "zod.type.null": "null",

  // ---- problem+json details and field messages (worker/), descent verdicts, Gradescope text
  "error.no-route": "no route {method} {path}; see /docs for the API",
  "error.unsupported-type": "unsupported Content-Type {type}; send one of {accepted}",
  "error.accepted-types": "accepted: {accepted}",
  "error.matrix.list": "expected a list of numbers, got {got}",
  "error.matrix.depth": "expected at most {max} levels of nesting, got {got}",
  "error.matrix.too-many": "{pointer}: {total} numbers, at most {max} allowed in one request",
  "error.matrix.too-many-field": "at most {max} numbers",
  "error.labels.number": "expected a list of labels or one-hot rows, got a number",
  "error.labels.count": "{n} labels for {rows} digits",
  "error.labels.digit": "label {label} is not a digit 0..9",
  "error.labels.one-hot-shape": "one-hot t must have shape ({rows}, 10), got ({shape})",
  "error.labels.one-hot-value": "one-hot values are 0 or 1, got {value}",
  "error.labels.two-ones": "more than one 1 in a one-hot row",
  "error.labels.no-one": "no 1 in this one-hot row",
  "error.multipart-malformed-why": "malformed multipart/form-data body: {reason}",
  "error.assignment-id": "1-64 letters, digits, '.', '_' or '-'",
  "error.built-in": '"{id}" is built in and cannot be replaced; PUT a copy under another id',
  "error.built-in-field": "built-in assignment",
  "error.id-differs": 'the document\'s id "{body}" differs from the path\'s "{path}"',
  "error.students-list": "list 1 to {max} student ids, comma-separated",
  "error.duplicate-problem": 'duplicate problem id "{id}"',
  "error.content-type": "expected Content-Type: application/json, got {type}",
  "error.send-json": "send a JSON body",
  "error.form-not-json":
    "expected a JSON body: this looks like form data; send JSON with -H 'Content-Type: application/json'",
  "error.malformed-json": "malformed JSON: {reason}",
  "error.malformed-json-field": "the body is not valid JSON (NaN and Infinity are not JSON numbers)",
  "error.body-not-object": "the JSON body must be an object",
  "error.body-not-object-field": 'expected a JSON object such as {"x": [1, 2]}',
  "error.too-large": "request body larger than {bytes} bytes",
  "error.too-large-field": "at most {bytes} bytes",
  "error.required": "required",
  "error.array.expected": "expected {expected}, got {got}",
  "error.array.or": "{a} or {b}",
  "error.array.rank-0": "a number",
  "error.array.rank-1": "a vector (list of numbers)",
  "error.array.rank-2": "a matrix (list of equal-length lists)",
  "error.array.rank-n": "an array of rank {rank}",
  "error.array.finite": "expected a finite number, got {got}",
  "error.array.probability": "expected a probability in [0, 1], got {got}",
  "error.array.list-at-depth": "expected a list at depth {depth}, got {got}",
  "error.array.empty": "empty list",
  "error.array.ragged": "ragged: this row has {n} elements, the first has {first}",
  "error.array.too-many": "too many elements: at most {max} allowed",
  "error.value.array": "an array",
  "error.value.object": "an object",
  "error.rate-limited":
    "too many {what} from this address: at most {capacity} units at once, {per_minute} more per minute; retry in {wait} s",
  "error.rate-limited-field": "rate limited; retry after {wait} s",
  "error.work-cap": "{what} would take about {estimate} operations, over the cap of {cap}",
  "error.work-cap-field": "reduce it: estimated work {estimate} > cap {cap}",
  "error.writes-disabled": "writes are disabled: no ADMIN_TOKEN configured",
  "error.writes-disabled-field": "set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN; .dev.vars locally)",
  "error.auth-missing": "missing Authorization header: admin routes need a bearer token",
  "error.auth-malformed": "malformed Authorization header: expected 'Bearer <token>'",
  "error.auth-invalid": "invalid bearer token",
  "error.auth-field": "send Authorization: Bearer <ADMIN_TOKEN>",
  "error.no-grading-secret": "grading is not configured: no GRADING_SECRET",
  "error.no-grading-secret-field":
    "set the GRADING_SECRET secret (wrangler secret put GRADING_SECRET; .dev.vars locally)",
  "error.student-token":
    "assignment {assignment} takes submissions only with the student's token: send X-Student-Token (no attempt was used)",
  "error.student-token-wrong": "this token is not the token of this student",
  "error.student-token-missing": "missing X-Student-Token header",
  "error.no-assignment": 'no assignment "{id}"',
  "error.no-assignment-field": "unknown assignment; GET /v1/assignments lists them",
  "error.student-query":
    "required: ?student=<your id>; ids are compared after Unicode NFC, trimming surrounding spaces and lower-casing, then are 1-128 letters or digits (any script) and . _ @ + - (starting with a letter or digit)",
  "error.student-field":
    "required: ids are compared after Unicode NFC, trimming surrounding spaces and lower-casing, then are 1-128 letters or digits (any script) and . _ @ + - (starting with a letter or digit)",
  "error.attempt-limit": "attempt limit reached: {limit} graded submissions per student",
  "error.too-soon": "too soon: at least {interval} s between graded submissions; retry in {wait} s",
  "error.late-rejected":
    "the due date {due} has passed and this assignment does not accept late submissions (no attempt was used)",
  "error.submission-not-json": "the submission is not valid JSON",
  "error.submission-not-object": 'the body must be a JSON object {"student": ..., "answers": {...}}',
  "error.submission-field-not-object": 'the submission field must be a JSON object {"student": ..., "answers": {...}}',
  "error.expected-object": "expected a JSON object",
  "error.answers-object": "must be an object {problem id: answer}",
  "error.answers-required": 'required: {"<problem id>": answer, ...}',
  "error.no-problem": 'no problem "{id}" in {assignment} (problems: {problems})',
  "error.npz-problem": '"{id}" is graded on an uploaded .npz: send multipart/form-data with a file field "{id}"',
  "error.multipart-malformed": "malformed multipart body: {reason}",
  "error.multipart-field": "not valid multipart/form-data",
  "error.submission-part": 'required: a form field "submission" holding {"student": ..., "answers": {...}}',
  "error.held-out-missing":
    "the held-out digits are not loaded, so networks cannot be graded (an admin stores them with PUT /v1/datasets/mnist/test)",
  "error.held-out-missing-field": "no test digits",
  "error.answer.number": 'expected a number (or "nan"/"inf"), got {got}',
  "error.answer.too-deep": "nested deeper than {max} levels",
  "error.answer.too-many": "more than {max} elements",
  "error.answer.ragged-depth": "ragged: expected a list of {n} at this depth",
  "error.answer.ragged": "ragged: this list has {n} elements, expected {expected}",
  "error.value.list": "a list",
  "error.shape-mismatch": "shape {t} does not match y's shape {y}",
  "error.t-neither": "t of shape {t} is neither one-hot of y's shape {y} nor {expected}",
  "error.one-label": "a label (number)",
  "error.n-labels": "{n} labels",
  "error.bad-label": "label {label} is not an integer class index in 0..{max}",
  "error.dot-mismatch": "x has {inputs} inputs per row but W has {rows} rows (np.dot(x, W) needs them equal)",
  "error.simplenet-t": "t of shape {t} is neither one-hot {onehot} nor {rows} label(s)",
  "error.class-index": "label {label} is not a class index in 0..{max}",
  "error.diff-indexes-x":
    "f indexes x (as in x[0]) but /v1/diff differentiates a function of one number; use /v1/gradient for a vector x",
  "error.history-cap": "a history of {steps} steps × {n} variables is over the cap of 10^6 numbers",
  "verdict.diverged":
    "diverged: with lr = {lr} each step overshoots the minimum and f grows. Try a smaller learning rate.",
  "verdict.diverged-overflow":
    "diverged: with lr = {lr} each step overshoots the minimum and f grows until it overflows. Try a smaller learning rate.",
  "verdict.stalled":
    "stalled: with lr = {lr} the steps are so small that x has barely moved (at most {moved}). Try a larger learning rate or more steps.",
  "verdict.converged":
    "converged: the gradient at the final x is {grad}, essentially zero — a minimum (or a flat point) of f.",
  "verdict.descending":
    "still descending: f went from {start} to {end} but the gradient is {grad}; more steps (or a larger learning rate) would get closer.",
  "gradescope.header": "edgegrad: {title}. Student {student}, attempt {attempt}.",
  "gradescope.header-late":
    "edgegrad: {title}. Student {student}, attempt {attempt}, {days} day(s) late (scores x {factor}).",
  "gradescope.regraded":
    "This attempt was regraded (no attempt was spent; its submission time and lateness are unchanged).",
  "gradescope.not-counted":
    "It was made after the assignment closed (expected values may be shown by then), so it is recorded but does not change the grade.",
  "gradescope.expected": "Expected: {value}.",

  // ---- the classroom page (worker/public/index.html, js/panels/*)
  "page.title": "edgegrad — learning from data, shown",
  "page.skip": "Skip to the panels",
  "page.h1": "Learning from data, shown",
  "page.lede": "Every number on this page comes from this server's API — the same maths as the book's numpy code.",
  "page.api-docs": "API docs",
  "page.panels": "Panels",
  "page.nav.digit": "Draw a digit",
  "page.nav.loss": "Loss",
  "page.nav.derivative": "Derivative",
  "page.nav.descent": "Gradient descent",
  "page.nav.training": "Training live",
  "page.pad": "Drawing pad: draw a digit with a mouse, pen or finger",
  "page.pad-help":
    "Draw with mouse, pen or finger. Keyboard: arrow keys move the pen, Space lifts or lowers it, Delete clears.",
  "page.seen": "The 28 by 28 image the net sees",
  "page.seen-caption":
    "What the net sees: 28×28, the digit fitted in 20×20 and centred by its centre of mass, as MNIST.",
  "page.digit.prompt": "Draw a digit, or ask for a test digit.",
  "page.bars": "Probabilities of each digit (nothing drawn yet)",
  "page.bars-caption": "The chosen model's probability for each digit; a green frame marks a test digit's true label.",
  "page.model": "Model",
  "page.loading": "loading…",
  "page.clear": "Clear",
  "page.test-digit": "Show me a test digit",
  "page.loss-h": "Loss functions",
  "page.loss-bars": "The network's output y and the target t",
  "page.loss-bars-caption-y": "Bars: the net's output",
  "page.loss-bars-caption-drag": "(drag a bar). Green column: the correct answer",
  "page.mse": "Mean squared error",
  "page.cee": "Cross-entropy error",
  "page.loss-log": "Cross-entropy as −log of the probability of the correct answer",
  "page.loss-log-caption": "Cross-entropy only looks at the correct answer:",
  "page.loss-log-caption-2": ", large when the net gives it little probability.",
  "page.loss-right": "A right guess: “2”",
  "page.loss-wrong": "A wrong guess: “7”",
  "page.loss-t": "Correct answer",
  "page.one-hot": "(one-hot)",
  "page.loss-y": "Network output",
  "page.loss-sum": "Sum of y:",
  "page.loss-sum-note": "(a softmax output sums to 1).",
  "page.diff-plot": "The curve of f and its tangent line",
  "page.diff-caption":
    "The curve of f and the tangent at x with the slope from the numerical derivative (the book's figure 4-7). Drag the dot.",
  "page.from": "from",
  "page.to": "to",
  "page.descent-plot": "Contours of f, the gradient field and the descent path",
  "page.descent-caption":
    "Contour lines of f, arrows of −∇f (downhill), and the path of gradient descent (the book's figures 4-8 to 4-10). Drag or tap to move the start.",
  "page.lr-book": "lr = 0.1: the book's",
  "page.lr-big": "lr = 10: too large",
  "page.lr-small": "lr = 1e−10: too small",
  "page.lr": "learning rate lr",
  "page.steps": "steps",
  "page.start": "start",
  "page.arrows": "gradient arrows",
  "page.train-plot": "Training curves: loss and accuracy by step",
  "page.train-caption": "Drawn as the server's progress events arrive:",
  "page.key-loss": "mini-batch loss",
  "page.key-train": "train accuracy",
  "page.key-test": "test accuracy",
  "page.train-ready": "Ready to train on the bundled digits.",
  "page.network": "Network",
  "page.train-steps": "Steps",
  "page.batch-size": "Batch size",
  "page.learning-rate": "Learning rate",
  "page.seed": "Seed",
  "page.save-summary": "Keep the trained model to draw against it (needs the admin token)",
  "page.save-as": "Save as",
  "page.admin-token": "Admin token",
  "page.token-note":
    "The token is sent only to this server, with this request, and is not stored. Without it the model is trained and shown, not kept.",
  "page.train-start": "Start training",
  "page.train-stop": "Stop",
  "page.train-use": "Draw a digit against the new model",
  "page.language": "Language",
  "page.digit.server-error": "The server could not answer: {detail}",
  "page.digit.test": "Test digit #{index} is {label}; {model} says {guess} ({pct}) —",
  "page.digit.says": "{model} says {guess} ({pct})",
  "page.digit.right": "right ✓",
  "page.digit.wrong": "wrong ✗",
  "page.digit.no-test": "No test digit: {detail}",
  "page.digit.no-models": "No models are stored yet (npm start seeds them).",
  "page.digit.no-list": "Could not list the models: {detail}",
  "page.descent.after": "After {steps} steps:",
  "page.train.starting": "Starting…",
  "page.train.training": "Training {arch} for {steps} steps on {data}…",
  "page.train.bundled": "the bundled digits",
  "page.train.step": "Step {step} of {steps}: loss {loss}",
  "page.train.test-accuracy": ", test accuracy {acc}",
  "page.train.done": "Done: {steps} steps, final loss {loss}",
  "page.train.stopped": "Stopped at step {step}; nothing was saved.",
  "page.train.saved": ". Saved as {name} v{version}.",
  "page.train.not-saved": ". Not saved (no admin token given).",
  "page.verdict.diverged": "diverged",
  "page.verdict.stalled": "stalled",
  "page.verdict.converged": "converged",
  "page.verdict.descending": "still descending",
  "page.descent.outside": "— {outside} of the {total} points lie outside the picture.",
  "page.train.failed": "Training did not finish.",
  // ---- the phones' page of a classroom room (worker/public/room.html, js/room/phone.js)
  "room.page-title": "edgegrad — join the class",
  "room.title": "Learning from data, together",
  "room.not-joined": "Not in a room yet.",
  "room.code": "Room code",
  "room.join": "Join",
  "room.where": "Room {code} · you are phone {seat}.",
  "room.connected": "connected",
  "room.reconnecting": "reconnecting…",
  "room.disconnected": "disconnected: {reason}",
  "room.ended": "Room {code} has ended: {reason}.",
  "room.no-room": "No room {code}: check the code on the projector.",
  "room.bad-code": "A room code is 6 letters and digits, as on the projector.",
  "room.train-title": "The teacher's training run",
  "room.no-training": "No training yet.",
  "room.train-step": "Step {step} of {steps} · loss {loss}",
  "room.train-starting": "Starting: {steps} steps",
  "room.train-accuracy": " · test accuracy {accuracy}%",
  "room.train-done": " · done",
  "room.train-stopped": " · stopped",
  "room.train-failed": " · failed",
  "room.draw-title": "Draw a digit for the wall",
  "room.pad-label": "Drawing pad: draw a digit with your finger",
  "room.drew-a": "I drew a",
  "room.send": "Send to the wall",
  "room.clear": "Clear",
  "room.sent": "Sent…",
  "room.digit-right": "The net says {guess} ({sure}% sure) — right ✓. It is on the wall.",
  "room.digit-wrong": "The net says {guess} ({sure}% sure) — you drew {label} ✗. It is on the wall.",
  "room.digit-on-wall": "On the wall: you drew {label}; the net says {guess}.",
  "room.vote-title": "Vote: which learning rate?",
  "room.vote-lede":
    "Gradient descent on f(x) = x[0]² + x[1]² from (−3, 4), 100 steps. Pick the learning rate lr you want to see.",
  "room.vote-open": "Open: tap a learning rate.",
  "room.vote-mine": "You voted lr = {lr}. You can change your vote until the teacher closes it.",
  "room.vote-closed": "Closed. Votes: {counts}. Watch the projector.",
  "room.quiz-title": "Quiz: {title}",
  "room.quiz-answer-label": "Your answer (a number, or a list like [0.1, 0.2])",
  "room.quiz-answer": "Answer",
  "room.quiz-correct": "Correct ✓",
  "room.quiz-partial": "Partly right",
  "room.quiz-incorrect": "Not yet ✗",
  "room.quiz-closed": "(The round is closed.)",
  "room.quiz-bad-answer": "Write a number like 0.0975, or a list like [0.1, 0.2].",
  "room.language": "Language",
} as const;

export type MessageKey = keyof typeof en;
/** A language's catalogue: every key of the English one, nothing else. */
export type Catalogue = { readonly [K in MessageKey]: string };
