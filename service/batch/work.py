"""The unit of work of an audit: one file's bytes in, one compact ``Outcome`` out, never an exception.

It runs in a worker process (a local pool or a Dask worker), so everything it takes and returns pickles, and
every failure a file can cause becomes an error outcome: one bad file is one error row, not a lost audit.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter

from analyzers.errors import InputError, too_complex
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from analyzers.report import Report
from service.batch.model import Outcome

log = logging.getLogger(__name__)


def audit_one(
    data: bytes,
    filename: str,
    profile_id: str,
    limits: ReadLimits,
    year: int | None = None,
    previous: tuple[bytes, str] | None = None,
) -> Outcome:
    """The outcome of one file (with last year's report of its branch, when given)."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        document = read_document(data, filename, limits)
        last_year = read_document(previous[0], previous[1], limits) if previous is not None else None
        report = analyze(document, load_profile(profile_id), previous=last_year, year=year)
    except MemoryError:  # past the worker's memory cap (service.analysis.limit_memory)
        err = too_complex()
        return Outcome(sha256=sha256, filename=filename, error={"code": str(err.code), "message": err.message})
    except InputError as err:
        return Outcome(sha256=sha256, filename=filename, error={"code": str(err.code), "message": err.message})
    except Exception as err:  # a bug must not lose the audit; the row says so and the log keeps the type
        log.exception("analysis failed for an input (%s)", type(err).__name__)
        return Outcome(
            sha256=sha256,
            filename=filename,
            error={"code": "analysis.failed", "message": f"分析时出错（{type(err).__name__}），请联系管理员。"},
        )
    return outcome_of(report, document.text, sha256, filename)


def outcome_of(report: Report, text: str, sha256: str, filename: str) -> Outcome:
    """The compact outcome of an analysed report (``text``: the document's, when it has no sentences)."""
    prose = "\n".join(s.text for s in report.sentences) or text
    summary = report.summary
    return Outcome(
        sha256=sha256,
        filename=filename,
        chars=report.stats.chars,
        sections_present=tuple(dict.fromkeys(s.key for s in report.sections if s.key)),
        sections_missing=tuple(summary.missing_sections),
        vague_ratio=summary.vague_ratio,
        data_density=summary.data_density,
        personal_ratio=summary.personal_ratio,
        previous_year_similarity=summary.previous_year_similarity,
        severity_counts=dict(Counter(str(f.severity) for f in report.findings)),
        rule_counts=dict(Counter(f.rule for f in report.findings)),
        findings=tuple(
            {"rule": f.rule, "severity": str(f.severity), "section": f.section, "message": f.message,
             "text": f.text, "suggestion": f.suggestion}  # fmt: skip
            for f in report.findings
        ),
        data_points=tuple(
            {"text": p.text, "kind": p.kind, "value": p.value, "unit": p.unit, "subject": p.subject,
             "section": p.section}  # fmt: skip
            for p in report.data_points
        ),
        prose=prose,
    )
