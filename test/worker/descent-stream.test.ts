// POST /v1/descent with Accept: text/event-stream: progress events along the same path as the
// JSON mode (bit for bit), then `done` with the JSON answer, whose verdict tells the book's
// learning-rate lessons in words.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const BOOK = { f: "x[0]**2 + x[1]**2", init_x: [-3, 4], lr: 0.1, step_num: 100 };

async function events(body: unknown): Promise<{ res: Response; list: { event: string; data: any }[] }> {
  const res = await SELF.fetch("http://x/v1/descent", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const list = text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) }));
  return { res, list };
}

async function json(body: unknown): Promise<any> {
  const res = await SELF.fetch("http://x/v1/descent", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.json();
}

describe("POST /v1/descent as an event stream", () => {
  it("streams the book's descent along the JSON mode's path and ends with the book's answer", async () => {
    const { res, list } = await events({ ...BOOK, progress_every: 10, history: true });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const progress = list.filter((e) => e.event === "progress").map((e) => e.data);
    expect(progress.map((p) => p.step)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const reference = await json({ ...BOOK, history: true });
    // x after step k is the history's entry k (x before step k + 1); after the last step, the answer's x.
    for (const p of progress.slice(0, -1)) expect(p.x).toEqual(reference.history[p.step]);
    expect(progress.at(-1).x).toEqual([-6.111107928998789e-10, 8.148143905314271e-10]);
    for (const p of progress.slice(0, -1)) expect(p.value).toBe(reference.values[p.step]);
    const done = list.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data).toEqual(reference);
    expect(done.data.converged).toBe(true);
  });

  it("tells divergence (lr = 10) and stalling (lr = 1e-10) in words", async () => {
    const big = (await events({ ...BOOK, lr: 10 })).list.at(-1)!;
    expect(big.event).toBe("done");
    expect(big.data).toMatchObject({ diverged: true, stalled: false, converged: false });
    expect(big.data.message).toMatch(
      /^diverged: with lr = 10 each step overshoots the minimum and f grows.*Try a smaller learning rate/,
    );
    const tiny = (await events({ ...BOOK, lr: 1e-10 })).list.at(-1)!;
    expect(tiny.data).toMatchObject({ stalled: true, diverged: false });
    expect(tiny.data.message).toMatch(/^stalled: with lr = 1e-10 the steps are so small that x has barely moved/);
    expect(big.data).toEqual(await json({ ...BOOK, lr: 10 }));
  });

  it("defaults to about 100 progress events, and validation errors stay problem+json", async () => {
    const { list } = await events({ ...BOOK, step_num: 1000 });
    expect(list.filter((e) => e.event === "progress")).toHaveLength(100);
    const res = await SELF.fetch("http://x/v1/descent", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ ...BOOK, step_num: 100001 }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].pointer).toBe("/step_num");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("the JSON mode is unchanged (the README's examples)", async () => {
    expect(await json(BOOK)).toMatchObject({ x: [-6.111107928998789e-10, 8.148143905314271e-10], converged: true });
  });
});
