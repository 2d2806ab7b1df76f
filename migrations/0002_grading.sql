-- Grading: submission times in milliseconds (for the minimum interval between attempts, checked
-- in the same INSERT that takes the next attempt number) and assignments added by admins.
ALTER TABLE submissions ADD COLUMN created_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS submissions_by_assignment ON submissions (assignment, student, attempt);

CREATE TABLE IF NOT EXISTS assignments (
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
