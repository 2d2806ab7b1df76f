// The environment every wrangler this project starts runs with: no usage metrics, and no fetch of
// the `Request.cf` placeholder from workers.cloudflare.com (offline it only printed a warning
// and a stack trace on every start; requests get Miniflare's default `cf` object either way).
export const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
