"""Errors as RFC 9457 ``application/problem+json``, each with a stable ``code`` and a Chinese ``detail``.

An input that cannot be analysed keeps the body of the command line beside it (``"error": {code, message}``,
DESIGN.md), so a script handles both the same way. A service past capacity answers 503 with ``Retry-After``
(``service.analysis.Overloaded``); a request body larger than two uploads of the largest size allowed is
refused with 413 as it arrives (``BodyLimit``), before it is spooled to disk or read into memory.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from analyzers.errors import InputError
from analyzers.profiles import ProfileError
from analyzers.readers.limits import MB
from service.analysis import Overloaded, WorkerLost

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "没有权限",
    404: "不存在",
    409: "冲突",
    413: "文件过大",
    422: "无法处理",
    503: "服务繁忙",
    504: "分析超时",
}


class Problem(Exception):
    """An error to answer with: HTTP status, stable code, message for the user."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def problem_response(status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "错误"),
        "status": status,
        "code": code,
        "detail": detail,
        "error": {"code": code, "message": detail},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


class BodyTooLarge(StarletteHTTPException):
    """A request body past ``BodyLimit``'s bound, found while it was being read."""

    def __init__(self, limit_mb: float) -> None:
        super().__init__(413, f"请求超过 {limit_mb:g} MB 的上限，请缩小上传的文件。")


AUDIT_PATHS = ("/v1/audits", "/audits")


class BodyLimit:
    """Refuse a request body over the bound (two files of ``max_file_mb`` and 1 MB of form; for an audit's
    .zip, ``max_audit_upload_mb``) as it arrives.

    Starlette spools an uploaded file to a temporary file past 1 MB and bounds nothing else: without this, a
    client could fill the disk with one request. A declared Content-Length over the bound is answered at once;
    a chunked body is counted as it is read and stopped at the bound.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = getattr(scope.get("app"), "state", None)
        shuzhi = getattr(state, "shuzhi", None)
        if scope["type"] != "http" or shuzhi is None:
            await self.app(scope, receive, send)
            return
        limit_mb = 2 * shuzhi.settings.max_file_mb + 1
        if scope["path"].startswith(AUDIT_PATHS):  # a .zip of a whole batch: the audits' own bound
            limit_mb = max(limit_mb, shuzhi.settings.max_audit_upload_mb + 1)
        limit = int(limit_mb * MB)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            detail = BodyTooLarge(limit_mb).detail
            await problem_response(413, "input.too_large", detail, {"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit_mb)
            return message

        await self.app(scope, counted, send)


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` as problem+json; bound the size of request bodies."""
    app.add_middleware(BodyLimit)

    @app.exception_handler(Overloaded)
    async def _overloaded(_request: Request, exc: Overloaded) -> JSONResponse:
        return problem_response(503, exc.code, exc.message, {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(WorkerLost)
    async def _lost(_request: Request, exc: WorkerLost) -> JSONResponse:
        return problem_response(422, exc.code, exc.message)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(_request: Request, exc: BodyTooLarge) -> JSONResponse:
        return problem_response(413, "input.too_large", str(exc.detail), {"Connection": "close"})

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.status, exc.code, exc.detail, headers)

    @app.exception_handler(InputError)
    async def _input(_request: Request, exc: InputError) -> JSONResponse:
        status = 413 if str(exc.code) == "input.too_large" else 422
        return problem_response(status, str(exc.code), exc.message)

    @app.exception_handler(ProfileError)
    async def _profile(_request: Request, exc: ProfileError) -> JSONResponse:
        return problem_response(422, "profile.invalid", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return problem_response(422, "request.invalid", f"请求参数不正确：{where}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, f"http.{exc.status_code}", str(exc.detail))
