/**
 * Student ids as a course platform spells them: the same person must get the same variant
 * whether they type "Alice", "alice" or " alice ". The rule, applied wherever an id enters
 * (variants, submissions, tokens, extensions, history, the gradebook):
 *   1. Unicode NFC (a precomposed "é" and "e" + combining accent are one id),
 *   2. surrounding whitespace removed,
 *   3. lower case (String.prototype.toLowerCase, locale-independent).
 * What remains must be 1-128 letters or digits (any script), then letters, digits, marks and
 * . _ @ + - (an email address or a student number fits; spaces inside do not). The rule is
 * stated to learners by error.student-field / error.student-query in core/i18n.
 */
const PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}._@+-]{0,127}$/u;

/** The canonical form of a student id, or null when it is not a valid id. */
export function normalizeStudentId(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const id = raw.normalize("NFC").trim().toLowerCase();
  return PATTERN.test(id) ? id : null;
}
