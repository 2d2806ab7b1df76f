// The memory side of the budgets (timing lives in npm run budgets): hostile bodies are refused
// while they stream, after reading only their first chunks, with small error bodies. Each body is
// a stream produced on demand, so the test sees how much of it the Worker pulled.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefaults } from "./defaults";

const encoder = new TextEncoder();

/** `head`, then `count` copies of `chunk`, then `tail`; `pulled()` says how many chunks were read. */
function body(head: string, chunk: string, count: number, tail = "") {
  let sent = 0;
  const piece = encoder.encode(chunk);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode(head));
      else if (sent <= count) controller.enqueue(piece);
      else if (sent === count + 1 && tail) controller.enqueue(encoder.encode(tail));
      else controller.close();
      sent++;
    },
  });
  return { stream, pulled: () => sent, bytes: head.length + chunk.length * count + tail.length };
}

async function post(path: string, stream: ReadableStream<Uint8Array>, type: string) {
  const res = await SELF.fetch(`http://x${path}`, {
    method: "POST",
    headers: { "content-type": type },
    body: stream,
    duplex: "half",
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

beforeAll(async () => {
  await loadDefaults({ train: true });
});

describe("hostile bodies are refused as they stream", () => {
  const digit = "[" + new Array(784).fill(0).join(",") + "]";
  // 45 MB: one digit and a 15-million-element unknown key (the reproduction 2).
  for (const path of ["/v1/train", "/v1/models/mnist-simple/predict", "/v1/gradient-check"]) {
    it(`${path}: a 45 MB body with an unknown key after one digit`, async () => {
      const labels = path.endsWith("predict") ? "" : `"t": [1], `;
      const b = body(`{"x": [${digit}], ${labels}"extra": [`, "0,".repeat(1 << 16), 344, "0]}");
      expect(b.bytes).toBeGreaterThan(45e6);
      const r = await post(path, b.stream, "application/json");
      expect(r.status).toBe(422);
      expect(r.json.errors[0].pointer).toBe("/extra");
      expect(r.text.length).toBeLessThan(1024);
      expect(b.pulled()).toBeLessThan(10);
    });
  }

  it("10,000,000 '[' to predict: refused at depth 4 with a short pointer (reproduction 6)", async () => {
    const b = body('{"x":', "[".repeat(1 << 16), 153, "]".repeat(10) + "}");
    const r = await post("/v1/models/mnist-simple/predict", b.stream, "application/json");
    expect(r.status).toBe(422);
    expect(r.json.errors[0].pointer).toBe("/x/0/0/0");
    expect(r.text.length).toBeLessThan(1024);
    expect(b.pulled()).toBeLessThan(10);
  });

  it("a 15 MB submission field is refused once it passes its 1 MB cap (reproduction 4)", async () => {
    const boundary = "xyzBOUNDARYxyz";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="submission"\r\n\r\n{"student": "alice", "answers": {"mse": 0.0975}, "pad": "`;
    const b = body(head, "a".repeat(1 << 16), 230, `"}\r\n--${boundary}--\r\n`);
    const r = await post(
      "/v1/assignments/dlfs-ch04/submissions",
      b.stream,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(r.status).toBe(413);
    expect(r.json.errors[0].pointer).toBe("/submission");
    expect(r.json.limit).toBe(1 << 20);
    expect(b.pulled()).toBeLessThan(40);
  });

  it("an unknown multipart field is refused before its data is kept", async () => {
    const boundary = "b0undary";
    const text = `--${boundary}\r\nContent-Disposition: form-data; name="junk"\r\n\r\n${"j".repeat(1000)}\r\n--${boundary}--\r\n`;
    const b = body(text, "", 0);
    const r = await post(
      "/v1/assignments/dlfs-ch04/submissions",
      b.stream,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(r.status).toBe(422);
    expect(r.json.errors[0].pointer).toBe("/junk");
  });
});
