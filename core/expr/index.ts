/**
 * User functions in Python/numpy syntax (`0.01*x**2 + 0.1*x`, `x[0]**2 + x[1]**2`,
 * `np.sum(x**2)`), parsed once into a tree and evaluated through closures: no eval, no
 * property access, bounded size. See README.md in this folder for the semantics.
 */

export type { Expression } from "./ast";
export { derivative } from "./derivative";
export { EXPRESSION_LIMITS, ExpressionError } from "./errors";
export { compileArray, compileScalar, evaluate, usedVariables, usesIndexing } from "./evaluate";
export type { Value } from "./ops";
export { type ParseOptions, parseExpression } from "./parse";
export { toSource } from "./print";
