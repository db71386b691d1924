"""Profiles: one notice's requirements as YAML in ``corpora/profiles/``, validated when loaded.

A profile names the sections a report must have (in order), the wordings that reveal each section in
a heading, the paragraph kinds that reveal it when there is no heading (``content_labels``: what the
section classifier predicts for a paragraph), the length limits, and the content points the notice
asks every report to cover. Every value that is not the notice's own says where it comes from.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: NonEmptyStr = Field(description="the section as the notice names it")
    required: bool = True
    headings: list[NonEmptyStr] = Field(min_length=1, description="heading wordings and synonyms")
    content_labels: list[str] = Field(min_length=1, description="classifier labels that belong here")
    cues: list[NonEmptyStr] = Field(default_factory=list, description="words that reveal it in a paragraph")
    min_share: float | None = Field(None, ge=0, le=1, description="least share of the report's 字数")

    @model_validator(mode="after")
    def _known_labels(self) -> SectionSpec:
        unknown = [label for label in self.content_labels if label not in CONTENT_LABELS]
        if unknown:
            raise ValueError(f"unknown content_labels {unknown}; expected some of {list(CONTENT_LABELS)}")
        return self


class LengthLimits(_Strict):
    min_chars: int | None = Field(None, ge=0)
    max_chars: int | None = Field(None, gt=0)
    source: NonEmptyStr = Field(description="where the limits come from")

    @model_validator(mode="after")
    def _ordered(self) -> LengthLimits:
        if self.min_chars is not None and self.max_chars is not None and self.min_chars > self.max_chars:
            raise ValueError(f"min_chars {self.min_chars} is above max_chars {self.max_chars}")
        return self


class ContentPoint(_Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: NonEmptyStr
    section: str | None = Field(None, description="the section key it belongs in, if any")
    cues: list[NonEmptyStr] = Field(min_length=1, description="wordings any of which addresses the point")


class OralPresentation(_Strict):
    minutes: float = Field(gt=0)
    source: NonEmptyStr


class Profile(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: NonEmptyStr
    source: NonEmptyStr = Field(description="the notice this profile is built from")
    report_year: int | None = Field(None, ge=2000, le=2100)
    sections: list[SectionSpec] = Field(min_length=1)
    length: LengthLimits
    content_points: list[ContentPoint] = Field(default_factory=list)
    oral: OralPresentation | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        keys = [s.key for s in self.sections]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"section keys must be unique; repeated: {duplicates}")
        for point in self.content_points:
            if point.section is not None and point.section not in keys:
                raise ValueError(f"content point {point.key!r} names section {point.section!r}, not one of {keys}")
        return self

    def section(self, key: str) -> SectionSpec:
        return next(s for s in self.sections if s.key == key)


class ProfileError(Exception):
    """A profile that cannot be used: names the file, the field and what was expected."""


def load_profile_file(path: Path) -> Profile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: expected a mapping of profile fields, found {type(raw).__name__}")
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc']) or '(profile)'}': {err['msg']}" for err in exc.errors()
        )
        raise ProfileError(f"{path}: {problems}") from exc


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


def load_profile(ref: str | None = None) -> Profile:
    """A shipped profile by id, or a profile file by path (``*.yaml``)."""
    ref = ref or DEFAULT_PROFILE_ID
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return load_profile_file(Path(ref))
    shipped = _shipped()
    if ref not in shipped:
        raise ProfileError(f"unknown profile {ref!r}; shipped profiles: {', '.join(shipped)} (or give a .yaml path)")
    return shipped[ref]
