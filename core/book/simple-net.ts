import { rangeErrorIn } from "../i18n";
import { type NDArray, shapeString } from "../ndarray";
import { crossEntropyError } from "./cross-entropy-error";
import { dot } from "./dot";
import { numericalGradient } from "./numerical-gradient";
import { softmax } from "./softmax";

/**
 * The book's simpleNet (ch04/gradient_simplenet.py): one weight matrix W, no bias.
 *   predict(x) = np.dot(x, W);  loss(x, t) = cross_entropy_error(softmax(predict(x)), t)
 * x is one input vector (the book's (2,) with W (2, 3)) or a batch matrix; t is one-hot or labels.
 * With a bias b (C,) it is the `simple` network that core/nn trains on MNIST: np.dot(x, W) + b
 * (core/nn/reference.ts computes with this class; core/nn/simple.ts is its fast float32 path).
 */
export class SimpleNet {
  constructor(
    public W: NDArray,
    public b?: NDArray,
  ) {
    if (W.shape.length !== 2) {
      throw rangeErrorIn("SimpleNet", "book.w-matrix", { shape: shapeString(W.shape) });
    }
    if (b && (b.shape.length !== 1 || b.shape[0] !== W.shape[1])) {
      throw rangeErrorIn("SimpleNet", "book.b-vector", { classes: W.shape[1], shape: shapeString(b.shape) });
    }
  }

  predict(x: NDArray): NDArray {
    const a = dot(x, this.W);
    const b = this.b?.data;
    if (b) for (let i = 0; i < a.data.length; i++) a.data[i] += b[i % b.length];
    return a;
  }

  loss(x: NDArray, t: NDArray): number {
    return crossEntropyError(softmax(this.predict(x)), t);
  }

  /**
   * dW by the book's `f = lambda w: net.loss(x, t); numerical_gradient(f, net.W)`: the loss
   * reads this.W, which numericalGradient perturbs in place and restores.
   */
  numericalGradient(x: NDArray, t: NDArray): NDArray {
    return numericalGradient(() => this.loss(x, t), this.W);
  }
}
