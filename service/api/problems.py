"""Errors as RFC 9457 ``application/problem+json``, each with a stable ``code`` and a Chinese ``detail``.

An input that cannot be analysed keeps the body of the command line beside it (``"error": {code, message}``,
DESIGN.md), so a script handles both the same way.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from analyzers.errors import InputError
from analyzers.profiles import ProfileError

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


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` as problem+json."""

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
