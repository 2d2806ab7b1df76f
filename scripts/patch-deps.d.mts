/** Types of patch-deps.mjs (a plain Node script). */
export function fetchResending(
  url: URL,
  request: Request,
  headers: Headers,
  stillCurrent: () => boolean,
): Promise<Response>;
export function patchDeps(): string[];
