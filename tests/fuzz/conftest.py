"""The long fuzz run (``make fuzz``) reports the peak memory of the process at its end."""

from __future__ import annotations

import resource

import pytest

from tests.fuzz.harness import LONG_RUN


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if LONG_RUN:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        terminalreporter.write_line(f"fuzz: peak resident memory of the run {peak:.0f} MB")
