/**
 * The resend that scripts/patch-deps.mjs adds to `wrangler dev`'s proxy (workers-sdk#14641),
 * against a real HTTP server that drops the connection of its first request unanswered, as a
 * pooled connection closing under a request does.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fetchResending } from "../../scripts/patch-deps.mjs";

let server: Server;
let url: URL;
let seen: { method: string; body: string; dropped: boolean }[] = [];

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (d) => (text += d));
    req.on("end", () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    const dropped = seen.length === 0;
    seen.push({ method: req.method ?? "", body, dropped });
    if (dropped) req.socket.destroy();
    else res.end(`got ${body.length} bytes`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/loss/mse`);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** What the proxy says when it sends a request again (one line in `wrangler dev`'s output). */
const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
beforeEach(() => {
  seen = [];
  warn.mockClear();
});

/** A POST as the proxy receives it: with the Content-Length its client sent, when it sent one. */
const post = (body: BodyInit, length?: number) =>
  new Request(url, {
    method: "POST",
    body,
    duplex: "half",
    headers: { "content-type": "application/json", ...(length === undefined ? {} : { "content-length": `${length}` }) },
  } as RequestInit);

describe("wrangler dev's proxy, patched: a request whose connection drops is sent once more", () => {
  it("sends a POST with a known length again, whole, and answers with the second response", async () => {
    const body = JSON.stringify({ y: [0.1, 0.05, 0.6], t: [0, 0, 1] });
    const req = post(body, body.length);
    const res = await fetchResending(url, req, req.headers, () => true);
    expect(await res.text()).toBe(`got ${body.length} bytes`);
    expect(seen).toEqual([
      { method: "POST", body, dropped: true },
      { method: "POST", body, dropped: false },
    ]);
    expect(warn.mock.calls).toEqual([["POST /v1/loss/mse: sent again after its connection to the Worker failed"]]);
  });

  it("sends a GET again", async () => {
    const req = new Request(url);
    const res = await fetchResending(url, req, req.headers, () => true);
    expect(res.status).toBe(200);
    expect(seen.map((s) => s.method)).toEqual(["GET", "GET"]);
  });

  it("does not resend once the Worker was reloaded meanwhile: the proxy's own handling answers", async () => {
    const req = post("{}", 2);
    await expect(fetchResending(url, req, req.headers, () => false)).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it("does not resend a streamed body of unknown length (it cannot be sent twice)", async () => {
    const req = post(new Blob(["{}"]).stream());
    await expect(fetchResending(url, req, req.headers, () => true)).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it("does not keep a body above 16 MiB to send it again", async () => {
    const big = new Uint8Array(16 * 1024 * 1024 + 1);
    const req = post(big, big.length);
    await expect(fetchResending(url, req, req.headers, () => true)).rejects.toThrow();
    expect(seen).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });
});
