import { render, type Text } from "../../core/i18n";

/**
 * What a store says went wrong, in its own terms; `app.onError` (worker/http/errors.ts) turns
 * each into problem+json. Stores never build HTTP responses.
 */
export class StoreError extends Error {
  override readonly name: string = "StoreError";
}

/** The named thing is not stored (404). */
export class NotFound extends StoreError {
  override readonly name = "NotFound";
  constructor(
    message: string,
    readonly pointer = "",
    readonly hint = "not found",
  ) {
    super(message);
  }
}

/** The request contradicts what is stored (409). */
export class Conflict extends StoreError {
  override readonly name = "Conflict";
  constructor(
    message: string,
    readonly pointer = "",
  ) {
    super(message);
  }
}

/** A value the store refuses, naming the field with a JSON Pointer (422); a catalogue text reads in the request's language. */
export class Invalid extends StoreError {
  override readonly name = "Invalid";
  readonly text?: Text;
  constructor(
    readonly pointer: string,
    message: string | Text,
  ) {
    super(typeof message === "string" ? message : render("en", message));
    if (typeof message !== "string") this.text = message;
  }
}

/**
 * Stored data that fails its checksum or layout check (500): never an answer computed from
 * damaged bytes. The message names the key, not the bytes.
 */
export class Corrupt extends StoreError {
  override readonly name = "Corrupt";
  constructor(what: string, why: string) {
    super(`${what} is corrupt: ${why}; it was not used`);
    console.error("corrupt stored value", what, why);
  }
}

export function corrupt(what: string, why: string): Corrupt {
  return new Corrupt(what, why);
}
