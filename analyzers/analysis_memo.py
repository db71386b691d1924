"""Values worked out once per analysis: the checks of one report read the same sentences several times.

``AnalysisMemo.shared()`` opens a memo for the analysis in progress (``analyzers.pipeline.analyze`` enters it);
inside it ``get`` computes a value the first time its key is asked for and returns the same value after; outside
it, ``get`` computes every time. The memo is dropped when the analysis ends, so nothing is kept from one report to
the next, and it lives in a context variable, so analyses in other threads or tasks do not share it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
A = TypeVar("A")


class AnalysisMemo(Generic[K, V]):
    def __init__(self, name: str) -> None:
        self._values: ContextVar[dict[K, V] | None] = ContextVar(name, default=None)

    @contextmanager
    def shared(self) -> Iterator[None]:
        if self._values.get() is not None:  # inside another: that one keeps the values
            yield
            return
        token = self._values.set({})
        try:
            yield
        finally:
            self._values.reset(token)

    def get(self, key: K, compute: Callable[[A], V], argument: A) -> V:
        """``compute(argument)``, worked out once per key inside ``shared()``."""
        values = self._values.get()
        if values is None:
            return compute(argument)
        value = values.get(key)
        if value is None:
            value = values[key] = compute(argument)
        return value
