"""The store on SQLite and PostgreSQL: migrations, the unit tree, users and credentials, reports and reviews."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from analyzers.pipeline import analyze
from analyzers.readers import read_document
from service.store import Base, Role, Store, StoreError, UnitKind

UNITS_CSV = """code,name,kind,parent_code
B11,计算机学院本科生第一党支部,branch,C1
C1,计算机学院党委,committee,
B12,计算机学院教工党支部,branch,C1
C2,机电学院党委,committee,
B21,机电学院教工党支部,branch,C2
"""
REPORT_TXT = "2022年度党支部书记述职报告\n一、主要工作进展成效\n支部全年开展主题党日活动12次，发展党员2名。\n"


def _tree(store: Store) -> None:
    assert store.import_units(UNITS_CSV) == 5


def _analysed(text: str = REPORT_TXT) -> tuple[dict, dict, bytes]:
    data = text.encode("utf-8")
    document = read_document(data, "报告.txt")
    return analyze(document).to_json_dict(), {"blocks": [b.text for b in document.blocks]}, data


def test_migrations_create_exactly_the_models_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert {"units", "users", "credentials", "reports", "reviews"} <= set(inspect(store.engine).get_table_names())


def test_opening_twice_runs_the_migrations_once(database_url: str, tmp_path: Path) -> None:
    Store.open(database_url).engine.dispose()
    again = Store.open(database_url)
    assert again.units() == []
    again.engine.dispose()


def test_units_import_as_a_tree_in_any_order(store: Store) -> None:
    _tree(store)
    by_code = {u.code: u for u in store.units()}
    assert by_code["B11"].parent_id == by_code["C1"].id
    assert by_code["C2"].parent_id is None and by_code["B21"].kind == "branch"


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("code,name\nX,甲\n", "缺少列"),
        ("code,name,kind,parent_code\nX,甲,branch,NOPE\n", "上级单位编码 'NOPE' 不存在"),
        ("code,name,kind,parent_code\nX,甲,team,\n", "kind 为 'team'"),
        ("code,name,kind,parent_code\nX,甲,branch,Y\nY,乙,committee,X\n", "循环"),
    ],
)
def test_a_bad_units_csv_adds_nothing_and_says_why(store: Store, csv_text: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.import_units(csv_text)
    assert store.units() == []


def test_users_authenticate_with_argon2_hashes_and_unknown_names_fail_alike(store: Store) -> None:
    _tree(store)
    user = store.add_user("li", "correct horse", Role.SECRETARY, "B11")
    assert user.password_hash.startswith("$argon2")
    assert store.authenticate("li", "correct horse") is not None
    assert store.authenticate("li", "wrong horse!") is None
    assert store.authenticate("nobody", "correct horse") is None


@pytest.mark.parametrize(
    ("username", "password", "role", "unit", "message"),
    [
        ("li", "short", Role.SECRETARY, "B11", "至少 8 位"),
        ("li", "long enough", Role.SECRETARY, None, "需要指定所属单位"),
        ("li", "long enough", Role.SECRETARY, "C1", "须属于一个党支部"),
        ("li", "long enough", Role.REVIEWER, "ZZ", "'ZZ' 不存在"),
    ],
)
def test_a_bad_user_is_refused(store: Store, username: str, password: str, role: Role, unit: str | None,
                               message: str) -> None:  # fmt: skip
    _tree(store)
    with pytest.raises(StoreError, match=message):
        store.add_user(username, password, role, unit)


def test_credentials_are_stored_hashed_and_can_expire_or_be_revoked(store: Store) -> None:
    _tree(store)
    user = store.add_user("wang", "long enough", Role.REVIEWER, "C1")
    token = store.issue(user, "token", "script")
    session = store.issue(user, "session", lifetime=timedelta(hours=1))
    expired = store.issue(user, "session", lifetime=timedelta(seconds=-1))
    with store.engine.connect() as connection:
        stored = " ".join(str(row) for row in connection.exec_driver_sql("select * from credentials"))
    assert token not in stored and session not in stored
    assert store.user_for(token, "token").username == "wang"
    assert store.user_for(token, "session") is None  # a token is not a session
    assert store.user_for(session, "session") is not None
    assert store.user_for(expired, "session") is None
    assert store.revoke(token) and store.user_for(token, "token") is None


def test_who_sees_which_units(store: Store) -> None:
    _tree(store)
    units = {u.code: u.id for u in store.units()}
    secretary = store.add_user("s", "long enough", Role.SECRETARY, "B11")
    reviewer = store.add_user("r", "long enough", Role.REVIEWER, "C1")
    admin = store.add_user("a", "long enough", Role.ADMIN)
    assert store.visible_units(secretary) == {units["B11"]}
    assert store.visible_units(reviewer) == {units["C1"], units["B11"], units["B12"]}
    assert store.visible_units(admin) is None


def test_reports_are_filtered_by_what_the_user_may_see(store: Store) -> None:
    _tree(store)
    units = {u.code: u.id for u in store.units()}
    analysis, document, data = _analysed()
    mine = store.save_report(unit_id=units["B11"], year=2022, analysis=analysis, document=document,
                             submitted_by=None, original=data)  # fmt: skip
    other = store.save_report(unit_id=units["B21"], year=2022, analysis=analysis, document=document,
                              submitted_by=None)  # fmt: skip
    reviewer = store.add_user("r", "long enough", Role.REVIEWER, "C1")
    visible = store.visible_units(reviewer)
    assert [r.id for r in store.reports(visible)] == [mine.id]
    assert store.report(other.id, visible) is None
    assert store.report(mine.id, visible).analysis["schema"] == "shuzhi.report/1"
    assert [r.id for r in store.reports(None, unit_id=units["C2"])] == [other.id]
    assert Path(mine.file_path).read_bytes() == data and other.file_path is None


def test_a_review_grades_the_report_and_a_bad_grade_is_refused(store: Store) -> None:
    _tree(store)
    analysis, document, _ = _analysed()
    report = store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                               submitted_by=None)  # fmt: skip
    reviewer = store.add_user("r", "long enough", Role.REVIEWER, "C1")
    with pytest.raises(StoreError, match="好、较好、一般、差"):
        store.add_review(report.id, reviewer, "优秀", "")
    store.add_review(report.id, reviewer, "较好", "数据翔实，问题剖析不够")
    stored = store.report(report.id, None)
    assert stored.status == "reviewed" and [(r.grade, r.reviewer.username) for r in stored.reviews] == [("较好", "r")]


def test_deleting_a_report_removes_its_reviews_and_file_for_good(store: Store) -> None:
    _tree(store)
    analysis, document, data = _analysed()
    report = store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                               submitted_by=None, original=data)  # fmt: skip
    store.add_review(report.id, store.add_user("r", "long enough", Role.ADMIN), "好", "")
    assert store.delete_report(report.id)
    assert store.report(report.id, None) is None and not Path(report.file_path).exists()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("select count(*) from reviews").scalar() == 0


def test_a_failed_save_leaves_no_half_stored_report(store: Store, tmp_path: Path) -> None:
    _tree(store)
    analysis, document, data = _analysed()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the files folder should be")
    store.files_dir = blocked  # writing the kept file fails inside the transaction
    with pytest.raises(OSError):
        store.save_report(unit_id=store.units()[0].id, year=2022, analysis=analysis, document=document,
                          submitted_by=None, original=data)  # fmt: skip
    assert store.reports(None) == []


def test_units_of_the_store_are_plain_values(store: Store) -> None:
    unit = store.add_unit("X1", "某党委", UnitKind.COMMITTEE)
    assert (unit.code, unit.kind, unit.parent_id) == ("X1", "committee", None)


def test_sqlite_runs_in_wal_without_a_disk_sync_at_every_commit(tmp_path: Path) -> None:
    """WAL keeps readers from waiting on the writer; synchronous=NORMAL (1) spares the audit's per-file commits a
    disk sync each (a kill loses nothing; a power cut at most the last commits)."""
    store = Store.open(f"sqlite:///{tmp_path / 'shuzhi.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.engine.dispose()
