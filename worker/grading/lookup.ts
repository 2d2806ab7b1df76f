import { normalizeStudentId } from "../../core/grading/student-id";
import type { Assignment } from "../../core/grading/types";
import { text } from "../../core/i18n";
import { Problem } from "../http/problem";
import { ID } from "./schema";
import { getAssignment } from "./store";

/** The assignment named in the path, or a 404. */
export async function assignmentOr404(db: D1Database, id: string): Promise<Assignment> {
  const a = ID.test(id) ? await getAssignment(db, id) : null;
  if (!a)
    throw new Problem(404, text("error.no-assignment", { id }), {
      errors: [{ pointer: "/id", message: text("error.no-assignment-field") }],
    });
  return a;
}

/** A student id from the query or path, normalised (core/grading/student-id.ts), or a 422. */
export function checkStudent(student: string | undefined): string {
  const id = normalizeStudentId(student);
  if (id === null) throw Problem.field("student", text("error.student-query"));
  return id;
}
