"""Batch audits: inputs from folders and archives, every input one row, the cache, resuming after a kill, Dask."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analyzers.readers.limits import ReadLimits
from service.batch.audit import run_audit
from service.batch.engine import DaskRunner, Job, LocalRunner
from service.batch.inputs import InputsError, collect, read_item
from service.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "samples"


def _report(n: int) -> bytes:
    return (
        f"2022年度党支部书记述职报告\n一、主要工作进展成效\n本人全年讲授党课{n}次，支部开展主题党日活动{n + 10}次。\n"
        f"二、存在问题及整改措施\n一是理论学习结合专业不够，全年仅{n}次结合专业。整改措施：2023年3月底前由组织委员负责制定计划。\n"
    ).encode()


def _tree(root: Path, count: int = 6) -> Path:
    for n in range(count):
        folder = root / f"学院{n % 2}" / f"支部{n}"
        folder.mkdir(parents=True)
        (folder / f"述职报告{n}.txt").write_bytes(_report(n))
    (root / "学院0" / ".DS_Store").write_bytes(b"\x00")
    (root / "学院0" / "~$述职报告0.docx").write_bytes(b"lock")
    (root / "学院1" / "坏文件.pdf").write_bytes(b"%PDF-1.4 truncated")
    return root


def _zip(path: Path, members: dict[str, bytes], gbk: bool = False) -> Path:
    """A zip of ``members``; with ``gbk`` the names are stored as Chinese Windows stores them (GBK bytes, no
    UTF-8 flag), which zipfile cannot write directly: ASCII placeholders of the same length are patched."""
    placeholders = {}
    with zipfile.ZipFile(path, "w") as zf:
        for n, (name, data) in enumerate(members.items()):
            raw = name.encode("gb18030")
            stored = f"{n:0{len(raw)}d}" if gbk and not name.isascii() else name
            placeholders[stored.encode()] = raw
            zf.writestr(stored, data)
    if gbk:
        content = path.read_bytes()
        for placeholder, raw in placeholders.items():
            content = content.replace(placeholder, raw)
        path.write_bytes(content)
    return path


def test_folders_give_units_and_branches_and_skip_system_files(tmp_path: Path) -> None:
    items = collect([_tree(tmp_path / "in")])
    assert len(items) == 7  # six reports and the broken one; .DS_Store and the Word lock file left out
    first = next(i for i in items if i.name == "述职报告0.txt")
    assert (first.unit, first.branch) == ("学院0", "支部0")


def test_zip_members_are_inputs_with_gbk_names_and_never_paths(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "reports.zip", {"计算机学院/第一支部/报告.txt": _report(1), "../escape.txt": _report(2)},
                   gbk=True)  # fmt: skip
    items = collect([archive])
    assert sorted(i.name for i in items) == ["escape.txt", "报告.txt"]
    one = next(i for i in items if i.name == "报告.txt")
    assert (one.unit, one.branch) == ("计算机学院", "第一支部")
    assert read_item(one, 10**6) == _report(1)
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_mapping_file_assigns_units_branches_secretaries_and_grades(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    mapping = tmp_path / "map.csv"
    rows = "file,unit,branch,secretary,grade\n述职报告1.txt,计算机学院党委,第一党支部,李明,好\n"
    mapping.write_text(rows, encoding="gb18030")
    item = next(i for i in collect([root], mapping) if i.name == "述职报告1.txt")
    assert (item.unit, item.branch, item.secretary, item.grade) == ("计算机学院党委", "第一党支部", "李明", "好")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,who\n", encoding="utf-8")
    with pytest.raises(InputsError, match="缺少列"):
        collect([root], bad)


def _store(tmp_path: Path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'audit.sqlite3'}")


def test_every_input_gets_one_row_and_bad_files_are_error_rows(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "in.zip", {"a/b/ok.txt": _report(3), "a/b/huge.txt": b"x" * 2000})
    items = collect([_tree(tmp_path / "in"), archive])
    job = Job("four-part", ReadLimits(max_file_bytes=1000))
    runner = LocalRunner(1)
    try:
        result = run_audit(items, job, _store(tmp_path), runner)
    finally:
        runner.close()
    assert [r.item.key for r in result.rows] == [i.key for i in items]
    errors = {r.item.name: r.outcome.error["code"] for r in result.rows if not r.outcome.ok}
    assert errors == {"坏文件.pdf": "input.corrupt", "huge.txt": "input.too_large"}
    ok = next(r for r in result.rows if r.item.name == "ok.txt")
    assert ok.outcome.chars > 0 and ok.attention in ("高", "中", "低")


def test_a_second_run_takes_every_outcome_from_the_cache(tmp_path: Path) -> None:
    items = collect([_tree(tmp_path / "in")])
    job = Job("four-part", ReadLimits())
    store = _store(tmp_path)
    seen: list[tuple[int, int, int]] = []
    runner = LocalRunner(1)
    try:
        first = run_audit(items, job, store, runner)
        second = run_audit(items, job, store, runner, progress=lambda d, t, c: seen.append((d, t, c)))
    finally:
        runner.close()
    assert seen[-1] == (len(items), len(items), len(items))  # error outcomes are answers too: cached
    assert [r.outcome for r in first.rows] == [r.outcome for r in second.rows]


def test_near_copies_in_the_batch_are_paired(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SAMPLES / "src" / "teacher-branch-2022.txt").read_bytes()
    (folder / "a.txt").write_bytes(text)
    (folder / "b.txt").write_bytes(text.replace(b"12", b"14"))
    (folder / "c.txt").write_bytes((SAMPLES / "src" / "student-branch-2022.txt").read_bytes())
    runner = LocalRunner(1)
    try:
        result = run_audit(collect([folder]), Job("four-part", ReadLimits()), _store(tmp_path), runner)
    finally:
        runner.close()
    assert [(p.a, p.b) for p in result.similar] == [(0, 1)] and result.similar[0].share > 0.9
    assert result.rows[0].most_similar == "b.txt" and result.rows[2].most_similar == ""


def test_the_same_audit_runs_on_a_dask_cluster_of_two_worker_processes(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    items = collect([_tree(tmp_path / "in")])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:  # fmt: skip
        result = run_audit(items, Job("four-part", ReadLimits()), _store(tmp_path), DaskRunner(client))
    assert len(result.rows) == len(items)
    assert sum(not r.outcome.ok for r in result.rows) == 1


def _audit_command(args: list[str], data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SHUZHI_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, "-m", "service.cli", "audit", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def _cached(data_dir: Path) -> int:
    """Outcomes in the audit cache, read with sqlite3 (polled while the audit runs: it must be cheap)."""
    path = data_dir / "shuzhi.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=5) as connection:
        try:
            return connection.execute("select count(*) from audit_cache").fetchone()[0]
        except sqlite3.OperationalError:  # the migrations have not run yet
            return 0


@pytest.mark.slow
def test_an_audit_killed_halfway_resumes_to_the_same_workbook(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in", count=120)
    whole = tmp_path / "whole"
    done = _audit_command([str(root), "--out", str(tmp_path / "whole.xlsx"), "--workers", "1"], whole)
    assert done.wait(timeout=600) == 0, done.stdout.read() if done.stdout else ""
    interrupted = tmp_path / "interrupted"
    killed = _audit_command([str(root), "--out", str(tmp_path / "killed.xlsx"), "--workers", "1"], interrupted)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and killed.poll() is None:
        if _cached(interrupted) >= 10:
            break
        time.sleep(0.02)
    os.killpg(killed.pid, signal.SIGKILL)  # the whole process tree at once, as a power loss would
    killed.wait(timeout=60)
    total = len(collect([root]))  # 120 reports and a broken one: every outcome, errors included, is cached
    assert 10 <= _cached(interrupted) < total
    resumed = _audit_command([str(root), "--out", str(tmp_path / "resumed.xlsx"), "--workers", "1"], interrupted)
    assert resumed.wait(timeout=600) == 0
    assert _cached(interrupted) == total  # every file once

    def rows(path: Path) -> list[tuple]:
        sheet = load_workbook(path, read_only=True)["总表"]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]

    assert rows(tmp_path / "resumed.xlsx") == rows(tmp_path / "whole.xlsx")


def test_an_archive_that_is_not_a_zip_is_one_error_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reports.zip").write_bytes(b"not a zip at all")
    runner = LocalRunner(1)
    try:
        result = run_audit(collect([folder]), Job("four-part", ReadLimits()), _store(tmp_path), runner)
    finally:
        runner.close()
    [row] = result.rows
    assert row.outcome.error is not None and row.outcome.error["code"] == "input.corrupt"


def test_audit_command_writes_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    run = _audit_command([str(_tree(tmp_path / "in")), "--out", str(out), "--workers", "1"], tmp_path / "data")
    output = run.communicate(timeout=600)[0].decode()
    assert run.returncode == 0, output
    assert "7 份报告，其中 1 份无法分析" in output
    assert load_workbook(out)["总表"].max_row == 8
