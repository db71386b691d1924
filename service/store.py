"""Storage: units, users, credentials, reports and reviews in a relational database (SQLAlchemy 2).

SQLite under ``SHUZHI_DATA_DIR`` by default, PostgreSQL when ``SHUZHI_DATABASE_URL`` names one; the schema is
created and upgraded by the Alembic migrations in ``service/migrations`` (``Store.open`` runs them). Units
form a tree (二级党组织 above 党支部); who may see a report follows it (``Store.visible_units``):

- a secretary sees the reports of their own branch;
- a reviewer sees the reports of every branch under their unit;
- an admin (the organisation department) sees everything and manages users and units.

Passwords are hashed with argon2; session and API tokens are random and stored only as their sha256, so a
leaked database gives no way in. Every write is one transaction: a failure leaves nothing half stored.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_HASHER = PasswordHasher()


class Role(StrEnum):
    SECRETARY = "secretary"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class UnitKind(StrEnum):
    COMMITTEE = "committee"  # 党委、党总支、二级党组织
    BRANCH = "branch"  # 党支部


GRADES = ("好", "较好", "一般", "差")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC, the same on SQLite and PostgreSQL


class StoreError(Exception):
    """A request the store refuses (unknown unit, duplicate user, bad CSV row); the message says which."""


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
        draft (a secretary's pre-check) is seen only by the one who uploaded it until it is submitted."""
        source = analysis["source"]
        path = None
        if original is not None and self.files_dir is not None:
            path = self.files_dir / f"{source['sha256']}.{source['format']}"
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
            if path is not None and original is not None:  # written inside the transaction: a failure undoes both
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(original)
            return report

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

    def report(self, report_id: int, units: set[int] | None, viewer: int | None = None) -> Report | None:
        """The report, or None when it does not exist, is not in ``units`` or is someone else's draft (the
        caller cannot tell which)."""
        with self.session() as s:
            report = s.get(Report, report_id)
            if report is None or (units is not None and report.unit_id not in units):
                return None
            if report.status == "draft" and report.submitted_by != viewer:
                return None
            return report

    def submit_draft(self, report_id: int) -> Report | None:
        """A draft made a submission (seen by reviewers); None when it is not a draft."""
        with self.session() as s:
            report = s.get(Report, report_id)
            if report is None or report.status != "draft":
                return None
            report.status = "submitted"
            report.submitted_at = utcnow()
            return report

    def delete_report(self, report_id: int) -> bool:
        """Delete the report, its reviews and its kept file, for good."""
        with self.session() as s:
            report = s.get(Report, report_id)
            if report is None:
                return False
            path = report.file_path
            s.delete(report)
        if path:
            Path(path).unlink(missing_ok=True)
        return True

    def add_review(self, report_id: int, reviewer: User, grade: str, comment: str) -> Review:
        if grade not in GRADES:
            raise StoreError(f"评定等次应为 {'、'.join(GRADES)} 之一")
        with self.session() as s:
            report = s.get(Report, report_id)
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
        """Delete reports (and kept files) submitted more than ``days`` ago; returns how many."""
        cutoff = utcnow() - timedelta(days=days)
        with self.session() as s:
            ids = list(s.scalars(select(Report.id).where(Report.submitted_at < cutoff)))
        return sum(self.delete_report(i) for i in ids)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite enforces foreign keys only when asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
    cursor.close()

