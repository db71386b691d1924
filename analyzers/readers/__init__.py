"""Readers: bytes of one uploaded file -> Document, or InputError.

``read_document`` is the one entry point. The sniffed type picks the reader module, imported lazily
so that reading a .txt never pays for pdfplumber. Any exception a parser raises on a malformed file
becomes ``input.corrupt``: no traceback reaches a user.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import zipfile
from dataclasses import dataclass
from typing import Protocol

from analyzers.document import Document
from analyzers.errors import InputError, InputErrorCode
from analyzers.readers.limits import Deadline, ReadLimits
from analyzers.readers.sniff import FileKind, sniff_archive

log = logging.getLogger(__name__)

_READER_MODULES = {
    FileKind.DOCX: "analyzers.readers.docx",
    FileKind.PDF: "analyzers.readers.pdf",
    FileKind.TXT: "analyzers.readers.txt",
    FileKind.LEGACY: "analyzers.readers.legacy",
}


@dataclass(frozen=True, slots=True)
class ReadContext:
    filename: str
    sha256: str
    limits: ReadLimits
    deadline: Deadline
    archive: zipfile.ZipFile | None = None  # a zip package as sniffing opened it


class Reader(Protocol):
    def read(self, data: bytes, ctx: ReadContext) -> Document: ...


def read_document(data: bytes, filename: str, limits: ReadLimits | None = None) -> Document:
    limits = limits or ReadLimits()
    deadline = Deadline(limits.time_budget_s)
    try:
        kind, archive = sniff_archive(data, filename, limits)
    except InputError:
        raise
    except Exception as exc:  # sniffing opens zip packages: their damage is the parsers' kind too
        raise _as_input_error(exc, "sniff", filename) from exc
    ctx = ReadContext(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        limits=limits,
        deadline=deadline,
        archive=archive,
    )
    reader: Reader = importlib.import_module(_READER_MODULES[kind])  # type: ignore[assignment]
    try:
        return reader.read(data, ctx)
    except InputError:
        raise
    except Exception as exc:
        raise _as_input_error(exc, kind, filename) from exc


def _as_input_error(exc: Exception, stage: str, filename: str) -> InputError:
    """The InputError a user sees for a parser's exception."""
    if isinstance(exc, (MemoryError, RecursionError)):
        return InputError(
            InputErrorCode.TOO_LARGE,
            "文件结构过于复杂，超出了处理能力。请用 Word 重新保存后上传。",
            detail=repr(exc),
        )
    # a parser's failure on a malformed file
    log.info("reader %s failed on %s: %r", stage, filename, exc)
    return InputError(
        InputErrorCode.CORRUPT,
        f"文件“{filename}”已损坏或格式异常，无法读取。请用 Word 打开并重新保存后上传。",
        detail=repr(exc),
    )
