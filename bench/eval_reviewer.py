"""`make eval`: precision and recall of the reviewer's checks (issue 6), rule by rule.

Two labelled sets (``tests/reviewer_cases/``, GUIDE.md beside them): short reports of our own, each with every
finding of these rules a careful reviewer would make. ``cases.yaml`` was written apart from the checks but
the checks were then tuned on its errors, so its figures flatter them; ``heldout.yaml`` was written later,
apart from both, and is never tuned on: its figures are the honest ones. Each case is
read by the txt reader and analysed with its profile (and last year's report when it has one); a finding
matches an expected one when the rule is the same and the quoted words contain the expected text or lie in
it (rules about the whole report match by rule alone). Findings not expected are false alarms.

Writes the figures to bench/eval.json under "reviewer" (the other parts are left as they are).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.report import Finding
from tests.reviewer_cases.cases import CASES, HELDOUT, RULES, Case, Expected, load_cases

ROOT = Path(__file__).resolve().parent.parent
EVAL_JSON = ROOT / "bench" / "eval.json"


def _matches(finding: Finding, expected: Expected) -> bool:
    if finding.rule != expected.rule:
        return False
    if expected.text is None:
        return True
    quoted = finding.text or ""
    return bool(quoted) and (expected.text in quoted or quoted in expected.text)


def findings_of(case: Case) -> list[Finding]:
    document = read_document(case.report.encode("utf-8"), case.filename)
    previous = None
    if case.previous is not None:
        previous = read_document(case.previous.encode("utf-8"), f"{case.year - 1}年度述职报告.txt")
    report = analyze(document, load_profile(case.profile), previous=previous)
    return [f for f in report.findings if f.rule in RULES]


def evaluate(cases: list[Case]) -> dict[str, Any]:
    true_pos: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for case in cases:
        found = findings_of(case)
        used: set[int] = set()
        for expected in case.expect:
            gold[expected.rule] += 1
            hit = next((i for i, f in enumerate(found) if i not in used and _matches(f, expected)), None)
            if hit is None:
                errors.append({"case": case.id, "what": "missed", "rule": expected.rule, "text": expected.text})
            else:
                used.add(hit)
                true_pos[expected.rule] += 1
        for i, finding in enumerate(found):
            predicted[finding.rule] += 1
            if i not in used:
                errors.append({"case": case.id, "what": "false alarm", "rule": finding.rule, "text": finding.text})
    per_rule = {}
    for rule in RULES:
        p = true_pos[rule] / predicted[rule] if predicted[rule] else None
        r = true_pos[rule] / gold[rule] if gold[rule] else None
        per_rule[rule] = {
            "precision": round(p, 4) if p is not None else None,
            "recall": round(r, 4) if r is not None else None,
            "expected": gold[rule],
            "found": predicted[rule],
            "right": true_pos[rule],
        }
    total_p = sum(true_pos.values()) / sum(predicted.values()) if predicted else 0.0
    total_r = sum(true_pos.values()) / sum(gold.values()) if gold else 0.0
    return {
        "cases": len(cases),
        "all": {"precision": round(total_p, 4), "recall": round(total_r, 4)},
        "per_rule": per_rule,
        "errors": errors,
    }


def _shown(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    show_errors = "--errors" in (argv if argv is not None else sys.argv[1:])
    stored = json.loads(EVAL_JSON.read_text(encoding="utf-8")) if EVAL_JSON.exists() else {}
    stored["reviewer"] = {}
    for name, path in (("tuning", CASES), ("held-out", HELDOUT)):
        if not path.exists():
            print(f"reviewer: no {path.relative_to(ROOT)}", file=sys.stderr)
            continue
        result = evaluate(load_cases(path))
        for rule, m in result["per_rule"].items():
            print(
                f"reviewer {name:<8} {rule:<38} P {_shown(m['precision'])}  R {_shown(m['recall'])}"
                f"  (expected {m['expected']}, found {m['found']}, right {m['right']})"
            )
        overall = result["all"]
        print(f"reviewer {name:<8} all rules: P {overall['precision']:.3f}  R {overall['recall']:.3f}"
              f" over {result['cases']} cases")  # fmt: skip
        if show_errors and name == "tuning":  # the held-out errors are not for reading while tuning
            for error in result["errors"]:
                print(f"  {error}")
        stored["reviewer"][name] = {k: v for k, v in result.items() if k != "errors"} | {
            "error_count": len(result["errors"])
        }
    EVAL_JSON.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {EVAL_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
