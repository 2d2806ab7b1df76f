/**
 * The gradebook: one row per student, one column per problem, from the recorded attempts,
 * choosing each student's best attempt (highest total, the later one on a tie) or latest.
 */
export interface AttemptRow {
  student: string;
  attempt: number;
  created_at: string;
  score: number;
  max_score: number;
  /** Per-problem scores by problem id. */
  scores: Record<string, number>;
}

export function chooseAttempts(rows: AttemptRow[], policy: "best" | "latest"): Map<string, { chosen: AttemptRow; attempts: number }> {
  const out = new Map<string, { chosen: AttemptRow; attempts: number }>();
  for (const row of rows) {
    const cur = out.get(row.student);
    if (!cur) {
      out.set(row.student, { chosen: row, attempts: 1 });
      continue;
    }
    cur.attempts++;
    const better = policy === "latest" ? row.attempt > cur.chosen.attempt : row.score > cur.chosen.score || (row.score === cur.chosen.score && row.attempt > cur.chosen.attempt);
    if (better) cur.chosen = row;
  }
  return out;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function gradebookCsv(problemIds: string[], rows: AttemptRow[], policy: "best" | "latest"): string {
  const header = ["student", ...problemIds, "total", "max_score", "attempt", "attempts", "submitted_at"];
  const lines = [header.map(csvField).join(",")];
  const chosen = [...chooseAttempts(rows, policy).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [student, { chosen: row, attempts }] of chosen) {
    const cells = [student, ...problemIds.map((id) => (Object.hasOwn(row.scores, id) ? row.scores[id] : 0)), row.score, row.max_score, row.attempt, attempts, row.created_at];
    lines.push(cells.map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
