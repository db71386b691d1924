"""CSRF protection for the page's forms: a double-submit token bound to the session.

The browser holds a random ``shuzhi_csrf`` cookie (HttpOnly, SameSite=Strict, Secure over https). Every form
carries a hidden ``csrf_token``: the HMAC-SHA256 of the session cookie keyed by that random value (before login,
of the empty string). A POST is accepted only when the field equals the HMAC recomputed from the cookies the
browser sent, compared in constant time. Another site can neither read the cookie nor the session, so it cannot
produce the field; and one that plants a ``shuzhi_csrf`` cookie still does not know the victim's session.
Requests that the browser itself marks as coming from another site (``Sec-Fetch-Site``) are refused outright.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Form, Request, Response

from service.api.deps import SESSION_COOKIE, get_state

CSRF_COOKIE = "shuzhi_csrf"
FIELD = "csrf_token"
_MAX_SEED = 128


class CsrfRefused(Exception):
    """A form POST without a matching token: answered with a 403 page."""


def is_https(request: Request) -> bool:
    """Whether cookies are marked Secure: the request came over TLS (behind a proxy, uvicorn takes the scheme
    from a trusted proxy's X-Forwarded-Proto), or ``SHUZHI_SECURE_COOKIES`` says TLS ends before us."""
    return request.url.scheme == "https" or get_state(request).settings.secure_cookies


def _derive(seed: str, session: str) -> str:
    return hmac.new(seed.encode(), session.encode(), hashlib.sha256).hexdigest()


def form_token(request: Request) -> tuple[str, str | None]:
    """The token for this page's forms, and a new cookie seed to set when the browser has none yet."""
    seed = request.cookies.get(CSRF_COOKIE, "")
    new = None
    if not 16 <= len(seed) <= _MAX_SEED:
        seed = new = secrets.token_urlsafe(32)
    return _derive(seed, request.cookies.get(SESSION_COOKIE, "")), new


def set_seed(response: Response, request: Request, seed: str | None = None) -> None:
    """Give the browser a (new) random seed; at login and logout it is renewed."""
    response.set_cookie(CSRF_COOKIE, seed or secrets.token_urlsafe(32), httponly=True, samesite="strict",
                        secure=is_https(request), path="/")  # fmt: skip


def check(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Dependency of every form POST: refuse a request from another site or without the matching token."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise CsrfRefused
    seed = request.cookies.get(CSRF_COOKIE, "")
    if not seed or len(seed) > _MAX_SEED or not csrf_token:
        raise CsrfRefused
    expected = _derive(seed, request.cookies.get(SESSION_COOKIE, ""))
    if not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise CsrfRefused
