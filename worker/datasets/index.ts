/**
 * Named datasets in R2, mounted at /v1: GET /datasets, PUT /datasets/{name}/{split} (admin),
 * DELETE /datasets/{name} (admin) and GET /mnist/samples?dataset= (public; never the grading
 * split). The routes are in ./routes.ts, the store in ./bucket.ts, the streaming upload in
 * ./upload.ts.
 */
import { resource } from "../http/resource";
import { registerDatasets } from "./routes";

/** The dataset routes, mounted at /v1. */
export const datasets = resource();
registerDatasets(datasets);
