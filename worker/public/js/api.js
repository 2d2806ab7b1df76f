// Requests to this Worker's own API (same origin; the page never talks to any other host), in
// the page's language so the API's messages (errors, verdicts) read as the page does.
import { langHeaders } from "./i18n.js";

/** An API error: the problem+json detail, with the first field error when there is one. */
export class ApiError extends Error {
  /**
   * @param {{ errors?: { pointer?: string, message: string }[], detail?: string, title?: string } | null} problem
   * @param {number} status
   */
  constructor(problem, status) {
    const field = problem?.errors?.[0];
    super(field ? `${field.message}` : (problem?.detail ?? problem?.title ?? `HTTP ${status}`));
    this.status = status;
    this.problem = problem;
  }
}

/**
 * What a caught error says, for the page: an Error's message, or the thrown value as text.
 * @param {unknown} err
 */
export const messageOf = (err) => (err instanceof Error ? err.message : String(err));

/**
 * True when a fetch was aborted on purpose (its AbortController), not failed.
 * @param {unknown} err
 */
export const isAbort = (err) => err instanceof Error && err.name === "AbortError";

/**
 * The answer's JSON (any: the page reads what the OpenAPI document describes), or an ApiError.
 * @param {Response} res
 * @returns {Promise<any>}
 */
async function answer(res) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  if (!res.ok) throw new ApiError(body, res.status);
  return body;
}

/** @param {string} path @param {RequestInit & { headers?: Record<string, string> }} [init] */
export async function getJson(path, init = {}) {
  return answer(
    await fetch(path, { ...init, headers: { accept: "application/json", ...langHeaders(), ...init.headers } }),
  );
}

/** @param {string} path @param {unknown} body @param {RequestInit & { headers?: Record<string, string> }} [init] */
export async function postJson(path, body, init = {}) {
  return answer(
    await fetch(path, {
      method: "POST",
      ...init,
      headers: { "content-type": "application/json", accept: "application/json", ...langHeaders(), ...init.headers },
      body: JSON.stringify(body),
    }),
  );
}

/**
 * Live controls (sliders, drawing) change faster than answers come back. `latest(fn)` runs
 * at most one request at a time and, when it ends, one more with the newest arguments; answers
 * to superseded arguments are dropped, so the picture always shows the newest request's answer.
 * `busy` (an element) carries data-pending="true" from a call until its answer is shown.
 * @template {unknown[]} A
 * @template R
 * @param {(...args: A) => Promise<R>} fn
 * @param {(result: R, ...args: A) => void} onAnswer
 * @param {(err: unknown, ...args: A) => void} onError
 * @param {HTMLElement | SVGElement} [busy]
 * @returns {(...args: A) => void}
 */
export function latest(fn, onAnswer, onError, busy) {
  let running = false;
  /** @type {{ args: A, gen: number } | null} */
  let pending = null;
  let generation = 0;
  /** @param {A} args @param {number} gen */
  async function run(args, gen) {
    running = true;
    try {
      const result = await fn(...args);
      if (gen === generation) {
        onAnswer(result, ...args);
        if (busy) busy.dataset.pending = "false";
      }
    } catch (err) {
      if (gen === generation) {
        onError(err, ...args);
        if (busy) busy.dataset.pending = "false";
      }
    } finally {
      running = false;
      if (pending) {
        const next = pending;
        pending = null;
        run(next.args, next.gen);
      }
    }
  }
  return (...args) => {
    generation++;
    if (busy) busy.dataset.pending = "true";
    if (running) pending = { args, gen: generation };
    else run(args, generation);
  };
}
