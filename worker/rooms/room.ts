/**
 * One classroom: a Durable Object per room code. Phones and the projector connect over
 * WebSockets accepted with the hibernation API (ctx.acceptWebSocket), so an idle room costs
 * nothing while every socket stays open; who a socket is (role, phone id, seat) rides on the
 * socket itself (serializeAttachment) and everything the class made (the training curve, the
 * wall of digits, the vote, the quiz) is in the object's storage, loaded again when the object
 * wakes. A phone that reconnects with its id gets its seat back and a snapshot of the room.
 * The room ends at its alarm: every socket is closed and its storage deleted.
 */
import { DurableObject } from "cloudflare:workers";
import { type Lang, negotiate, render, type Text, text } from "../../core/i18n";
import { MNIST_INPUT } from "../../core/nn/network";
import { predict } from "../../core/nn/predict";
import type { Env } from "../env";
import { RateLimiter } from "../http/rate-limit";
import { loadModel } from "../models/store";
import { hashKey, sameDigest } from "./code";
import { DEFAULT_ROOM_MODEL, DEFAULT_VOTE_CHOICES, ROOM_LIMITS } from "./limits";
import {
  type PhoneMessage,
  parsePhoneMessage,
  parseTeacherMessage,
  RoomError,
  type TeacherMessage,
  type TrainEndState,
} from "./protocol";
import { answerQuiz, openQuiz, type QuizState, quizForPhones, tally } from "./quiz";

export interface RoomMeta {
  code: string;
  keyHash: string;
  created: number;
  expires: number;
  model: string;
}

export interface TrainPoint {
  step: number;
  loss: number;
  train_accuracy: number | null;
  test_accuracy: number | null;
}

export interface TrainState {
  run: number;
  steps: number;
  pace: number | null;
  label: string;
  state: "running" | TrainEndState;
  note: string;
  points: TrainPoint[];
}

export interface WallDigit {
  seat: number;
  label: number;
  guess: number;
  probability: number;
  /** The 28x28 digit, base64 of 784 bytes. */
  pixels: string;
}

export interface VoteState {
  round: number;
  open: boolean;
  choices: number[];
  /** phone id -> index of its choice */
  votes: Record<string, number>;
}

/** A close frame's reason holds at most 123 bytes of UTF-8: the reader's language when it fits, else English. */
function closeReason(lang: Lang, reason: Text): string {
  const said = render(lang, reason);
  return new TextEncoder().encode(said).length <= 123 ? said : render("en", reason);
}

/** Who a socket is; `lang` (from ?lang= or Accept-Language) picks the language of the quiz texts it gets. */
type Attachment =
  | { role: "phone"; phone: string; seat: number; lang: Lang }
  | { role: "teacher"; authed: boolean; lang: Lang };

/** The attachment of a socket this room accepted (null only for one it is still refusing). */
const attachmentOf = (ws: WebSocket) => ws.deserializeAttachment() as Attachment | null;

/** A message, or a function making it in the reader's language. */
type Outgoing = Record<string, unknown> | ((lang: Lang) => Record<string, unknown>);

const PHONE_ID = /^[A-Za-z0-9_-]{8,64}$/;

export class Room extends DurableObject<Env> {
  private meta: RoomMeta | null = null;
  /** phone id -> seat number (1, 2, ...): the only name the room ever shows. */
  private phones: Record<string, number> = {};
  private train: TrainState | null = null;
  private wall = new Map<number, WallDigit>();
  private vote: VoteState | null = null;
  private quiz: QuizState | null = null;
  private readonly limiter = new RateLimiter(ROOM_LIMITS.phoneRate);
  private readonly strikes = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered by the runtime without waking a hibernating room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    ctx.blockConcurrencyWhile(() => this.load());
  }

  private async load(): Promise<void> {
    const s = this.ctx.storage;
    const got = await s.get<unknown>(["meta", "phones", "train", "vote", "quiz"]);
    this.meta = (got.get("meta") as RoomMeta | undefined) ?? null;
    this.phones = (got.get("phones") as Record<string, number> | undefined) ?? {};
    this.train = (got.get("train") as TrainState | undefined) ?? null;
    this.vote = (got.get("vote") as VoteState | undefined) ?? null;
    this.quiz = (got.get("quiz") as QuizState | undefined) ?? null;
    if (this.train) {
      const points = await s.list<TrainPoint>({ prefix: "tp:" });
      this.train.points = [...points.values()];
    }
    this.wall = new Map([...(await s.list<WallDigit>({ prefix: "wall:" })).values()].map((d) => [d.seat, d]));
  }

  // ---- called by the Worker (RPC) ----

  /** Opens the room under `code`; false when the code is taken. */
  async create(meta: RoomMeta): Promise<boolean> {
    if (this.meta) return false;
    this.meta = meta;
    await this.ctx.storage.put("meta", meta);
    await this.ctx.storage.setAlarm(meta.expires);
    return true;
  }

  /** What anyone holding the code may know: that it exists, how full it is, when it ends. */
  async info(): Promise<{
    code: string;
    phones: number;
    connected: number;
    max_phones: number;
    expires_at: string;
  } | null> {
    if (!this.meta) return null;
    return {
      code: this.meta.code,
      phones: Object.keys(this.phones).length,
      connected: this.ctx.getWebSockets("phone").length,
      max_phones: ROOM_LIMITS.maxPhones,
      expires_at: new Date(this.meta.expires).toISOString(),
    };
  }

  // ---- WebSockets ----

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected Upgrade: websocket", { status: 426 });
    const url = new URL(request.url);
    const { 0: client, 1: server } = new WebSocketPair();
    const lang = negotiate(url.searchParams.get("lang"), request.headers.get("accept-language"));
    const refuse = (code: number, reason: Text, error: string) => {
      server.accept();
      server.send(JSON.stringify({ type: "error", code: error, message: render(lang, reason) }));
      server.close(code, closeReason(lang, reason));
      return new Response(null, { status: 101, webSocket: client });
    };
    if (!this.meta || Date.now() >= this.meta.expires) return refuse(4004, text("rooms.ws.no-room"), "no-room");
    const role = url.searchParams.get("role");
    if (role === "teacher") {
      if (this.ctx.getWebSockets("teacher").length >= ROOM_LIMITS.maxTeachers)
        return refuse(4003, text("rooms.ws.too-many-projectors"), "full");
      this.ctx.acceptWebSocket(server, ["teacher"]);
      server.serializeAttachment({ role: "teacher", authed: false, lang } satisfies Attachment);
      this.send(server, {
        type: "welcome",
        role: "teacher",
        authed: false,
        code: this.meta.code,
        expires_at: new Date(this.meta.expires).toISOString(),
      });
      return new Response(null, { status: 101, webSocket: client });
    }
    const phone = url.searchParams.get("phone") ?? "";
    if (role !== "phone" || !PHONE_ID.test(phone)) return refuse(4000, text("rooms.ws.bad-request"), "bad-request");
    let seat = this.phones[phone];
    if (seat === undefined) {
      const taken = Object.keys(this.phones).length;
      if (taken >= ROOM_LIMITS.maxPhones)
        return refuse(4003, text("rooms.ws.full", { max: ROOM_LIMITS.maxPhones }), "full");
      seat = taken + 1;
      this.phones[phone] = seat;
      await this.ctx.storage.put("phones", this.phones);
    }
    // One connection per phone: a reconnect replaces a connection the phone lost track of.
    for (const old of this.ctx.getWebSockets(`p:${phone}`))
      old.close(4001, closeReason(attachmentOf(old)!.lang, text("rooms.ws.replaced")));
    this.ctx.acceptWebSocket(server, ["phone", `p:${phone}`]);
    server.serializeAttachment({ role: "phone", phone, seat, lang } satisfies Attachment);
    this.send(server, this.phoneWelcome(phone, seat, lang));
    this.toTeachers({ type: "presence", ...this.presence() });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const who = attachmentOf(ws)!;
    try {
      if (typeof message !== "string") throw new RoomError("bad-message", text("rooms.ws.not-text"));
      if (who.role === "phone") {
        if (message.length > ROOM_LIMITS.maxPhoneMessageBytes)
          throw new RoomError("too-large", text("rooms.ws.too-large", { bytes: ROOM_LIMITS.maxPhoneMessageBytes }));
        if (this.limiter.take(who.phone) > 0) return this.strike(ws, who.phone);
        await this.onPhone(ws, who, parsePhoneMessage(message));
      } else {
        if (message.length > ROOM_LIMITS.maxTeacherMessageBytes)
          throw new RoomError("too-large", text("rooms.ws.too-large", { bytes: ROOM_LIMITS.maxTeacherMessageBytes }));
        const m = parseTeacherMessage(message);
        if (m.type === "auth") return await this.auth(ws, who.lang, m.key);
        if (!who.authed) throw new RoomError("not-teacher", text("rooms.ws.not-teacher"));
        await this.onTeacher(ws, m);
      }
    } catch (err) {
      if (!(err instanceof RoomError)) throw err;
      this.send(ws, {
        type: "error",
        code: err.code,
        message: render(who.lang, err.text),
        ...(err.field ? { field: err.field } : {}),
      });
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // Completes the closing handshake (1005 and 1006 only report that no code came).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    if (attachmentOf(ws)?.role === "phone") this.toTeachers({ type: "presence", ...this.presence() });
  }

  override async alarm(): Promise<void> {
    await this.end(text("rooms.ws.time-up"));
  }

  // ---- phones ----

  private async onPhone(
    ws: WebSocket,
    { phone, seat, lang }: Extract<Attachment, { role: "phone" }>,
    m: PhoneMessage,
  ): Promise<void> {
    if (m.type === "digit") {
      const d = await this.guess(seat, m.pixels, m.label);
      this.wall.set(seat, d);
      await this.ctx.storage.put(wallKey(seat), d);
      this.send(ws, { type: "digit-result", label: d.label, guess: d.guess, probability: d.probability });
      this.toTeachers({ type: "digit", digit: d, accuracy: this.accuracy() });
    } else if (m.type === "vote") {
      const v = this.vote;
      if (!v || !v.open || v.round !== m.round) throw new RoomError("vote-closed", text("rooms.ws.vote-closed"));
      if (m.choice >= v.choices.length)
        throw new RoomError("bad-field", text("rooms.ws.choice", { last: v.choices.length - 1 }), "choice");
      v.votes[phone] = m.choice;
      await this.ctx.storage.put("vote", v);
      this.send(ws, { ...this.voteMessage(), mine: m.choice });
      this.toTeachers(this.voteMessage());
    } else {
      const q = this.quiz;
      if (!q || !q.open || q.round !== m.round) throw new RoomError("quiz-closed", text("rooms.ws.quiz-closed"));
      const r = answerQuiz(q, phone, m.value, lang);
      await this.ctx.storage.put("quiz", q);
      this.send(ws, { type: "quiz-result", round: q.round, ...r });
      this.toTeachers((l) => ({ type: "quiz-tally", ...tally(q, l) }));
    }
  }

  /** The room's model on a phone's 28x28 digit (as POST /v1/models/{name}/predict would answer). */
  private async guess(seat: number, pixels: Uint8Array, label: number): Promise<WallDigit> {
    const name = this.meta!.model;
    const model = await loadModel(this.env.KV, name);
    if (!model) throw new RoomError("no-model", text("rooms.ws.room-model-missing", { name }));
    const { labels, probabilities } = predict(model.net, { data: pixels, rows: 1, cols: MNIST_INPUT });
    return {
      seat,
      label,
      guess: labels[0],
      probability: probabilities[labels[0]],
      pixels: btoa(String.fromCharCode(...pixels)),
    };
  }

  private strike(ws: WebSocket, phone: string): void {
    const n = (this.strikes.get(phone) ?? 0) + 1;
    this.strikes.set(phone, n);
    if (n >= ROOM_LIMITS.maxStrikes) {
      ws.close(4008, closeReason(attachmentOf(ws)!.lang, text("rooms.ws.too-many-messages")));
      return;
    }
    const { capacity, refillPerSecond } = ROOM_LIMITS.phoneRate;
    const { lang } = attachmentOf(ws)!;
    this.send(ws, {
      type: "error",
      code: "rate-limited",
      message: render(lang, text("rooms.ws.rate-limited", { capacity, rate: refillPerSecond })),
    });
  }

  // ---- the teacher ----

  private async auth(ws: WebSocket, lang: Lang, key: string): Promise<void> {
    if (!sameDigest(await hashKey(key), this.meta!.keyHash)) {
      ws.close(4003, closeReason(lang, text("rooms.ws.wrong-key")));
      return;
    }
    ws.serializeAttachment({ role: "teacher", authed: true, lang } satisfies Attachment);
    this.send(ws, this.teacherSnapshot(lang));
  }

  private async onTeacher(ws: WebSocket, m: Exclude<TeacherMessage, { type: "auth" }>): Promise<void> {
    const s = this.ctx.storage;
    switch (m.type) {
      case "train-start": {
        await deleteKeys(s, [...(this.train?.points ?? []).keys()].map(pointKey));
        this.train = {
          run: (this.train?.run ?? 0) + 1,
          steps: m.steps,
          pace: m.pace,
          label: m.label,
          state: "running",
          note: "",
          points: [],
        };
        await s.put("train", { ...this.train, points: [] });
        this.toAll(trainStart(this.train));
        return;
      }
      case "train-point": {
        const t = this.train;
        if (!t || t.state !== "running") throw new RoomError("no-run", text("rooms.ws.no-run"));
        if (t.points.length >= ROOM_LIMITS.maxTrainPoints)
          throw new RoomError("too-many-points", text("rooms.ws.too-many-points", { max: ROOM_LIMITS.maxTrainPoints }));
        const p: TrainPoint = {
          step: m.step,
          loss: m.loss,
          train_accuracy: m.train_accuracy,
          test_accuracy: m.test_accuracy,
        };
        await s.put(pointKey(t.points.length), p);
        t.points.push(p);
        // t: the sender's clock, passed through so a client can measure the fan-out's latency
        this.toAll({
          type: "train-point",
          run: t.run,
          index: t.points.length - 1,
          point: p,
          ...(m.t !== null ? { t: m.t } : {}),
        });
        return;
      }
      case "train-end": {
        if (!this.train) throw new RoomError("no-run", text("rooms.ws.no-run-to-end"));
        this.train.state = m.state;
        this.train.note = m.note;
        await s.put("train", { ...this.train, points: [] });
        this.toAll({ type: "train-end", run: this.train.run, state: m.state, note: m.note });
        return;
      }
      case "vote-open": {
        this.vote = {
          round: (this.vote?.round ?? 0) + 1,
          open: true,
          choices: m.choices ?? DEFAULT_VOTE_CHOICES,
          votes: {},
        };
        await s.put("vote", this.vote);
        this.toAll({ ...this.voteMessage(), mine: null });
        return;
      }
      case "vote-close": {
        if (!this.vote) throw new RoomError("no-vote", text("rooms.ws.no-vote"));
        this.vote.open = false;
        await s.put("vote", this.vote);
        this.toAll(this.voteMessage());
        return;
      }
      case "quiz-open": {
        const q = await openQuiz(this.env, this.meta!.code, (this.quiz?.round ?? 0) + 1, m.assignment, m.problem);
        this.quiz = q;
        await s.put("quiz", q);
        this.toAll((l) => quizForPhones(q, l));
        this.toTeachers((l) => ({ type: "quiz-tally", ...tally(q, l) }));
        return;
      }
      case "quiz-close": {
        const q = this.quiz;
        if (!q) throw new RoomError("no-quiz", text("rooms.ws.no-quiz"));
        q.open = false;
        await s.put("quiz", q);
        this.toAll((l) => quizForPhones(q, l));
        this.toTeachers((l) => ({ type: "quiz-tally", ...tally(q, l) }));
        return;
      }
      case "wall-clear": {
        await deleteKeys(s, [...this.wall.keys()].map(wallKey));
        this.wall.clear();
        this.toTeachers({ type: "wall", digits: [], accuracy: this.accuracy() });
        return;
      }
      case "model": {
        if (!(await loadModel(this.env.KV, m.name)))
          throw new RoomError("no-model", text("rooms.ws.no-model", { name: m.name }), "name");
        this.meta!.model = m.name;
        await s.put("meta", this.meta);
        this.send(ws, { type: "model", name: m.name });
        return;
      }
      case "close-room":
        await this.ctx.storage.deleteAlarm();
        await this.end(text("rooms.ws.teacher-closed"));
        return;
    }
  }

  /** Closes every socket and forgets the room: its code then leads nowhere. */
  private async end(reason: Text): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      const lang = attachmentOf(ws)?.lang ?? "en";
      this.send(ws, { type: "closed", reason: render(lang, reason) });
      try {
        ws.close(4010, closeReason(lang, reason));
      } catch {
        // already closing
      }
    }
    await this.ctx.storage.deleteAll();
    this.meta = null;
    this.phones = {};
    this.train = null;
    this.wall.clear();
    this.vote = null;
    this.quiz = null;
  }

  // ---- what is sent ----

  private phoneWelcome(phone: string, seat: number, lang: Lang) {
    const vote = this.vote ? { ...this.voteMessage(), mine: this.vote.votes[phone] ?? null } : null;
    const quiz = this.quiz
      ? { ...quizForPhones(this.quiz, lang), mine: this.quiz.answers[phone]?.status ?? null }
      : null;
    const digit = this.wall.get(seat);
    return {
      type: "welcome",
      role: "phone",
      code: this.meta!.code,
      seat,
      expires_at: new Date(this.meta!.expires).toISOString(),
      train: this.train ? { ...trainStart(this.train), state: this.train.state, points: this.train.points } : null,
      vote,
      quiz,
      digit: digit ? { label: digit.label, guess: digit.guess, probability: digit.probability } : null,
    };
  }

  private teacherSnapshot(lang: Lang) {
    return {
      type: "welcome",
      role: "teacher",
      authed: true,
      code: this.meta!.code,
      expires_at: new Date(this.meta!.expires).toISOString(),
      model: this.meta!.model,
      limits: { max_phones: ROOM_LIMITS.maxPhones, phone_rate: ROOM_LIMITS.phoneRate },
      presence: this.presence(),
      train: this.train ? { ...trainStart(this.train), state: this.train.state, points: this.train.points } : null,
      wall: [...this.wall.values()],
      accuracy: this.accuracy(),
      vote: this.vote ? this.voteMessage() : null,
      quiz: this.quiz ? { ...quizForPhones(this.quiz, lang), tally: tally(this.quiz, lang) } : null,
    };
  }

  private presence() {
    return { connected: this.ctx.getWebSockets("phone").length, joined: Object.keys(this.phones).length };
  }

  private accuracy() {
    let correct = 0;
    for (const d of this.wall.values()) if (d.guess === d.label) correct++;
    return { correct, total: this.wall.size };
  }

  private voteMessage() {
    const v = this.vote!;
    const counts = v.choices.map(() => 0);
    for (const c of Object.values(v.votes)) counts[c]++;
    return { type: "vote", round: v.round, open: v.open, choices: v.choices, counts };
  }

  private send(ws: WebSocket, message: unknown): void {
    try {
      ws.send(JSON.stringify(message));
    } catch {
      // the socket closed meanwhile; its close event cleans up
    }
  }

  /**
   * Sends one message to many sockets, serialised once (or once per language when the message
   * is a function of the reader's language).
   */
  private broadcast(sockets: WebSocket[], message: Outgoing): void {
    const texts = new Map<Lang | "", string>();
    const perLang = typeof message === "function";
    for (const ws of sockets) {
      const lang = perLang ? attachmentOf(ws)!.lang : "";
      let frame = texts.get(lang);
      if (frame === undefined)
        texts.set(lang, (frame = JSON.stringify(perLang ? (message as (l: Lang) => unknown)(lang as Lang) : message)));
      try {
        ws.send(frame);
      } catch {
        // closed meanwhile
      }
    }
  }

  private toTeachers(message: Outgoing): void {
    const authed = (ws: WebSocket) => {
      const a = attachmentOf(ws);
      return a?.role === "teacher" && a.authed;
    };
    this.broadcast(this.ctx.getWebSockets("teacher").filter(authed), message);
  }

  private toAll(message: Outgoing): void {
    this.broadcast(this.ctx.getWebSockets("phone"), message);
    this.toTeachers(message);
  }
}

const pointKey = (i: number): string => `tp:${String(i).padStart(5, "0")}`;
const wallKey = (seat: number): string => `wall:${String(seat).padStart(4, "0")}`;

/** storage.delete takes at most 128 keys at once. */
async function deleteKeys(s: DurableObjectStorage, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 128) await s.delete(keys.slice(i, i + 128));
}

function trainStart(t: TrainState) {
  return { type: "train-start", run: t.run, steps: t.steps, pace: t.pace, label: t.label };
}
