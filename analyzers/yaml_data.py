"""Data files in YAML (profiles, lexicons), read safely and validated with pydantic.

Shared by ``analyzers.profiles`` and ``analyzers.lexicons`` so that every data file a user may edit fails
the same way: an error that names the file, the field (``sections[1].headings (section 'problems')``) and
what was expected, never a traceback from deep inside PyYAML or pydantic.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)

NonEmptyStr = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a snake_case identifier")]


class StrictModel(BaseModel):
    """A data file's record: unknown fields are errors (a typo is never silently ignored); frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_mapping(path: Path, error: type[Exception], what: str, fields: list[str]) -> dict:
    """The YAML mapping in ``path``; ``error(message)`` naming the file when it is unreadable, not YAML,
    empty or not a mapping. ``what`` and ``fields`` describe the expected mapping ("profile fields", ...)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # a SafeLoader
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise error(f"{path}: not valid YAML{where}: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from exc
    if raw is None:
        raise error(f"{path}: empty; expected a mapping of {what} ({', '.join(fields)})")
    if not isinstance(raw, dict):
        raise error(f"{path}: expected a mapping of {what} ({', '.join(fields)}), found a {type_name(raw)}")
    return raw


def validate(
    model: type[M],
    raw: dict,
    path: Path,
    error: type[Exception],
    nested: Mapping[tuple[type[BaseModel], str], type[BaseModel]],
    named_lists: Mapping[str, tuple[str, str]] | None = None,
) -> M:
    """``model`` validated from ``raw``, or ``error`` naming the file and each bad field.

    ``nested`` says which model each nested field holds, so that an error can list the fields a mapping
    may have; ``named_lists`` maps a top-level list field to (the item field that names an item, the word
    for it): ``{"sections": ("key", "section")}`` turns ``sections[1]`` into ``sections[1] (section 'x')``.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(err, raw, model, nested, named_lists or {}) for err in exc.errors())
        raise error(f"{path}: {problems}") from exc


def _describe(
    err: ErrorDetails,
    raw: dict,
    root: type[BaseModel],
    nested: Mapping[tuple[type[BaseModel], str], type[BaseModel]],
    named_lists: Mapping[str, tuple[str, str]],
) -> str:
    """One validation error as "field 'sections[1].headings' (section 'x'): what is wrong; what was expected"."""
    loc = err["loc"]
    dotted = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    where = f"field '{dotted}'" if dotted else "top level"
    if len(loc) >= 2 and isinstance(loc[0], str) and loc[0] in named_lists and isinstance(loc[1], int):
        name_field, word = named_lists[loc[0]]
        items = raw.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        if isinstance(item, dict) and isinstance(item.get(name_field), str):
            where += f" ({word} {item[name_field]!r})"
    parent, field, held = _field_at(loc, root, nested)
    kind = err["type"]
    if kind == "model_type" and held is not None:
        fields = ", ".join(held.model_fields)
        return f"{where}: expected a mapping with the fields {fields}, found {shown(err['input'])}"
    if kind == "missing":
        expected = f"; expected {field.description}" if field is not None and field.description else ""
        return f"{where}: required but missing{expected}"
    if kind == "extra_forbidden":
        allowed = list(parent.model_fields) if parent is not None else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: unknown field{hint}; expected one of {', '.join(allowed)}"
    message = err["msg"].removeprefix("Value error, ")
    if kind != "value_error" and "input" in err:
        message += f", found {shown(err['input'])}"
    if field is not None and field.description and kind != "value_error":
        message += f"; expected {field.description}"
    return f"{where}: {message}"


def _field_at(
    loc: tuple[int | str, ...],
    root: type[BaseModel],
    nested: Mapping[tuple[type[BaseModel], str], type[BaseModel]],
) -> tuple[type[BaseModel] | None, FieldInfo | None, type[BaseModel] | None]:
    """For an error's ``loc``: the model holding its last named part, that part's field, and the model it holds.

    Each is None where unknown (a misspelt field, a plain value).
    """
    model: type[BaseModel] | None = root
    parent, field = None, None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return model, None, None
        parent, field = model, model.model_fields[part]
        model = nested.get((model, part))
    return parent, field, model


def shown(value: object) -> str:
    """A value as an error message quotes it: short scalars as written, anything else by its type."""
    text = repr(value) if isinstance(value, str | int | float | bool) or value is None else type_name(value)
    return text if len(text) <= 60 else text[:57] + "..."


def type_name(value: object) -> str:
    return {list: "list", dict: "mapping", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )
