/** Types of make-idx-set.mjs (a plain Node script). */
export const PERM: number[];
export const CLASSES: string[];
export function makeIdxSet(
  outDir: string,
  options?: { train?: number; test?: number },
): { classes: string[]; files: Record<string, { bytes: number; idx_bytes: number; sha256: string }> };
