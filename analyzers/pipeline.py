"""analyze(document) -> Report: the one place that decides what runs on a document.

Checks (structure, length, vagueness, data points, ...) join the ``CHECKS`` tuple as later issues add
them; today the pipeline fills the source, the statistics and the outline the reader found.
"""

from __future__ import annotations

from analyzers import __version__
from analyzers.document import Block, BlockKind, Document
from analyzers.profiles import Profile, load_profile
from analyzers.report import OutlineEntry, ProfileRef, Report, SourceOut, Stats
from analyzers.text import count_chars, count_non_whitespace, split_sentences

# Silent reading of formal Chinese prose runs at roughly 300-500 字 a minute; a reviewer reading a
# report closely sits at the low end of that range. An estimate, shown rounded to a tenth.
READING_CHARS_PER_MINUTE = 300


def analyze(document: Document, profile: Profile | None = None) -> Report:
    profile = profile or load_profile()
    return Report(
        analyzer_version=__version__,
        source=SourceOut(
            filename=document.source.filename,
            format=document.source.format.value,
            sha256=document.source.sha256,
            pages=document.source.pages,
            encoding=document.source.encoding,
        ),
        profile=ProfileRef(id=profile.id, title=profile.title),
        stats=compute_stats(document),
        outline=outline_entries(document),
    )


def compute_stats(document: Document) -> Stats:
    # Word's 字数 leaves automatic numbering labels out; count the file's own text of each block.
    chars = sum(count_chars(block.own_text) for block in document.blocks)
    return Stats(
        chars=chars,
        non_whitespace_chars=sum(count_non_whitespace(block.own_text) for block in document.blocks),
        paragraphs=len(document.blocks),
        sentences=sum(len(split_sentences(block.text)) for block in _prose_blocks(document)),
        reading_minutes=round(chars / READING_CHARS_PER_MINUTE, 1),
    )


def outline_entries(document: Document) -> list[OutlineEntry]:
    return [
        OutlineEntry(
            block=i,
            level=block.level if block.level is not None else 1,
            label=block.label,
            text=block.text,
            page=block.page,
        )
        for i, block in enumerate(document.blocks)
        if block.kind is BlockKind.HEADING
    ]


def _prose_blocks(document: Document) -> list[Block]:
    return [b for b in document.blocks if b.kind is not BlockKind.HEADING]
