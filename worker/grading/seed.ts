import { seedFromMac, type VariantKind, variantMessage } from "../../core/grading/variant";
import { text } from "../../core/i18n";
import { Problem } from "../http/problem";

/**
 * Per-problem seeds of a student's variant: HMAC-SHA256(GRADING_SECRET, assignment \0 student
 * \0 problem). Stable for a student, different between students, unguessable without the secret.
 */
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]) as Promise<CryptoKey>;
    keys.set(secret, k);
  }
  return k;
}

export function requireSecret(secret: string | undefined): string {
  if (!secret) {
    throw new Problem(503, text("error.no-grading-secret"), {
      errors: [{ pointer: "", message: text("error.no-grading-secret-field") }],
    });
  }
  return secret;
}

export async function variantSeeds(
  secret: string,
  assignment: string,
  student: string,
  problems: readonly string[],
  kind: VariantKind = "student",
): Promise<number[]> {
  const k = await key(secret);
  return Promise.all(
    problems.map(async (p) => {
      const mac = await crypto.subtle.sign(
        "HMAC",
        k,
        new TextEncoder().encode(variantMessage(assignment, student, p, kind)),
      );
      return seedFromMac(new Uint8Array(mac));
    }),
  );
}
