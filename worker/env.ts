/** Bindings of the edgegrad Worker (see wrangler.toml). */
export interface Env {
  KV: KVNamespace;
  DB: D1Database;
  ADMIN_TOKEN?: string;
  GRADING_SECRET?: string;
  ENVIRONMENT?: string;
}
