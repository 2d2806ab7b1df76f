// Classroom rooms on real Durable Objects (Miniflare's, through the Worker): opening a room,
// phones joining by code over WebSockets, the teacher's key, the training curve fanned out,
// the wall of digits answered by the stored model, the learning-rate vote, a quiz round graded
// live, a reconnecting phone resuming, and the limits (rate per phone, lifetime by alarm).
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { t as say } from "../../core/i18n";
import { CODE } from "../../worker/rooms/code";
import { ROOM_LIMITS } from "../../worker/rooms/limits";
import { Room } from "../../worker/rooms/room";
import { fixtureBytes, loadDefaults } from "../worker/defaults";

type Msg = Record<string, any>;

/** A WebSocket client of the room: every message queued, awaited by type. */
class Client {
  readonly messages: Msg[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];
  private seen = 0;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      this.messages.push(JSON.parse(e.data as string));
      this.wake();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  send(m: Msg) {
    this.ws.send(JSON.stringify(m));
  }

  /** The next message (after those already taken) of this type. */
  async next(type: string): Promise<Msg> {
    for (;;) {
      while (this.seen < this.messages.length) {
        const m = this.messages[this.seen++];
        if (m.type === type) return m;
      }
      if (this.closed) throw new Error(`closed (${this.closed.code} ${this.closed.reason}) while waiting for ${type}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async whenClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.closed;
  }

  close() {
    if (!this.closed) this.ws.close(1000, "bye");
  }
}

async function connect(code: string, query: string, headers: Record<string, string> = {}): Promise<Client> {
  const res = await SELF.fetch(`http://x/v1/rooms/${code}/ws?${query}`, {
    headers: { ...headers, Upgrade: "websocket" },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  return new Client(ws);
}

async function openRoom(body: Msg = {}): Promise<{ code: string; key: string }> {
  const res = await SELF.fetch("http://x/v1/rooms", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function teacher(code: string, key: string): Promise<Client> {
  const t = await connect(code, "role=teacher");
  await t.next("welcome");
  t.send({ type: "auth", key });
  const w = await t.next("welcome");
  expect(w.authed).toBe(true);
  return t;
}

const phone = (code: string, id: string) => connect(code, `role=phone&phone=${id}`);

let images: Uint8Array;
let labels: Uint8Array;

beforeAll(async () => {
  await loadDefaults();
  images = await fixtureBytes("mnist/test-images.u8");
  labels = await fixtureBytes("mnist/test-labels.u8");
});

describe("opening and finding a room", () => {
  it("answers a code and a key; the code finds the room, other codes find nothing", async () => {
    const { code, key } = await openRoom({ lifetime_minutes: 30 });
    expect(code).toMatch(CODE);
    expect(key.length).toBeGreaterThanOrEqual(32);
    const info = await (await SELF.fetch(`http://x/v1/rooms/${code.toLowerCase()}`)).json<Msg>();
    expect(info).toMatchObject({ code, phones: 0, connected: 0, max_phones: ROOM_LIMITS.maxPhones });
    expect(Date.parse(info.expires_at) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(Date.parse(info.expires_at) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const other = code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    expect((await SELF.fetch(`http://x/v1/rooms/${other}`)).status).toBe(404);
    expect((await SELF.fetch("http://x/v1/rooms/0O1I00")).status).toBe(422);
    expect((await SELF.fetch(`http://x/v1/rooms/${code}/ws`)).status).toBe(400); // not an upgrade
    const bad = await SELF.fetch("http://x/v1/rooms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"lifetime_minutes": 100000}',
    });
    expect(bad.status).toBe(422);
  });

  it("a phone joining an unknown room is told so and closed", async () => {
    const p = await phone("ZZZZZZ", "phone-nowhere");
    expect(await p.next("error")).toMatchObject({ code: "no-room" });
    expect((await p.whenClosed()).code).toBe(4004);
  });
});

describe("the teacher's key", () => {
  it("a wrong key closes the connection; without auth the teacher's controls are refused", async () => {
    const { code } = await openRoom();
    const t = await connect(code, "role=teacher");
    expect(await t.next("welcome")).toMatchObject({ role: "teacher", authed: false });
    t.send({ type: "vote-open" });
    expect(await t.next("error")).toMatchObject({ code: "not-teacher" });
    t.send({ type: "auth", key: "not-the-key" });
    expect((await t.whenClosed()).code).toBe(4003);
    // a phone cannot send the teacher's messages either
    const p = await phone(code, "phone-aaaaaaaa");
    await p.next("welcome");
    p.send({ type: "train-start", steps: 10 });
    expect(await p.next("error")).toMatchObject({ code: "bad-message" });
    p.close();
  });
});

describe("refusals in each connection's language", () => {
  it("the same refusal reaches an English phone in English and a Korean one (?lang=ko or Accept-Language) in Korean", async () => {
    const { code, key } = await openRoom();
    const en = await phone(code, "phone-lang-en");
    const ko = await connect(code, "role=phone&phone=phone-lang-ko&lang=ko");
    const ko2 = await connect(code, "role=phone&phone=phone-lang-ko2", {
      "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5",
    });
    for (const p of [en, ko, ko2]) await p.next("welcome");
    // no vote is open: the ballot is refused
    for (const p of [en, ko, ko2]) p.send({ type: "vote", round: 1, choice: 0 });
    expect(await en.next("error")).toEqual({ type: "error", code: "vote-closed", message: "this vote is not open" });
    for (const p of [ko, ko2]) {
      expect(await p.next("error")).toEqual({
        type: "error",
        code: "vote-closed",
        message: say("ko", "rooms.ws.vote-closed"),
      });
    }
    // a refusal naming a field and a number: the field stays as sent, the sentence is Korean
    for (const p of [en, ko]) p.send({ type: "vote", round: 0, choice: 0 });
    expect(await en.next("error")).toMatchObject({
      code: "bad-field",
      field: "round",
      message: "round must be an integer from 1 to 1000000000",
    });
    const bad = await ko.next("error");
    expect(bad).toMatchObject({ code: "bad-field", field: "round" });
    expect(bad.message).toBe(say("ko", "rooms.ws.int", { field: "round", lo: 1, hi: 1e9 }));
    // the teacher's Korean projector: the refusal and the close frame's reason
    const t = await connect(code, "role=teacher&lang=ko");
    await t.next("welcome");
    t.send({ type: "vote-close" });
    expect((await t.next("error")).message).toBe(say("ko", "rooms.ws.not-teacher"));
    t.send({ type: "auth", key: `${key}x` });
    expect(await t.whenClosed()).toEqual({ code: 4003, reason: say("ko", "rooms.ws.wrong-key") });
    for (const p of [en, ko, ko2]) p.close();
  });

  it("a Korean phone joining an unknown room is told so in Korean", async () => {
    const p = await connect("ZZZZZZ", "role=phone&phone=phone-nowhere-ko&lang=ko");
    expect(await p.next("error")).toEqual({ type: "error", code: "no-room", message: say("ko", "rooms.ws.no-room") });
    expect(await p.whenClosed()).toEqual({ code: 4004, reason: say("ko", "rooms.ws.no-room") });
  });
});

describe("training streamed to every phone", () => {
  it("every phone gets the same points in order; a phone joining late gets the curve so far", async () => {
    const { code, key } = await openRoom();
    const t = await teacher(code, key);
    const phones = await Promise.all([1, 2, 3].map((i) => phone(code, `phone-train-${i}`)));
    for (const [i, p] of phones.entries()) expect((await p.next("welcome")).seat).toBe(i + 1);
    t.send({ type: "train-start", steps: 300, pace: 50, label: "two-layer, lr 0.05" });
    const points = [0.5, 1, 1.5, 2, 2.5].map((v, i) => ({
      step: (i + 1) * 60,
      loss: 2.3 / v,
      test_accuracy: i === 4 ? 0.9 : null,
    }));
    for (const p of points) t.send({ type: "train-point", ...p });
    t.send({ type: "train-end", state: "done" });
    for (const p of phones) {
      expect(await p.next("train-start")).toMatchObject({ steps: 300, pace: 50, label: "two-layer, lr 0.05" });
      const got = [];
      for (let i = 0; i < points.length; i++) got.push((await p.next("train-point")).point);
      expect(got.map((g) => [g.step, g.loss, g.test_accuracy])).toEqual(
        points.map((q) => [q.step, q.loss, q.test_accuracy]),
      );
      expect(await p.next("train-end")).toMatchObject({ state: "done" });
    }
    const late = await phone(code, "phone-train-late");
    const w = await late.next("welcome");
    expect(w.seat).toBe(4);
    expect(w.train.state).toBe("done");
    expect(w.train.points.map((g: Msg) => g.loss)).toEqual(points.map((q) => q.loss));
    // a point out of range is refused with the field named
    t.send({ type: "train-point", step: 1, loss: "NaN" });
    expect(await t.next("error")).toMatchObject({ field: "loss" });
    for (const c of [t, late, ...phones]) c.close();
  });
});

describe("the wall of digits", () => {
  it("each phone's digit is guessed by the stored model, as the predict route answers it; the teacher sees the class's accuracy", async () => {
    const { code, key } = await openRoom();
    const t = await teacher(code, key);
    const n = 6;
    const phones = await Promise.all(Array.from({ length: n }, (_, i) => phone(code, `phone-wall-${i}`)));
    for (const p of phones) await p.next("welcome");
    const rows = Array.from({ length: n }, (_, i) => images.subarray(i * 784, (i + 1) * 784));
    const predicted = await SELF.fetch("http://x/v1/models/mnist-two-layer/predict", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: images.slice(0, n * 784),
    }).then((r) => r.json<{ predictions: { label: number; probabilities: number[] }[] }>());
    for (const [i, p] of phones.entries())
      p.send({ type: "digit", pixels: btoa(String.fromCharCode(...rows[i])), label: labels[i] });
    let correct = 0;
    for (const [i, p] of phones.entries()) {
      const r = await p.next("digit-result");
      expect(r.guess).toBe(predicted.predictions[i].label);
      expect(r.probability).toBe(predicted.predictions[i].probabilities[r.guess]);
      if (r.guess === labels[i]) correct++;
    }
    let last: Msg = {};
    for (let i = 0; i < n; i++) last = await t.next("digit");
    expect(last.accuracy).toEqual({ correct, total: n });
    // the snapshot a reconnecting projector gets holds the same wall
    const t2 = await teacher(code, key);
    expect(t2.messages.at(-1)!.wall.length).toBe(n);
    // an empty pad is refused
    phones[0].send({ type: "digit", pixels: btoa(String.fromCharCode(...new Uint8Array(784))), label: 3 });
    expect(await phones[0].next("error")).toMatchObject({ code: "empty-digit" });
    for (const c of [t, t2, ...phones]) c.close();
  });
});

describe("the learning-rate vote", () => {
  it("phones vote; the teacher sees the counts; a reconnecting phone sees its own vote; closed votes refuse ballots", async () => {
    const { code, key } = await openRoom();
    const t = await teacher(code, key);
    const phones = await Promise.all([0, 1, 2, 3].map((i) => phone(code, `phone-vote-${i}`)));
    for (const p of phones) await p.next("welcome");
    t.send({ type: "vote-open", choices: [10, 0.1, 1e-10] });
    const ballots = [1, 1, 0, 2];
    for (const [i, p] of phones.entries()) {
      const v = await p.next("vote");
      expect(v).toMatchObject({ open: true, choices: [10, 0.1, 1e-10], round: 1 });
      p.send({ type: "vote", round: v.round, choice: ballots[i] });
      expect((await p.next("vote")).mine).toBe(ballots[i]);
    }
    let counts: number[] = [];
    for (let i = 0; i <= ballots.length; i++) counts = (await t.next("vote")).counts;
    expect(counts).toEqual([1, 2, 1]);
    phones[0].close();
    await phones[0].whenClosed();
    const again = await phone(code, "phone-vote-0");
    const w = await again.next("welcome");
    expect(w.seat).toBe(1);
    expect(w.vote).toMatchObject({ round: 1, mine: 1, counts: [1, 2, 1] });
    t.send({ type: "vote-close" });
    expect(await again.next("vote")).toMatchObject({ open: false, counts: [1, 2, 1] });
    again.send({ type: "vote", round: 1, choice: 0 });
    expect(await again.next("error")).toMatchObject({ code: "vote-closed" });
    for (const c of [t, again, ...phones.slice(1)]) c.close();
  });
});

describe("a quiz round", () => {
  it("answers are graded live and the mistakes counted, without names", async () => {
    const { code, key } = await openRoom();
    const t = await teacher(code, key);
    // the third phone reads Korean (?lang=ko): the statement and its feedback come in Korean
    const phones = await Promise.all(
      [0, 1, 2].map((i) => connect(code, `role=phone&phone=phone-quiz-${i}${i === 2 ? "&lang=ko" : ""}`)),
    );
    for (const p of phones) await p.next("welcome");
    t.send({ type: "quiz-open", assignment: "dlfs-ch04", problem: "mse" });
    const q = await phones[0].next("quiz");
    expect(q.statement).toMatch(/^Compute mean_squared_error/);
    expect(q.problem.id).toBe("mse");
    expect(q).not.toHaveProperty("expected");
    // the book's mean_squared_error: 0.5 * np.sum((y - t)**2), and the same without the 0.5
    const { y, t: target } = q.inputs as { y: number[]; t: number[] };
    const sq = y.map((v, i) => (v - target[i]) ** 2).reduce((a, b) => a + b, 0);
    const answers = [0.5 * sq, sq, sq];
    for (const [i, p] of phones.entries()) {
      if (i > 0) {
        const mine = await p.next("quiz");
        expect(mine.inputs).toEqual(q.inputs); // one variant for the whole room
        if (i === 2) expect(mine.statement).toMatch(/[\uac00-\ud7a3]/);
      }
      p.send({ type: "answer", round: q.round, value: answers[i] });
      const result = await p.next("quiz-result");
      expect(result.status).toBe(i === 0 ? "correct" : "incorrect");
      if (i === 2) expect(result.feedback).toMatch(/[\uac00-\ud7a3]/);
    }
    let tally: Msg = {};
    for (let i = 0; i <= answers.length; i++) tally = await t.next("quiz-tally");
    expect(tally).toMatchObject({ answered: 3, correct: 1, incorrect: 2 });
    expect(tally.diagnoses).toEqual([{ id: "missing-half", message: expect.stringContaining("0.5"), count: 2 }]);
    expect(JSON.stringify(tally)).not.toMatch(/phone-quiz/);
    // problems hidden from students cannot be quizzed
    t.send({ type: "quiz-open", assignment: "dlfs-ch04", problem: "simplenet_dW" });
    expect(await t.next("error")).toMatchObject({ code: "bad-problem" });
    for (const c of [t, ...phones]) c.close();
  });
});

describe("limits", () => {
  it("a phone sending too fast is told to slow down", async () => {
    const { code } = await openRoom();
    const p = await phone(code, "phone-fast-1");
    await p.next("welcome");
    for (let i = 0; i < ROOM_LIMITS.phoneRate.capacity + 10; i++) p.send({ type: "vote", round: 1, choice: 0 });
    expect(await p.next("error")).toMatchObject({ code: "vote-closed" });
    expect(await p.next("error")).toMatchObject({ code: "vote-closed" });
    const errors = async () => {
      for (;;) {
        const e = await p.next("error");
        if (e.code === "rate-limited") return e;
      }
    };
    expect((await errors()).message).toMatch(/slow down/);
    p.close();
  });

  it("at the end of its lifetime (the alarm) the room closes every connection and forgets everything", async () => {
    const { code, key } = await openRoom({ lifetime_minutes: 5 });
    const t = await teacher(code, key);
    const p = await phone(code, "phone-alarm-1");
    await p.next("welcome");
    const stub = env.ROOMS.get(env.ROOMS.idFromName(code));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await p.next("closed")).toMatchObject({ reason: "the room's time is up" });
    expect((await p.whenClosed()).code).toBe(4010);
    expect((await t.whenClosed()).code).toBe(4010);
    expect((await SELF.fetch(`http://x/v1/rooms/${code}`)).status).toBe(404);
    const again = await phone(code, "phone-alarm-1");
    expect(await again.next("error")).toMatchObject({ code: "no-room" });
  });
});

describe("waking from hibernation", () => {
  it("a fresh object over the same storage (what waking from hibernation builds) shows the same room", async () => {
    const { code, key } = await openRoom();
    const t = await teacher(code, key);
    const p = await phone(code, "phone-wake-1");
    await p.next("welcome");
    t.send({ type: "train-start", steps: 100 });
    t.send({ type: "train-point", step: 50, loss: 0.7 });
    t.send({ type: "vote-open" });
    await p.next("train-point");
    await p.next("vote");
    p.send({ type: "digit", pixels: btoa(String.fromCharCode(...images.subarray(0, 784))), label: labels[0] });
    await p.next("digit-result");
    const stub = env.ROOMS.get(env.ROOMS.idFromName(code));
    const [before, after] = await runInDurableObject(stub, async (instance, state) => {
      const fresh = new Room(state, env);
      await state.blockConcurrencyWhile(async () => {}); // the fresh object's load() has run
      return [(instance as any).teacherSnapshot(), (fresh as any).teacherSnapshot()];
    });
    expect(after).toEqual(before);
    expect(after.train.points).toEqual([{ step: 50, loss: 0.7, train_accuracy: null, test_accuracy: null }]);
    expect(after.wall.length).toBe(1);
    expect(after.presence).toEqual({ connected: 1, joined: 1 });
    t.close();
    p.close();
  });
});
