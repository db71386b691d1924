"""No module binds a top-level name twice. In a module of a few thousand lines a second ``_SOME_RE = …`` replaces
the first for every function that reads it, earlier ones too, and no linter says so (it happened: a second
``_QUOTED_NAME_RE`` in analyzers/datapoints.py changed spans far from the rule it was written for)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _top_level_names(tree: ast.Module) -> Counter[str]:
    names: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names[node.target.id] += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] += 1
    return names


def test_no_module_binds_a_top_level_name_twice() -> None:
    files = sorted((*ROOT.joinpath("analyzers").rglob("*.py"), *ROOT.joinpath("service").rglob("*.py")))
    assert files
    twice = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name, n in _top_level_names(ast.parse(path.read_text(encoding="utf-8"))).items()
        if n > 1
    ]
    assert twice == []


def test_a_name_bound_twice_is_found() -> None:
    tree = ast.parse("import re\n_A_RE = re.compile('a')\ndef f(): return _A_RE\n_A_RE = re.compile('b')\n")
    assert _top_level_names(tree)["_A_RE"] == 2
