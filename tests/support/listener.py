"""A loopback port that counts who connects to it: the probes' proof that nothing reached out."""

from __future__ import annotations

import socket
import threading


class Listener:
    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:  # closed
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()
