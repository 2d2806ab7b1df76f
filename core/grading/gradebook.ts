/**
 * The gradebook: one row per student, one column per problem, from the recorded attempts,
 * choosing each student's best attempt (highest total, the later one on a tie) or latest
 * among those that count (an attempt made after the assignment closed for the student is
 * recorded but never chosen), with the chosen attempt's lateness.
 */
export interface AttemptRow {
  student: string;
  attempt: number;
  created_at: string;
  score: number;
  max_score: number;
  /** Per-problem scores by problem id. */
  scores: Record<string, number>;
  /** Started days late and the late factor already applied to the scores. */
  late_days: number;
  late_factor: number;
  /** False when made after the assignment closed for this student. */
  counts: boolean;
}

export interface Chosen {
  chosen: AttemptRow | null;
  attempts: number;
  /** Attempts recorded after the assignment closed for the student. */
  not_counted: number;
}

export function chooseAttempts(rows: AttemptRow[], policy: "best" | "latest"): Map<string, Chosen> {
  const out = new Map<string, Chosen>();
  for (const row of rows) {
    let cur = out.get(row.student);
    if (!cur) out.set(row.student, (cur = { chosen: null, attempts: 0, not_counted: 0 }));
    cur.attempts++;
    if (!row.counts) {
      cur.not_counted++;
      continue;
    }
    const c = cur.chosen;
    const better =
      !c ||
      (policy === "latest"
        ? row.attempt > c.attempt
        : row.score > c.score || (row.score === c.score && row.attempt > c.attempt));
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

export function gradebookCsv(
  problemIds: string[],
  rows: AttemptRow[],
  policy: "best" | "latest",
  maxScore = 0,
): string {
  const header = [
    "student",
    ...problemIds,
    "total",
    "max_score",
    "attempt",
    "attempts",
    "submitted_at",
    "late_days",
    "late_factor",
    "not_counted",
  ];
  const lines = [header.map(csvField).join(",")];
  const chosen = [...chooseAttempts(rows, policy).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [student, { chosen: row, attempts, not_counted }] of chosen) {
    const cells = row
      ? [
          student,
          ...problemIds.map((id) => (Object.hasOwn(row.scores, id) ? row.scores[id] : 0)),
          row.score,
          row.max_score,
          row.attempt,
          attempts,
          row.created_at,
          row.late_days,
          row.late_factor,
          not_counted,
        ]
      : [student, ...problemIds.map(() => 0), 0, maxScore, "", attempts, "", "", "", not_counted];
    lines.push(cells.map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
