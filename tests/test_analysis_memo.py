"""AnalysisMemo: what shared_segmentation and shared_masks are made of."""

from __future__ import annotations

from analyzers.analysis_memo import AnalysisMemo


def test_a_value_is_computed_once_inside_a_scope_every_time_outside_and_kept_by_the_outer_scope() -> None:
    calls: list[str] = []

    def compute(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo: AnalysisMemo[str, str] = AnalysisMemo("test")
    assert memo.get("a", compute, "a") == memo.get("a", compute, "a") == "A"
    assert calls == ["a", "a"]  # outside a scope: nothing kept
    with memo.shared():
        memo.get("b", compute, "b")
        with memo.shared():  # an inner scope uses the outer one's values and does not drop them
            memo.get("b", compute, "b")
        memo.get("b", compute, "b")
    assert calls == ["a", "a", "b"]
    memo.get("b", compute, "b")
    assert calls == ["a", "a", "b", "b"]  # dropped when the scope ends
