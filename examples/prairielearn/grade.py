#!/usr/bin/env python3
"""PrairieLearn external grader for a code-graded edgegrad assignment.

The student uploads a notebook (.ipynb) or .py written with the book's functions (pl-file-upload);
PrairieLearn copies it to /grade/student. This script runs the student's functions on their
grader-only variant (edgegrad_grader.py, from /grade/serverFilesCourse/edgegrad/), submits the
answers with the assignment's grader token and writes /grade/results/results.json in
PrairieLearn's format (?format=prairielearn): score in [0, 1] and one test per problem. A
submission edgegrad refuses, or an edgegrad that cannot be reached, is written as
gradable: false with format_errors, so the student loses no points and no attempt.

PrairieLearn gives an external grader no student identity, so edgegrad records the attempt under
EDGEGRAD_STUDENT if set, else "pl-<variant_seed>" (PrairieLearn keeps the grade itself).

Settings: "environment" of the question's externalGradingOptions (see info.json): EDGEGRAD,
ASSIGNMENT, EDGEGRAD_GRADER_TOKEN, EDGEGRAD_TIME_LIMIT (seconds per problem, default 10);
networking must be enabled ("enableNetworking": true). PL_GRADE_ROOT (default /grade) is only for
testing this script outside PrairieLearn.
"""
import json
import os
import sys

ROOT = os.environ.get("PL_GRADE_ROOT", "/grade")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE), os.path.join(ROOT, "serverFilesCourse", "edgegrad")]
from edgegrad_grader import Refused, Unreachable, find_code, normalize_student, request, run_student_code, submit  # noqa: E402

EDGEGRAD = os.environ.get("EDGEGRAD", "http://localhost:8787").rstrip("/")
ASSIGNMENT = os.environ.get("ASSIGNMENT", "dlfs-ch04")
TOKEN = os.environ.get("EDGEGRAD_GRADER_TOKEN", "")
TIME_LIMIT = float(os.environ.get("EDGEGRAD_TIME_LIMIT", "10"))


def write(results):
    os.makedirs(os.path.join(ROOT, "results"), exist_ok=True)
    with open(os.path.join(ROOT, "results", "results.json"), "w") as f:
        json.dump(results, f)


def not_gradable(*errors):
    write({"gradable": False, "format_errors": [str(e) for e in errors]})


def main():
    try:
        with open(os.path.join(ROOT, "data", "data.json")) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    student = normalize_student(os.environ.get("EDGEGRAD_STUDENT") or f"pl-{data.get('variant_seed', 'anonymous')}")
    path = find_code(os.path.join(ROOT, "student"), os.environ.get("EDGEGRAD_CODE"))
    if not path:
        return not_gradable("No notebook (.ipynb) or .py file was submitted.")
    try:
        variant = request(f"{EDGEGRAD}/v1/assignments/{ASSIGNMENT}/grader-variant?student={student}", TOKEN)
        problems = [{"id": p["id"], "kind": p["kind"], "inputs": p["inputs"]} for p in variant["problems"] if p["answer_shape"] is not None]
        local = run_student_code(path, problems, TIME_LIMIT)
        doc = {"student": student, "answers": local["answers"], "variant": "grader"}
        results = submit(EDGEGRAD, ASSIGNMENT, TOKEN, doc, "prairielearn")
    except Unreachable as err:
        return not_gradable(err, "Submit again in a moment.")
    except Refused as err:
        body = err.body if isinstance(err.body, dict) else {}
        return not_gradable(*(body.get("format_errors") or [str(err)]))
    for test in results.get("tests", []):
        pid = test.get("name", "").split(":")[0]
        if pid in local["errors"]:
            test["message"] = local["errors"][pid] + " " + test.get("message", "")
    if local["load_errors"]:
        results["output"] = "While loading your code:\n" + "\n".join(local["load_errors"])
    write(results)


if __name__ == "__main__":
    main()
