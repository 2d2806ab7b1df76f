import { Problem } from "../http/problem";

/**
 * Stored data that fails its checksum or layout check: a 500-class problem, never an answer
 * computed from damaged bytes. The detail names the key, not the bytes.
 */
export function corrupt(what: string, why: string): Problem {
  console.error("corrupt stored value", what, why);
  return new Problem(500, `${what} is corrupt: ${why}; it was not used`, {
    errors: [{ pointer: "", message: "the stored data failed its integrity check; re-upload it" }],
    extra: { corrupt: true },
  });
}
