// Writes clients/typescript/schema.d.ts from the document the Worker serves (bundled as
// `wrangler deploy` would, run by Miniflare). Usage: npm run client:types
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMiniflareServer } from "./lib/miniflare-server.mjs";
import { CLIENT_TYPES, clientTypes } from "./lib/openapi-client.mjs";

const root = join(import.meta.dirname, "..");
const server = await startMiniflareServer({ loadData: false });
try {
  const doc = await (await fetch(`${server.base}/openapi.json`)).json();
  writeFileSync(join(root, CLIENT_TYPES), await clientTypes(doc));
  console.log(`wrote ${CLIENT_TYPES}`);
} finally {
  await server.stop();
}
