"""The HTTP server `catalogue serve` runs: uvicorn, with the limits a public service needs.

uvicorn waits for a request's headers as long as a client cares to send them, answers oversize
headers with a bare 400, and takes any number of connections. The protocol below gives the headers
a deadline (408 and close), answers 431 past the header size limit, and uvicorn's own settings cap
connections (503 past them) and idle keep-alive. Behind a reverse proxy (nginx, HAProxy), set the
same limits there too: the proxy sees the clients, this server sees the proxy.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from harvester.config import ServerSettings
from search_api.guards import GuardLimits


class GuardedH11Protocol(H11Protocol):
    header_timeout_s: float = 10.0
    max_header_bytes: int = 16 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._tail = b""  # the last bytes of the head so far: its end may straddle two reads

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:  # reading a request's head
            seen = self._tail + data
            end = seen.find(b"\r\n\r\n")
            self._header_bytes += len(data) if end < 0 else end + 4 - len(self._tail)
            self._tail = seen[-3:]
            if self._header_bytes > self.max_header_bytes:
                self._refuse(431, b"Request Header Fields Too Large")
                return
            self._arm()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is in: the request is under way
            self._disarm()
            self._header_bytes, self._tail = 0, b""

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self._header_bytes:
                self._refuse(408, b"Request Timeout")
            else:  # an idle connection that never sent anything: just close it
                self.transport.close()

    def _refuse(self, status: int, reason: bytes) -> None:
        self._disarm()
        body = reason + b"\n"
        head = (
            b"HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n" % (status, reason, len(body))
        )
        self.transport.write(head + body)
        self.transport.close()


def guard_limits(settings: ServerSettings) -> GuardLimits:
    return GuardLimits(max_body_bytes=settings.max_body_kb * 1024, body_timeout_s=settings.body_timeout_s)


def server_config(app: Any, host: str, port: int, settings: ServerSettings) -> uvicorn.Config:
    protocol = type(
        "CatalogueH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout_s": settings.header_timeout_s, "max_header_bytes": settings.max_header_kb * 1024},
    )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=protocol,
        # h11's own cap stays above ours, so that ours answers (431) first.
        h11_max_incomplete_event_size=2 * settings.max_header_kb * 1024,
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=int(settings.keep_alive_s),
        proxy_headers=True,
    )
