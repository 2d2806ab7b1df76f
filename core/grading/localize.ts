import { hasKey, type Lang, render } from "../i18n";
import type { Assignment, ProblemSpec } from "./types";

/**
 * An assignment's own words in `lang`: the catalogue holds the built-in assignment's title,
 * description and problem titles (keys assignment.<id>.title, .description, .<problem id>).
 * A text is translated only while it still reads as the catalogue's English, so an instructor's
 * own wording is never replaced.
 */
function translated(key: string, english: string | undefined, lang: Lang): string | undefined {
  if (english === undefined || !hasKey(key)) return english;
  return render("en", { key }) === english ? render(lang, { key }) : english;
}

export function localizeAssignment<A extends Assignment>(a: A, lang: Lang): A {
  if (lang === "en") return a;
  return {
    ...a,
    title: translated(`assignment.${a.id}.title`, a.title, lang) ?? a.title,
    description: translated(`assignment.${a.id}.description`, a.description, lang),
    problems: a.problems.map((p) => ({ ...p, title: problemTitle(a, p, lang) })),
  };
}

export const problemTitle = (a: Assignment, p: ProblemSpec, lang: Lang): string =>
  translated(`assignment.${a.id}.${p.id}`, p.title ?? p.id, lang) ?? p.id;
