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
 */
export class SimpleNet {
  constructor(public W: NDArray) {
    if (W.shape.length !== 2) {
      throw rangeErrorIn("SimpleNet", "book.w-matrix", { shape: shapeString(W.shape) });
    }
  }

  predict(x: NDArray): NDArray {
    return dot(x, this.W);
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
