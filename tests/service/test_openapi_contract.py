"""schemathesis against the service's own OpenAPI document: requests generated from the schema (valid and
invalid ones) get no 5xx, only documented status codes and content types, and bodies that match the schema.

The app runs on an SQLite database with a reviewer and an admin, a stored report and a finished audit, so that
the generated ids sometimes exist. The run is bounded and derandomized (the same cases every time); the
operation that revokes the caller's own token is left out, as it would log the rest of the run out.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from service.api import create_app
from service.settings import Settings
from tests.service.test_api import PASSWORD, REPORT, seed_people

EXAMPLES_PER_OPERATION = 15


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The app with its lifespan started (pool, audit thread), some data, and an admin's token."""
    folder = tmp_path_factory.mktemp("contract")
    url = f"sqlite:///{folder / 'shuzhi.sqlite3'}"
    app = create_app(Settings(data_dir=folder / "data", database_url=url, analysis_workers=0, audit_workers=0))
    seed_people(url)
    with TestClient(app) as client:
        token = client.post("/v1/auth/token", json={"username": "admin", "password": PASSWORD}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        stored = client.post("/v1/reports", headers=headers, data={"unit": "B11"},
                             files={"file": ("2022年度述职报告.txt", REPORT)})  # fmt: skip
        assert stored.status_code == 201, stored.text
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("计算机学院党委/本科生第一党支部/2022年度述职报告.txt", REPORT)
        audit = client.post("/v1/audits", headers=headers, files={"file": ("a.zip", buffer.getvalue())}).json()
        for _ in range(300):
            if client.get(audit["links"]["self"], headers=headers).json()["status"] == "done":
                break
            time.sleep(0.1)
        yield app, headers


def _operations(app: FastAPI) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(method="DELETE", path="/v1/auth/token")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_the_api_keeps_its_own_contract(running: tuple[FastAPI, dict[str, str]], mode: GenerationMode) -> None:
    """Every operation, with requests that fit the schema and with requests that do not."""
    app, headers = running
    failures = []
    for operation in _operations(app):

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def call(case: schemathesis.Case) -> None:
            # a schema-valid upload may still be no report (empty, not a document): 422 is the contract there
            uploads = case.media_type == "multipart/form-data"
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance] if uploads else None)

        try:
            call()
        except Unsatisfiable:  # an operation without parameters has no invalid request to make
            continue
        except Exception as failure:  # collect them all, so that one run shows every operation that fails
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not failures, "\n\n".join(failures)


def test_the_document_names_every_route_of_the_api(running: tuple[FastAPI, dict[str, str]]) -> None:
    app, _ = running
    paths = set(app.openapi()["paths"])
    for expected in ("/v1/analyze", "/v1/reports", "/v1/reports/{report_id}", "/v1/audits", "/v1/audits/{audit_id}",
                     "/v1/audits/{audit_id}/audit.xlsx"):  # fmt: skip
        assert expected in paths
    assert not any(path.startswith(("/audits", "/reports", "/check", "/login")) for path in paths)  # pages are not API



