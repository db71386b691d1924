"""Limits come from SHUZHI_* variables and reach the readers."""

from __future__ import annotations

import pytest

from analyzers.errors import InputError, InputErrorCode
from analyzers.readers import read_document
from analyzers.readers.limits import MB, ReadLimits
from service.settings import Settings


def test_settings_defaults_are_the_documented_limits() -> None:
    assert Settings().read_limits() == ReadLimits()
    assert ReadLimits().max_file_bytes == 20 * MB
    assert ReadLimits().max_pdf_pages == 300


def test_settings_read_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUZHI_MAX_FILE_MB", "0.001")
    monkeypatch.setenv("SHUZHI_MAX_PDF_PAGES", "7")
    monkeypatch.setenv("SHUZHI_TIME_BUDGET_S", "2.5")
    limits = Settings().read_limits()
    assert (limits.max_file_bytes, limits.max_pdf_pages, limits.time_budget_s) == (1048, 7, 2.5)
    with pytest.raises(InputError) as caught:
        read_document("支部全年开展主题党日活动十二次。".encode() * 40, "报告.txt", limits)
    assert caught.value.code is InputErrorCode.TOO_LARGE
    assert "MB" in caught.value.message


def test_settings_reject_a_nonsense_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUZHI_MAX_PDF_PAGES", "-3")
    with pytest.raises(ValueError, match="max_pdf_pages"):
        Settings()


def test_time_budget_stops_a_long_txt_read() -> None:
    with pytest.raises(InputError) as caught:
        read_document("一、主要工作\n支部开展学习。\n".encode() * 1500, "报告.txt", ReadLimits(time_budget_s=-1))
    assert caught.value.code is InputErrorCode.TOO_LARGE
