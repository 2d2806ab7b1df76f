// A phone in the class's room (/room?code=K7PQ2M): the teacher's training curve, a pad whose
// digit goes onto the projector's wall, the learning-rate vote and the quiz. The phone's id is
// kept in this browser, so a phone that loses the connection (or reloads) gets its seat back.

import { byId } from "../dom.js";
import { applyTexts, lang, languageSwitch, t } from "../i18n.js";
import { fmt } from "../svg.js";
import { initPad, toBase64 } from "./pad.js";
import { joinRoom } from "./socket.js";
import { drawTrainChart, trainStatus } from "./train-chart.js";

const CODE = /^[A-HJ-NP-Z2-9]{6}$/;

/** @param {string} code */
function phoneId(code) {
  const key = `edgegrad-phone-${code}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem(key, id);
  }
  return id;
}

/**
 * What the room last said, as this phone shows it.
 * @typedef {import("./train-chart.js").TrainRun} TrainRun
 * @typedef {{ round: number, open: boolean, choices: number[], counts: number[], mine?: number | null }} Vote
 * @typedef {{ round: number, open: boolean, problem: { title: string }, statement: string, inputs: Record<string, unknown> }} Quiz
 */

/** @param {string} code */
function start(code) {
  /** @type {{ train: TrainRun | null, vote: Vote | null, quiz: Quiz | null, label: number | null, seat: number | null }} */
  const state = { train: null, vote: null, quiz: null, label: null, seat: null };
  const room = joinRoom(
    code,
    { role: "phone", phone: phoneId(code), lang },
    {
      onMessage,
      onState(s, e) {
        byId("link-state", HTMLOutputElement).textContent =
          s === "open"
            ? t("room.connected")
            : s === "retrying"
              ? t("room.reconnecting")
              : t("room.disconnected", { reason: e?.reason || "-" });
        document.body.dataset.link = s;
      },
    },
  );

  /** @param {any} m a message from the room (JSON; worker/rooms/room.ts writes them) */
  function onMessage(m) {
    switch (m.type) {
      case "welcome":
        state.seat = m.seat;
        byId("where").textContent = t("room.where", { code: m.code, seat: m.seat });
        document.body.dataset.seat = m.seat;
        for (const id of ["train", "draw"]) byId(id).hidden = false;
        state.train = m.train;
        showTrain();
        if (m.vote) showVote(m.vote);
        if (m.quiz) showQuiz(m.quiz);
        if (m.digit)
          byId("digit-result", HTMLOutputElement).textContent = t("room.digit-on-wall", {
            label: m.digit.label,
            guess: m.digit.guess,
          });
        break;
      case "train-start":
        state.train = { ...m, state: "running", points: [] };
        showTrain();
        break;
      case "train-point":
        if (state.train && state.train.run === m.run) state.train.points[m.index] = m.point;
        showTrain();
        break;
      case "train-end":
        if (state.train && state.train.run === m.run) state.train.state = m.state;
        showTrain();
        break;
      case "digit-result": {
        const right = m.guess === m.label;
        byId("digit-result", HTMLOutputElement).textContent = t(right ? "room.digit-right" : "room.digit-wrong", {
          guess: m.guess,
          sure: fmt(100 * m.probability, 3),
          label: m.label,
        });
        byId("digit-result", HTMLOutputElement).dataset.guess = m.guess;
        break;
      }
      case "vote":
        showVote(m);
        break;
      case "quiz":
        showQuiz(m);
        break;
      case "quiz-result":
        byId("quiz-result", HTMLOutputElement).textContent =
          `${t(m.status === "correct" ? "room.quiz-correct" : m.status === "partial" ? "room.quiz-partial" : "room.quiz-incorrect")} — ${m.feedback}`;
        byId("quiz-result", HTMLOutputElement).dataset.status = m.status;
        break;
      case "error":
        if (m.code === "no-room") showJoin(t("room.no-room", { code }));
        else byId("link-state", HTMLOutputElement).textContent = m.message;
        break;
      case "closed":
        byId("where").textContent = t("room.ended", { code, reason: m.reason });
        break;
    }
  }

  function showTrain() {
    const svg = byId("train-chart", SVGSVGElement);
    drawTrainChart(svg, state.train && { ...state.train, points: state.train.points.filter(Boolean) });
    byId("train-status", HTMLOutputElement).textContent = trainStatus(
      state.train && { ...state.train, points: state.train.points.filter(Boolean) },
    );
    svg.dataset.state = state.train?.state ?? "none";
  }

  // the pad and "I drew a ..."
  /** @type {ReturnType<typeof initPad> | null} initPad calls back once while it clears the new pad */
  let pad = null;
  const updateSend = () => (byId("send-digit", HTMLButtonElement).disabled = !(pad?.hasInk() && state.label !== null));
  pad = initPad(byId("pad", HTMLCanvasElement), updateSend);
  const labels = byId("label-buttons");
  for (let d = 0; d <= 9; d++) {
    const b = Object.assign(document.createElement("button"), { type: "button", textContent: String(d) });
    b.setAttribute("aria-pressed", "false");
    b.dataset.label = String(d);
    b.addEventListener("click", () => {
      state.label = d;
      for (const o of labels.children) o.setAttribute("aria-pressed", String(o === b));
      updateSend();
    });
    labels.append(b);
  }
  byId("send-digit", HTMLButtonElement).addEventListener("click", () => {
    if (room.send({ type: "digit", pixels: toBase64(pad.pixels()), label: state.label }))
      byId("digit-result", HTMLOutputElement).textContent = t("room.sent");
  });
  byId("clear-pad", HTMLButtonElement).addEventListener("click", () => pad.clear());

  /** @param {Vote} message */
  function showVote(message) {
    const before = state.vote && state.vote.round === message.round ? state.vote.mine : null;
    const v = { ...message, mine: message.mine !== undefined ? message.mine : before };
    state.vote = v;
    byId("vote").hidden = false;
    const box = byId("vote-choices");
    box.replaceChildren(
      ...v.choices.map((lr, i) => {
        const b = Object.assign(document.createElement("button"), { type: "button", textContent: `lr = ${lr}` });
        b.dataset.choice = String(i);
        b.disabled = !v.open;
        b.setAttribute("aria-pressed", String(v.mine === i));
        b.addEventListener("click", () => room.send({ type: "vote", round: v.round, choice: i }));
        return b;
      }),
    );
    const mine = v.mine;
    byId("vote-status", HTMLOutputElement).textContent = v.open
      ? mine != null
        ? t("room.vote-mine", { lr: v.choices[mine] })
        : t("room.vote-open")
      : t("room.vote-closed", { counts: v.choices.map((lr, i) => `lr = ${lr}: ${v.counts[i]}`).join(", ") });
  }

  /** @param {Quiz} q */
  function showQuiz(q) {
    state.quiz = q;
    byId("quiz").hidden = false;
    byId("quiz-h").textContent = t("room.quiz-title", { title: q.problem.title });
    byId("quiz-statement").textContent = q.statement;
    byId("quiz-inputs").textContent = Object.entries(q.inputs)
      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
      .join("\n");
    for (const el of byId("quiz-form", HTMLFormElement).elements)
      if (el instanceof HTMLInputElement || el instanceof HTMLButtonElement) el.disabled = !q.open;
    if (!q.open)
      byId("quiz-result", HTMLOutputElement).textContent =
        `${byId("quiz-result", HTMLOutputElement).textContent} ${t("room.quiz-closed")}`.trim();
  }
  byId("quiz-form", HTMLFormElement).addEventListener("submit", (e) => {
    e.preventDefault();
    const text = byId("quiz-answer", HTMLInputElement).value.trim();
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      byId("quiz-result", HTMLOutputElement).textContent = t("room.quiz-bad-answer");
      return;
    }
    if (state.quiz) room.send({ type: "answer", round: state.quiz.round, value });
  });
}

/** @param {string} [message] */
function showJoin(message) {
  byId("join", HTMLFormElement).hidden = false;
  byId("join-error").hidden = !message;
  byId("join-error").textContent = message ?? "";
}

applyTexts();
languageSwitch(byId("lang-switch"));
// the room renders the quiz in the language the phone joined with: a new language, a new connection
document.addEventListener("langchange", () => location.reload());
const code = (new URLSearchParams(location.search).get("code") ?? "").toUpperCase();
byId("join", HTMLFormElement).addEventListener("submit", (e) => {
  e.preventDefault();
  const c = byId("code", HTMLInputElement).value.trim().toUpperCase();
  if (!CODE.test(c)) return showJoin(t("room.bad-code"));
  location.search = `?code=${c}`;
});
if (CODE.test(code)) start(code);
else showJoin(code ? t("room.bad-code") : undefined);
document.documentElement.dataset.ready = "true";
