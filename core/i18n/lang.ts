/** The languages every learner-facing message exists in. */
export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "en";

export const isLang = (v: unknown): v is Lang => typeof v === "string" && (LANGS as readonly string[]).includes(v);

/**
 * The language of a request: `?lang=` wins when it names a supported language; otherwise the
 * Accept-Language entry (RFC 9110 §12.5.4) with the highest q whose primary tag is supported
 * (ko-KR counts as ko; ties keep the header's order); otherwise English.
 */
export function negotiate(query: string | null | undefined, acceptLanguage: string | null | undefined): Lang {
  const q = query?.trim().toLowerCase();
  if (isLang(q)) return q;
  let best: Lang = DEFAULT_LANG;
  let bestQ = 0;
  for (const part of (acceptLanguage ?? "").slice(0, 1000).split(",")) {
    const [range, ...attrs] = part.trim().split(";");
    const primary = range.trim().toLowerCase().split("-")[0];
    let weight = 1;
    for (const a of attrs) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(a);
      if (m) weight = Number(m[1]);
    }
    if (!(weight > bestQ)) continue;
    if (isLang(primary)) {
      best = primary;
      bestQ = weight;
    }
  }
  return best;
}
