import { type ParamValue, render, type Text, text } from "../i18n";
/**
 * A streaming reader for JSON request bodies that carry big number matrices (digits): the body
 * is read chunk by chunk, numbers go straight into a Float32Array/Float64Array, and a wrong
 * body is refused at the byte where it goes wrong instead of after `JSON.parse` of the whole
 * thing. Only one shape of document is read: an object whose keys are all declared.
 *
 *   array fields   a number, or nested lists of numbers up to maxRank deep, rectangular, at most
 *                  maxElements numbers; optionally the innermost list's allowed lengths
 *   value fields   any small JSON value (options such as "steps": 100), at most maxBytes of text,
 *                  parsed with JSON.parse once its end is found
 *
 * Refused as they stream: an undeclared key (before its value is read), a key given twice,
 * nesting deeper than the field's rank (`[[[[...` fails at the first extra bracket), a ragged
 * row, an innermost list of a length not allowed, more numbers than allowed, a string or object
 * where a number belongs, a non-finite number, and malformed JSON (with the byte offset).
 * Pointers in errors are short: list indexes only (at most maxRank of them), keys cut.
 */

export type ArrayType = "float32" | "float64";

export interface ArrayField {
  kind: "array";
  /** Most levels of nesting (1 vector, 2 matrix, 3 batch of images). */
  maxRank: number;
  maxElements: number;
  dtype?: ArrayType;
  /** Allowed lengths of the innermost lists (e.g. [784, 28] for digits); any when absent. */
  rowLengths?: readonly number[];
  /** Accept a bare number (rank 0). */
  scalar?: boolean;
}

export interface ValueField {
  kind: "value";
  maxBytes: number;
}

export type FieldSpec = ArrayField | ValueField;

export type ObjectSpec = Readonly<Record<string, FieldSpec>>;

export interface StreamedArray {
  data: Float32Array | Float64Array;
  /** [] for a bare number. */
  shape: number[];
}

export interface StreamedObject {
  arrays: Map<string, StreamedArray>;
  /** The value fields, parsed (a null-prototype object). */
  values: Record<string, unknown>;
  /** Undeclared keys read under `otherKeys` (their values are dropped). */
  unknown: string[];
  bytes: number;
}

/**
 * A refusal: 400 malformed JSON, 413 over a size cap, 422 a well-formed but wrong field.
 * `message` is English; `text` is the same message for the reader's language.
 */
export class JsonStreamError extends Error {
  constructor(
    readonly status: 400 | 413 | 422,
    readonly pointer: string,
    readonly text: Text,
    readonly limit?: number,
    /** For an unknown key: every undeclared key read so far, this one last. */
    readonly unknownKeys?: readonly string[],
  ) {
    super(render("en", text));
    this.name = "JsonStreamError";
  }
}

/** Longest pointer or key quoted in an error (error bodies stay small whatever the input). */
export const MAX_POINTER = 80;

export function cut(text: string, max = MAX_POINTER): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

const MAX_KEY_BYTES = 256;
const MAX_NUMBER_BYTES = 400;
/** Nesting of a value field (options are flat; a little room for small objects). */
const MAX_VALUE_DEPTH = 16;
/** Bytes of a row handed to JSON.parse at once. */
const ROW_PORTION = 1 << 16;

// Byte values.
const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COMMA = 0x2c,
  COLON = 0x3a;
const LBRACE = 0x7b,
  RBRACE = 0x7d,
  LBRACKET = 0x5b,
  RBRACKET = 0x5d;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isNumberByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45;

const CHARS = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * A JSON number from its bytes, NaN when the bytes are not JSON's number grammar
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?). Up to 15 significant digits and a decimal
 * exponent within +-22 take Clinger's fast path (an exact integer times or divided by an exact
 * power of ten: one correctly rounded operation); the rest go through Number(), also correctly
 * rounded.
 */
export function parseJsonNumber(b: Uint8Array, len: number): number {
  let i = 0;
  const negative = b[0] === 0x2d;
  if (negative) i++;
  if (i >= len) return NaN;
  let mantissa = 0;
  let significant = 0;
  let exp10 = 0;
  if (b[i] === 0x30) {
    i++;
  } else if (b[i] >= 0x31 && b[i] <= 0x39) {
    while (i < len && b[i] >= 0x30 && b[i] <= 0x39) {
      if (significant < 15) {
        mantissa = mantissa * 10 + (b[i] - 0x30);
        significant++;
      } else {
        significant++;
        exp10++;
      }
      i++;
    }
  } else {
    return NaN;
  }
  let exact = significant <= 15;
  if (i < len && b[i] === 0x2e) {
    i++;
    const start = i;
    while (i < len && b[i] >= 0x30 && b[i] <= 0x39) {
      const d = b[i] - 0x30;
      if (mantissa === 0 && d === 0) {
        exp10--;
      } else if (significant < 15) {
        mantissa = mantissa * 10 + d;
        significant++;
        exp10--;
      } else if (d !== 0) {
        exact = false;
      }
      i++;
    }
    if (i === start) return NaN;
  }
  if (i < len && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let sign = 1;
    if (b[i] === 0x2b || b[i] === 0x2d) {
      if (b[i] === 0x2d) sign = -1;
      i++;
    }
    const start = i;
    let e = 0;
    while (i < len && b[i] >= 0x30 && b[i] <= 0x39) {
      if (e < 100_000) e = e * 10 + (b[i] - 0x30);
      i++;
    }
    if (i === start) return NaN;
    exp10 += sign * e;
  }
  if (i !== len) return NaN;
  if (!exact || exp10 > 22 || exp10 < -22) {
    let text = "";
    for (let k = 0; k < len; k++) text += CHARS[b[k]];
    return Number(text);
  }
  const v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
  return negative ? -v : v;
}

/** Growable typed array, never past its field's maxElements. */
class NumberSink {
  data: Float32Array | Float64Array;
  length = 0;
  constructor(
    private readonly dtype: ArrayType,
    private readonly max: number,
  ) {
    this.data = dtype === "float32" ? new Float32Array(Math.min(max, 1024)) : new Float64Array(Math.min(max, 1024));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = Math.min(this.max, this.data.length * 2);
      const next = this.dtype === "float32" ? new Float32Array(bigger) : new Float64Array(bigger);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  result(): Float32Array | Float64Array {
    // A copy when much of the buffer is unused, so the spare capacity is not kept alive.
    return this.length * 2 < this.data.length ? this.data.slice(0, this.length) : this.data.subarray(0, this.length);
  }
}

/** What the top level expects next. */
enum Top {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  CommaOrEnd,
  Done,
}

/** What an array field expects next. */
enum Arr {
  ValueOrClose,
  Value,
  CommaOrClose,
}

/** Reads one JSON object; feed it chunks with write(), then end(). */
export class JsonObjectReader {
  private top = Top.Start;
  private offset = 0;
  private readonly seen = new Set<string>();
  private readonly arrays = new Map<string, StreamedArray>();
  private readonly values: Record<string, unknown> = Object.create(null);
  private readonly unknown: string[] = [];

  // Token buffers (strings, numbers, literals may span chunks).
  private inString = false;
  private escaped = false;
  private readonly keyBytes = new Uint8Array(MAX_KEY_BYTES);
  private keyLength = 0;
  private keyTooLong = false;
  private readonly numBytes = new Uint8Array(MAX_NUMBER_BYTES);
  private numLength = 0;
  private inNumber = false;

  // The field whose value is being read.
  private key = "";
  private field: FieldSpec | null = null;

  // Array field state.
  private arr = Arr.ValueOrClose;
  private depth = 0;
  private rank = -1;
  private shape: number[] = [];
  private counts: number[] = [];
  private sink: NumberSink | null = null;
  private maxRow = Infinity;
  // Row mode: once the rank is known, each innermost list's bytes are buffered and handed to
  // JSON.parse a portion at a time (native speed); a portion that fails is replayed through
  // the byte-by-byte path, which names the exact element.
  private rowMode = false;
  private rowBytes = new Uint8Array(ROW_PORTION * 2);
  private rowLength = 0;
  private rowStartCount = 0;
  private rowStartArr = Arr.ValueOrClose;
  private rowStartOffset = 0;

  // Value field state: its raw bytes until the value ends.
  private capture: Uint8Array | null = null;
  private captureLength = 0;
  private valueDepth = 0;
  private valueStarted = false;

  /**
   * With `otherKeys`, an undeclared key is not refused at once: its value is read (within that
   * field's cap) and dropped, and the key listed in `unknown`, so the caller can name them all.
   */
  constructor(
    private readonly spec: ObjectSpec,
    private readonly maxBytes: number,
    private readonly otherKeys?: ValueField,
  ) {}

  /** Reads the next chunk; throws JsonStreamError as soon as the body is known to be wrong. */
  write(chunk: Uint8Array): void {
    if (this.offset + chunk.length > this.maxBytes) {
      throw new JsonStreamError(413, "", text("json.too-large", { bytes: this.maxBytes }), this.maxBytes);
    }
    for (let i = 0; i < chunk.length; ) {
      const field = this.field;
      if (field !== null && field.kind === "array") {
        i = this.arrayRun(chunk, i, field);
        continue;
      }
      const b = chunk[i++];
      if (field === null) this.topByte(b);
      else this.valueByte(b, field);
      this.offset++;
    }
  }

  /**
   * The hot loop of an array field: number bytes, commas and spaces handled inline; brackets
   * and anything unusual go through arrayByte. Returns the index of the next unread byte.
   */
  private arrayRun(chunk: Uint8Array, i: number, field: ArrayField): number {
    const n = chunk.length;
    const num = this.numBytes;
    while (i < n) {
      if (this.rowMode) {
        i = this.rowRun(chunk, i, field);
        if (this.field === null) return i;
        continue;
      }
      const b = chunk[i];
      if (this.inNumber) {
        if ((b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2d || b === 0x2b) {
          if (this.numLength === MAX_NUMBER_BYTES)
            throw this.fieldError(text("json.number-too-long", { max: MAX_NUMBER_BYTES }), this.path());
          num[this.numLength++] = b;
          i++;
          this.offset++;
          continue;
        }
        this.endNumber(field);
      }
      if (this.depth > 0) {
        if (b === COMMA && this.arr === Arr.CommaOrClose) {
          this.arr = Arr.Value;
          i++;
          this.offset++;
          continue;
        }
        if (((b >= 0x30 && b <= 0x39) || b === 0x2d) && this.arr !== Arr.CommaOrClose) {
          this.inNumber = true;
          this.numLength = 1;
          num[0] = b;
          i++;
          this.offset++;
          continue;
        }
        if (b === 0x20) {
          i++;
          this.offset++;
          continue;
        }
      }
      this.arrayByte(b, field);
      i++;
      this.offset++;
      if (this.field === null) return i;
    }
    return i;
  }

  /** The document, once the whole body was written. */
  end(): StreamedObject {
    if (
      this.field !== null &&
      this.field.kind === "value" &&
      this.valueStarted &&
      this.valueDepth === 0 &&
      !this.inString
    ) {
      this.finishValue(); // a scalar value ends the body (cannot happen in a well-formed object)
    }
    if (this.top === Top.Start) throw new JsonStreamError(400, "", text("json.empty-body"));
    if (this.top !== Top.Done) throw this.malformed(text("json.ended-early"));
    return { arrays: this.arrays, values: this.values, unknown: this.unknown, bytes: this.offset };
  }

  private malformed(what: Text): JsonStreamError {
    return new JsonStreamError(400, "", text("json.malformed-at", { offset: this.offset, what }));
  }

  private unexpected(b: number): JsonStreamError {
    const shown =
      b >= 0x20 && b < 0x7f
        ? `'${String.fromCharCode(b)}'`
        : text("json.byte", { hex: b.toString(16).padStart(2, "0") });
    return this.malformed(text("json.unexpected", { shown }));
  }

  private fieldError(message: Text, path = "", status: 413 | 422 = 422, limit?: number): JsonStreamError {
    return new JsonStreamError(status, cut(`/${escapeKey(this.key)}${path}`), message, limit);
  }

  // --- the top-level object -------------------------------------------------------------

  private topByte(b: number): void {
    if (this.inString) return this.keyByte(b);
    if (isSpace(b)) return;
    switch (this.top) {
      case Top.Start:
        if (b !== LBRACE) throw new JsonStreamError(400, "", text("json.not-object"));
        this.top = Top.KeyOrEnd;
        return;
      case Top.KeyOrEnd:
      case Top.Key:
        if (b === RBRACE && this.top === Top.KeyOrEnd) {
          this.top = Top.Done;
          return;
        }
        if (b !== QUOTE) throw this.unexpected(b);
        this.inString = true;
        this.keyLength = 0;
        this.keyTooLong = false;
        return;
      case Top.Colon:
        if (b !== COLON) throw this.unexpected(b);
        this.top = Top.Value;
        return;
      case Top.Value:
        return this.startField(b);
      case Top.CommaOrEnd:
        if (b === COMMA) this.top = Top.Key;
        else if (b === RBRACE) this.top = Top.Done;
        else throw this.unexpected(b);
        return;
      case Top.Done:
        throw this.malformed(text("json.after-object"));
    }
  }

  private keyByte(b: number): void {
    if (this.escaped) this.escaped = false;
    else if (b === BACKSLASH) this.escaped = true;
    else if (b === QUOTE) {
      this.inString = false;
      this.endKey();
      return;
    }
    if (this.keyLength < MAX_KEY_BYTES) this.keyBytes[this.keyLength++] = b;
    else this.keyTooLong = true;
  }

  private endKey(): void {
    let key: string;
    try {
      key = JSON.parse(`"${new TextDecoder().decode(this.keyBytes.subarray(0, this.keyLength))}"`) as string;
    } catch {
      throw this.malformed(text("json.invalid-string"));
    }
    const declared = !this.keyTooLong && Object.hasOwn(this.spec, key);
    if (!declared && (this.keyTooLong || !this.otherKeys)) throw this.unknownKey(key);
    if (this.seen.has(key)) throw new JsonStreamError(422, `/${escapeKey(key)}`, text("json.twice", { key }));
    this.seen.add(key);
    if (!declared) this.unknown.push(key);
    this.key = key;
    this.top = Top.Colon;
  }

  private unknownKey(key: string): JsonStreamError {
    const expected = Object.keys(this.spec).join(", ");
    const keys = this.unknown.at(-1) === key ? this.unknown : [...this.unknown, key];
    return new JsonStreamError(
      422,
      cut(`/${escapeKey(key)}`),
      text("json.unknown-field", { key: cut(key, 40), expected }),
      undefined,
      keys.map((k) => cut(k, 40)),
    );
  }

  private startField(b: number): void {
    const field = Object.hasOwn(this.spec, this.key) ? this.spec[this.key] : (this.otherKeys as ValueField);
    this.field = field;
    if (field.kind === "array") {
      this.arr = Arr.Value;
      this.depth = 0;
      this.rank = -1;
      this.shape = [];
      this.counts = [0];
      this.sink = new NumberSink(field.dtype ?? "float64", field.maxElements);
      this.maxRow = field.rowLengths ? Math.max(...field.rowLengths) : Infinity;
      this.arrayByte(b, field);
    } else {
      this.capture = new Uint8Array(Math.min(field.maxBytes, 64));
      this.captureLength = 0;
      this.valueDepth = 0;
      this.valueStarted = false;
      this.valueByte(b, field);
    }
  }

  private fieldDone(): void {
    this.field = null;
    this.top = Top.CommaOrEnd;
  }

  // --- value fields: captured, then JSON.parse'd ----------------------------------------

  private valueByte(b: number, field: ValueField): void {
    if (!this.inString && this.valueStarted && this.valueDepth === 0 && (b === COMMA || b === RBRACE || isSpace(b))) {
      this.finishValue(); // a scalar ended
      this.topByte(b);
      return;
    }
    if (!this.valueStarted) {
      if (isSpace(b)) return;
      this.valueStarted = true;
    }
    if (this.captureLength >= field.maxBytes) {
      if (!Object.hasOwn(this.spec, this.key)) throw this.unknownKey(this.key);
      throw this.fieldError(text("json.value-too-long", { max: field.maxBytes }), "", 413, field.maxBytes);
    }
    if (this.captureLength === this.capture!.length) {
      const next = new Uint8Array(Math.min(field.maxBytes, this.capture!.length * 2));
      next.set(this.capture!);
      this.capture = next;
    }
    this.capture![this.captureLength++] = b;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.valueDepth === 0) this.finishValue();
      }
      return;
    }
    if (b === QUOTE) this.inString = true;
    else if (b === LBRACE || b === LBRACKET) {
      if (++this.valueDepth > MAX_VALUE_DEPTH) throw this.fieldError(text("json.too-deep", { max: MAX_VALUE_DEPTH }));
    } else if (b === RBRACE || b === RBRACKET) {
      if (--this.valueDepth < 0) throw this.unexpected(b);
      if (this.valueDepth === 0) this.finishValue();
    }
  }

  private finishValue(): void {
    const source = new TextDecoder().decode(this.capture!.subarray(0, this.captureLength));
    try {
      const value = JSON.parse(source);
      if (Object.hasOwn(this.spec, this.key)) this.values[this.key] = value;
    } catch {
      throw this.malformed(text("json.invalid-value", { key: this.key }));
    }
    this.capture = null;
    this.fieldDone();
  }

  // --- array fields: numbers straight into a typed array --------------------------------

  private path(): string {
    let p = "";
    for (let d = 1; d <= this.depth; d++) p += `/${this.counts[d]}`;
    return p;
  }

  private arrayByte(b: number, field: ArrayField): void {
    if (this.inNumber) {
      if (isNumberByte(b)) {
        if (this.numLength === MAX_NUMBER_BYTES)
          throw this.fieldError(text("json.number-too-long", { max: MAX_NUMBER_BYTES }), this.path());
        this.numBytes[this.numLength++] = b;
        return;
      }
      this.endNumber(field);
    }
    if (isSpace(b)) return;
    switch (this.arr) {
      case Arr.ValueOrClose:
      case Arr.Value:
        if (b === RBRACKET && this.arr === Arr.ValueOrClose) return this.closeList(field);
        if (b === LBRACKET) return this.openList(field);
        if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
          this.inNumber = true;
          this.numLength = 1;
          this.numBytes[0] = b;
          return;
        }
        if (b === QUOTE || b === LBRACE || (b >= 0x61 && b <= 0x7a)) {
          const got =
            b === QUOTE
              ? text("json.a-string")
              : b === LBRACE
                ? text("json.an-object")
                : b === 0x6e
                  ? "null"
                  : text("json.true-false");
          throw this.fieldError(text("json.finite-got", { got }), this.path());
        }
        throw this.unexpected(b);
      case Arr.CommaOrClose:
        if (this.depth === 0) {
          // The field's value (a bare number) has ended: back to the object.
          this.fieldDone();
          this.topByte(b);
          return;
        }
        if (b === COMMA) this.arr = Arr.Value;
        else if (b === RBRACKET) this.closeList(field);
        else throw this.unexpected(b);
        return;
    }
  }

  private openList(field: ArrayField): void {
    const depth = this.depth + 1;
    if (depth > field.maxRank) {
      this.depth = depth - 1;
      throw this.fieldError(text("json.nesting", { max: field.maxRank }), this.path());
    }
    if (this.rank >= 0 && depth > this.rank) throw this.fieldError(text("json.list-ragged"), this.path());
    this.depth = depth;
    this.counts[depth] = 0;
    this.arr = Arr.ValueOrClose;
    if (depth === this.rank) {
      this.rowMode = true;
      this.rowLength = 0;
      this.rowStartCount = 0;
      this.rowStartArr = Arr.ValueOrClose;
      this.rowStartOffset = this.offset + 1;
    }
  }

  /** Row mode: buffers bytes up to the row's ']' (found natively), parsing full portions. */
  private rowRun(chunk: Uint8Array, i: number, field: ArrayField): number {
    const end = chunk.indexOf(RBRACKET, i);
    const stop = end < 0 ? chunk.length : end;
    const need = this.rowLength + (stop - i);
    if (need > this.rowBytes.length) {
      const bigger = new Uint8Array(Math.max(need, this.rowBytes.length * 2));
      bigger.set(this.rowBytes.subarray(0, this.rowLength));
      this.rowBytes = bigger;
    }
    this.rowBytes.set(chunk.subarray(i, stop), this.rowLength);
    this.rowLength = need;
    this.offset += stop - i;
    if (end < 0) {
      if (this.rowLength >= ROW_PORTION) this.rowPortion(field, false);
      return stop;
    }
    this.rowPortion(field, true);
    this.rowMode = false;
    this.arr = Arr.CommaOrClose;
    this.closeList(field);
    this.offset++;
    return end + 1;
  }

  /**
   * Parses the buffered row bytes (all of them at the row's end, else up to the last comma)
   * with JSON.parse and appends the numbers; anything unusual is replayed byte by byte.
   */
  private rowPortion(field: ArrayField, final: boolean): void {
    const bytes = this.rowBytes;
    let upto = this.rowLength;
    if (!final) {
      upto = bytes.lastIndexOf(COMMA, this.rowLength - 1);
      if (upto < 0) return this.replay(field, this.rowLength, COMMA);
    }
    const d = this.depth;
    let values: unknown = null;
    const blank = isBlank(bytes, upto);
    if (!(blank && this.rowStartArr === Arr.Value)) {
      try {
        values = JSON.parse("[" + DECODER.decode(bytes.subarray(0, upto)) + "]");
      } catch {
        values = null;
      }
    }
    const list = values as unknown[] | null;
    const count = list === null ? 0 : this.rowStartCount + list.length;
    const fits = list !== null && (this.shape[d] === undefined || count <= this.shape[d]) && count <= this.maxRow;
    let ok = fits;
    if (ok) {
      for (let k = 0; k < list!.length; k++) {
        const v = list![k];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) return this.replay(field, upto, final ? RBRACKET : COMMA);
    const sink = this.sink!;
    if (sink.length + list!.length > field.maxElements) {
      throw this.fieldError(text("json.too-many", { max: field.maxElements }), "", 413, field.maxElements);
    }
    for (let k = 0; k < list!.length; k++) sink.push(list![k] as number);
    this.counts[d] = count;
    // The rest (after the comma) starts the next portion.
    const rest = final ? 0 : this.rowLength - upto - 1;
    if (rest > 0) bytes.copyWithin(0, upto + 1, this.rowLength);
    this.rowStartOffset += this.rowLength - rest;
    this.rowLength = rest;
    this.rowStartCount = count;
    this.rowStartArr = Arr.Value;
  }

  /** Replays a row portion and its closing byte through the byte path, which throws the precise error. */
  private replay(field: ArrayField, upto: number, closing: number): never {
    const bytes = this.rowBytes.slice(0, upto);
    this.rowMode = false;
    this.counts[this.depth] = this.rowStartCount;
    this.arr = this.rowStartArr;
    this.offset = this.rowStartOffset;
    for (let k = 0; k < bytes.length; k++) {
      this.arrayByte(bytes[k], field);
      this.offset++;
    }
    this.arrayByte(closing, field);
    throw this.malformed(text("json.invalid-list"));
  }

  private closeList(field: ArrayField): void {
    const d = this.depth;
    const n = this.counts[d];
    if (n === 0) throw this.fieldError(text("json.empty-list"), this.path().replace(/\/0$/, ""));
    if (this.rank < 0) this.rank = d; // a list of lists that ends before any number cannot happen (n > 0)
    if (d === this.rank && field.rowLengths && !field.rowLengths.includes(n)) {
      this.depth = d - 1;
      const [first, ...rest] = field.rowLengths;
      const expected = rest.reduce<ParamValue>((a, b) => text("json.or", { a, b }), first);
      throw this.fieldError(text("json.row-length", { n, expected }), this.path());
    }
    if (this.shape[d] === undefined) this.shape[d] = n;
    else if (this.shape[d] !== n) {
      this.depth = d - 1;
      throw this.fieldError(text("json.ragged", { n, first: this.shape[d] }), this.path());
    }
    this.depth = d - 1;
    if (this.depth === 0) return this.finishArray();
    this.countElement();
    this.arr = Arr.CommaOrClose;
  }

  /** One more element in the list at the current depth, checked against the known length. */
  private countElement(): void {
    const d = this.depth;
    const n = ++this.counts[d];
    if (this.shape[d] !== undefined && n > this.shape[d]) {
      this.counts[d] = n - 1;
      throw this.fieldError(text("json.ragged-more", { first: this.shape[d] }), this.path());
    }
    if (d === this.rank && n > this.maxRow) {
      this.counts[d] = n - 1;
      throw this.fieldError(text("json.row-too-long", { max: this.maxRow }), this.path());
    }
  }

  private endNumber(field: ArrayField): void {
    this.inNumber = false;
    const v = parseJsonNumber(this.numBytes, this.numLength);
    if (Number.isNaN(v)) throw this.malformed(text("json.invalid-number"));
    const d = this.depth;
    if (!Number.isFinite(v)) throw this.fieldError(text("json.finite-got", { got: v }), this.path());
    if (this.rank < 0) {
      if (d === 0 && !field.scalar) throw this.fieldError(text("json.number-not-list"));
      this.rank = d;
    } else if (d !== this.rank) {
      throw this.fieldError(text("json.number-ragged"), this.path());
    }
    const sink = this.sink!;
    if (sink.length >= field.maxElements) {
      throw this.fieldError(text("json.too-many", { max: field.maxElements }), "", 413, field.maxElements);
    }
    sink.push(v);
    if (d === 0) {
      this.arrays.set(this.key, { data: sink.result(), shape: [] });
      this.sink = null;
      this.depth = 0;
      this.arr = Arr.CommaOrClose;
      return;
    }
    this.countElement();
    this.arr = Arr.CommaOrClose;
  }

  private finishArray(): void {
    const shape = this.shape.slice(1);
    this.arrays.set(this.key, { data: this.sink!.result(), shape });
    this.sink = null;
    this.fieldDone();
  }
}

const DECODER = new TextDecoder();

function isBlank(bytes: Uint8Array, length: number): boolean {
  for (let k = 0; k < length; k++) if (!isSpace(bytes[k])) return false;
  return true;
}

function escapeKey(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Reads a whole body stream with a JsonObjectReader; the stream is cancelled as soon as the
 * body is refused, so the rest is never read.
 */
export async function readJsonStream(
  body: ReadableStream<Uint8Array> | null,
  spec: ObjectSpec,
  maxBytes: number,
  otherKeys?: ValueField,
): Promise<StreamedObject> {
  const reader = new JsonObjectReader(spec, maxBytes, otherKeys);
  if (body === null) return reader.end();
  const stream = body.getReader();
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      reader.write(value);
    }
  } catch (err) {
    await stream.cancel().catch(() => {});
    throw err;
  }
  return reader.end();
}
