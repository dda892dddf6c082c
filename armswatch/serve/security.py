"""The web layer's defences: response headers, analyst tokens, JSON that cannot break out of a page.

- Every response carries a Content-Security-Policy with no 'unsafe-inline'
  (scripts and styles come from our own files only, so an evidence sentence
  holding "<script>" could not run even if it reached the page unescaped),
  nosniff, DENY framing and no referrer to the outlets we link to.
- Analyst tokens are 32 random bytes shown once; the store keeps only their
  sha256 (`armswatch token create NAME`).
- JSON escapes <, > and & as \\u003c.., so a response is inert even if some
  client were to paste it into HTML.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """Pure ASGI middleware (no response buffering) adding HEADERS to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in HEADERS if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_token() -> str:
    """A fresh analyst token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & escaped: still the same data to any JSON parser, never markup to an HTML one."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")
