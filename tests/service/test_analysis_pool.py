"""The analysis pool for real: worker processes forked from the warm forkserver, killed and replaced when an
analysis overruns its time or a worker dies, and a bound on the analyses admitted at once.

No part of the pool is faked: the uploads are the sample reports, the workers are processes, the kills are
signals. The time limits are tiny so that a real analysis must overrun them; nothing asserts a duration.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from analyzers.readers.limits import ReadLimits
from service.analysis import Analysed, Analyzer, Overloaded, Upload
from service.api import create_app
from service.settings import Settings
from service.store import Role, Store

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
PDF = Upload((SAMPLES / "student-branch-2022.pdf").read_bytes(), "student-branch-2022.pdf")
DOCX = Upload((SAMPLES / "teacher-branch-2022.docx").read_bytes(), "teacher-branch-2022.docx")
TOO_SHORT = 0.001  # seconds: no real analysis of a PDF answers within this
ENOUGH = 120.0
PASSWORD = "long enough password"


def _run(analyzer: Analyzer, upload: Upload, timeout: float) -> asyncio.Future[Analysed]:
    return asyncio.ensure_future(analyzer.run(upload, "four-part", None, ReadLimits(), timeout))


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


@pytest.fixture
def analyzer() -> Iterator[Analyzer]:
    pool = Analyzer(2, max_queued=8)
    yield pool
    pool.close()


def test_a_worker_that_overruns_its_time_is_killed_and_replaced(analyzer: Analyzer) -> None:
    before = analyzer.pids

    async def scenario() -> tuple[BaseException | Analysed, Analysed]:
        overrun = await asyncio.gather(_run(analyzer, PDF, TOO_SHORT), return_exceptions=True)
        return overrun[0], await _run(analyzer, PDF, ENOUGH)

    overrun, after = asyncio.run(scenario())
    assert isinstance(overrun, TimeoutError)
    assert analyzer.replaced == 1
    killed = set(before) - set(analyzer.pids)
    assert len(killed) == 1 and all(_gone(pid) for pid in killed)
    assert len(analyzer.pids) == 2 and all(not _gone(pid) for pid in analyzer.pids)
    assert after.report["stats"]["chars"] > 0


def test_the_siblings_of_a_killed_worker_finish_their_analyses(analyzer: Analyzer) -> None:
    async def scenario() -> list[BaseException | Analysed]:
        return await asyncio.gather(_run(analyzer, PDF, TOO_SHORT), _run(analyzer, DOCX, ENOUGH),
                                    return_exceptions=True)  # fmt: skip

    overrun, sibling = asyncio.run(scenario())
    assert isinstance(overrun, TimeoutError)
    assert isinstance(sibling, Analysed) and sibling.report["stats"]["chars"] > 0


def test_last_years_report_reaches_the_worker_beside_this_years(analyzer: Analyzer) -> None:
    last_year = Upload((SAMPLES / "retiree-branch-2020.txt").read_bytes(), "retiree-branch-2020.txt")
    analysed = asyncio.run(analyzer.run(DOCX, "four-part", last_year, ReadLimits(), ENOUGH))
    assert analysed.report["source"]["filename"] == DOCX.filename
    assert analysed.report["summary"]["previous_year_similarity"] is not None


def test_a_worker_grown_past_the_memory_bound_is_replaced_after_its_analysis() -> None:
    pool = Analyzer(1, recycle_above_mb=1)  # any worker is past 1 MB: each analysis ends with a new worker
    try:
        before = pool.pids

        async def scenario() -> list[Analysed]:
            return [await _run(pool, DOCX, ENOUGH) for _ in range(2)]

        results = asyncio.run(scenario())
        after = pool.pids
    finally:
        pool.close()
    assert all(r.report["stats"]["chars"] > 0 for r in results)
    assert pool.recycled == pool.replaced == 2
    assert len(after) == 1 and after != before and all(_gone(pid) for pid in before)


def test_analyses_past_the_bound_are_refused_with_a_time_to_retry() -> None:
    pool = Analyzer(1, max_queued=2)
    try:

        async def scenario() -> list[list[BaseException | Analysed]]:
            return [  # twice: the bound holds analyses at once, not in all, so there is room again after
                await asyncio.gather(*(_run(pool, DOCX, ENOUGH) for _ in range(3)), return_exceptions=True)
                for _ in range(2)
            ]

        rounds = asyncio.run(scenario())
    finally:
        pool.close()
    for round_ in rounds:
        assert sum(isinstance(r, Analysed) for r in round_) == 2
        refused = [r for r in round_ if isinstance(r, Overloaded)]
        assert len(refused) == 1 and refused[0].retry_after >= 1 and "秒后重试" in refused[0].message
    assert pool.admitted == 0


def _app_client(tmp_path: Path, **settings: object) -> tuple[TestClient, dict[str, str]]:
    config = Settings(data_dir=tmp_path / "data", analysis_workers=1, **settings)  # type: ignore[arg-type]
    app = create_app(config)
    seed = Store.open(config.database())
    seed.import_units("code,name,kind,parent_code\nB1,教工党支部,branch,\n")
    token = seed.issue(seed.add_user("sec", PASSWORD, Role.SECRETARY, "B1"), "token", "test")
    seed.engine.dispose()
    return TestClient(app), {"Authorization": f"Bearer {token}"}


def test_a_worker_killed_with_sigkill_is_replaced_and_the_service_still_answers(tmp_path: Path) -> None:
    client, headers = _app_client(tmp_path)
    with client:
        analyzer: Analyzer = client.app.state.shuzhi.analyzer  # type: ignore[attr-defined]
        first = client.post("/v1/analyze", headers=headers, files={"file": (DOCX.filename, DOCX.data)})
        (victim,) = analyzer.pids
        os.kill(victim, signal.SIGKILL)
        answers = [client.post("/v1/analyze", headers=headers, files={"file": (PDF.filename, PDF.data)})
                   for _ in range(3)]  # fmt: skip
        pids = analyzer.pids
    assert first.status_code == 200
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert victim not in pids and len(pids) == 1


def test_an_analysis_past_the_time_budget_answers_504_and_its_worker_is_replaced(tmp_path: Path) -> None:
    """Through the API: a real report repeated 1,000 times (4.3 MB of text) is read and analysed for about 15 s
    on the machine this was written on, far past the analysis limit of 2 s (an analysis has no deadline of its
    own: the limit is what stops it). The margin stays wide on a machine several times faster."""
    long_report = (SAMPLES / "retiree-branch-2020.txt").read_bytes() * 1000
    client, headers = _app_client(tmp_path, analysis_timeout_s=2)
    with client:
        analyzer: Analyzer = client.app.state.shuzhi.analyzer  # type: ignore[attr-defined]
        (before,) = analyzer.pids
        overrun = client.post("/v1/analyze", headers=headers, files={"file": ("long.txt", long_report)})
        (after,) = analyzer.pids
        next_one = client.post("/v1/analyze", headers=headers, files={"file": (DOCX.filename, DOCX.data)})
    assert overrun.status_code == 504, overrun.text
    assert overrun.json()["code"] == "analysis.timeout"
    assert after != before and _gone(before)
    assert next_one.status_code == 200


def test_the_analysis_limit_defaults_to_twice_the_reading_budget_and_five_seconds() -> None:
    assert Settings(time_budget_s=1).analysis_timeout() == 7
    assert Settings(time_budget_s=1, analysis_timeout_s=2.5).analysis_timeout() == 2.5


def test_a_body_past_the_bound_is_refused_as_it_arrives(tmp_path: Path) -> None:
    client, headers = _app_client(tmp_path, max_file_mb=0.5)  # the bound: 2 files of 0.5 MB and 1 MB of form
    big = b"x" * (3 * 1024 * 1024)
    chunks = (big[i : i + 65536] for i in range(0, len(big), 65536))
    boundary = "shuzhi-test"
    with client:
        declared = client.post("/v1/analyze", headers=headers, files={"file": ("big.txt", big)})
        streamed = client.post(
            "/v1/analyze",
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            content=(part for part in (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'.encode(),
                *chunks,
            )),
        )  # fmt: skip
        still = client.post("/v1/analyze", headers=headers, files={"file": (DOCX.filename, DOCX.data)})
    for refused in (declared, streamed):
        assert refused.status_code == 413, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "input.too_large"
    assert still.status_code == 200



def _address_space_limit_mb(pid: int) -> float | None:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            soft = line.split()[3]
            return None if soft == "unlimited" else int(soft) / 2**20
    return None


def test_the_workers_of_the_service_and_of_an_audit_have_their_memory_capped() -> None:
    """SHUZHI_WORKER_MEMORY_MB caps each worker's address space: a file that would take gigabytes ends as an
    error of that file (too complex, or the worker replaced), not as the machine's memory."""
    from service.batch.engine import Job, LocalRunner

    pool = Analyzer(1, memory_mb=1536)
    try:
        async def one() -> Analysed:
            return await _run(pool, DOCX, ENOUGH)

        assert asyncio.run(one()).report["stats"]["chars"] > 0  # a real report fits well
        assert [_address_space_limit_mb(pid) for pid in pool.pids] == [1536]  # set as the worker started
    finally:
        pool.close()
    runner = LocalRunner(1, memory_mb=1024)
    try:
        outcome = runner.submit(DOCX.data, DOCX.filename, Job("four-part", ReadLimits()), None).result()
        assert outcome.ok
        assert [_address_space_limit_mb(pid) for pid in runner._pool._processes] == [1024]  # noqa: SLF001
    finally:
        runner.close()
    assert _address_space_limit_mb(os.getpid()) is None  # the service itself is not capped
