// The pages' words in the reader's language, from the same catalogues as the API's messages
// (core/i18n/en.ts and ko.ts, bundled into core.bundle.js). ?lang= wins, then the reader's
// last choice on this device, then the browser's languages, then English.
import { CATALOGUES, LANGS, negotiate, render } from "./core.bundle.js";
import { all } from "./dom.js";

const STORE = "edgegrad.lang";
const NAMES = { en: "English", ko: "한국어" };

function stored() {
  try {
    return localStorage.getItem(STORE);
  } catch {
    return null;
  }
}

export let lang = negotiate(
  new URLSearchParams(location.search).get("lang") ?? stored(),
  (navigator.languages ?? [navigator.language]).join(","),
);

/** @typedef {import("../../../core/i18n/index").MessageKey} MessageKey */
/** @typedef {import("../../../core/i18n/index").ParamValue} ParamValue */

/**
 * A message of the catalogue in the page's language: t("instructor.summary", { students: 30, ... }).
 * A key the catalogue does not have is shown as it is.
 * @param {string} key
 * @param {Record<string, ParamValue>} [params]
 * @returns {string}
 */
export const t = (key, params) => {
  if (!(key in CATALOGUES.en)) return key;
  const known = /** @type {MessageKey} */ (key);
  return render(lang, params ? { key: known, params } : { key: known });
};

/** Fills [data-i18n] elements' text and [data-i18n-attr="attr:key; attr:key"] attributes. */
export function applyTexts(root = document) {
  document.documentElement.lang = lang;
  for (const el of all("[data-i18n]", root)) el.textContent = t(el.dataset.i18n ?? "");
  for (const el of all("[data-i18n-attr]", root)) {
    for (const pair of (el.dataset.i18nAttr ?? "").split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/**
 * Switches the page's language: texts, the URL's ?lang= (so a link or reload keeps it) and the stored choice.
 * @param {string} next
 */
export function setLang(next) {
  const chosen = LANGS.find((l) => l === next);
  if (!chosen) return;
  lang = chosen;
  try {
    localStorage.setItem(STORE, next);
  } catch {
    // private mode: the URL still carries the choice
  }
  const url = new URL(location.href);
  url.searchParams.set("lang", next);
  history.replaceState(history.state, "", url);
  applyTexts();
  document.dispatchEvent(new CustomEvent("langchange", { detail: { lang: next } }));
}

/**
 * Buttons for each language in `container` (a <nav>), the current one pressed.
 * @param {HTMLElement} container
 */
export function languageSwitch(container) {
  container.replaceChildren();
  for (const l of LANGS) {
    const b = document.createElement("button");
    b.type = "button";
    b.lang = l;
    b.textContent = NAMES[l] ?? l;
    b.dataset.lang = l;
    b.setAttribute("aria-pressed", String(l === lang));
    b.addEventListener("click", () => setLang(l));
    container.append(b);
  }
  document.addEventListener("langchange", () => {
    for (const b of container.querySelectorAll("button"))
      b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  });
}

/** Headers for this Worker's API so its messages (errors, feedback) come in the page's language. */
export const langHeaders = () => ({ "accept-language": lang });

/**
 * A number as a percentage in the page's language (0.31 -> "31%").
 * @param {number} v
 */
export const percent = (v) => new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(v);
