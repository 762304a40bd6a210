"""Worker processes and the bounded queue in front of them.

A request waits for a free worker at most `max_wait_s`, and at most `max_waiting` requests wait at
once; past either, it is turned away at once (503, Retry-After) instead of holding one of the server's
threads. A worker that runs past the time limit is killed; one that dies (its memory cap) is noticed;
both are replaced at once by a fresh process, which starts (about a second: Python, pyoxigraph and
rdflib's parser) while the client reads its 503, so that the next query finds it ready.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Generic, TypeVar

from search_api.sparql.errors import SparqlBusy, SparqlTimeout, SparqlWorkerLost
from search_api.sparql.worker import Reply, Request, serve

T = TypeVar("T")


class Worker:
    def __init__(self, store_dir: Path, memory_bytes: int, niceness: int) -> None:
        self._store_dir = store_dir
        self._memory_bytes = memory_bytes
        self._niceness = niceness
        self._process: mp.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self._ensure()

    def ask(self, request: Request, time_limit_s: float) -> Reply:
        connection = self._ensure()
        try:
            connection.send(request)
            if not connection.poll(time_limit_s):
                self.restart()
                raise SparqlTimeout(f"the query ran for more than {time_limit_s:g} s and was stopped")
            reply: Reply = connection.recv()
        except (EOFError, OSError) as error:
            self.restart()
            megabytes = self._memory_bytes // 1024 // 1024
            raise SparqlWorkerLost(
                f"the query was stopped: its worker ended, most likely past its {megabytes} MB memory "
                "limit; narrow the query or add LIMIT"
            ) from error
        return reply

    def restart(self) -> None:
        self.stop()
        self._ensure()

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._connection is not None:
            self._connection.close()
        self._process, self._connection = None, None

    def _ensure(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._connection is None:
            self.stop()
            context = mp.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(
                target=serve,
                args=(str(self._store_dir), child, self._memory_bytes, self._niceness),
                daemon=True,
            )
            self._process.start()
            child.close()
            self._connection = parent
        return self._connection


class BoundedQueue(Generic[T]):
    """Items (workers, connection slots) lent one request at a time, with a bounded wait."""

    def __init__(self, items: list[T], max_waiting: int, max_wait_s: float) -> None:
        self.items = items
        self._idle: queue.SimpleQueue[T] = queue.SimpleQueue()
        for item in items:
            self._idle.put(item)
        self._max_waiting = max_waiting
        self._max_wait_s = max_wait_s
        self._waiting = 0
        self._lock = threading.Lock()

    @contextmanager
    def lend(self) -> Iterator[T]:
        item = self._acquire()
        try:
            yield item
        finally:
            self._idle.put(item)

    def _acquire(self) -> T:
        retry = max(1, round(self._max_wait_s))
        with self._lock:
            if self._waiting >= self._max_waiting:
                raise SparqlBusy(
                    f"{self._waiting} SPARQL queries are already waiting: try again later", retry
                )
            self._waiting += 1
        try:
            return self._idle.get(timeout=self._max_wait_s)
        except queue.Empty as error:
            raise SparqlBusy(
                f"no SPARQL worker was free within {self._max_wait_s:g} s: try again later", retry
            ) from error
        finally:
            with self._lock:
                self._waiting -= 1


class WorkerPool:
    def __init__(
        self,
        store_dir: Path,
        size: int,
        memory_bytes: int,
        max_waiting: int,
        max_wait_s: float,
        niceness: int = 0,
    ) -> None:
        workers = [Worker(store_dir, memory_bytes, niceness) for _ in range(size)]
        self._queue = BoundedQueue(workers, max_waiting, max_wait_s)

    def ask(self, request: Request, time_limit_s: float) -> Reply:
        with self._queue.lend() as worker:
            return worker.ask(request, time_limit_s)

    def close(self) -> None:
        for worker in self._queue.items:
            worker.stop()
