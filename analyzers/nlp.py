"""The one shared spaCy pipeline: blank ``zh`` with the jieba segmenter, built once per process.

No pretrained Chinese spaCy model can be downloaded here, so the pipeline is blank; checks add their
own Matcher / EntityRuler patterns (kept as data in ``corpora/``). jieba's dictionary costs about a
second to load, so nothing builds this at import time: the first caller pays, the rest share it.
"""

from __future__ import annotations

import logging
from functools import cache

import jieba
import spacy
from spacy.language import Language

jieba.setLogLevel(logging.WARNING)


@cache
def get_nlp() -> Language:
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def segment(text: str) -> list[str]:
    """jieba words of ``text`` (the fast path, for where a spaCy Doc is not needed)."""
    return jieba.lcut(text)
