"""One settings object, read from SHUZHI_* environment variables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from analyzers.readers.limits import MB, ReadLimits

MIN_ACCESS_LOG_DAYS = 180


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHUZHI_", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL (postgresql+psycopg://…); default: an SQLite file in data_dir"
    )
    keep_files: bool = Field(False, description="keep each submitted file (for the annotated .docx of the original)")
    retention_days: int | None = Field(None, gt=0, description="delete kept files and reports older than this")
    # China's Cybersecurity Law (网络安全法, art. 21) asks network operators to keep network logs for at least six
    # months: the access log is kept for at least that long.
    access_log_days: int = Field(
        365, ge=MIN_ACCESS_LOG_DAYS, description="delete access-log rows older than this (at least 180 days)"
    )
    analysis_workers: int = Field(2, ge=0, description="processes that analyse uploads (0: a thread, for tests)")
    max_queued_analyses: int | None = Field(
        None, gt=0, description="analyses admitted at once, running or waiting (past it: 503); default 8 per worker"
    )
    audit_workers: int = Field(1, ge=0, description="processes that run audits started from the service (0: a thread)")
    max_audit_upload_mb: float = Field(2048, gt=0, description="largest .zip of reports accepted by POST /v1/audits")
    worker_memory_mb: float | None = Field(
        2048, ge=512, description="address space an analysis or audit worker may use; a file needing more is refused"
    )
    session_hours: float = Field(12, gt=0, description="how long a login to the page lasts")
    host: str = "127.0.0.1"
    port: int = Field(8000, gt=0, lt=65536)
    max_file_mb: float = Field(20, gt=0, description="largest upload accepted, in MB")
    max_pdf_pages: int = Field(300, gt=0)
    max_unzipped_mb: float = Field(200, gt=0, description="largest total uncompressed size of a .docx")
    max_zip_ratio: float = Field(100, gt=1, description="largest compression ratio of a .docx (zip bombs)")
    time_budget_s: float = Field(30, gt=0, description="time allowed to read one document")
    soffice_timeout_s: float = Field(60, gt=0, description="time allowed to convert one legacy .doc")
    analysis_timeout_s: float | None = Field(
        None, gt=0, description="time allowed for one upload's reading and analysis (past it: 504); "
        "default 2 × time_budget_s + 5"
    )
    login_max_failures: int = Field(5, gt=0, description="failed logins for one username in the window, then 429")
    login_max_failures_per_client: int = Field(20, gt=0, description="failed logins from one address in the window")
    login_window_minutes: float = Field(15, gt=0, description="the window of the login limits (and the longest lock)")
    secure_cookies: bool = Field(False, description="mark cookies Secure over http too (TLS ends at a proxy)")

    def database(self) -> str:
        """The database URL: ``database_url``, else ``data_dir/shuzhi.sqlite3``."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'shuzhi.sqlite3').resolve()}"

    def analysis_timeout(self) -> float:
        """Seconds an upload's analysis may take in its worker before the worker is killed and replaced; the
        analysis has no deadline of its own, so this is what stops a document that would take for ever."""
        return self.analysis_timeout_s or self.time_budget_s * 2 + 5

    def read_limits(self) -> ReadLimits:
        return ReadLimits(
            max_file_bytes=int(self.max_file_mb * MB),
            max_pdf_pages=self.max_pdf_pages,
            max_unzipped_bytes=int(self.max_unzipped_mb * MB),
            max_zip_ratio=self.max_zip_ratio,
            time_budget_s=self.time_budget_s,
            soffice_timeout_s=self.soffice_timeout_s,
        )


@cache
def get_settings() -> Settings:
    return Settings()
