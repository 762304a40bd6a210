"""What every local search node of the test harness needs, whatever the engine.

Elasticsearch (:mod:`support.elasticsearch_node`) and OpenSearch (:mod:`support.opensearch_node`) are
assembled from Maven Central and run as a background JVM on 127.0.0.1; this module holds the parts that
do not depend on the engine:

- :func:`download` — an HTTP download (retries, timeout) into a cache directory, checked against a
  pinned or published SHA-1/SHA-256/SHA-512, written atomically; :func:`http_get` for small files.
- :func:`find_java` — a ``java`` of a given feature version (``$<override>``, ``$JAVA_HOME``, PATH,
  /usr/lib/jvm, e.g. /usr/lib/jvm/temurin-25-jdk-amd64); :func:`jdk_tool` finds its ``javac``.
- :func:`start_process` — starts the node's process (own process group, optionally as another user,
  output to a log file), waits for ``_cluster/health`` to be yellow and returns a :class:`Node`;
  on failure the error carries the log's last lines and nothing is left running.
- :class:`Node` — ``url``, ``process``, ``log_file``; :meth:`Node.stop`, and a context manager.
- :func:`port_is_free`, :func:`log_tail`, and :func:`cli_main`, the ``fetch`` / ``run`` command line.

Errors the user can act on (no Java, a download failed, the node did not start) are
:class:`SearchNodeError`, with a message that says which.
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TypeVar

DOWNLOAD_TIMEOUT = 60.0  # seconds without data before an HTTP request is given up
DOWNLOAD_ATTEMPTS = 3
HEALTH_TIMEOUT = 120.0  # seconds until the cluster is yellow
_CHUNK = 1 << 20
T = TypeVar("T")
_HASHES = {40: "sha1", 64: "sha256", 128: "sha512"}  # hex digest length → algorithm


class SearchNodeError(RuntimeError):
    """Java missing, a download failed, or the node did not start: the message says which."""


# ---------------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------------


def _retrying(url: str, attempts: int, fetch: Callable[[], T]) -> T:
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            return fetch()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise SearchNodeError(f"not found: {url}") from error
            last = error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = error
        if attempt + 1 < attempts:
            time.sleep(0.5 * (attempt + 1))
    raise SearchNodeError(f"download failed after {attempts} attempts: {url} ({last})")


def http_get(url: str, *, timeout: float = DOWNLOAD_TIMEOUT, attempts: int = DOWNLOAD_ATTEMPTS) -> bytes:
    """The body of a small resource (a ``.sha1`` file, a ``maven-metadata.xml``), with retries."""

    def fetch() -> bytes:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data: bytes = response.read()
            return data

    return _retrying(url, attempts, fetch)


def published_sha1(url: str) -> str:
    """The SHA-1 Maven Central publishes next to an artifact (``<url>.sha1``)."""
    words = http_get(url + ".sha1").decode("ascii", "replace").split()
    if not words:
        raise SearchNodeError(f"empty checksum file: {url}.sha1")
    return words[0].lower()


def download(
    url: str,
    cache: Path,
    sha: str | Callable[[], str],
    *,
    name: str | None = None,
    timeout: float = DOWNLOAD_TIMEOUT,
    attempts: int = DOWNLOAD_ATTEMPTS,
) -> Path:
    """``cache/<name>`` (default: the URL's last segment), downloaded first if it is not there.

    ``sha`` is the expected hex digest (SHA-1, SHA-256 or SHA-512, told apart by length), or a
    function returning it (e.g. ``lambda: published_sha1(url)``), called only when downloading. The
    body streams to a temporary file beside the target, renamed once verified: concurrent downloads
    and interrupted ones never leave a partial file under the final name.
    """
    target = cache / (name or url.rsplit("/", 1)[-1])
    if target.is_file():
        return target
    expected = (sha() if callable(sha) else sha).lower()
    algorithm = _HASHES.get(len(expected))
    if algorithm is None or not re.fullmatch(r"[0-9a-f]+", expected):
        raise SearchNodeError(f"not a SHA-1/256/512 hex digest for {url}: {expected!r}")
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")

    def fetch() -> None:
        digest = hashlib.new(algorithm)
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
            while chunk := response.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        actual = digest.hexdigest()
        if actual != expected:
            partial.unlink(missing_ok=True)
            raise SearchNodeError(f"checksum mismatch for {url}: {algorithm} {actual}, expected {expected}")

    try:
        _retrying(url, attempts, fetch)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


# ---------------------------------------------------------------------------------------------------
# Java
# ---------------------------------------------------------------------------------------------------


def java_major_version(java: str) -> int | None:
    """The feature version of a ``java`` executable (8, 11, 17, 25...), or None if it does not run."""
    try:
        result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _java_candidates(override: str | None) -> Iterator[str]:
    if override and (explicit := os.environ.get(override)):
        yield explicit
    for variable in ("JAVA_HOME",):
        if java_home := os.environ.get(variable):
            yield str(Path(java_home) / "bin" / "java")
    if on_path := shutil.which("java"):
        yield on_path
    # Newest first: /usr/lib/jvm/temurin-25-jdk-amd64 before java-17-openjdk-amd64 when both fit.
    yield from (str(p) for p in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True))


def find_java(
    majors: Collection[int],
    *,
    override: str | None = None,
    server: str = "this server",
    tool: str | None = None,
) -> str:
    """The first ``java`` whose feature version is in ``majors`` (and, with ``tool``, whose JDK has
    that tool, e.g. ``javac``), among ``$<override>`` (a path to a ``java``), ``$JAVA_HOME``, PATH and
    /usr/lib/jvm/*; raises :class:`SearchNodeError` naming what was found otherwise."""
    seen: dict[str, int | None] = {}
    for java in _java_candidates(override):
        resolved = os.path.realpath(java)
        if resolved in seen:
            continue
        seen[resolved] = version = java_major_version(java)
        if version in majors and (tool is None or _has_tool(java, tool)):
            return java
    wanted = ", ".join(str(m) for m in sorted(majors)) + (f" with {tool}" if tool else "")
    found = ", ".join(f"{java} ({version or 'not runnable'})" for java, version in seen.items()) or "none"
    hint = f" or set {override} to its java" if override else ""
    raise SearchNodeError(
        f"{server} needs Java {wanted}; found: {found}. Install one (e.g. Temurin in /usr/lib/jvm){hint}."
    )


def _has_tool(java: str, tool: str) -> bool:
    candidate = Path(os.path.realpath(java)).parent / tool
    return candidate.is_file() and os.access(candidate, os.X_OK)


def jdk_tool(java: str, tool: str) -> str:
    """A tool of the JDK that ``java`` belongs to (``javac``, ``jar``), or :class:`SearchNodeError`
    if that Java is a runtime without it."""
    if _has_tool(java, tool):
        return str(Path(os.path.realpath(java)).parent / tool)
    raise SearchNodeError(f"{tool} not found next to {java}: a JDK (not a JRE) is needed")


# ---------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------


@dataclass
class Node:
    """A running node; :meth:`stop` it (or use it as a context manager)."""

    url: str
    process: subprocess.Popen[bytes]
    log_file: Path

    def stop(self, timeout: float = 30.0) -> None:
        """Terminate the node's process group, wait, and kill it if it does not exit in time."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Node:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def log_tail(log_file: Path, lines: int = 40) -> str:
    """The last lines of a log, for error messages."""
    try:
        text = log_file.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def port_is_free(port: int) -> bool:
    """Whether a server could bind 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the JVM binds: a port left in TIME_WAIT by a node just stopped counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def cluster_is_yellow(url: str) -> bool:
    """Whether ``url/_cluster/health`` answers yellow or green (same API on Elasticsearch and OpenSearch)."""
    try:
        with urllib.request.urlopen(
            f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5
        ) as r:
            status: object = json.load(r).get("status")
            return status in ("yellow", "green")
    except (urllib.error.URLError, OSError, ValueError):
        return False


@dataclass(frozen=True)
class User:
    """An account to run a node as (Elasticsearch refuses root)."""

    name: str
    uid: int
    gid: int

    @classmethod
    def named(cls, name: str, group: str | None = None) -> User:
        entry = pwd.getpwnam(name)
        return cls(name, entry.pw_uid, grp.getgrnam(group).gr_gid if group else entry.pw_gid)

    def cannot_reach(self, path: Path) -> Path | None:
        """The first directory from / down to ``path`` that this user may not enter, or None."""
        for directory in (*reversed(path.resolve().parents), path.resolve()):
            info = directory.stat()
            if info.st_uid == self.uid:
                allowed = info.st_mode & stat.S_IXUSR
            elif info.st_gid == self.gid:
                allowed = info.st_mode & stat.S_IXGRP
            else:
                allowed = info.st_mode & stat.S_IXOTH
            if not allowed:
                return directory
        return None

    def own(self, *paths: Path) -> None:
        """Give these directories (recursively) to the user: the node writes its data, logs, config."""
        for path in paths:
            for root, directories, files in os.walk(path):
                for entry in (root, *(os.path.join(root, n) for n in (*directories, *files))):
                    os.chown(entry, self.uid, self.gid, follow_symlinks=False)


def start_process(
    argv: Sequence[str],
    *,
    url: str,
    log: Path,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    health_timeout: float = HEALTH_TIMEOUT,
    user: User | None = None,
    server: str = "the node",
) -> Node:
    """Run ``argv`` in the background in its own process group, output appended to ``log``, and
    wait until ``url`` reports a yellow cluster; as ``user`` (uid, gid, no supplementary groups) when
    given. Raises :class:`SearchNodeError` with the log's tail if the process exits or the time runs
    out; Ctrl-C while waiting also stops it: no node is left behind."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        if user is not None:
            os.chown(log, user.uid, user.gid)
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,
            user=user.uid if user else None,
            group=user.gid if user else None,
            extra_groups=[] if user else None,
        )
    node = Node(url, process, log)
    deadline = time.monotonic() + health_timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SearchNodeError(
                    f"{server} exited with code {process.returncode}; last lines of {log}:\n" + log_tail(log)
                )
            if cluster_is_yellow(url):
                return node
            time.sleep(0.5)
    except BaseException:
        node.stop()
        raise
    node.stop()
    raise SearchNodeError(
        f"{server} did not reach yellow within {health_timeout:.0f} s; last lines of {log}:\n" + log_tail(log)
    )


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def cli_main(
    argv: Sequence[str] | None,
    *,
    prog: str,
    server: str,
    ensure: Callable[[Path | None], Path],
    start: Callable[[Path, Path, int, float], Node],
    default_port: int,
    default_data: Path,
) -> int:
    """``fetch`` (assemble the distribution, print its home) and ``run`` (start a node in the
    foreground until Ctrl-C or SIGTERM) for a node module's ``__main__``.

    ``ensure(cache)`` returns the home (``cache`` is ``--cache`` or None for the default);
    ``start(home, data_dir, port, timeout)`` returns the running :class:`Node`.
    """
    parser = argparse.ArgumentParser(
        prog=prog, description=f"A local {server} node built from Maven Central."
    )
    parser.add_argument("--cache", type=Path, default=None, help="cache directory (default: ~/.cache/...)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="download the artifacts and assemble the home, then print its path")
    run = commands.add_parser("run", help="start a node in the foreground until Ctrl-C")
    run.add_argument(
        "--port", type=int, default=default_port, help=f"HTTP port on 127.0.0.1 ({default_port})"
    )
    run.add_argument("--data", type=Path, default=default_data, help="data and logs directory")
    run.add_argument("--timeout", type=float, default=HEALTH_TIMEOUT, help="seconds to wait for the node")
    args = parser.parse_args(argv)

    try:
        home = ensure(args.cache)
        if args.command == "fetch":
            print(home)
            return 0
        started = time.monotonic()
        node = start(home, args.data, args.port, args.timeout)
    except (SearchNodeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(
        f"{server} ready at {node.url} in {time.monotonic() - started:.1f} s "
        f"(pid {node.process.pid}, log {node.log_file}); Ctrl-C stops it.",
        file=sys.stderr,
    )
    # Ctrl-C or a SIGTERM stops the node (even where the shell started us with SIGINT ignored).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = node.process.wait()
    except KeyboardInterrupt:
        node.stop()
        return 0
    if code not in (0, -signal.SIGTERM, 143):
        print(f"error: {server} exited with code {code}; see {node.log_file}", file=sys.stderr)
        return 1
    return 0
