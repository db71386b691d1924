"""InputError: the one exception a reader may raise, with a stable code and a Chinese message."""

from __future__ import annotations

from enum import StrEnum


class InputErrorCode(StrEnum):
    EMPTY = "input.empty"
    CORRUPT = "input.corrupt"
    UNSUPPORTED_FORMAT = "input.unsupported_format"
    TOO_LARGE = "input.too_large"
    NO_TEXT_LAYER = "input.no_text_layer"
    ENCRYPTED = "input.encrypted"
    ENCODING = "input.encoding"


class InputError(Exception):
    """A file that cannot be analysed. ``message`` is for the user (Chinese); ``detail`` for logs."""

    def __init__(self, code: InputErrorCode, message: str, *, detail: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail

    def __reduce__(self) -> tuple[type[InputError], tuple[InputErrorCode, str], dict[str, str | None]]:
        # Raised in a worker process and re-raised in the service: it must survive pickling.
        return (self.__class__, (self.code, self.message), {"detail": self.detail})

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": str(self.code), "message": self.message}}


def too_complex(detail: str = "") -> InputError:
    """The error for a file whose reading or analysis ran out of the memory a worker is allowed
    (``SHUZHI_WORKER_MEMORY_MB``): a MemoryError is not a reader's to raise."""
    message = "文件结构过于复杂，分析所需内存超过上限。请用 Word 另存为 .docx（或精简图片、表格）后重新上传。"
    return InputError(InputErrorCode.TOO_LARGE, message, detail=detail or "memory limit")
