import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { t, text } from "../../core/i18n";
import { encodeNpy } from "../../core/io/npy";
import { encodeZip } from "../../core/io/zip";
import { fixtureBytes, loadDefaults } from "./defaults";

/**
 * The file-format errors of core/io (PNG, .npy, .npz and its zip, multipart) as a learner meets them: the same bad
 * upload answered in English and in Korean (`?lang=ko`), the detail from the catalogues, the
 * pointer the same, the English unchanged ("decodePng: …", "parseNpy: …", "readNpz: …").
 */
beforeAll(() => loadDefaults({ train: false }));

const ADMIN = { authorization: "Bearer test-admin-token" };

async function send(path: string, method: string, type: string, body: Uint8Array, lang?: "ko", status = 422) {
  const headers: Record<string, string> = { "content-type": type, ...(method === "PUT" ? ADMIN : {}) };
  const res = await SELF.fetch(`http://x${path}${lang ? "?lang=ko" : ""}`, { method, headers, body });
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  if (lang) expect(res.headers.get("content-language")).toBe("ko");
  return (await res.json()) as { detail: string; errors: { pointer: string; message: string }[] };
}

/** English and Korean answers to one upload: the same pointers, each in its language. */
async function both(path: string, method: string, type: string, body: Uint8Array, status = 422) {
  const en = await send(path, method, type, body, undefined, status);
  const ko = await send(path, method, type, body, "ko", status);
  expect(ko.errors.map((e) => e.pointer)).toEqual(en.errors.map((e) => e.pointer));
  return { en, ko };
}

/** A .npy of one float32 digit row, its dtype written big-endian (what a PowerPC numpy would save). */
function bigEndianNpy(): Uint8Array {
  const bytes = encodeNpy({ data: new Float32Array(784), shape: [1, 784] });
  const header = new TextDecoder("latin1").decode(bytes.subarray(0, 128));
  const at = header.indexOf("'<f4'");
  expect(at).toBeGreaterThan(0);
  bytes[at + 1] = ">".charCodeAt(0);
  return bytes;
}

const PREDICT = "/v1/models/mnist-two-layer/predict";

describe("PNG (core/io/png.ts)", () => {
  it("says a file that is not a PNG, and a cut-off PNG, in Korean", async () => {
    const notPng = await both(PREDICT, "POST", "image/png", new TextEncoder().encode("not an image at all"));
    expect(notPng.en.detail).toBe("decodePng: not a PNG file (bad signature)");
    const expected = t("ko", "error.in", { fn: "decodePng", reason: text("io.png.signature") });
    expect(notPng.ko.detail).toBe(expected);
    expect(notPng.ko.errors).toEqual([{ pointer: "", message: expected }]);

    const cut = (await fixtureBytes("formats/png_digit_rgb_light_bg.png")).slice(0, 100);
    const r = await both(PREDICT, "POST", "image/png", cut);
    const m = /^decodePng: truncated in chunk (\w{4})$/.exec(r.en.detail);
    expect(m, r.en.detail).not.toBeNull();
    expect(r.ko.detail).toBe(
      t("ko", "error.in", { fn: "decodePng", reason: text("io.png.truncated-chunk", { type: m![1] }) }),
    );
    expect(r.ko.detail).not.toBe(r.en.detail);
  });
});

describe(".npy (core/io/npy.ts)", () => {
  it("says a big-endian dtype and a cut-off array in Korean", async () => {
    const big = await both(PREDICT, "POST", "application/x-npy", bigEndianNpy());
    expect(big.en.detail).toBe("parseNpy: big-endian dtype >f4 is not supported; save arr.astype('<f4') instead");
    const reason = text("io.npy.big-endian", { descr: ">f4", rest: "f4" });
    expect(big.ko.errors).toEqual([{ pointer: "", message: t("ko", "error.in", { fn: "parseNpy", reason }) }]);

    const whole = encodeNpy({ data: new Float32Array(784), shape: [1, 784] });
    const cut = await both(PREDICT, "POST", "application/x-npy", whole.slice(0, whole.length - 4));
    expect(cut.en.detail).toBe("parseNpy: truncated data: shape (1, 784) of <f4 needs 3136 bytes, 3132 present");
    const params = { shape: "1, 784", dtype: "<f4", need: 3136, have: 3132 };
    expect(cut.ko.detail).toBe(t("ko", "error.in", { fn: "parseNpy", reason: text("io.npy.truncated-data", params) }));
  });
});

describe(".npz (core/io/npz.ts, zip.ts)", () => {
  it("names the array whose .npy is refused, a damaged entry and an entry that is not an array, in Korean", async () => {
    const npz = encodeZip({ "W.npy": bigEndianNpy() });
    const r = await both("/v1/models/lang-npz", "PUT", "application/x-npz", npz);
    expect(r.en.detail).toBe(
      "readNpz: array \"W\": big-endian dtype >f4 is not supported; save arr.astype('<f4') instead",
    );
    const reason = text("io.npz.array", {
      name: "W",
      reason: text("io.npy.big-endian", { descr: ">f4", rest: "f4" }),
    });
    expect(r.ko.detail).toBe(t("ko", "error.in", { fn: "readNpz", reason }));

    const damaged = encodeZip({ "W.npy": encodeNpy({ data: new Float32Array(784), shape: [1, 784] }) });
    damaged[40] ^= 0xff; // a byte of the stored .npy (30-byte local header, then "W.npy"): its CRC-32 no longer holds
    const crc = await both("/v1/models/lang-npz", "PUT", "application/x-npz", damaged);
    expect(crc.en.detail).toBe('readZip: CRC-32 mismatch in entry "W.npy": the archive is corrupt');
    expect(crc.ko.detail).toBe(t("ko", "error.in", { fn: "readZip", reason: text("io.zip.crc", { name: "W.npy" }) }));

    const notes = encodeZip({ "notes.txt": new TextEncoder().encode("hello") });
    const entry = await both("/v1/models/lang-npz", "PUT", "application/x-npz", notes);
    expect(entry.en.detail).toBe('readNpz: entry "notes.txt" is not a .npy array');
    expect(entry.ko.detail).toBe(
      t("ko", "error.in", { fn: "readNpz", reason: text("io.npz.entry", { file: "notes.txt" }) }),
    );
  });
});

describe("multipart/form-data (core/io/multipart.ts)", () => {
  it("says where a submission's multipart body is malformed, in Korean", async () => {
    const type = "multipart/form-data; boundary=b0undary";
    const body = new TextEncoder().encode(
      '--b0undary junk\r\nContent-Disposition: form-data; name="submission"\r\n\r\n{}',
    );
    const r = await both("/v1/assignments/dlfs-ch04/submissions", "POST", type, body, 400);
    expect(r.en.detail).toBe("malformed multipart/form-data body: multipart: a boundary line is not followed by CRLF");
    const reason = text("error.in", { fn: "multipart", reason: text("io.multipart.crlf") });
    expect(r.ko.detail).toBe(t("ko", "error.multipart-malformed-why", { reason }));
  });
});
