"""Limits a reader enforces. ``service.settings`` builds them from SHUZHI_* variables."""

from __future__ import annotations

import time
from dataclasses import dataclass

from analyzers.errors import InputError, InputErrorCode

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    max_file_bytes: int = 20 * MB
    max_pdf_pages: int = 300
    max_unzipped_bytes: int = 200 * MB
    max_zip_ratio: float = 100.0
    time_budget_s: float = 30.0
    soffice_timeout_s: float = 60.0
    # elements of a .docx's main part: lxml keeps ~250 bytes a node, so a million is ~250 MB of tree (a
    # 300-page report has a few hundred thousand); past it, parsing alone outruns memory and the time budget
    max_xml_elements: int = 1_000_000


class Deadline:
    """A per-document time budget, checked by readers between units of work (pages, parts).

    Running out is ``input.too_large``: the file is too complex to read within the limit.
    """

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds
        self._seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise InputError(
                InputErrorCode.TOO_LARGE,
                f"文件处理超过了 {self._seconds:g} 秒的时间上限，可能结构异常。请另存为新的 Word 文件后重试。",
            )
