// The teacher's projector (/projector): opens a room and shows its code and QR code, then runs
// what the class does together. Training: the page streams POST /v1/train and releases its
// progress at the lecture pace, each point drawn here and relayed to every phone by the room.
// The wall: the phones' digits with the stored model's guesses and the class's accuracy. The
// vote: the phones pick lr; closing it runs /v1/descent for every choice that got a vote, side
// by side. The quiz: one problem, answers graded live, mistakes counted without names.
import { getJson, isAbort, messageOf, postJson } from "../api.js";
import { all, byId, one } from "../dom.js";
import { applyTexts, lang, languageSwitch, t } from "../i18n.js";
import { postEventStream } from "../sse.js";
import { fmt } from "../svg.js";
import { descentPanel } from "./descent-view.js";
import { fromBase64, initPad, paintDigit } from "./pad.js";
import { drawQr } from "./qr.js";
import { joinRoom } from "./socket.js";
import { drawTrainChart, trainStatus } from "./train-chart.js";

const SESSION = "edgegrad-room";
const DESCENT = { f: "x[0]**2 + x[1]**2", init_x: [-3, 4], step_num: 100 };

/** @type {ReturnType<typeof joinRoom> | null} */
let room = null;
/** @type {string | null} */
let code = null;
/**
 * What the room holds, as the projector shows it.
 * @typedef {import("./train-chart.js").TrainRun} TrainRun
 * @typedef {import("./train-chart.js").TrainPoint} TrainPoint
 * @typedef {{ round: number, open: boolean, choices: number[], counts: number[] }} Vote
 * @type {{ train: TrainRun | null, vote: Vote | null, quiz: any, wall: Map<number, any> }}
 */
const state = { train: null, vote: null, quiz: null, wall: new Map() };

/** Steps per second of the lecture pace; 0 = as fast as the answers come. */
const pace = () => Number(byId("pace", HTMLSelectElement).value);

// ---- the room ----

async function openRoom() {
  byId("room-error").hidden = true;
  try {
    const r = await postJson("/v1/rooms", {});
    sessionStorage.setItem(SESSION, JSON.stringify({ code: r.code, key: r.key }));
    connect(r.code, r.key);
  } catch (err) {
    showError(t("projector.open-failed", { detail: messageOf(err) }));
  }
}

/** @param {string} roomCode @param {string} key the teacher's */
function connect(roomCode, key) {
  code = roomCode;
  room = joinRoom(
    code,
    { role: "teacher", lang },
    {
      onOpen: () => room?.send({ type: "auth", key }),
      onMessage,
      onState(s, e) {
        document.body.dataset.link = s;
        if (s === "ended") {
          sessionStorage.removeItem(SESSION);
          if (e?.code === 4004 || e?.code === 4010 || e?.code === 4003) showNoRoom(e.reason);
        }
      },
    },
  );
}

/** @param {string} [reason] */
function showNoRoom(reason) {
  byId("no-room").hidden = false;
  byId("join-line").hidden = true;
  // An <svg> has no `hidden` property: the attribute, hidden by room.css.
  byId("qr", SVGSVGElement).toggleAttribute("hidden", true);
  one(".modes").hidden = true;
  for (const m of all(".mode")) m.hidden = true;
  if (reason) showError(t("projector.ended", { reason }));
}

/** @param {{ code: string }} m */
function showRoom(m) {
  const url = `${location.origin}/room?code=${m.code}`;
  byId("no-room").hidden = true;
  byId("join-line").hidden = false;
  byId("join-url").textContent = `${location.host}/room`;
  byId("room-code").textContent = m.code;
  showJoinText();
  byId("qr", SVGSVGElement).toggleAttribute("hidden", false);
  drawQr(byId("qr", SVGSVGElement), url);
  one(".modes").hidden = false;
  document.body.dataset.room = m.code;
  if (!document.querySelector(".mode:not([hidden])")) setMode("train");
}

/** @param {any} m a message from the room (JSON; worker/rooms/room.ts writes them) */
function onMessage(m) {
  switch (m.type) {
    case "welcome":
      if (!m.authed) return;
      showRoom(m);
      showPresence(m.presence);
      if (m.train && !training) {
        state.train = { ...m.train };
        showTrain();
      }
      state.wall = new Map(m.wall.map((/** @type {{ seat: number }} */ d) => [d.seat, d]));
      showWall(m.accuracy);
      if (m.vote) showVote(m.vote);
      if (m.quiz) showTally(m.quiz.tally, m.quiz);
      setModel(m.model);
      break;
    case "presence":
      showPresence(m);
      break;
    case "digit":
      state.wall.set(m.digit.seat, m.digit);
      showWall(m.accuracy);
      break;
    case "wall":
      state.wall = new Map(m.digits.map((/** @type {{ seat: number }} */ d) => [d.seat, d]));
      showWall(m.accuracy);
      break;
    case "vote":
      showVote(m);
      break;
    case "quiz":
      state.quiz = m;
      byId("quiz-statement").textContent = m.statement;
      byId("quiz-open", HTMLButtonElement).disabled = m.open;
      byId("quiz-close", HTMLButtonElement).disabled = !m.open;
      break;
    case "quiz-tally":
      showTally(m, state.quiz);
      break;
    case "error":
      showError(m.message);
      break;
    case "closed":
      showNoRoom(m.reason);
      break;
  }
}

/** "Phones: open <url> and type <code>" in the page's language, around the two elements that hold them. */
function showJoinText() {
  const url = byId("join-url");
  const roomCode = byId("room-code");
  // Unfilled, the message keeps its {url} and {code}: the two elements go where they stand.
  const parts = t("projector.join").split(/(\{url\}|\{code\})/);
  byId("join-text").replaceChildren(...parts.map((p) => (p === "{url}" ? url : p === "{code}" ? roomCode : p)));
}

/** @param {{ connected: number }} p */
function showPresence(p) {
  byId("presence", HTMLOutputElement).textContent =
    p.connected === 1 ? t("projector.presence-one") : t("projector.presence", { n: p.connected });
  byId("presence", HTMLOutputElement).dataset.connected = String(p.connected);
}

/** @param {string} message */
function showError(message) {
  byId("room-error").hidden = false;
  byId("room-error").textContent = message;
}

/** @param {string} mode */
function setMode(mode) {
  for (const b of all(".modes [data-mode]")) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
  for (const s of all(".mode")) s.hidden = s.id !== `mode-${mode}`;
  document.body.dataset.mode = mode;
}

// ---- a clock for the lecture pace ----

/** Calls tick(steps) every frame with the steps the pace allows since start; stops when tick returns true. */
/** @param {(steps: number) => boolean} tick @returns {() => void} stops the clock */
function paced(tick) {
  let steps = 0;
  let last = performance.now();
  let stopped = false;
  /** @param {number} now */
  function frame(now) {
    if (stopped) return;
    const p = pace();
    steps = p > 0 ? steps + ((now - last) / 1000) * p : Infinity;
    last = now;
    if (!tick(steps)) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  return () => (stopped = true);
}

// ---- training ----

/**
 * The training job this projector runs: points queue up until the pace releases them.
 * @typedef {{ controller: AbortController, queue: TrainPoint[], ended: "done" | "failed" | null, stopClock?: () => void }} Job
 * @type {Job | null}
 */
let training = null;

function showTrain() {
  drawTrainChart(byId("train-chart", SVGSVGElement), state.train);
  byId("train-status", HTMLOutputElement).textContent = trainStatus(state.train);
  byId("train-chart", SVGSVGElement).dataset.state = state.train?.state ?? "none";
}

byId("train-form", HTMLFormElement).addEventListener("submit", async (e) => {
  e.preventDefault();
  if (training) return;
  const steps = Math.max(10, Math.round(Number(byId("train-steps", HTMLInputElement).value) || 600));
  const body = {
    arch: byId("train-arch", HTMLSelectElement).value,
    iters_num: steps,
    learning_rate: Number(byId("train-lr", HTMLInputElement).value) || 0.05,
    seed: 1,
    eval_every: Math.max(1, Math.round(steps / 10)),
    progress_every: Math.max(1, Math.round(steps / 120)),
  };
  /** @type {Job} */
  const job = { controller: new AbortController(), queue: [], ended: null };
  training = job;
  state.train = { steps, state: "running", points: [], label: `${body.arch}, lr ${body.learning_rate}` };
  room?.send({ type: "train-start", steps, pace: pace() || null, label: state.train.label });
  byId("train-error").hidden = true;
  byId("train-start", HTMLButtonElement).disabled = true;
  byId("train-stop", HTMLButtonElement).disabled = false;
  byId("train-chart", SVGSVGElement).dataset.state = "running";
  showTrain();
  // Points are released no faster than the pace: the curve grows as the teacher talks.
  const stopClock = paced((allowed) => {
    while (job.queue.length && job.queue[0].step <= allowed) release(/** @type {TrainPoint} */ (job.queue.shift()));
    if (job.ended && !job.queue.length) {
      finish(job.ended);
      return true;
    }
    return false;
  });
  job.stopClock = stopClock;
  try {
    await postEventStream("/v1/train", body, {
      signal: job.controller.signal,
      onEvent(name, data) {
        if (name === "progress")
          job.queue.push({
            step: data.step,
            loss: data.loss,
            test_accuracy: data.test_accuracy ?? null,
            train_accuracy: data.train_accuracy ?? null,
          });
        else if (name === "error") throw new Error(data?.detail ?? t("page.train.failed"));
      },
    });
    job.ended = "done";
  } catch (err) {
    if (isAbort(err)) return;
    byId("train-error").hidden = false;
    byId("train-error").textContent = messageOf(err);
    job.queue.length = 0;
    job.ended = "failed";
  }
});

/** @param {TrainPoint} p */
function release(p) {
  if (!state.train) return;
  state.train.points.push(p);
  room?.send({ type: "train-point", ...p });
  showTrain();
}

/** @param {"done" | "failed" | "stopped"} how */
function finish(how) {
  if (state.train) state.train.state = how;
  room?.send({ type: "train-end", state: how });
  training = null;
  byId("train-start", HTMLButtonElement).disabled = false;
  byId("train-stop", HTMLButtonElement).disabled = true;
  showTrain();
}

byId("train-stop", HTMLButtonElement).addEventListener("click", () => {
  if (!training) return;
  training.controller.abort();
  training.stopClock?.();
  finish("stopped");
});

// ---- the wall ----

/** @param {{ correct: number, total: number } | undefined} accuracy */
function showWall(accuracy) {
  const list = byId("wall");
  const digits = [...state.wall.values()].sort((a, b) => a.seat - b.seat);
  list.replaceChildren(
    ...digits.map((d) => {
      const li = document.createElement("li");
      const right = d.guess === d.label;
      li.className = right ? "right" : "wrong";
      li.dataset.seat = d.seat;
      const c = Object.assign(document.createElement("canvas"), { width: 28, height: 28 });
      c.setAttribute("aria-hidden", "true");
      paintDigit(c, fromBase64(d.pixels));
      const say = Object.assign(document.createElement("span"), {
        textContent: `${d.label} → ${d.guess} ${right ? "✓" : "✗"}`,
      });
      li.setAttribute("aria-label", t("projector.wall-item", { seat: d.seat, label: d.label, guess: d.guess }));
      li.append(c, say);
      return li;
    }),
  );
  const a = accuracy ?? { correct: digits.filter((d) => d.guess === d.label).length, total: digits.length };
  byId("accuracy", HTMLOutputElement).textContent = a.total
    ? t("projector.accuracy", { correct: a.correct, total: a.total, percent: ((100 * a.correct) / a.total).toFixed(0) })
    : t("projector.no-digits-draw");
  byId("accuracy", HTMLOutputElement).dataset.total = String(a.total);
}

byId("wall-clear", HTMLButtonElement).addEventListener("click", () => room?.send({ type: "wall-clear" }));

const pad = initPad(byId("pad", HTMLCanvasElement));
let guessing = false;
let again = false;
/** Asks the model about the pad; a stroke ended while a guess was out asks again after it. */
async function guessPad() {
  if (guessing) {
    again = true;
    return;
  }
  guessing = true;
  try {
    const model = byId("model", HTMLSelectElement).value || "mnist-two-layer";
    const r = await postJson(`/v1/models/${encodeURIComponent(model)}/predict`, {
      x: Array.from(pad.pixels()),
      scale: 255,
    });
    const p = r.predictions[0];
    byId("pad-answer", HTMLOutputElement).textContent = t("projector.pad-says", {
      model,
      guess: p.label,
      sure: fmt(100 * p.probabilities[p.label], 3),
    });
    byId("pad-answer", HTMLOutputElement).dataset.label = p.label;
  } catch (err) {
    byId("pad-answer", HTMLOutputElement).textContent = messageOf(err);
  } finally {
    guessing = false;
    if (again) {
      again = false;
      guessPad();
    }
  }
}
byId("pad", HTMLCanvasElement).addEventListener("pointerup", () => pad.hasInk() && guessPad());
byId("pad-clear", HTMLButtonElement).addEventListener("click", () => {
  pad.clear();
  byId("pad-answer", HTMLOutputElement).textContent = t("projector.pad-prompt");
});

async function loadModels() {
  try {
    const models = await getJson("/v1/models");
    const list = models.models ?? models;
    byId("model", HTMLSelectElement).replaceChildren(
      ...list.map((/** @type {{ name: string }} */ m) =>
        Object.assign(document.createElement("option"), { value: m.name, textContent: m.name }),
      ),
    );
  } catch {
    // the pad still answers with the default model
  }
}
/** @param {string} name */
function setModel(name) {
  if (![...byId("model", HTMLSelectElement).options].some((o) => o.value === name))
    byId("model", HTMLSelectElement).append(
      Object.assign(document.createElement("option"), { value: name, textContent: name }),
    );
  byId("model", HTMLSelectElement).value = name;
}
byId("model", HTMLSelectElement).addEventListener("change", () =>
  room?.send({ type: "model", name: byId("model", HTMLSelectElement).value }),
);

// ---- the vote ----

/** @type {(() => void) | null} */
let stopDescents = null;
/** The vote round whose descents were drawn: each closed round's once. */
/** @type {number | null} */
let descentsRound = null;

/** @param {Vote} v */
function showVote(v) {
  state.vote = v;
  const total = v.counts.reduce((a, b) => a + b, 0);
  byId("vote-bars").replaceChildren(
    ...v.choices.map((lr, i) => {
      const li = document.createElement("li");
      const bar = document.createElement("meter");
      Object.assign(bar, { min: 0, max: Math.max(1, total), value: v.counts[i] });
      bar.setAttribute("aria-label", `lr = ${lr}`);
      li.append(
        Object.assign(document.createElement("span"), { textContent: `lr = ${lr}` }),
        bar,
        Object.assign(document.createElement("strong"), { textContent: String(v.counts[i]) }),
      );
      li.dataset.count = String(v.counts[i]);
      return li;
    }),
  );
  byId("vote-bars").dataset.total = String(total);
  byId("vote-open", HTMLButtonElement).disabled = v.open;
  byId("vote-close", HTMLButtonElement).disabled = !v.open;
  if (!v.open && descentsRound !== v.round) {
    descentsRound = v.round;
    runDescents(v);
  }
}

/** @param {Vote} v */
async function runDescents(v) {
  stopDescents?.();
  const box = byId("descents");
  box.replaceChildren();
  const chosen = v.choices.map((lr, i) => ({ lr, votes: v.counts[i] })).filter((c) => c.votes > 0);
  if (!chosen.length) {
    box.textContent = t("projector.nobody-voted");
    return;
  }
  try {
    const answers = await Promise.all(
      chosen.map((c) => postJson("/v1/descent", { ...DESCENT, lr: c.lr, history: true })),
    );
    const panels = chosen.map((c, i) => descentPanel({ fText: DESCENT.f, lr: c.lr, votes: c.votes, r: answers[i] }));
    box.replaceChildren(...panels.map((p) => p.element));
    box.dataset.count = String(panels.length);
    stopDescents = paced((steps) => panels.map((p) => p.show(Math.floor(steps))).every(Boolean));
  } catch (err) {
    box.textContent = t("projector.descent-failed", { detail: messageOf(err) });
  }
}

byId("vote-open", HTMLButtonElement).addEventListener("click", () => {
  stopDescents?.();
  byId("descents").replaceChildren();
  room?.send({ type: "vote-open" });
});
byId("vote-close", HTMLButtonElement).addEventListener("click", () => room?.send({ type: "vote-close" }));

// ---- the quiz ----

async function loadProblems() {
  try {
    const a = await getJson("/v1/assignments/dlfs-ch04");
    /** @type {{ id: string, kind: string, title?: string, visibility?: string }[]} */
    const problems = a.problems;
    const usable = problems.filter((p) => p.kind !== "model_accuracy" && (p.visibility ?? "visible") === "visible");
    byId("quiz-problem", HTMLSelectElement).replaceChildren(
      ...usable.map((p) =>
        Object.assign(document.createElement("option"), { value: p.id, textContent: p.title ?? p.id }),
      ),
    );
  } catch {
    byId("quiz-problem", HTMLSelectElement).replaceChildren(
      Object.assign(document.createElement("option"), { value: "mse", textContent: "mean_squared_error" }),
    );
  }
}

/**
 * @param {{ answered: number, correct: number, partial?: number, incorrect: number, diagnoses: { id: string, message: string, count: number }[] }} tally
 * @param {{ statement: string, open: boolean } | null} quiz
 */
function showTally(tally, quiz) {
  if (quiz) {
    byId("quiz-statement").textContent = quiz.statement;
    byId("quiz-open", HTMLButtonElement).disabled = quiz.open;
    byId("quiz-close", HTMLButtonElement).disabled = !quiz.open;
  }
  byId("quiz-tally", HTMLOutputElement).textContent = tally.partial
    ? t("projector.tally-partial", {
        answered: tally.answered,
        correct: tally.correct,
        partial: tally.partial,
        incorrect: tally.incorrect,
      })
    : t("projector.tally", { answered: tally.answered, correct: tally.correct, incorrect: tally.incorrect });
  byId("quiz-tally", HTMLOutputElement).dataset.answered = String(tally.answered);
  byId("quiz-mistakes").replaceChildren(
    ...tally.diagnoses.map((d) => {
      const li = document.createElement("li");
      li.append(Object.assign(document.createElement("strong"), { textContent: `${d.count} ×` }), ` ${d.message}`);
      li.dataset.id = d.id;
      return li;
    }),
  );
}

byId("quiz-open", HTMLButtonElement).addEventListener("click", () =>
  room?.send({ type: "quiz-open", assignment: "dlfs-ch04", problem: byId("quiz-problem", HTMLSelectElement).value }),
);
byId("quiz-close", HTMLButtonElement).addEventListener("click", () => room?.send({ type: "quiz-close" }));

// ---- start ----

applyTexts();
languageSwitch(byId("lang-switch"));
// The room speaks the language the teacher joined in (the quiz's statements): join again in the new one.
document.addEventListener("langchange", () => location.reload());
for (const o of byId("pace", HTMLSelectElement).options)
  if (Number(o.value) > 0) o.textContent = t("projector.pace-steps", { n: o.value });
showJoinText();

for (const b of all(".modes [data-mode]")) b.addEventListener("click", () => setMode(b.dataset.mode ?? "train"));
byId("open-room", HTMLButtonElement).addEventListener("click", openRoom);
byId("end-room", HTMLButtonElement).addEventListener("click", () => {
  room?.send({ type: "close-room" });
});
loadModels();
loadProblems();
showTrain();
const saved = JSON.parse(sessionStorage.getItem(SESSION) ?? "null");
if (saved) connect(saved.code, saved.key);
document.documentElement.dataset.ready = "true";
