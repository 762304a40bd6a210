"""What every request goes through before the routes, as plain ASGI (nothing buffered):

- URLs longer than the limit → 414; methods other than GET, HEAD and OPTIONS → 405 with `Allow`
  (POST is for /sparql, /api/selection/report and /api/selection/project alone);
- HEAD is answered as GET without the body, wherever GET is;
- request bodies are read here, counted as they come, chunked ones too: past the limit → 413 without
  reading further; a body that stalls longer than the read timeout → 408; the route gets the body read;
- every response carries the security headers (`harvester`'s site gets a CSP naming its own scripts).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

READ_ONLY = ("GET", "HEAD", "OPTIONS")
API_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
API_CSP = b"default-src 'none'; frame-ancestors 'none'"


@dataclass(frozen=True)
class GuardLimits:
    max_url_bytes: int = 4096
    max_body_bytes: int = 100_000  # SPARQL queries and selections by POST: the only bodies taken
    body_timeout_s: float = 10.0
    body_paths: tuple[str, ...] = ("/sparql", "/api/selection/report", "/api/selection/project")


class _BodyRefused(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


class Guards:
    """`policies` maps a path prefix to the Content-Security-Policy of what it serves (first match)."""

    def __init__(self, app: App, limits: GuardLimits, policies: dict[str, bytes] | None = None) -> None:
        self.app = app
        self.limits = limits
        self.policies = sorted((policies or {}).items(), key=lambda item: -len(item[0]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await _problem(send, *refusal)
            return
        try:
            body = await self._read_body(receive, scope["method"] == "POST")
        except _BodyRefused as refused:
            await _problem(send, refused.status, refused.title, refused.detail)
            return
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, _replay(body, receive), send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        path, method = scope["path"], scope["method"]
        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_bytes > self.limits.max_url_bytes:
            return 414, "URI Too Long", f"URLs are limited to {self.limits.max_url_bytes} bytes", []
        takes_body = path in self.limits.body_paths
        allowed = ", ".join((*READ_ONLY, "POST") if takes_body else READ_ONLY)
        if method not in READ_ONLY and not (method == "POST" and takes_body):
            detail = f"this API is read-only: {allowed} only"
            return 405, "Method Not Allowed", detail, [(b"allow", allowed.encode())]
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limits.max_body_bytes):
            return (
                413,
                "Content Too Large",
                f"request bodies are limited to {self.limits.max_body_bytes} bytes",
                [],
            )
        return None

    async def _read_body(self, receive: Receive, allowed: bool) -> bytes:
        """The whole body, at most the limit (none but for POST), each part within the read timeout."""
        limit, timeout = (self.limits.max_body_bytes if allowed else 0), self.limits.body_timeout_s
        parts: list[bytes] = []
        received = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError as error:
                raise _BodyRefused(
                    408, "Request Timeout", f"the body did not arrive within {timeout:g} s"
                ) from error
            if message["type"] != "http.request":
                return b"".join(parts)  # the client went away: the route will see the disconnect
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                detail = (
                    f"request bodies are limited to {limit} bytes"
                    if allowed
                    else "this request takes no body"
                )
                raise _BodyRefused(413, "Content Too Large", detail)
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    def _with_headers(self, scope: Scope, send: Send) -> Send:
        policy = next((p for prefix, p in self.policies if scope["path"].startswith(prefix)), API_CSP)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() != b"content-security-policy"
                ]
                message = {
                    **message,
                    "headers": [*headers, *API_HEADERS, (b"content-security-policy", policy)],
                }
            await send(message)

        return sending


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever the connection says next (a disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replaying() -> Message:
        return pending.pop() if pending else await receive()

    return replaying


def _without_body(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return sending


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1")).strip()
    return None


async def _problem(
    send: Send, status: int, title: str, detail: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    start = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    if status in (408, 413):
        start.append((b"connection", b"close"))  # the rest of the body is not read
    await send({"type": "http.response.start", "status": status, "headers": [*start, *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
