"""Storage: units, users, credentials, reports and reviews in a relational database (SQLAlchemy 2).

SQLite under ``SHUZHI_DATA_DIR`` by default, PostgreSQL when ``SHUZHI_DATABASE_URL`` names one; the schema is
created and upgraded by the Alembic migrations in ``service/migrations`` (``Store.open`` runs them). Units
form a tree (二级党组织 above 党支部); who may see a report follows it (``Store.visible_units``):

- a secretary sees the reports of their own branch;
- a reviewer sees the reports of every branch under their unit;
- an admin (the organisation department) sees everything and manages users and units.

Passwords are hashed with argon2; session and API tokens are random and stored only as their sha256, so a
leaked database gives no way in. Every write is one transaction: a failure leaves nothing half stored.

Security records live here too, so that they hold across restarts and across the service's processes: failed
logins (``Store.login`` refuses further attempts past ``LoginLimits``) and the access log, one row for every
read of a full report (``Store.report(..., read=Read(...))``, in the same transaction as the read).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, create_engine, delete, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

from service.vocabulary import GRADES, Role, StoreError, UnitKind  # noqa: F401  (GRADES re-exported)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_HASHER = PasswordHasher()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC, the same on SQLite and PostgreSQL


class TooManyAttempts(StoreError):
    """Too many failed logins for a username or from an address: refused without checking the password."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"登录失败次数过多，请 {math.ceil(retry_after / 60)} 分钟后再试。")
        self.retry_after = retry_after  # seconds until the next attempt can be made


@dataclass(frozen=True)
class LoginLimits:
    """How many failed logins are allowed within ``window``: for one username and from one client address."""

    per_user: int = 5
    per_client: int = 20
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Read:
    """Who reads a full report and how (``api.json``, ``api.annotated_docx``, ``web.page`` …): the access log's
    row for this read."""

    user: User
    how: str
    client: str = ""


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # the organisation department's own code
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Credential(Base):
    """A session of the page or an API token: only the sha256 of the secret is kept."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # session | token
    name: Mapped[str] = mapped_column(String(100), default="")
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(lazy="joined")


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    profile_id: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(8))
    schema: Mapped[str] = mapped_column(String(32))
    analyzer_version: Mapped[str] = mapped_column(String(32))
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Report JSON
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # the blocks, to show the text with its findings
    file_path: Mapped[str | None] = mapped_column(Text, default=None)  # kept file, when settings say so
    status: Mapped[str] = mapped_column(String(16), default="submitted")  # draft | submitted | reviewed
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    unit: Mapped[Unit] = relationship(lazy="joined")
    reviews: Mapped[list[Review]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Review.created_at", lazy="selectin"
    )


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    grade: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship(lazy="joined")


class CachedOutcome(Base):
    """The outcome of one file in an audit, by everything it depends on (file, profile, analyser version,
    stated year, last year's file): an interrupted audit resumes from here and an unchanged file is never
    analysed twice."""

    __tablename__ = "audit_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditJob(Base):
    """An audit started from the service (``service.audit_jobs``): its input, its progress, its files.

    The id is random (it appears in links); the unit is the starter's, and decides who else may see it."""

    __tablename__ = "audit_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16))  # zip | reports
    report_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    profile_id: Mapped[str] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | running | done | failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    cached: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class LoginAttempt(Base):
    """A login attempt: kept while it counts against the limits (failed, or being checked right now)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)  # the client's address
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AccessRecord(Base):
    """One read of a full report: who, when, which report and how. Names are copied, so that the record
    outlives the report and the user (no foreign key to the report for the same reason)."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    report_id: Mapped[int] = mapped_column(Integer, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    how: Mapped[str] = mapped_column(String(32))
    client: Mapped[str] = mapped_column(String(64), default="")


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


class Store:
    """The service's data; one per process, safe to share between requests (each call is a transaction)."""

    def __init__(self, engine: Engine, files_dir: Path | None = None) -> None:
        self.engine = engine
        self.files_dir = files_dir
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, files_dir: Path | None = None) -> Store:
        """Connect to ``url`` (creating an SQLite file's folder), run the migrations and return the store."""
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        migrate(url)
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine, files_dir)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    # -- units ------------------------------------------------------------------------------------------

    def add_unit(self, code: str, name: str, kind: UnitKind, parent_code: str | None = None) -> Unit:
        with self.session() as s:
            return self._add_unit(s, code, name, kind, parent_code)

    def _add_unit(self, s: Session, code: str, name: str, kind: UnitKind, parent_code: str | None) -> Unit:
        if s.scalar(select(Unit).where(Unit.code == code)) is not None:
            raise StoreError(f"单位编码 {code!r} 已存在")
        parent = None
        if parent_code:
            parent = s.scalar(select(Unit).where(Unit.code == parent_code))
            if parent is None:
                raise StoreError(f"上级单位编码 {parent_code!r} 不存在")
        unit = Unit(code=code, name=name, kind=kind.value, parent_id=parent.id if parent else None)
        s.add(unit)
        s.flush()
        return unit

    def import_units(self, csv_text: str) -> int:
        """Units from CSV with the columns code,name,kind,parent_code (kind: committee | branch), parents
        before children or in any order; all or nothing. Returns how many were added."""
        rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
        missing = {"code", "name", "kind", "parent_code"} - set(rows[0] if rows else {})
        if missing:
            raise StoreError(f"CSV 缺少列：{', '.join(sorted(missing))}（需要 code,name,kind,parent_code）")
        pending = {row["code"].strip(): row for row in rows}
        with self.session() as s:
            added = 0
            while pending:
                ready = [c for c, r in pending.items() if not r["parent_code"].strip() or r["parent_code"].strip()
                         not in pending]  # fmt: skip
                if not ready:
                    raise StoreError(f"CSV 中的上级单位形成了循环：{', '.join(sorted(pending))}")
                for code in ready:
                    row = pending.pop(code)
                    try:
                        kind = UnitKind(row["kind"].strip())
                    except ValueError as exc:
                        raise StoreError(f"单位 {code!r} 的 kind 为 {row['kind']!r}，应为 committee 或 branch") from exc
                    self._add_unit(s, code, row["name"].strip(), kind, row["parent_code"].strip() or None)
                    added += 1
            return added

    def unit_by_code(self, code: str) -> Unit | None:
        with self.session() as s:
            return s.scalar(select(Unit).where(Unit.code == code))

    def units(self) -> list[Unit]:
        with self.session() as s:
            return list(s.scalars(select(Unit).order_by(Unit.code)))

    def visible_units(self, user: User) -> set[int] | None:
        """The ids of the units whose reports ``user`` may see; None for everything (admin)."""
        if user.role == Role.ADMIN:
            return None
        if user.unit_id is None:
            return set()
        if user.role == Role.SECRETARY:
            return {user.unit_id}
        return self._subtree(user.unit_id)

    # -- users and credentials --------------------------------------------------------------------------

    def add_user(
        self, username: str, password: str, role: Role, unit_code: str | None = None, display_name: str = ""
    ) -> User:
        if len(password) < 8:
            raise StoreError("密码至少 8 位")
        with self.session() as s:
            if s.scalar(select(User).where(User.username == username)) is not None:
                raise StoreError(f"用户名 {username!r} 已存在")
            unit = s.scalar(select(Unit).where(Unit.code == unit_code)) if unit_code else None
            if unit_code and unit is None:
                raise StoreError(f"单位编码 {unit_code!r} 不存在")
            if role != Role.ADMIN and unit is None:
                raise StoreError(f"{role.value} 需要指定所属单位（--unit）")
            if role == Role.SECRETARY and unit is not None and unit.kind != UnitKind.BRANCH:
                raise StoreError(f"支部书记须属于一个党支部，{unit.name} 不是党支部")
            user = User(
                username=username,
                display_name=display_name or username,
                password_hash=_HASHER.hash(password),
                role=role.value,
                unit_id=unit.id if unit else None,
            )
            s.add(user)
            s.flush()
            return user

    def users(self) -> list[User]:
        with self.session() as s:
            return list(s.scalars(select(User).order_by(User.username)))

    def user_named(self, username: str) -> User | None:
        with self.session() as s:
            return s.scalar(select(User).where(User.username == username))

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this name and password, or None (the same for an unknown name)."""
        with self.session() as s:
            user = s.scalar(select(User).where(User.username == username, User.active.is_(True)))
            if user is None:
                _HASHER.hash(password)  # spend the same time as a real check: no user enumeration by timing
                return None
            try:
                _HASHER.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return user

    def login(self, username: str, password: str, client: str, limits: LoginLimits | None = None) -> User | None:
        """``authenticate``, unless there were too many failed attempts for ``username`` or from ``client``
        within the window: then ``TooManyAttempts``, without checking the password. A failure counts against
        both; a success clears that username's count.

        The attempt is recorded (and committed) before it is counted and checked, so that concurrent attempts,
        in this process or another, see each other: no more than the limit are ever checked at once."""
        limits = limits or LoginLimits()
        name, client = username[:64], client[:64]  # as the columns keep them
        now = utcnow()
        since = now - limits.window
        with self.session() as s:
            s.execute(delete(LoginAttempt).where(LoginAttempt.at < since))  # old rows count no more: pruned
            attempt = LoginAttempt(username=name, client=client, at=now)
            s.add(attempt)
        with self.session() as s:
            wait = max(
                self._wait(s, LoginAttempt.username == name, limits.per_user, attempt.id, since, limits.window),
                self._wait(s, LoginAttempt.client == client, limits.per_client, attempt.id, since, limits.window),
            )
            if wait:
                s.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt.id))  # a refusal does not count
        if wait:
            raise TooManyAttempts(wait)
        user = self.authenticate(username, password)
        if user is not None:
            with self.session() as s:
                s.execute(delete(LoginAttempt).where(LoginAttempt.username == name))
        return user

    @staticmethod
    def _wait(s: Session, which: Any, limit: int, own: int, since: datetime, window: timedelta) -> int:
        """Seconds until fewer than ``limit`` other attempts matching ``which`` are within the window; 0: now."""
        times = list(s.scalars(select(LoginAttempt.at).where(which, LoginAttempt.id != own, LoginAttempt.at >= since)
                               .order_by(LoginAttempt.at)))  # fmt: skip
        if len(times) < limit:
            return 0
        frees = times[len(times) - limit] + window  # when the oldest of the last ``limit`` leaves the window
        return max(1, math.ceil((frees - utcnow()).total_seconds()))

    def issue(self, user: User, kind: str, name: str = "", lifetime: timedelta | None = None) -> str:
        """A new secret for ``user`` (a session of the page or an API token); only its hash is stored."""
        secret = secrets.token_urlsafe(32)
        with self.session() as s:
            s.add(
                Credential(
                    user_id=user.id,
                    kind=kind,
                    name=name,
                    secret_sha256=_sha256(secret),
                    expires_at=utcnow() + lifetime if lifetime else None,
                )
            )
        return secret

    def user_for(self, secret: str, kind: str) -> User | None:
        """The active user a live (not expired, not revoked) secret of ``kind`` belongs to."""
        with self.session() as s:
            credential = s.scalar(
                select(Credential).where(Credential.secret_sha256 == _sha256(secret), Credential.kind == kind)
            )
            if credential is None or credential.revoked_at is not None or not credential.user.active:
                return None
            if credential.expires_at is not None and credential.expires_at < utcnow():
                return None
            return credential.user

    def revoke(self, secret: str) -> bool:
        with self.session() as s:
            credential = s.scalar(select(Credential).where(Credential.secret_sha256 == _sha256(secret)))
            if credential is None or credential.revoked_at is not None:
                return False
            credential.revoked_at = utcnow()
            return True

    def revoke_all(self, username: str) -> int:
        """Revoke every live session and API token of ``username`` at once; returns how many."""
        with self.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise StoreError(f"用户 {username!r} 不存在")
            return self._revoke_all(s, user.id)

    @staticmethod
    def _revoke_all(s: Session, user_id: int) -> int:
        result = s.execute(
            update(Credential)
            .where(Credential.user_id == user_id, Credential.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        return result.rowcount

    def set_active(self, username: str, active: bool) -> int:
        """Enable or disable a user. Disabling also revokes their sessions and tokens (they stop working at once,
        and do not come back when the user is enabled again); returns how many were revoked."""
        with self.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise StoreError(f"用户 {username!r} 不存在")
            user.active = active
            return 0 if active else self._revoke_all(s, user.id)

    # -- reports and reviews ----------------------------------------------------------------------------

    def save_report(
        self,
        *,
        unit_id: int,
        year: int,
        analysis: dict[str, Any],
        document: dict[str, Any],
        submitted_by: int | None,
        original: bytes | None = None,
        draft: bool = False,
    ) -> Report:
        """Store one analysed submission (and, when a files folder is set, its file) in one transaction. A
        draft (a secretary's pre-check) is seen only by the one who uploaded it until it is submitted.

        All or nothing: the row is flushed first (the database refuses a bad one before anything touches the
        disk), then the file is written whole (a temporary name, renamed), then the row committed; when the
        write or the commit fails, the file is removed and the row rolled back. Each report keeps a file of
        its own name, so removing one never takes another report's. (A process killed between the write and
        the commit leaves a file no report names: ``remove_orphan_files`` sweeps those.)"""
        source = analysis["source"]
        path = None
        if original is not None and self.files_dir is not None:
            path = self.files_dir / f"{source['sha256'][:16]}-{secrets.token_hex(8)}.{source['format']}"
        try:
            return self._save_report(path, unit_id, year, analysis, document, submitted_by, original, draft)
        except BaseException:
            if path is not None:
                path.unlink(missing_ok=True)
            raise

    def _save_report(self, path: Path | None, unit_id: int, year: int, analysis: dict[str, Any],
                     document: dict[str, Any], submitted_by: int | None, original: bytes | None,
                     draft: bool) -> Report:  # fmt: skip
        source = analysis["source"]
        with self.session() as s:
            report = Report(
                unit_id=unit_id,
                year=year,
                profile_id=analysis["profile"]["id"],
                filename=source["filename"],
                sha256=source["sha256"],
                format=source["format"],
                schema=analysis["schema"],
                analyzer_version=analysis["analyzer_version"],
                analysis=analysis,
                document=document,
                file_path=str(path) if path is not None else None,
                submitted_by=submitted_by,
                status="draft" if draft else "submitted",
            )
            s.add(report)
            s.flush()
            s.refresh(report, ["unit", "reviews"])  # loaded now: the caller uses them after the session ends
            if path is not None and original is not None:  # inside the transaction: a failed write undoes the row
                _write_whole(path, original)
            return report

    def remove_orphan_files(self, older_than: timedelta = timedelta(hours=1)) -> int:
        """Delete kept files that no report names (left by a process killed between writing a file and
        committing its report, or a temporary ``.part``), once older than ``older_than`` (a save in progress
        is younger); returns how many."""
        if self.files_dir is None or not self.files_dir.is_dir():
            return 0
        with self.session() as s:
            named = {Path(p).name for p in s.scalars(select(Report.file_path).where(Report.file_path.is_not(None)))}
        cutoff = time.time() - older_than.total_seconds()
        removed = 0
        for path in self.files_dir.iterdir():
            if (_KEPT_NAME.fullmatch(path.name) and path.name not in named and path.is_file()
                    and path.stat().st_mtime < cutoff):  # fmt: skip
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def reports(
        self,
        units: set[int] | None,
        *,
        year: int | None = None,
        unit_id: int | None = None,
        status: str | None = None,
        viewer: int | None = None,
    ) -> list[Report]:
        """Reports in ``units`` (None: all), newest first, filtered; ``unit_id`` takes its whole subtree.
        Drafts are listed only for ``viewer``, the user who uploaded them."""
        with self.session() as s:
            query = select(Report).order_by(Report.submitted_at.desc(), Report.id.desc())
            query = query.where((Report.status != "draft") | (Report.submitted_by == viewer))
            if units is not None:
                query = query.where(Report.unit_id.in_(units or {-1}))
            if year is not None:
                query = query.where(Report.year == year)
            if status is not None:
                query = query.where(Report.status == status)
            rows = list(s.scalars(query))
        if unit_id is not None:
            subtree = self._subtree(unit_id)
            rows = [r for r in rows if r.unit_id in subtree]
        return rows

    def _subtree(self, unit_id: int) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for unit in self.units():
            children.setdefault(unit.parent_id, []).append(unit.id)
        seen, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(children.get(current, []))
        return seen

    def report(
        self, report_id: int, units: set[int] | None, viewer: int | None = None, read: Read | None = None
    ) -> Report | None:
        """The report, or None when it does not exist, is not in ``units`` or is someone else's draft (the
        caller cannot tell which). With ``read``, a read of the full report: recorded in the access log in the
        same transaction (no read is served that is not recorded)."""
        with self.session() as s:
            report = _get_report(s, report_id)
            if report is None or (units is not None and report.unit_id not in units):
                return None
            if report.status == "draft" and report.submitted_by != viewer:
                return None
            if read is not None:
                s.add(AccessRecord(user_id=read.user.id, username=read.user.username, report_id=report.id,
                                   filename=report.filename[:255], how=read.how, client=read.client[:64]))  # fmt: skip
            return report

    def access_log(
        self, *, report_id: int | None = None, username: str | None = None, limit: int = 100
    ) -> list[AccessRecord]:
        """The newest ``limit`` reads of full reports, newest first, of one report and/or by one user."""
        with self.session() as s:
            query = select(AccessRecord).order_by(AccessRecord.at.desc(), AccessRecord.id.desc()).limit(limit)
            if report_id is not None:
                query = query.where(AccessRecord.report_id == report_id)
            if username is not None:
                query = query.where(AccessRecord.username == username)
            return list(s.scalars(query))

    def prune_access_log(self, days: int) -> int:
        """Delete the access-log rows older than ``days``; returns how many."""
        cutoff = utcnow() - timedelta(days=days)
        with self.session() as s:
            return s.execute(delete(AccessRecord).where(AccessRecord.at < cutoff)).rowcount

    def submit_draft(self, report_id: int) -> Report | None:
        """A draft made a submission (seen by reviewers); None when it is not a draft."""
        with self.session() as s:
            report = _get_report(s, report_id)
            if report is None or report.status != "draft":
                return None
            report.status = "submitted"
            report.submitted_at = utcnow()
            return report

    def delete_report(self, report_id: int) -> bool:
        """Delete the report, its reviews and its kept file, for good (the file stays while another report
        names it: before each report had a file of its own, reports of the same file shared one)."""
        with self.session() as s:
            report = _get_report(s, report_id)
            if report is None:
                return False
            path = report.file_path
            s.delete(report)
            shared = path is not None and bool(
                s.scalar(select(func.count()).where(Report.file_path == path, Report.id != report_id))
            )
        if path and not shared:
            Path(path).unlink(missing_ok=True)
        return True

    def add_review(self, report_id: int, reviewer: User, grade: str, comment: str) -> Review:
        if grade not in GRADES:
            raise StoreError(f"评定等次应为 {'、'.join(GRADES)} 之一")
        with self.session() as s:
            report = _get_report(s, report_id)
            if report is None:
                raise StoreError(f"报告 {report_id} 不存在")
            review = Review(report_id=report_id, reviewer_id=reviewer.id, grade=grade, comment=comment)
            s.add(review)
            report.status = "reviewed"
            s.flush()
            return review

    # -- the audit cache --------------------------------------------------------------------------------

    def cached_outcomes(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The cached outcomes of those of ``keys`` that have one."""
        found: dict[str, dict[str, Any]] = {}
        with self.session() as s:
            for start in range(0, len(keys), 500):  # IN lists stay short on every database
                chunk = keys[start : start + 500]
                rows = s.scalars(select(CachedOutcome).where(CachedOutcome.key.in_(chunk)))
                found.update((row.key, row.outcome) for row in rows)
        return found

    def cache_outcome(self, key: str, outcome: dict[str, Any]) -> None:
        """Keep one outcome (each in its own transaction: what is done survives a kill); a second write of
        the same key is ignored."""
        with self.session() as s:
            if s.get(CachedOutcome, key) is None:
                s.add(CachedOutcome(key=key, outcome=outcome))

    def purge_older_than(self, days: int) -> int:
        """Delete reports (and kept files) submitted more than ``days`` ago, and orphan files; returns how
        many reports."""
        cutoff = utcnow() - timedelta(days=days)
        with self.session() as s:
            ids = list(s.scalars(select(Report.id).where(Report.submitted_at < cutoff)))
        deleted = sum(self.delete_report(i) for i in ids)
        self.remove_orphan_files()
        return deleted


_KEPT_NAME = re.compile(r"[0-9a-f]{16,64}(-[0-9a-f]{16})?\.[a-z]{3,4}(\.part)?")


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: to a temporary name, synced, then renamed; never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every database we support


def _get_report(s: Session, report_id: int) -> Report | None:
    """The report, or None; an id no column can hold is no report (rather than the database's overflow error)."""
    return s.get(Report, report_id) if 1 <= report_id <= MAX_ID else None


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite enforces foreign keys only when asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing, a power cut
    # at most the last commits (the database stays whole); an audit's per-file commits stop waiting on the disk
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
