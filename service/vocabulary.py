"""The words the store and its callers share — roles, kinds of unit, grades, the store's refusal — importable
without the database layer (the command line starts faster without SQLAlchemy and argon2)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SECRETARY = "secretary"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class UnitKind(StrEnum):
    COMMITTEE = "committee"  # 党委、党总支、二级党组织
    BRANCH = "branch"  # 党支部


GRADES = ("好", "较好", "一般", "差")  # sysu-2020: 按“好、较好、一般、差”4个等次作出总体评价


class StoreError(Exception):
    """A request the store refuses (unknown unit, duplicate user, bad CSV row); the message says which."""
