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

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from analyzers.yaml_data import NonEmptyStr, StrictModel, read_mapping, validate

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

class SectionSpec(StrictModel):
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


class LengthLimits(StrictModel):
    min_chars: int | None = Field(None, ge=0, description="the least total 字数, a whole number")
    max_chars: int | None = Field(None, gt=0, description="the most total 字数, a whole number")
    source: NonEmptyStr = Field(description="where the limits come from")

    @model_validator(mode="after")
    def _ordered(self) -> LengthLimits:
        if self.min_chars is not None and self.max_chars is not None and self.min_chars > self.max_chars:
            raise ValueError(f"min_chars {self.min_chars} is above max_chars {self.max_chars}; expected min <= max")
        return self


class ContentPoint(StrictModel):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="a snake_case identifier")]
    name: NonEmptyStr = Field(description="the point as the notice words it")
    section: str | None = Field(None, description="the section key it belongs in, if any")
    cues: list[NonEmptyStr] = Field(min_length=1, description="a list of wordings any of which addresses the point")


class OralPresentation(StrictModel):
    minutes: float = Field(gt=0, description="the speaking time the notice allows, in minutes")
    chars_per_minute: float | None = Field(None, gt=0, description="a speaking rate to assume, 字 a minute")
    source: NonEmptyStr = Field(description="where the time comes from")


class Profile(StrictModel):
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


# The model each nested field holds, to name the fields a mapping may have and what a field expects.
_NESTED: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Profile, "sections"): SectionSpec,
    (Profile, "length"): LengthLimits,
    (Profile, "content_points"): ContentPoint,
    (Profile, "oral"): OralPresentation,
}


def load_profile_file(path: Path) -> Profile:
    raw = read_mapping(path, ProfileError, "profile fields", list(Profile.model_fields))
    return validate(Profile, raw, path, ProfileError, _NESTED, {"sections": ("key", "section")})


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
