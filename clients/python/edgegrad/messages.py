"""The package's own few words, in the languages of the server's messages (English, Korean).

Everything else a learner reads (feedback, diagnoses, statements, error details) comes from
the server, already in the language negotiated from Accept-Language.
"""

MESSAGES = {
    "en": {
        "score": "Score",
        "total": "Total",
        "attempt": "attempt {attempt}",
        "answer": "Your answer",
        "preview": "Preview: not submitted.",
        "preview-shape-ok": "Shape {shape} as the problem asks.",
        "preview-shape-bad": "Shape {got}, but the problem asks for {expected}.",
        "waiting": "Waiting {seconds} s before submitting: {detail}",
        "unreachable": "nothing answers at {url} ({reason}). Start the server (npm start) or pass url=... / set EDGEGRAD_URL.",
        "withheld": "The result of this problem is shown after it is released.",
        "problems": "Problems",
        "points": "points",
        "status.correct": "correct",
        "status.partial": "partially correct",
        "status.incorrect": "incorrect",
        "status.missing": "missing",
        "status.withheld": "withheld",
        "total-withheld": "{points} more points are shown once released",
    },
    "ko": {
        "score": "점수",
        "total": "합계",
        "attempt": "{attempt}번째 제출",
        "answer": "제출한 답",
        "preview": "미리보기: 제출하지 않았습니다.",
        "preview-shape-ok": "문제가 요구하는 형상 {shape}입니다.",
        "preview-shape-bad": "형상이 {got}이지만 문제는 {expected}을(를) 요구합니다.",
        "waiting": "{seconds}초 기다린 뒤 제출합니다: {detail}",
        "unreachable": "{url}에서 응답이 없습니다 ({reason}). 서버를 시작하거나(npm start) url=... 또는 EDGEGRAD_URL을 지정하세요.",
        "withheld": "이 문제의 결과는 공개된 뒤에 표시됩니다.",
        "problems": "문제",
        "points": "점",
        "status.correct": "정답",
        "status.partial": "부분 정답",
        "status.incorrect": "오답",
        "status.missing": "미제출",
        "status.withheld": "비공개",
        "total-withheld": "{points}점은 공개된 뒤에 표시됩니다",
    },
}


def message(lang, key, **params):
    table = MESSAGES.get(lang) or MESSAGES["en"]
    return table.get(key, MESSAGES["en"].get(key, key)).format(**params)


def language(tag):
    """The catalogue for a language tag such as "ko", "ko-KR" or "en-US" ("en" when unknown)."""
    primary = (tag or "").split(",")[0].strip().lower().split("-")[0]
    return primary if primary in MESSAGES else "en"
