// Types of page-core.mjs for the TypeScript tests.
export const BUNDLE: string;
export function buildPageCore(): Promise<string>;
export function committedPageCore(): string;
