"""A real uvicorn server on 127.0.0.1 in a thread, configured as `catalogue serve` configures it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from harvester.config import ServerSettings
from search_api.server import server_config


@contextmanager
def live_server(app: Any, port: int, settings: ServerSettings | None = None) -> Iterator[str]:
    running = uvicorn.Server(server_config(app, "127.0.0.1", port, settings or ServerSettings()))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
