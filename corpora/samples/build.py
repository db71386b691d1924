"""Build the shipped sample reports from their sources in ``src/``.

    .venv/bin/python -m corpora.samples.build

- ``teacher-branch-2022.docx``: headings carry Word *automatic* numbering (一、 and （一）), linked to
  the heading styles, as a report written in Word from a unit's template.
- ``student-branch-2022.pdf``: typed labels, set as 公文 (A4, 16 pt body) with a running header and
  page numbers, as a report exported to PDF.
- ``retiree-branch-2020.txt``: GB18030 with CRLF line ends and full-width indents, as Windows
  Notepad on a Chinese system saves it.

The builders are the test fixtures' (``tests/fixtures``), so the samples exercise what the tests do.
The output is deterministic; ``tests/test_samples.py`` checks that the shipped files match a rebuild.
"""

from __future__ import annotations

from pathlib import Path

from analyzers.labels import looks_like_heading_line
from tests.fixtures.docx_builder import build_report_docx
from tests.fixtures.pdf_builder import build_pdf

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"


def _source_lines(name: str) -> list[str]:
    return [line.strip() for line in (SRC / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _is_closing_line(line: str) -> bool:
    """Signature and date lines at the end: short, and not a sentence."""
    return len(line) <= 30 and not line.endswith(("。", "；", "！", "？"))


def _closing_count(lines: list[str]) -> int:
    count = 0
    for line in reversed(lines):
        if not _is_closing_line(line) or looks_like_heading_line(line):
            break
        count += 1
    return count


def teacher_docx() -> bytes:
    lines = _source_lines("teacher-branch-2022.txt")
    closing = len(lines) - _closing_count(lines)
    paragraphs: list[tuple[str, str, int]] = []
    for i, line in enumerate(lines):
        if line.startswith("TITLE:"):
            paragraphs.append(("title", line.removeprefix("TITLE:").strip(), 0))
        elif line.startswith("SUBTITLE:"):
            paragraphs.append(("subtitle", line.removeprefix("SUBTITLE:").strip(), 0))
        elif line.startswith("## "):
            paragraphs.append(("heading", line[3:], 2))
        elif line.startswith("# "):
            paragraphs.append(("heading", line[2:], 1))
        else:
            paragraphs.append(("right" if i >= closing else "paragraph", line, 0))
    return build_report_docx(paragraphs, auto_levels=2, header="南岭理工大学机械工程学院")


def student_pdf() -> bytes:
    lines = _source_lines("student-branch-2022.txt")
    closing = len(lines) - _closing_count(lines)
    blocks: list[tuple[str, str]] = [("title", lines[0])]
    for i, line in enumerate(lines[1:], start=1):
        label = looks_like_heading_line(line)
        if i >= closing:
            blocks.append(("right", line))
        elif label is not None and label.level == 1:
            blocks.append(("heading", line))
        elif label is not None and label.level == 2:
            blocks.append(("subheading", line))
        else:
            blocks.append(("paragraph", line))
    return build_pdf(blocks, header="计算机学院本科生第二党支部", page_numbers="- {n} -")


def retiree_txt() -> bytes:
    lines = _source_lines("retiree-branch-2020.txt")
    closing = len(lines) - _closing_count(lines)
    out = []
    for i, line in enumerate(lines):
        plain = i == 0 or i >= closing or looks_like_heading_line(line) is not None
        out.append(line if plain else "\u3000\u3000" + line)
    return ("\r\n".join(out) + "\r\n").encode("gb18030")


SAMPLES = {
    "teacher-branch-2022.docx": teacher_docx,
    "student-branch-2022.pdf": student_pdf,
    "retiree-branch-2020.txt": retiree_txt,
}


def main() -> None:
    for name, build in SAMPLES.items():
        data = build()
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
