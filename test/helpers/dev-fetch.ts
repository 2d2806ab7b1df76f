/**
 * fetch for tests against `wrangler dev`: the dev server closes idle kept-alive connections, and
 * undici may reuse one just as it closes ("other side closed"); such a request never reached the
 * Worker, so it is sent once more (undici opens a new connection for it).
 */
export async function devFetch(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}
