import type { Lang } from "../core/i18n";

// Bindings come from wrangler.jsonc through `npm run types` (worker-configuration.d.ts, generated
// by `wrangler types`). Secrets are not in the config, so they are declared here: set them with
// `wrangler secret put`, or in .dev.vars locally (written by `npm start` on first run).
declare global {
  namespace Cloudflare {
    interface Env {
      /** Bearer token for admin routes; writes are refused (403) when it is not set. */
      ADMIN_TOKEN?: string;
      /** Key of the HMAC that derives each student's assignment variant. */
      GRADING_SECRET?: string;
    }
  }
}

export type Env = Cloudflare.Env;
/** Per-request values: the language every learner-facing message of the response is written in. */
export type AppEnv = { Bindings: Env; Variables: { lang: Lang } };
