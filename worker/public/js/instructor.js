// The instructor's page: GET /v1/assignments/{id}/insights with the admin token, drawn as
// numbers, mistake shares and histograms. The token lives in sessionStorage (this tab only)
// and travels only in the Authorization header, never in a URL.

import { messageOf } from "./api.js";
import { byId } from "./dom.js";
import { applyTexts, lang, langHeaders, languageSwitch, percent, t } from "./i18n.js";
import { svgEl } from "./svg.js";

const TOKEN = "edgegrad.adminToken";

/**
 * An HTML element with attributes (`text` sets its text) and children.
 * @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} children
 */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const session = {
  get: () => {
    try {
      return sessionStorage.getItem(TOKEN) ?? "";
    } catch {
      return "";
    }
  },
  set: (/** @type {string} */ v) => {
    try {
      if (v) sessionStorage.setItem(TOKEN, v);
      else sessionStorage.removeItem(TOKEN);
    } catch {
      // storage disabled: the token stays in the form only
    }
  },
};

/** @param {string} message @param {boolean} [isError] */
function status(message, isError = false) {
  const s = byId("status");
  s.hidden = false;
  s.removeAttribute("data-i18n");
  s.textContent = message;
  s.classList.toggle("error", isError);
}

/**
 * Ten bars of counts (bins [0, 10%), ..., [90%, 100%]) with the count above each bar.
 * @param {SVGElement} svg @param {number[]} bins @param {string} label
 */
function drawHistogram(svg, bins, label) {
  svg.replaceChildren();
  const W = 420;
  const H = 150;
  const base = H - 22;
  const max = Math.max(1, ...bins);
  const w = W / bins.length;
  /** @type {string[]} */
  const summary = [];
  bins.forEach((count, i) => {
    const range = t("instructor.bin", { from: i * 10, to: (i + 1) * 10 });
    summary.push(t("instructor.bin-count", { range, count }));
    const h = ((base - 18) * count) / max;
    const bar = svgEl("rect", {
      x: i * w + 4,
      y: base - h,
      width: w - 8,
      height: h,
      class: "bar",
      "data-bin": i,
      "data-count": count,
    });
    bar.append(Object.assign(svgEl("title"), { textContent: t("instructor.bin-count", { range, count }) }));
    svg.append(bar);
    const n = svgEl("text", { x: i * w + w / 2, y: base - h - 4, "text-anchor": "middle", class: "count" });
    n.textContent = String(count);
    svg.append(n);
    const x = svgEl("text", { x: i * w + w / 2, y: H - 6, "text-anchor": "middle", class: "axis" });
    x.textContent = `${i * 10}`;
    svg.append(x);
  });
  svg.setAttribute("aria-label", `${label}: ${summary.join(", ")}`);
}

/** @param {string} name @param {string} key @param {string} value @param {string} [detail] */
function fact(name, key, value, detail) {
  return el(
    "div",
    { class: "fact", "data-field": name },
    el("dt", { text: t(key) }),
    el("dd", { text: value }, ...(detail ? [el("small", { text: ` (${detail})` })] : [])),
  );
}

/** @param {any} p one problem of the insights JSON (GET /v1/assignments/{id}/insights) */
function drawProblem(p) {
  const card = el("article", { class: "problem", "data-problem": p.id, "aria-labelledby": `p-${p.id}` });
  card.append(el("h3", { id: `p-${p.id}` }, el("code", { text: p.id }), ` ${p.title}`));
  const facts = el("dl", { class: "facts" });
  facts.append(
    fact("attempts", "instructor.attempts", String(p.attempts)),
    fact("students", "instructor.students", String(p.students)),
    fact(
      "first-try",
      "instructor.first-try",
      percent(p.first_try.rate),
      t("instructor.of", { n: p.first_try.correct, total: p.students }),
    ),
    fact(
      "solved",
      "instructor.solved",
      percent(p.solved.rate),
      t("instructor.of", { n: p.solved.students, total: p.students }),
    ),
    fact("late", "instructor.late", String(p.late)),
  );
  card.append(facts);
  card.append(el("h4", { text: t("instructor.mistakes") }));
  if (p.mistakes.length === 0) {
    card.append(el("p", { class: "none", text: t("instructor.no-mistakes") }));
  } else {
    const list = el("ul", { class: "mistakes" });
    for (const m of p.mistakes) {
      const bar = el("span", { class: "share-bar", "aria-hidden": "true" });
      bar.style.setProperty("--share", String(m.share));
      list.append(
        el(
          "li",
          {
            "data-mistake": m.id,
            "data-share": String(m.share),
            "data-students": String(m.students),
            "data-attempts": String(m.attempts),
          },
          el("span", {
            class: "share-text",
            text: t("instructor.mistake", { share: percent(m.share), label: m.label }),
          }),
          bar,
          el("small", { text: t("instructor.mistake-count", { students: m.students, attempts: m.attempts }) }),
        ),
      );
    }
    card.append(list);
  }
  const fig = el("figure");
  const svg = svgEl("svg", { class: "histogram", viewBox: "0 0 420 150", role: "img" });
  drawHistogram(svg, p.histogram, `${p.id}: ${t("instructor.histogram")}`);
  fig.append(svg, el("figcaption", { text: t("instructor.histogram") }));
  card.append(fig);
  return card;
}

/** @param {any} data the insights JSON (GET /v1/assignments/{id}/insights) */
function draw(data) {
  byId("summary-h").textContent = data.title;
  byId("summary").textContent =
    `${t("instructor.summary", { students: data.students, submissions: data.submissions, late: data.late })} ${
      data.due ? t("instructor.due", { due: new Date(data.due).toLocaleString(lang) }) : t("instructor.no-due")
    }`;
  drawHistogram(byId("class-histogram", SVGSVGElement), data.histogram, t("instructor.class-scores"));
  byId("problems").replaceChildren(...data.problems.map(drawProblem));
  const rows = data.per_student.map((/** @type {any} */ s) =>
    el(
      "tr",
      { "data-student": s.student },
      el("th", { scope: "row", text: s.student }),
      el("td", { text: String(s.attempts) }),
      el("td", { text: `${s.last_score} / ${s.max_score}` }),
      el("td", { text: `${s.best_score} / ${s.max_score}` }),
      el("td", { text: String(s.late) }),
      el("td", { text: new Date(s.last_submitted_at).toLocaleString(lang) }),
    ),
  );
  byId("students", HTMLTableElement).tBodies[0].replaceChildren(...rows);
  byId("insight").hidden = false;
  if (data.submissions === 0) status(t("instructor.empty"));
  else byId("status").hidden = true;
  document.documentElement.dataset.loaded = data.assignment;
}

async function load() {
  const token = byId("token", HTMLInputElement).value.trim() || session.get();
  if (!token) {
    status(t("instructor.need-token"));
    return;
  }
  session.set(token);
  const id = byId("assignment", HTMLSelectElement).value;
  status(t("instructor.loading"));
  try {
    const res = await fetch(`/v1/assignments/${encodeURIComponent(id)}/insights`, {
      headers: { accept: "application/json", authorization: `Bearer ${token}`, ...langHeaders() },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.detail ?? `HTTP ${res.status}`);
    draw(body);
  } catch (err) {
    byId("insight").hidden = true;
    status(t("instructor.failed", { detail: messageOf(err) }), true);
  }
}

async function listAssignments() {
  const select = byId("assignment", HTMLSelectElement);
  try {
    const res = await fetch("/v1/assignments", { headers: { accept: "application/json", ...langHeaders() } });
    const { assignments } = await res.json();
    const current = select.value;
    /** @type {{ id: string, title: string }[]} */
    const list = assignments;
    select.replaceChildren(...list.map((a) => el("option", { value: a.id, text: `${a.id} — ${a.title}` })));
    if (list.some((a) => a.id === current)) select.value = current;
  } catch {
    // keep the built-in assignment offered in the HTML
  }
}

languageSwitch(byId("lang-switch"));
applyTexts();
byId("token", HTMLInputElement).value = session.get();
byId("ask", HTMLFormElement).addEventListener("submit", (e) => {
  e.preventDefault();
  load();
});
byId("forget", HTMLButtonElement).addEventListener("click", () => {
  session.set("");
  byId("token", HTMLInputElement).value = "";
  byId("insight").hidden = true;
  status(t("instructor.need-token"));
});
document.addEventListener("langchange", () => {
  listAssignments();
  if (session.get()) load();
});
await listAssignments();
if (session.get()) await load();
document.documentElement.dataset.ready = "true";
