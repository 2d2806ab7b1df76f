/**
 * Caps enforced before any work starts. Every cap is stated in the OpenAPI document and
 * quoted in the 413/422 detail when exceeded. They keep one request well inside a Worker's
 * CPU budget (10 ms free plan for small compute, 30 s paid-plan default for jobs).
 */
export const LIMITS = {
  /** Request body size for JSON compute routes. */
  maxJsonBytes: 1 << 20,
  /** Elements in one array argument of the compute routes (y, t, x, W). */
  maxElements: 100_000,
  /** Nesting depth of arrays (vector = 1, matrix = 2). */
  maxRank: 2,
  /** Variables of /v1/gradient and /v1/descent (numerical gradients cost 2 evaluations each). */
  maxVariables: 1_000,
  /** Steps of /v1/descent. */
  maxSteps: 10_000,
  /** Expression evaluations × expression size × elements, the work of a simplenet dW. */
  maxExpressionWork: 50_000_000,
  /**
   * Estimated CPU of a descent or gradient: evaluations × the calibrated cost of one evaluation
   * (core/cost/expression.ts: each node by its kind and the elements it produces).
   */
  maxExpressionMs: 1_000,
} as const;
