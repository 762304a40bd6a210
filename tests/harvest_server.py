"""A real HTTP server on 127.0.0.1 for the harvest tests: files, pages, and misbehaving answers.

Routes are exact paths (query included). An answer may be slow (a delay before the status line),
trickling (a generator that sleeps between chunks), huge (a generator that never ends on its own)
or lying (a Content-Type or Content-Length of our choosing). `sent` counts the bytes actually
written per path, so a test can check that the client stopped reading.
"""

from __future__ import annotations

import mimetypes
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}


@dataclass
class Route:
    body: bytes | Callable[[], Iterator[bytes]] = b""
    content_type: str | None = "text/turtle"
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    content_length: int | None = None  # announced length, when it is not the body's


class LocalServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.sent: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        self._directories: dict[str, Path] = {}
        self._httpd = ThreadingHTTPServer((host, 0), _handler(self))
        self._httpd.daemon_threads = True  # a sleeping answer must not hold the server's shutdown
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def add_directory(self, prefix: str, directory: Path) -> None:
        """Serve the files of `directory` under `prefix`, typed by extension."""
        self._directories[prefix.rstrip("/") + "/"] = directory

    def route(self, path: str) -> Route | None:
        if path in self.routes:
            return self.routes[path]
        for prefix, directory in self._directories.items():
            if path.startswith(prefix):
                file = directory / path[len(prefix) :]
                if file.is_file() and directory.resolve() in file.resolve().parents:
                    kind = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
                    return Route(file.read_bytes(), kind)
        return None

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits[self.path] += 1
            route = server.route(self.path)
            if route is None:
                self.send_error(404)
                return
            time.sleep(route.delay_s)
            try:
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                length = route.content_length
                if length is None and isinstance(route.body, bytes):
                    length = len(route.body)
                if length is not None:
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                for chunk in [route.body] if isinstance(route.body, bytes) else route.body():
                    self.wfile.write(chunk)
                    server.sent[self.path] += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up reading, as it should past its limits

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output readable

    return Handler
