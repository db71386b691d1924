"""Each limit a reader enforces, shown by setting it tight: the time budget, pages, unzipped size, XML elements.

No clock is read here: a budget of a nanosecond has always run out by the reader's first check.
"""

from __future__ import annotations

import pytest

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import ReadLimits
from tests.fuzz.harness import Member, pack, seed, seed_text, unpack

TOO_LARGE = InputErrorCode.TOO_LARGE


def _refused(data: bytes, name: str, limits: ReadLimits) -> InputError:
    with pytest.raises(InputError) as info:
        read_document(data, name, limits)
    return info.value


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("teacher-branch-2022.docx", lambda: seed(".docx", "teacher-branch-2022.docx")),
        ("student-branch-2022.pdf", lambda: seed(".pdf", "student-branch-2022.pdf")),
        ("long.txt", lambda: "\n".join([seed_text()] * 100).encode()),  # past the 2,000 lines between checks
    ],
)
def test_every_reader_stops_when_its_time_budget_has_run_out(name: str, data) -> None:
    content = data()
    assert read_document(content, name).blocks  # within the default budget it reads
    error = _refused(content, name, ReadLimits(time_budget_s=1e-9))
    assert error.code is TOO_LARGE and "时间上限" in error.message


def test_pdf_with_more_pages_than_the_limit_is_refused() -> None:
    error = _refused(seed(".pdf", "student-branch-2022.pdf"), "report.pdf", ReadLimits(max_pdf_pages=1))
    assert error.code is TOO_LARGE and "页" in error.message


def test_docx_larger_unzipped_than_the_limit_is_refused() -> None:
    error = _refused(seed(".docx", "teacher-branch-2022.docx"), "report.docx", ReadLimits(max_unzipped_bytes=10_000))
    assert error.code is TOO_LARGE


def test_docx_with_more_xml_elements_than_the_limit_is_refused_before_parsing() -> None:
    """60 MB of one-character runs in a 9.6 MB .docx (compression ratio 6.5, under the zip-bomb limit) took
    14 s and 1.4 GB to read; the main part's elements are now counted before it is parsed."""
    members = unpack(seed(".docx", "teacher-branch-2022.docx"))
    runs = b"".join(b"<w:r><w:t>%x</w:t></w:r>" % n for n in range(5000))
    members = [Member(m.name, m.data.replace(b"<w:body>", b"<w:body><w:p>" + runs + b"</w:p>", 1))
               if m.name == "word/document.xml" else m for m in members]  # fmt: skip
    data = pack(members)
    assert len(read_document(data, "report.docx").blocks[0].text) > 5000  # the default limit reads it
    error = _refused(data, "report.docx", ReadLimits(max_xml_elements=10_000))
    assert error.code is TOO_LARGE and "XML 元素" in error.message
