// Typed access to the page's elements: the markup and the code that uses it are checked against
// each other when an element is looked up, by id, instead of failing later as a null.

/**
 * The element with this id, of the given class (default HTMLElement): `byId("train-lr", HTMLInputElement).value`.
 * @template {Element} [T=HTMLElement]
 * @param {string} id
 * @param {abstract new (...args: never[]) => T} [type]
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  const want = type ?? HTMLElement;
  if (el === null) throw new Error(`#${id} is not on this page`);
  if (!(el instanceof want)) throw new Error(`#${id} is a <${el.tagName.toLowerCase()}>, not a ${want.name}`);
  return /** @type {T} */ (/** @type {unknown} */ (el));
}

/**
 * The first element matching `selector` under `root` (default the document), of the given class.
 * @template {Element} [T=HTMLElement]
 * @param {string} selector
 * @param {abstract new (...args: never[]) => T} [type]
 * @param {ParentNode} [root]
 * @returns {T}
 */
export function one(selector, type, root = document) {
  const el = root.querySelector(selector);
  const want = type ?? HTMLElement;
  if (el === null) throw new Error(`nothing matches ${selector}`);
  if (!(el instanceof want)) throw new Error(`${selector} is a <${el.tagName.toLowerCase()}>, not a ${want.name}`);
  return /** @type {T} */ (/** @type {unknown} */ (el));
}

/**
 * A canvas's 2-d drawing context (null only for a canvas already given another kind of context).
 * @param {HTMLCanvasElement} canvas
 * @param {CanvasRenderingContext2DSettings} [settings]
 * @returns {CanvasRenderingContext2D}
 */
export function context2d(canvas, settings) {
  const ctx = canvas.getContext("2d", settings);
  if (ctx === null) throw new Error(`#${canvas.id} has no 2-d context`);
  return ctx;
}

/**
 * Every element matching `selector` under `root` (default the document), as HTMLElements.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement[]}
 */
export function all(selector, root = document) {
  return [...root.querySelectorAll(selector)].filter((el) => el instanceof HTMLElement);
}
