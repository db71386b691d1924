"""Real databases for the service's tests: an SQLite file per test, and PostgreSQL where one is reachable.

PostgreSQL comes from ``SHUZHI_TEST_POSTGRES_URL`` (a server URL; default the loopback server that the
development and CI machines run, ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``). Each test gets
a database of its own, created and dropped around it. Where no server answers, the PostgreSQL half of a
test skips and says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.store import Store

POSTGRES_SERVER = os.environ.get("SHUZHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_reason() -> str | None:
    """None when a PostgreSQL server answers, else why not."""
    try:
        engine = create_engine(POSTGRES_SERVER, connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        server = make_url(POSTGRES_SERVER).render_as_string(hide_password=True)
        return f"no PostgreSQL at {server}: {exc.__class__.__name__}"


_POSTGRES_SKIP = _postgres_reason()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if _POSTGRES_SKIP:
        pytest.skip(_POSTGRES_SKIP)
    name = f"shuzhi_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shuzhi.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(database_url, files_dir=tmp_path / "files")
    yield opened
    opened.engine.dispose()
