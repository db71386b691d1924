"""The analysis library never imports the service; readers never import checks (DESIGN.md's layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


FORBIDDEN = {
    "analyzers": ("service", "tests", "corpora.samples", "bench"),
    "analyzers/readers": ("analyzers.checks", "analyzers.pipeline", "analyzers.outline", "analyzers.report"),
    "analyzers/document.py": ("analyzers.readers", "analyzers.checks", "analyzers.pipeline"),
}


@pytest.mark.parametrize(("where", "forbidden"), sorted(FORBIDDEN.items()))
def test_layers_do_not_import_outward(where: str, forbidden: tuple[str, ...]) -> None:
    target = ROOT / where
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    assert files
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert offenders == []
