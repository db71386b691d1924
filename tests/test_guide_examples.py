"""GUIDE.md's examples hold: each "`wording` → `what`" of the annotation guide is what the extractor gives.

The guide is the convention the data-point sets are annotated under, and its examples are its sharpest statements
of it. Each example's wording (with a full stop where it has no mark of its own at its end, as in a report) is run
through the extractor; what the arrow points to must be the span of one of its data points or the subject of one.
Where the guide names a second fair wording (", also `…`"), either does. Examples that are fragments with no
number to take (a name in quotes, a meeting named) illustrate a subject's wording only and are listed apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzers.datapoints import DataPointExtractor

GUIDE = Path(__file__).resolve().parent / "datapoints" / "GUIDE.md"
_ITEM = re.compile(r"`([^`]+)`")
_BETWEEN_ITEMS = re.compile(r"\s*(?:and|,|、)\s*(?=`)")
_ALSO = re.compile(r"[,;]?\s*also\s*`([^`]+)`")
_ENDS_CLAUSE = tuple("。；，：！？…）”")

# Fragments that show how a subject is worded, with no data point in them.
WORDING_ONLY = frozenset(("“护学专线”做法入选…", "召开支委会"))


def guide_examples(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(wording, what it gives, other fair wordings) of each "`X` → `Y`" in ``text``: Y may be several items
    joined by `and`, a comma or 、 (`3次` and `7名`), never the next example's wording."""
    flat = re.sub(r"\n\s*", "", text)  # an example may wrap over lines
    examples = []
    for arrow in re.finditer(r"`([^`]+)`\s*→\s*", flat):
        at, gives = arrow.end(), []
        while item := _ITEM.match(flat, at):
            if gives and flat[item.end() :].lstrip().startswith("→"):
                break  # the next example's wording
            gives.append(item.group(1))
            at = item.end()
            joint = _BETWEEN_ITEMS.match(flat, at)
            if not joint:
                break
            at = joint.end()
        also = _ALSO.match(flat, at)
        examples.append((arrow.group(1), tuple(gives), (also.group(1),) if also else ()))
    return examples


ALL_EXAMPLES = guide_examples(GUIDE.read_text(encoding="utf-8"))
EXAMPLES = [e for e in ALL_EXAMPLES if e[0] not in WORDING_ONLY]


def test_the_guide_has_its_examples() -> None:
    assert len(EXAMPLES) >= 100
    assert WORDING_ONLY <= {wording for wording, _, _ in ALL_EXAMPLES}  # the list names no example the guide lost
    assert ("每月1次", ("1次",), ()) in EXAMPLES
    assert ("`参与社区服务不足3次的有7名`", ("3次", "7名"), ()) not in EXAMPLES  # no backticks kept
    assert ("参与社区服务不足3次的有7名", ("3次", "7名"), ()) in EXAMPLES
    assert ("支委5人，其中2人长期住院", ("长期住院",), ("支委",)) in EXAMPLES


@pytest.fixture(scope="module")
def extractor() -> DataPointExtractor:
    return DataPointExtractor.default()


@pytest.mark.parametrize(("wording", "gives", "also"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_guide_example(
    extractor: DataPointExtractor, wording: str, gives: tuple[str, ...], also: tuple[str, ...]
) -> None:
    text = wording if wording.endswith(_ENDS_CLAUSE) else wording + "。"
    points = extractor.extract(text)
    given = {p.text for p in points} | {p.subject for p in points}
    missing = [g for g in gives if g not in given]
    assert not missing or any(a in given for a in also), [(p.text, p.subject) for p in points]
