import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { en, ko, t, text } from "../../core/i18n";
import { loadDefaults } from "./defaults";

/**
 * The same bad request answered in English and in Korean (`?lang=ko`, `Accept-Language: ko`):
 * the detail and the field message come from the catalogues, the field pointer is the same.
 */
const HANGUL = /[\uac00-\ud7a3]/;

beforeAll(() => loadDefaults({ train: true }));

async function problem(path: string, init: RequestInit = {}, lang?: "ko" | "ko-header") {
  const url = `http://x${path}${lang === "ko" ? (path.includes("?") ? "&" : "?") + "lang=ko" : ""}`;
  const headers = new Headers(init.headers);
  if (lang === "ko-header") headers.set("accept-language", "ko-KR,ko;q=0.9");
  const res = await SELF.fetch(url, { ...init, headers });
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return { status: res.status, lang: res.headers.get("content-language"), body: (await res.json()) as any };
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** English and Korean answers to one request: same status and pointers, each in its language. */
async function both(path: string, init: () => RequestInit) {
  const english = await problem(path, init());
  const korean = await problem(path, init(), "ko");
  const header = await problem(path, init(), "ko-header");
  expect(korean.status).toBe(english.status);
  expect(korean.lang).toBe("ko");
  expect(header.body).toEqual(korean.body);
  expect(korean.body.errors.map((e: any) => e.pointer)).toEqual(english.body.errors.map((e: any) => e.pointer));
  expect(korean.body.detail).toMatch(HANGUL);
  return { en: english.body, ko: korean.body };
}

describe("the user's function (core/expr)", () => {
  it("names the column of a syntax error in Korean", async () => {
    const r = await both("/v1/diff", () => postJson({ f: "0.01*x**2 + 0.1*x)", x: 5 }));
    const reason = text("expr.unexpected", { token: ")" });
    expect(r.en.errors).toEqual([{ pointer: "/f", message: t("en", "expr.at", { column: 18, reason }) }]);
    expect(r.en.errors[0].message).toBe("column 18: unexpected ')'");
    expect(r.ko.errors).toEqual([{ pointer: "/f", message: t("ko", "expr.at", { column: 18, reason }) }]);
    expect(r.ko.errors[0].message).toBe("18번째 글자: ')': 여기에 올 수 없는 기호입니다");
    expect(r.ko.detail).toBe(`/f: ${r.ko.errors[0].message}`);
  });

  it("says an unknown name and a missing ')' in Korean", async () => {
    const unknown = await both("/v1/gradient", () => postJson({ f: "np.sum(y**2)", x: [1, 2] }));
    expect(unknown.ko.errors[0].message).toMatch(/^8번째 글자: 알 수 없는 이름 'y'입니다\(쓸 수 있는 이름: x, /);
    const open = await both("/v1/gradient", () => postJson({ f: "x[0]**2 + (x[1]", x: [1, 2] }));
    expect(open.ko.errors[0].message).toBe(
      t("ko", "expr.at", {
        column: 16,
        reason: text("expr.expected-but-found", { expected: ")", got: text("expr.end-of-expression") }),
      }),
    );
    expect(open.ko.errors[0].message).toBe("16번째 글자: 여기에는 ')' 기호가 필요한데 식의 끝입니다");
  });

  it("reports evaluation errors (an index past the end of x) in Korean", async () => {
    const r = await both("/v1/gradient", () => postJson({ f: "x[0]**2 + x[2]**2", x: [-3, 4] }));
    const params = { index: 2, axis: 0, size: 2, label: "x", shape: "(2,)" };
    expect(r.en.errors).toEqual([{ pointer: "/f", message: t("en", "expr.index-bounds", params) }]);
    expect(r.ko.errors).toEqual([{ pointer: "/f", message: t("ko", "expr.index-bounds", params) }]);
    expect(ko["expr.index-bounds"]).not.toBe(en["expr.index-bounds"]);
  });
});

const ADMIN = { authorization: "Bearer test-admin-token" };
const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array(cols).fill(0));

describe("models: uploads and predictions", () => {
  it("says in Korean that an uploaded network does not fit (core/nn's shape check), naming the param", async () => {
    const body = { arch: "simple", params: { W: zeros(784, 9) } };
    const r = await both("/v1/models/lang-fit", () => ({
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(body),
    }));
    expect(r.en.status).toBe(422);
    const reason = text("nn.param-shape", { name: "W", got: "(784, 9)", expected: "(784, 10)" });
    expect(r.en.errors).toEqual([{ pointer: "/params/W", message: t("en", "nn.param-shape", reason.params as any) }]);
    expect(r.en.detail).toBe(
      'the network does not fit the simple architecture on MNIST (784 inputs, 10 classes): param "W" has shape (784, 9), expected (784, 10)',
    );
    expect(r.ko.errors).toEqual([
      { pointer: "/params/W", message: '매개변수 "W"의 형상은 (784, 10)여야 하는데 (784, 9)입니다' },
    ]);
    expect(r.ko.detail).toBe(t("ko", "models.not-fit", { arch: "simple", reason }));
  });

  it("says an unknown param and a wrong arch in Korean", async () => {
    const put = (body: unknown) => () => ({
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const unknown = await both("/v1/models/lang-fit", put({ params: { V: [[0]] } }));
    expect(unknown.ko.errors).toEqual([
      { pointer: "/params/V", message: t("ko", "models.unknown-param", { name: "V" }) },
    ]);
    const arch = await both("/v1/models/lang-fit", put({ arch: "cnn", params: { W: [[0]] } }));
    expect(arch.ko.errors).toEqual([{ pointer: "/arch", message: t("ko", "models.arch", { got: '"cnn"' }) }]);
  });

  it("says a wrong top or scale, and an unknown model, in Korean", async () => {
    const digit = new Array(784).fill(0);
    const top = await both("/v1/models/mnist-two-layer/predict", () => postJson({ x: digit, top: 11 }));
    expect(top.en.errors).toEqual([{ pointer: "/top", message: "top must be an integer from 1 to 10" }]);
    expect(top.ko.errors).toEqual([{ pointer: "/top", message: ko["models.top"] }]);
    const scale = await both("/v1/models/mnist-two-layer/predict", () => postJson({ x: digit, scale: 7 }));
    expect(scale.ko.errors).toEqual([{ pointer: "/scale", message: t("ko", "models.scale", { got: "7" }) }]);
    const none = await both("/v1/models/no-such-net", () => ({}));
    expect(none.en.detail).toBe('no model named "no-such-net" (or no such version)');
    expect(none.ko.detail).toBe(t("ko", "models.no-model-or-version", { name: "no-such-net" }));
    expect(none.ko.errors).toEqual([{ pointer: "/name", message: ko["models.unknown-model"] }]);
  });
});

describe("reading a body, and limits", () => {
  it("says where a streamed JSON body went wrong, in Korean", async () => {
    const row = await both("/v1/models/mnist-two-layer/predict", () => postJson({ x: [1, 2, 3] }));
    const params = { n: 3, expected: text("json.or", { a: 784, b: 28 }) };
    expect(row.en.errors).toEqual([{ pointer: "/x", message: "a row of 3 numbers: expected 784 or 28" }]);
    expect(row.ko.errors).toEqual([{ pointer: "/x", message: t("ko", "json.row-length", params) }]);
    expect(row.ko.errors[0].message).toBe("행의 원소가 3개입니다: 784 또는 28개여야 합니다");
    expect(row.ko.detail).toBe(`/x: ${row.ko.errors[0].message}`);
    const cut = await both("/v1/models/mnist-two-layer/predict", () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"x": [0.5, ',
    }));
    expect(cut.en.status).toBe(400);
    expect(cut.ko.detail).toBe(t("ko", "json.malformed-at", { offset: 12, what: text("json.ended-early") }));
    expect(cut.ko.errors).toEqual([{ pointer: "", message: ko["error.malformed-json-field"] }]);
    const unknown = await both("/v1/models/mnist-two-layer/predict", () => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sacle: 255, x: new Array(784).fill(0) }),
    }));
    expect(unknown.ko.errors).toEqual([
      { pointer: "/sacle", message: t("ko", "error.unknown-field-near", { key: "sacle", near: "scale" }) },
    ]);
    expect(unknown.ko.detail).toBe(t("ko", "error.unknown-fields", { keys: '"sacle"', known: "x, scale, top" }));
  });

  it("states a CPU cap in Korean", async () => {
    const r = await both("/v1/descent", () =>
      postJson({ f: "np.sum(x**2)", init: new Array(1000).fill(1), steps: 10000 }),
    );
    expect(r.en.status).toBe(422);
    expect(r.en.errors[0].pointer).toBe("/steps");
    expect(r.en.detail).toMatch(/^this descent would take about \d+ ms of CPU, over the cap of \d+ ms$/);
    const [, ms, cap] = /about (\d+) ms of CPU, over the cap of (\d+)/.exec(r.en.detail)!;
    expect(r.ko.detail).toBe(t("ko", "limit.cpu", { what: text("what.this-descent"), ms, cap }));
  });

  it("answers the per-client limit's 429 in Korean (the Rate Limiting binding, 120 descents a minute)", async () => {
    const send = (lang = "") =>
      SELF.fetch(`http://x/v1/descent${lang}`, {
        ...postJson({ f: "x[0]**2", init: [1], steps: 1 }),
        headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.77" },
      });
    // Miniflare's limiter counts in fixed 60 s windows, and a slow run can cross into a fresh one
    // at any request: each language sends until its own 429 comes back.
    const untilLimited = async (lang = "") => {
      for (let i = 0; i < 1000; i++) {
        const r = await send(lang);
        if (r.status === 429) return r;
        expect(r.status).toBe(200);
      }
      throw new Error("no 429 after 1,000 descents");
    };
    const ko429 = await untilLimited("?lang=ko");
    expect(ko429.headers.get("retry-after")).toBe("60");
    const body: any = await ko429.json();
    expect(body.title).toBe(ko["title.429"]);
    expect(body.detail).toBe(t("ko", "limit.client", { what: text("what.descents"), per_minute: 120, wait: 60 }));
    expect(body.errors).toEqual([{ pointer: "", message: t("ko", "error.rate-limited-field", { wait: 60 }) }]);
    const en429: any = await (await untilLimited()).json();
    expect(en429.detail).toBe("too many descents from this address: at most 120 a minute; retry in 60 s");
  });
});

describe("training and the gradient check", () => {
  it("says in Korean that lr = 1e6 diverges, as JSON and as a server-sent error event", async () => {
    const body = { arch: "two-layer", steps: 50, lr: 1e6 };
    const r = await both("/v1/train", () => postJson(body));
    expect(r.en.status).toBe(422);
    const step = r.en.step;
    expect(r.ko.step).toBe(step);
    expect(r.en.detail).toMatch(
      new RegExp(`^training diverged at step ${step}: .* with lr = 1000000.*; nothing was saved`),
    );
    expect(r.ko.detail).toMatch(
      new RegExp(`^${step}단계에서 학습이 발산했습니다: .*학습률 lr = 1000000.*\\)\\. 아무것도 저장하지 않았습니다`),
    );
    expect(r.ko.errors).toEqual([
      { pointer: "/lr", message: t("ko", "train.diverged-field", { name: "lr", lr: 1000000, step }) },
    ]);
    const res = await SELF.fetch("http://x/v1/train?lang=ko", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    const events = await res.text();
    const error = /event: error\ndata: (.*)\n/.exec(events);
    expect(error, events.slice(-400)).not.toBeNull();
    expect(JSON.parse(error![1])).toEqual(r.ko);
  });

  it("names a pixel out of range, with the scale hint, in Korean", async () => {
    const x = [new Array(784).fill(0)];
    x[0][5] = 200;
    const r = await both("/v1/train", () => postJson({ arch: "simple", steps: 1, x, t: [3] }));
    const message = [text("train.pixel", { value: 200, scale: 1 }), text("train.pixel-hint")];
    expect(r.en.errors).toEqual([
      { pointer: "/x/0/5", message: 'pixel 200 is outside 0..1 (for pixels 0..255 send "scale": 255)' },
    ]);
    expect(r.ko.errors).toEqual([
      { pointer: "/x/0/5", message: message.map((m) => t("ko", m.key as "train.pixel", m.params as any)).join(" ") },
    ]);
  });

  it("states the training cap in Korean", async () => {
    const r = await both("/v1/train", () =>
      postJson({ arch: "two-layer", hidden_size: 1000, steps: 100000, batch_size: 1000 }),
    );
    expect(r.en.status).toBe(422);
    expect(r.en.detail).toMatch(/^this job would take about /);
    expect(r.ko.detail).toMatch(/^이 작업에는 곱셈-덧셈이 약 \S+번\(CPU 약 /);
    expect(r.ko.errors[0].message).toMatch(
      /^iters_num\(반복 횟수\), batch_size\(미니배치 크기\), hidden_size 중 하나를 줄이세요/,
    );
  });

  it("gives the gradient check's verdict in Korean", async () => {
    const res = await SELF.fetch("http://x/v1/gradient-check?lang=ko", postJson({}));
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.passed).toBe(true);
    const list = Object.entries<any>(body.params)
      .map(([k, v]) => `${k}: ${v.mean_abs_diff.toExponential(1)}`)
      .join(", ");
    expect(body.message).toBe(t("ko", "gcheck.passed", { list, tolerance: 1e-6 }));
    expect(body.message).toMatch(/^오차역전파법의 기울기가 수치 미분으로 구한 기울기와 일치합니다\(W1: /);
  });
});

describe("grading routes", () => {
  const BASE = "/v1/assignments/dlfs-ch04";
  it("refuses a grader-only field, the grader's variant and a malformed submitted_at from a student, in Korean", async () => {
    const submit = (body: unknown) => () => postJson({ student: "lang-grading", answers: {}, ...(body as object) });
    const time = await both(`${BASE}/submissions`, submit({ submitted_at: "2026-03-01T14:22:32Z" }));
    expect(time.en.errors).toEqual([
      {
        pointer: "/submitted_at",
        message: "only the course's grader (the assignment's grader token) may send submitted_at",
      },
    ]);
    expect(time.ko.errors).toEqual([
      { pointer: "/submitted_at", message: t("ko", "grading.platform-only", { name: "submitted_at" }) },
    ]);
    const variant = await both(`${BASE}/submissions`, submit({ variant: "grader" }));
    expect(variant.ko.errors).toEqual([{ pointer: "/variant", message: ko["grading.grader-variant"] }]);
    const bad = await both(`${BASE}/submissions`, submit({ submitted_at: "yesterday" }));
    expect(bad.ko.errors).toEqual([{ pointer: "/submitted_at", message: ko["grading.submitted-at"] }]);
  });

  it("answers the grader-only variant without the grader token in Korean", async () => {
    const r = await both(`${BASE}/grader-variant?student=lang-grading`, () => ({}));
    expect(r.en.status).toBe(401);
    expect(r.en.detail).toBe("the grader-only variant needs the grader token of dlfs-ch04");
    expect(r.ko.detail).toBe(t("ko", "grading.grader-token", { id: "dlfs-ch04" }));
    expect(r.ko.errors).toEqual([{ pointer: "", message: ko["grading.grader-token-field"] }]);
  });

  it("writes PrairieLearn's format_errors in the reader's language", async () => {
    const res = await SELF.fetch(`http://x${BASE}/submissions?format=prairielearn&lang=ko`, {
      ...postJson({ student: "lang-grading", answers: {}, variant: "grader" }),
    });
    const body: any = await res.json();
    expect(body.gradable).toBe(false);
    expect(body.format_errors).toEqual([`/variant: ${ko["grading.grader-variant"]}`]);
  });

  it("names an unknown assignment parameter with a did-you-mean in Korean", async () => {
    const doc = {
      id: "lang-params",
      title: "t",
      problems: [{ id: "m", kind: "mse", points: 1, params: { classes: 10, clases: 3 } }],
    };
    const r = await both("/v1/assignments/lang-params", () => ({
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(doc),
    }));
    expect(r.en.status).toBe(422);
    expect(r.ko.errors[0].pointer).toBe("/problems/0/params/clases");
    expect(r.ko.errors[0].message).toBe(
      t("ko", "grading.did-you-mean", { name: "clases", kind: "mse", near: "classes" }),
    );
  });

  it("names unknown keys of an assignment and of its problems with a did-you-mean in Korean", async () => {
    const doc = {
      title: "t",
      relased: true,
      problems: [{ id: "m", kind: "mse", points: 1, visiblity: "hidden" }],
    };
    const r = await both("/v1/assignments/lang-keys", () => ({
      method: "PUT",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify(doc),
    }));
    expect(r.en.status).toBe(422);
    expect(r.ko.errors).toEqual([
      { pointer: "/relased", message: t("ko", "error.unknown-field-near", { key: "relased", near: "released" }) },
      {
        pointer: "/problems/0/visiblity",
        message: t("ko", "error.unknown-field-near", { key: "visiblity", near: "visibility" }),
      },
    ]);
    expect(r.ko.detail).toContain(t("ko", "error.unknown-field", { key: "relased" })); // the document's own first
  });
});

describe("datasets", () => {
  it("refuses a split that is not train or test, and a count out of range, in Korean", async () => {
    const split = await both("/v1/mnist/samples?split=validation", () => ({}));
    expect(split.en.errors).toEqual([{ pointer: "split", message: 'split must be train or test, got "validation"' }]);
    expect(split.ko.errors).toEqual([
      { pointer: "split", message: t("ko", "datasets.split", { value: "validation" }) },
    ]);
    const n = await both("/v1/mnist/samples?split=test&n=0", () => ({}));
    expect(n.ko.errors[0].pointer).toBe("n");
    expect(n.ko.errors[0].message).toMatch(/^n: 1부터 \d+까지의 정수여야 하는데 "0"입니다$/);
  });

  it("refuses a bad dataset name and an upload of the wrong type in Korean", async () => {
    const name = await both("/v1/mnist/samples?split=test&dataset=Bad%20Name", () => ({}));
    expect(name.ko.errors).toEqual([{ pointer: name.en.errors[0].pointer, message: ko["datasets.name"] }]);
    const put = await both("/v1/datasets/lang-set/train", () => ({
      method: "PUT",
      headers: { ...ADMIN, "content-type": "text/plain" },
      body: "1,2,3",
    }));
    expect(put.en.status).toBe(415);
    expect(put.ko.detail).toBe(t("ko", "datasets.content-type", { type: "text/plain" }));
  });

  it("says what is wrong with an uploaded IDX file in Korean: a labels file as the images, a truncated file", async () => {
    const idx = (magic: number, dims: number[], payload: number) => {
      const bytes = new Uint8Array(4 + 4 * dims.length + payload);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, magic);
      dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
      return bytes;
    };
    const labels = idx(0x801, [2], 2);
    const images = idx(0x803, [2, 28, 28], 2 * 784);
    const upload = (files: Record<string, Uint8Array>) => () => {
      const form = new FormData();
      for (const [name, bytes] of Object.entries(files)) form.append(name, new Blob([bytes]), name);
      return { method: "PUT", headers: ADMIN, body: form };
    };
    const swapped = await both("/v1/datasets/lang-idx/test", upload({ images: labels, labels }));
    expect(swapped.en.status).toBe(422);
    const found = { got: "0x00000801", expected: "0x00000803", kind: "images", other: "labels" };
    expect(swapped.en.errors[0].message).toBe(
      "images: bad magic 0x00000801, expected 0x00000803: not an IDX images file (that is a labels file)",
    );
    expect(swapped.ko.errors[0].message).toBe(
      t("ko", "error.in", { fn: "images", reason: text("io.idx.magic-other-kind", found) }),
    );
    const cut = await both("/v1/datasets/lang-idx/test", upload({ images: images.subarray(0, 100), labels }));
    const payload = text("io.idx.images", { count: 2, rows: 28, cols: 28 });
    const reason = text("io.idx.truncated-data", { payload, need: 1568, got: 84 });
    expect(cut.en.errors[0].message).toBe(
      "images: truncated data: the 2 images of 28x28 need 1568 bytes after the header, got 84",
    );
    expect(cut.ko.errors[0].message).toBe(t("ko", "error.in", { fn: "images", reason }));
  });
});

describe("classroom rooms over HTTP", () => {
  it("refuses a malformed room code and names a missing room in Korean", async () => {
    const bad = await both("/v1/rooms/AB0", () => ({}));
    expect(bad.en.errors).toEqual([
      { pointer: "/code", message: "a room code is 6 letters and digits (no 0, O, 1 or I)" },
    ]);
    expect(bad.ko.errors).toEqual([{ pointer: "/code", message: ko["rooms.code"] }]);
    const none = await both("/v1/rooms/ABCDEF", () => ({}));
    expect(none.en.status).toBe(404);
    expect(none.ko.detail).toBe(t("ko", "rooms.no-room", { code: "ABCDEF" }));
  });
});
