"""A short load test of the real service (uvicorn in a subprocess) past its capacity.

One analysis worker and a bound of 2 admitted analyses, a few clients uploading the sample reports through
the API and the page at once: every answer is a success or a 503 that says when to retry (problem+json with
``Retry-After`` from the API, the form with a Chinese message from the page), never another 5xx; and the
service answers normally afterwards. The clients make a fixed number of requests; nothing is timed.
``bench/bench_load.py`` runs the same harness with 16 clients for 60 s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bench.bench_load import PASSWORD, SAMPLES, Service, drive, serve

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
API_CLIENTS = 4
PAGE_CLIENTS = 2
REQUESTS = 5


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("load")
    with serve(folder, analysis_workers="1", max_queued_analyses="2") as running:
        yield running


def _page_client(service: Service) -> tuple[httpx.Client, str]:
    """A browser logged in to the page, and the form token of /check."""
    browser = httpx.Client(base_url=service.url, follow_redirects=False, timeout=300)
    token = TOKEN.search(browser.get("/login").text).group(1)  # type: ignore[union-attr]
    form = {"username": service.username, "password": PASSWORD, "csrf_token": token}
    assert browser.post("/login", data=form).status_code == 303
    return browser, TOKEN.search(browser.get("/check").text).group(1)  # type: ignore[union-attr]


def _page_uploads(service: Service, browser: httpx.Client, token: str) -> list[httpx.Response]:
    with httpx.Client(base_url=service.url, cookies=browser.cookies, follow_redirects=False, timeout=300) as own:
        return [
            own.post("/check", data={"csrf_token": token}, files={"file": (SAMPLES[i % len(SAMPLES)].name,
                                                                           SAMPLES[i % len(SAMPLES)].read_bytes())})
            for i in range(REQUESTS)
        ]  # fmt: skip


def test_past_capacity_the_service_answers_503_with_retry_after_and_nothing_else(service: Service) -> None:
    browser, token = _page_client(service)
    try:
        with ThreadPoolExecutor(PAGE_CLIENTS + 1) as pool:
            pages = [pool.submit(_page_uploads, service, browser, token) for _ in range(PAGE_CLIENTS)]
            api = pool.submit(drive, service, API_CLIENTS, requests=REQUESTS, retry_cap_s=0.2)
            api_row = api.result()
            page_answers = [r for p in pages for r in p.result()]
    finally:
        browser.close()
    assert api_row["unexpected"] == []  # every answer a 200 or a 503 problem+json with code analysis.overloaded
    assert set(api_row["status"]) <= {"200", "503"}
    assert api_row["503_with_retry_after"] == api_row["status"].get("503", 0)
    page_status = [answer.status_code for answer in page_answers]
    assert api_row["status"].get("200", 0) + page_status.count(303) >= 1  # the first admitted are analysed
    assert api_row["status"].get("503", 0) + page_status.count(503) >= 1  # 6 clients at once, room for 2
    for answer in page_answers:
        assert answer.status_code in {303, 503}, answer.text[:300]
        if answer.status_code == 503:
            assert int(answer.headers["retry-after"]) >= 1
            assert "服务繁忙" in answer.text and "秒后重试" in answer.text


def test_after_the_load_the_service_answers_normally(service: Service) -> None:
    drive(service, API_CLIENTS, requests=2, retry_cap_s=0)  # load again, whatever it answers
    assert httpx.get(f"{service.url}/healthz", timeout=30).status_code == 200
    row = drive(service, 1, requests=len(SAMPLES))  # one client alone: room for each of its uploads
    assert row["status"] == {"200": len(SAMPLES)}

