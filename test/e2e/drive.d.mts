// Types of drive.mjs for the TypeScript tests.
import type { Browser, BrowserContext, Page } from "playwright-core";

export const CHROMIUM_ARGS: string[];
export function launchBrowser(): Promise<Browser>;
export function openPage(context: BrowserContext, base: string): Promise<Page>;
export function drawStrokes(page: Page, strokes: [number, number][][]): Promise<void>;
export const ONE: [number, number][][];
export function predictedLabel(page: Page, model: string): Promise<number>;
export function clearPad(page: Page): Promise<void>;
export function startDevServer(options?: { port?: number; loadData?: boolean; log?: (line: string) => void }): Promise<{
  base: string;
  token: string;
  pid: number;
  stop: () => void;
  output: () => string;
}>;
