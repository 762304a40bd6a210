"""A real Apache Jena Fuseki server on 127.0.0.1, assembled from Maven Central by Maven itself.

`mvn dependency:copy-dependencies` on a two-line POM (jena-fuseki-main 5.6.0, the newest for Java 17,
and a log4j binding) gathers the jars (86, 37 MB, about 30 s the first time) into
`~/.cache/health-data-catalogue/fuseki-<version>/lib`; the server runs from there with an in-memory
dataset at `/catalogue`, SPARQL Update and the Graph Store Protocol enabled (`catalogue index` loads
graphs through it), a query timeout, and `/$/ping`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FUSEKI_VERSION = "5.6.0"
LOG4J_VERSION = "2.25.2"
START_TIMEOUT_S = 60.0
POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>fuseki-for-tests</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.jena</groupId><artifactId>jena-fuseki-main</artifactId>
      <version>{FUSEKI_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId>
      <version>{LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
"""


@dataclass(frozen=True)
class FusekiNode:
    url: str  # http://127.0.0.1:<port>/catalogue

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def data_url(self) -> str:
        return f"{self.url}/data"


def ensure_distribution(cache: Path | None = None) -> Path:
    """The folder of Fuseki's jars, resolved from Maven Central once."""
    home = cache or Path.home() / ".cache" / "health-data-catalogue" / f"fuseki-{FUSEKI_VERSION}"
    lib = home / "lib"
    if (lib / f"jena-fuseki-main-{FUSEKI_VERSION}.jar").is_file():
        return lib
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "pom.xml").write_text(POM, "utf-8")
        staging = Path(work) / "lib"
        command = ["mvn", "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={staging}"]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(
                f"Maven could not resolve Fuseki {FUSEKI_VERSION}:\n{done.stdout}{done.stderr}"
            )
        home.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(lib, ignore_errors=True)
        shutil.move(str(staging), lib)
    return lib


@contextmanager
def start(lib: Path, port: int, log: Path, query_timeout_s: float = 10.0) -> Iterator[FusekiNode]:
    command = [
        "java",
        "-Xmx1g",
        "-cp",
        f"{lib}/*",
        "org.apache.jena.fuseki.main.cmds.FusekiMainCmd",
        "--localhost",
        f"--port={port}",
        "--update",
        "--mem",
        "--ping",
        f"--timeout={int(query_timeout_s * 1000)}",
        "/catalogue",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/$/ping", process, log)
        yield FusekiNode(f"http://127.0.0.1:{port}/catalogue")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(ping: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Fuseki stopped at start:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(ping, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"Fuseki did not answer within {START_TIMEOUT_S:g} s")
