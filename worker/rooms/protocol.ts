/**
 * The room's messages (JSON text frames). Phones and the projector send the "in" messages;
 * the room answers and fans out the "out" ones. Every incoming message is checked here, field
 * by field, before the room acts on it; a bad one gets an `error` answer naming the field.
 *
 *   phone   -> room  digit {pixels, label}   vote {round, choice}   answer {round, value}
 *   teacher -> room  auth {key}   train-start {steps, pace?, label?}   train-point {step, loss, ...}
 *                    train-end {state}   vote-open {choices?}   vote-close   quiz-open {assignment, problem}
 *                    quiz-close   wall-clear   model {name}   close-room
 *   room    -> all   welcome   train-start   train-point   train-end   vote   quiz   error   closed
 *   room    -> teacher  presence   digit   wall   quiz-tally
 *   room    -> phone    digit-result   quiz-result
 * "ping" (not JSON) is answered "pong" by the runtime itself, without waking the room.
 */
import { render, type Text, text } from "../../core/i18n";
import { MNIST_INPUT } from "../../core/nn/network";
import { MODEL_NAME } from "../models/store";
import { ROOM_LIMITS } from "./limits";

/** A refusal: `message` in English, `text` rendered in each connection's language when sent. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
    readonly field?: string,
  ) {
    super(render("en", text));
  }
}

export type TrainEndState = "done" | "stopped" | "failed";

export type PhoneMessage =
  | { type: "digit"; pixels: Uint8Array; label: number }
  | { type: "vote"; round: number; choice: number }
  | { type: "answer"; round: number; value: unknown };

export type TeacherMessage =
  | { type: "auth"; key: string }
  | { type: "train-start"; steps: number; pace: number | null; label: string }
  | {
      type: "train-point";
      step: number;
      loss: number;
      train_accuracy: number | null;
      test_accuracy: number | null;
      t: number | null;
    }
  | { type: "train-end"; state: TrainEndState; note: string }
  | { type: "vote-open"; choices: number[] | null }
  | { type: "vote-close" }
  | { type: "quiz-open"; assignment: string; problem: string }
  | { type: "quiz-close" }
  | { type: "wall-clear" }
  | { type: "model"; name: string }
  | { type: "close-room" };

const PIXELS = MNIST_INPUT;

function object(frame: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(frame);
  } catch {
    throw new RoomError("bad-message", text("rooms.ws.not-json"));
  }
  if (typeof v !== "object" || v === null || Array.isArray(v) || typeof (v as { type?: unknown }).type !== "string") {
    throw new RoomError("bad-message", text("rooms.ws.not-json"));
  }
  return v as Record<string, unknown>;
}

function int(m: Record<string, unknown>, field: string, lo: number, hi: number): number {
  const v = m[field];
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi)
    throw new RoomError("bad-field", text("rooms.ws.int", { field, lo, hi }), field);
  return v;
}

function finite(m: Record<string, unknown>, field: string, optional = false): number | null {
  const v = m[field];
  if (optional && (v === undefined || v === null)) return null;
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new RoomError("bad-field", text("rooms.ws.finite", { field }), field);
  return v;
}

function fraction(m: Record<string, unknown>, field: string): number | null {
  const v = finite(m, field, true);
  if (v !== null && (v < 0 || v > 1)) throw new RoomError("bad-field", text("rooms.ws.fraction", { field }), field);
  return v;
}

function str(m: Record<string, unknown>, field: string, max: number, optional = false): string {
  const v = m[field];
  if (optional && v === undefined) return "";
  if (typeof v !== "string" || v.length > max)
    throw new RoomError("bad-field", text("rooms.ws.string", { field, max }), field);
  return v;
}

/** 784 pixels 0..255 (the 28x28 digit the phone made with the API's MNIST pre-processing), base64. */
function pixels(m: Record<string, unknown>): Uint8Array {
  const v = m.pixels;
  let bytes: Uint8Array | null = null;
  if (typeof v === "string" && v.length <= 1100) {
    try {
      bytes = Uint8Array.from(atob(v), (ch) => ch.charCodeAt(0));
    } catch {
      bytes = null;
    }
  }
  if (!bytes || bytes.length !== PIXELS)
    throw new RoomError("bad-field", text("rooms.ws.pixels", { pixels: PIXELS }), "pixels");
  if (!bytes.some((p) => p > 0)) throw new RoomError("empty-digit", text("rooms.ws.empty-digit"), "pixels");
  return bytes;
}

export function parsePhoneMessage(raw: string): PhoneMessage {
  const m = object(raw);
  switch (m.type) {
    case "digit":
      return { type: "digit", pixels: pixels(m), label: int(m, "label", 0, 9) };
    case "vote":
      return {
        type: "vote",
        round: int(m, "round", 1, 1e9),
        choice: int(m, "choice", 0, ROOM_LIMITS.maxVoteChoices - 1),
      };
    case "answer":
      if (m.value === undefined) throw new RoomError("bad-field", text("rooms.ws.value-required"), "value");
      return { type: "answer", round: int(m, "round", 1, 1e9), value: m.value };
    default:
      throw new RoomError("bad-message", text("rooms.ws.phone-cannot", { type: String(m.type).slice(0, 40) }));
  }
}

export function parseTeacherMessage(raw: string): TeacherMessage {
  const m = object(raw);
  switch (m.type) {
    case "auth":
      return { type: "auth", key: str(m, "key", 200) };
    case "train-start": {
      const pace = finite(m, "pace", true);
      if (pace !== null && !(pace > 0 && pace <= 1e6)) throw new RoomError("bad-field", text("rooms.ws.pace"), "pace");
      return { type: "train-start", steps: int(m, "steps", 1, 1e7), pace, label: str(m, "label", 200, true) };
    }
    case "train-point": {
      const t = finite(m, "t", true);
      return {
        type: "train-point",
        step: int(m, "step", 0, 1e7),
        loss: finite(m, "loss")!,
        train_accuracy: fraction(m, "train_accuracy"),
        test_accuracy: fraction(m, "test_accuracy"),
        t,
      };
    }
    case "train-end": {
      const state = m.state;
      if (state !== "done" && state !== "stopped" && state !== "failed")
        throw new RoomError("bad-field", text("rooms.ws.state"), "state");
      return { type: "train-end", state, note: str(m, "note", 300, true) };
    }
    case "vote-open": {
      if (m.choices === undefined || m.choices === null) return { type: "vote-open", choices: null };
      const c = m.choices;
      if (
        !Array.isArray(c) ||
        c.length < 2 ||
        c.length > ROOM_LIMITS.maxVoteChoices ||
        !c.every((v) => typeof v === "number" && v > 0 && v <= 1e3)
      ) {
        throw new RoomError("bad-field", text("rooms.ws.choices", { max: ROOM_LIMITS.maxVoteChoices }), "choices");
      }
      return { type: "vote-open", choices: c as number[] };
    }
    case "quiz-open":
      return { type: "quiz-open", assignment: str(m, "assignment", 64), problem: str(m, "problem", 64) };
    case "model": {
      const name = str(m, "name", 64);
      if (!MODEL_NAME.test(name)) throw new RoomError("bad-field", text("rooms.ws.model-name"), "name");
      return { type: "model", name };
    }
    case "vote-close":
    case "quiz-close":
    case "wall-clear":
    case "close-room":
      return { type: m.type };
    default:
      throw new RoomError("bad-message", text("rooms.ws.unknown-type", { type: String(m.type).slice(0, 40) }));
  }
}
