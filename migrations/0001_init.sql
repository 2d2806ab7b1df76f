-- Graded submissions (one row per graded attempt).
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  assignment TEXT NOT NULL,
  student TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  problems TEXT NOT NULL,
  UNIQUE (assignment, student, attempt)
);
CREATE INDEX IF NOT EXISTS submissions_by_student ON submissions (assignment, student);
