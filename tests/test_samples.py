"""The shipped sample reports: in step with their sources, and read the way a reviewer sees them."""

from __future__ import annotations

import io
import zipfile

import pytest

from analyzers.document import BlockKind
from analyzers.pipeline import analyze
from analyzers.readers import read_document
from corpora.samples.build import HERE, SAMPLES

FOUR_PARTS = ["主要工作进展成效", "工作特色亮点", "存在问题及整改措施", "下一步工作计划"]


def _comparable(name: str, data: bytes) -> object:
    """A .docx is compared member by member: deflate's bytes may differ between zlib builds."""
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    return data


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_shipped_sample_matches_a_rebuild_from_its_source(name: str) -> None:
    shipped = _comparable(name, (HERE / name).read_bytes())
    assert shipped == _comparable(name, SAMPLES[name]()), f"run: .venv/bin/python -m corpora.samples.build ({name})"


def _level1(name: str) -> list[tuple[str, str]]:
    document = read_document((HERE / name).read_bytes(), name)
    return [(b.label, b.text[len(b.label) :]) for b in document.headings if b.level == 1]


def test_docx_sample_headings_come_from_word_automatic_numbering() -> None:
    document = read_document((HERE / "teacher-branch-2022.docx").read_bytes(), "teacher-branch-2022.docx")
    level1 = [b for b in document.headings if b.level == 1]
    assert [b.text for b in level1] == [f"{n}、{t}" for n, t in zip("一二三四", FOUR_PARTS, strict=True)]
    assert all(b.label_auto for b in level1)
    level2 = [b.label for b in document.headings if b.level == 2]
    assert level2 == ["（一）", "（二）", "（三）", "（四）", "（一）", "（二）", "（一）", "（二）", "（三）"]


def test_pdf_sample_has_four_sections_and_pages() -> None:
    assert [t for _, t in _level1("student-branch-2022.pdf")] == FOUR_PARTS
    report = analyze(read_document((HERE / "student-branch-2022.pdf").read_bytes(), "student-branch-2022.pdf"))
    assert report.source.pages == 5
    assert all(entry.page is not None for entry in report.outline)


def test_txt_sample_is_gb18030_with_the_sysu_framework() -> None:
    document = read_document((HERE / "retiree-branch-2020.txt").read_bytes(), "retiree-branch-2020.txt")
    assert document.source.encoding == "gb18030"
    assert [label for label, _ in _level1("retiree-branch-2020.txt")] == ["一、", "二、", "三、", "四、"]
    assert not any(b.text.startswith("\u3000") for b in document.blocks if b.kind is BlockKind.PARAGRAPH)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_char_count_is_close_to_the_source(name: str) -> None:
    """字数 of what the reader recovers is within 2% of the source text (labels and markup aside)."""
    from analyzers.text import count_chars

    source = (HERE / "src" / name.rsplit(".", 1)[0]).with_suffix(".txt").read_text(encoding="utf-8")
    expected = sum(
        count_chars(line.lstrip("#").removeprefix("TITLE:").removeprefix("SUBTITLE:")) for line in source.splitlines()
    )
    report = analyze(read_document((HERE / name).read_bytes(), name))
    assert abs(report.stats.chars - expected) <= expected * 0.02, (report.stats.chars, expected)
