import { createApp } from "./app";

/** The Worker: one Hono app built at module evaluation (no other global-scope work). */
const app = createApp();
export default app;
