-- Grading a course: what a regrade needs (the answers and which variant they answer), the
-- platform's own submission id (a repeated id is a regrade, not a new attempt), lateness as
-- recorded, whether the attempt counts (made before the assignment closed for the student),
-- attempts voided by an instructor's reset, and per-student extensions.
ALTER TABLE submissions ADD COLUMN answers TEXT;
ALTER TABLE submissions ADD COLUMN variant TEXT NOT NULL DEFAULT 'student';
ALTER TABLE submissions ADD COLUMN external_id TEXT;
ALTER TABLE submissions ADD COLUMN late_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN late_factor REAL NOT NULL DEFAULT 1;
ALTER TABLE submissions ADD COLUMN counts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE submissions ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX IF NOT EXISTS submissions_by_external_id ON submissions (assignment, student, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS extensions (
  assignment TEXT NOT NULL,
  student TEXT NOT NULL,
  due TEXT NOT NULL,
  PRIMARY KEY (assignment, student)
);
