"""The readers under mutated input: only ``InputError`` leaves them, and what they read keeps to the limits.

A bounded, derandomized run (the same examples every time, a few seconds a test); ``make fuzz`` runs the
same properties longer with random seeds (see ``harness``).
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from analyzers.document import Document
from analyzers.pipeline import analyze
from analyzers.profiles import load_profile
from analyzers.readers.limits import ReadLimits
from tests.fuzz import harness
from tests.fuzz.harness import check_read, fuzz_settings
from tests.test_properties import check_report_contract


@fuzz_settings(ci_examples=400)
@given(harness.whole_file(".docx"))
def test_docx_reader_raises_only_input_error_on_mutated_bytes(case: tuple[bytes, str]) -> None:
    check_read(*case)


@fuzz_settings(ci_examples=800)
@given(harness.docx_mutant())
def test_docx_reader_raises_only_input_error_on_mutated_package_members(case: tuple[bytes, str]) -> None:
    check_read(*case)


@fuzz_settings(ci_examples=200)
@given(harness.whole_file(".pdf"))
def test_pdf_reader_raises_only_input_error_on_mutated_bytes(case: tuple[bytes, str]) -> None:
    check_read(*case)


@fuzz_settings(ci_examples=200)
@given(harness.pdf_mutant())
def test_pdf_reader_raises_only_input_error_on_broken_lengths_xref_and_objects(case: tuple[bytes, str]) -> None:
    check_read(*case)


@fuzz_settings(ci_examples=600)
@given(harness.txt_mutant())
def test_txt_reader_raises_only_input_error_on_any_encoding_or_garbage(case: tuple[bytes, str]) -> None:
    check_read(*case)


@fuzz_settings(ci_examples=200)
@given(
    st.sampled_from([".docx", ".pdf", ".txt"]).flatmap(harness.whole_file),
    st.integers(1, 3),
    st.sampled_from([4_000, 20_000, 200_000]),
    st.sampled_from([2.0, 5.0, 100.0]),
)
def test_readers_keep_to_tight_page_and_unzipped_size_limits(
    case: tuple[bytes, str], pages: int, unzipped: int, ratio: float
) -> None:
    limits = ReadLimits(max_pdf_pages=pages, max_unzipped_bytes=unzipped, max_zip_ratio=ratio)
    check_read(*case, limits=limits)


@fuzz_settings(ci_examples=50, long_share=0.1)  # an analysis costs ~100 ms, a read ~5 ms
@given(st.one_of(harness.docx_mutant(), harness.pdf_mutant(), harness.txt_mutant()))
def test_analysis_of_whatever_a_reader_returns_keeps_the_report_contract(case: tuple[bytes, str]) -> None:
    """A damaged file that still reads (odd numbering, stray runs, replacement characters) is analysed like
    any other: every span inside its block, every rule registered."""
    document = check_read(*case)
    assume(isinstance(document, Document))
    check_report_contract(document, analyze(document, load_profile("four-part")))
