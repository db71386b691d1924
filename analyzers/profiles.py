"""Profiles: one notice's requirements as YAML in ``corpora/profiles/``, validated when loaded.

A profile names the sections a report must have (in order), the wordings that reveal each section in
a heading, the paragraph kinds that reveal it when there is no heading (``content_labels``: what the
section classifier predicts for a paragraph), the length limits, and the content points the notice
asks every report to cover. Every value that is not the notice's own says where it comes from.

Loading refuses what a matcher could not use: a heading wording or a classifier label claimed by two
sections, min_share values adding up to more than 1, a key given twice in one YAML mapping. A
ProfileError names the file, the field (``sections[1].headings (section 'problems')``) and what was
expected.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

PROFILES_DIR = Path(__file__).resolve().parent.parent / "corpora" / "profiles"
DEFAULT_PROFILE_ID = "four-part"

# What the section classifier predicts for a paragraph (corpora/labelled/GUIDE.md defines each).
CONTENT_LABELS = (
    "achievements",  # work done and its results: 组织生活、党员发展、学习教育、服务中心工作
    "personal_duty",  # the secretary's own duties: 带头讲党课、参加培训、履行第一责任人职责
    "ideological",  # 思想政治工作、意识形态工作责任制、师生思想动态
    "highlights",  # 特色亮点、品牌、创新做法、经验
    "problems",  # 存在问题、不足、原因分析
    "rectification",  # 上年度问题的整改情况
    "plans",  # 下一步工作计划、思路、举措
    "other",  # title, addressee, opening and closing formulae, signature, date
)

NonEmptyStr = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionSpec(_Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a snake_case identifier")]
    name: NonEmptyStr = Field(description="the section as the notice names it")
    required: bool = True
    headings: list[NonEmptyStr] = Field(min_length=1, description="a list of heading wordings and synonyms")
    content_labels: list[str] = Field(
        min_length=1, description=f"a list of classifier labels that belong here, some of {list(CONTENT_LABELS)}"
    )
    cues: list[NonEmptyStr] = Field(default_factory=list, description="a list of words that reveal it in a paragraph")
    min_share: float | None = Field(
        None, ge=0, le=1, description="the least share of the report's 字数, a number from 0 to 1"
    )

    @field_validator("content_labels")
    @classmethod
    def _known_labels(cls, labels: list[str]) -> list[str]:
        unknown = [label for label in labels if label not in CONTENT_LABELS]
        if unknown:
            raise ValueError(f"unknown label(s) {unknown}; expected some of {list(CONTENT_LABELS)}")
        return labels


class LengthLimits(_Strict):
    min_chars: int | None = Field(None, ge=0, description="the least total 字数, a whole number")
    max_chars: int | None = Field(None, gt=0, description="the most total 字数, a whole number")
    source: NonEmptyStr = Field(description="where the limits come from")

    @model_validator(mode="after")
    def _ordered(self) -> LengthLimits:
        if self.min_chars is not None and self.max_chars is not None and self.min_chars > self.max_chars:
            raise ValueError(f"min_chars {self.min_chars} is above max_chars {self.max_chars}; expected min <= max")
        return self


class ContentPoint(_Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a snake_case identifier")]
    name: NonEmptyStr = Field(description="the point as the notice words it")
    section: str | None = Field(None, description="the section key it belongs in, if any")
    cues: list[NonEmptyStr] = Field(min_length=1, description="a list of wordings any of which addresses the point")


class OralPresentation(_Strict):
    minutes: float = Field(gt=0, description="the speaking time the notice allows, in minutes")
    chars_per_minute: float | None = Field(None, gt=0, description="a speaking rate to assume, 字 a minute")
    source: NonEmptyStr = Field(description="where the time comes from")


class Profile(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="lower-case letters, digits and '-'")]
    title: NonEmptyStr = Field(description="a one-line title")
    source: NonEmptyStr = Field(description="the notice this profile is built from")
    report_year: int | None = Field(None, ge=2000, le=2100, description="the year the reports cover")
    sections: list[SectionSpec] = Field(min_length=1, description="a list of sections, in the notice's order")
    length: LengthLimits = Field(description="a mapping with min_chars, max_chars and source")
    content_points: list[ContentPoint] = Field(default_factory=list, description="a list of content points")
    oral: OralPresentation | None = Field(None, description="a mapping with minutes and source")

    @field_validator("sections")
    @classmethod
    def _distinct_sections(cls, sections: list[SectionSpec]) -> list[SectionSpec]:
        keys = [s.key for s in sections]
        if repeated := _repeated(keys):
            raise ValueError(f"section keys must be unique; repeated: {repeated}")
        # A wording or a label claimed by two sections could not tell them apart.
        for what, values in (
            ("heading", [(h, s.key) for s in sections for h in dict.fromkeys(s.headings)]),
            ("content label", [(label, s.key) for s in sections for label in dict.fromkeys(s.content_labels)]),
        ):
            owners: dict[str, list[str]] = {}
            for value, key in values:
                owners.setdefault(value, []).append(key)
            shared = {value: owned_by for value, owned_by in owners.items() if len(owned_by) > 1}
            if shared:
                listed = ", ".join(f"{value!r} in {owned_by}" for value, owned_by in shared.items())
                raise ValueError(f"each {what} must belong to one section; found {listed}")
        total = sum(s.min_share or 0 for s in sections)
        if total > 1:
            raise ValueError(f"the sections' min_share values add up to {total:g}; expected at most 1")
        return sections

    @field_validator("content_points")
    @classmethod
    def _points_in_sections(cls, points: list[ContentPoint], info: ValidationInfo) -> list[ContentPoint]:
        if repeated := _repeated([p.key for p in points]):
            raise ValueError(f"content point keys must be unique; repeated: {repeated}")
        if "sections" not in info.data:  # the sections failed; their error says why
            return points
        keys = [s.key for s in info.data["sections"]]
        for point in points:
            if point.section is not None and point.section not in keys:
                raise ValueError(f"content point {point.key!r} names section {point.section!r}; expected one of {keys}")
        return points

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)


def _repeated(values: list[str]) -> list[str]:
    return sorted({v for v in values if values.count(v) > 1})


class ProfileError(Exception):
    """A profile that cannot be used: names the file, the field and what was expected."""


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


# The model each nested field holds, to name the fields a mapping may have and what a field expects.
_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Profile, "sections"): SectionSpec,
    (Profile, "length"): LengthLimits,
    (Profile, "content_points"): ContentPoint,
    (Profile, "oral"): OralPresentation,
}


def load_profile_file(path: Path) -> Profile:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # a SafeLoader
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ProfileError(f"{path}: not valid YAML{where}: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from exc
    if raw is None:
        raise ProfileError(f"{path}: empty; expected a mapping of profile fields ({', '.join(Profile.model_fields)})")
    if not isinstance(raw, dict):
        raise ProfileError(
            f"{path}: expected a mapping of profile fields ({', '.join(Profile.model_fields)}), "
            f"found a {_type_name(raw)}"
        )
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(err, raw) for err in exc.errors())
        raise ProfileError(f"{path}: {problems}") from exc


def _describe(err: ErrorDetails, raw: dict) -> str:
    """One validation error as "field 'sections[1].headings' (section 'x'): what is wrong; what was expected"."""
    loc = err["loc"]
    dotted = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    where = f"field '{dotted}'" if dotted else "profile"
    if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int):
        section = raw["sections"][loc[1]] if isinstance(raw.get("sections"), list) else None
        if isinstance(section, dict) and isinstance(section.get("key"), str):
            where += f" (section {section['key']!r})"
    parent, field, model = _field_at(loc)
    kind = err["type"]
    if kind == "model_type" and model is not None:
        fields = ", ".join(model.model_fields)
        return f"{where}: expected a mapping with the fields {fields}, found {_shown(err['input'])}"
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
        message += f", found {_shown(err['input'])}"
    if field is not None and field.description and kind != "value_error":
        message += f"; expected {field.description}"
    return f"{where}: {message}"


def _field_at(loc: tuple[int | str, ...]) -> tuple[type[BaseModel] | None, FieldInfo | None, type[BaseModel] | None]:
    """For an error's ``loc``: the model holding its last named part, that part's field, and the model it holds.

    Each is None where unknown (a misspelt field, a plain value).
    """
    model: type[BaseModel] | None = Profile
    parent, field = None, None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return model, None, None
        parent, field = model, model.model_fields[part]
        model = _NESTED.get((model, part))
    return parent, field, model


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str | int | float | bool) or value is None else _type_name(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: object) -> str:
    return {list: "list", dict: "mapping", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


@cache
def _shipped() -> dict[str, Profile]:
    profiles = {}
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        profile = load_profile_file(path)
        if profile.id != path.stem:
            raise ProfileError(f"{path}: field 'id' is {profile.id!r}; expected the file name, {path.stem!r}")
        profiles[profile.id] = profile
    return profiles


def list_profiles() -> list[Profile]:
    return list(_shipped().values())


def load_profile(ref: str | Path | None = None) -> Profile:
    """A shipped profile by id (the default when ``ref`` is empty), or a profile file by path (``*.yaml``)."""
    if isinstance(ref, Path):
        return load_profile_file(ref)
    ref = ref or DEFAULT_PROFILE_ID
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        return load_profile_file(Path(ref))
    shipped = _shipped()
    if ref not in shipped:
        raise ProfileError(f"unknown profile {ref!r}; shipped profiles: {', '.join(shipped)} (or give a .yaml path)")
    return shipped[ref]
