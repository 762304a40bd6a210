"""A real OpenSearch 3 node on 127.0.0.1, assembled from Maven Central by Maven itself.

OpenSearch publishes its server and its modules as Maven artifacts (no distribution archive there).
`mvn dependency:copy-dependencies` on small POMs gathers the server's jars into `lib/` (the server,
Lucene 10, log4j-core, the plugin class loader and the agent bootstrap that 3.x needs at start-up)
and each module's jars into `modules/<name>/` (minus those already in `lib/`: OpenSearch refuses a
class found twice). Two modules are enough for the catalogue: the HTTP transport (netty4) and
`analysis-common` (pattern tokenizer, ASCII folding, French and English light stemmers), the same
analysis a managed OpenSearch offers. Their jars carry no descriptor, so one is written beside them.
The first assembly takes about a minute (50 MB); later ones reuse the cache. OpenSearch 3.x runs on
Java 21+ (the Temurin 25 JDK here) and, unlike Elasticsearch, accepts root.

    python -m support.opensearch_node run --port 9200 --data ../build/opensearch
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from support.search_node import (
    HEALTH_TIMEOUT,
    Node,
    SearchNodeError,
    cli_main,
    find_java,
    port_is_free,
    start_process,
)

OPENSEARCH_VERSION = "3.9.0"
LOG4J_VERSION = "2.25.5"
SUPPORTED_JAVA = range(21, 26)  # 3.x needs 21+; 25 is the newest tried
MAVEN_TIMEOUT_S = 900
SERVER_ARTIFACTS = (
    ("org.opensearch", "opensearch"),
    ("org.opensearch", "opensearch-plugin-classloader"),
    ("org.opensearch", "opensearch-agent-bootstrap"),  # else NoClassDefFoundError: AgentPolicy$AnyCanExit
)
# Module folder → (artifact, descriptor name, plugin class).
MODULES = {
    "transport-netty4": (
        "org.opensearch.plugin:transport-netty4-client",
        "transport-netty4",
        "org.opensearch.transport.Netty4ModulePlugin",
    ),
    "analysis-common": (
        "org.opensearch.plugin:analysis-common",
        "analysis-common",
        "org.opensearch.analysis.common.CommonAnalysisModulePlugin",
    ),
}
# Native QUIC codecs for other systems: unused (HTTP/3 is off) and 20 MB.
_FOREIGN_NATIVE = ("-osx-", "-windows-", "-linux-aarch_64")

OPENSEARCH_YML = """\
# Local single-node OpenSearch for the health data catalogue (written by support.opensearch_node).
# path.data, path.logs, http.port and transport.port are given on the command line by start().
cluster.name: health-data-catalogue
node.name: catalogue-node
network.host: 127.0.0.1
discovery.type: single-node
# A nearly full developer disk must not turn the indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
"""
LOG4J2_PROPERTIES = """\
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""
JVM_OPTIONS = [
    "-Xms512m",
    "-Xmx512m",
    # C1 only: starts in about half the time on 2 busy cores; OPENSEARCH_JAVA_OPTS may override.
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseG1GC",
    "-Dfile.encoding=UTF-8",
    "-Djava.awt.headless=true",
    "-Dlog4j2.formatMsgNoLookups=true",
    # As root (containers, CI): keep JNA from unpacking its native library, which only costs
    # mlockall and the system call filter of a production node.
    "-Djna.nosys=true",
    "-Djna.nounpack=true",
]


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "health-data-catalogue" / f"opensearch-{OPENSEARCH_VERSION}"


def ensure_distribution(cache: Path | None = None) -> Path:
    """The OpenSearch home (lib/, modules/, config/), resolved from Maven Central once."""
    home = cache or default_cache_dir()
    if (home / "lib" / f"opensearch-{OPENSEARCH_VERSION}.jar").is_file() and (home / "config").is_dir():
        return home
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work) / "home"
        server = [f"{group}:{artifact}" for group, artifact in SERVER_ARTIFACTS]
        _copy_dependencies(
            [*server, f"org.apache.logging.log4j:log4j-core:{LOG4J_VERSION}"], staging / "lib", Path(work)
        )
        in_lib = {jar.name for jar in (staging / "lib").glob("*.jar")}
        for folder, (artifact, name, classname) in MODULES.items():
            target = staging / "modules" / folder
            _copy_dependencies([artifact], target, Path(work))
            for jar in target.glob("*.jar"):
                if jar.name in in_lib or any(part in jar.name for part in _FOREIGN_NATIVE):
                    jar.unlink()
            (target / "plugin-descriptor.properties").write_text(_descriptor(name, classname), "utf-8")
        (staging / "plugins").mkdir()
        (staging / "config").mkdir()
        (staging / "config" / "opensearch.yml").write_text(OPENSEARCH_YML, "utf-8")
        (staging / "config" / "log4j2.properties").write_text(LOG4J2_PROPERTIES, "utf-8")
        (staging / "config" / "jvm.options").write_text("", "utf-8")
        shutil.rmtree(home, ignore_errors=True)
        home.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), home)
    return home


def _copy_dependencies(artifacts: list[str], target: Path, work: Path) -> None:
    """The artifacts (group:artifact[:version], version defaulting to OpenSearch's) and their
    dependencies, copied into `target` by Maven."""
    dependencies = []
    for coordinate in artifacts:
        group, artifact, *version = coordinate.split(":")
        dependencies.append(
            f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
            f"<version>{version[0] if version else OPENSEARCH_VERSION}</version></dependency>"
        )
    project = work / target.name
    project.mkdir(parents=True, exist_ok=True)
    (project / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>local</groupId><artifactId>{target.name}</artifactId><version>1</version>"
        f"<dependencies>{''.join(dependencies)}</dependencies></project>",
        "utf-8",
    )
    command = ["mvn", "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={target}"]
    try:
        done = subprocess.run(
            command, cwd=project, capture_output=True, text=True, timeout=MAVEN_TIMEOUT_S, check=False
        )
    except FileNotFoundError as error:
        raise SearchNodeError(
            "Maven (mvn) is needed to assemble OpenSearch: apt-get install maven"
        ) from error
    if done.returncode != 0:
        raise SearchNodeError(f"Maven could not resolve {', '.join(artifacts)}:\n{done.stdout}{done.stderr}")


def _descriptor(name: str, classname: str) -> str:
    return (
        f"name={name}\ndescription={name}\nversion={OPENSEARCH_VERSION}\n"
        f"opensearch.version={OPENSEARCH_VERSION}\njava.version=21\nclassname={classname}\n"
    )


def start(home: Path, data_dir: Path, port: int = 9200, timeout: float = HEALTH_TIMEOUT) -> Node:
    """A node of `home` on 127.0.0.1:`port` (transport on the next free port above it), data, logs
    and a copy of the configuration under `data_dir`; returned once the cluster is yellow."""
    home, data_dir = home.resolve(), data_dir.resolve()
    if not port_is_free(port):
        raise SearchNodeError(f"port {port} on 127.0.0.1 is already in use")
    java = find_java(SUPPORTED_JAVA, override="OPENSEARCH_JAVA", server=f"OpenSearch {OPENSEARCH_VERSION}")
    for sub in ("data", "logs", "tmp", "config"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    for config_file in (home / "config").iterdir():  # the node writes its keystore beside it
        shutil.copyfile(config_file, data_dir / "config" / config_file.name)
    transport = next(p for p in range(port + 100, port + 200) if port_is_free(p))
    command = [
        java,
        *JVM_OPTIONS,
        *os.environ.get("OPENSEARCH_JAVA_OPTS", "").split(),
        f"-Djava.io.tmpdir={data_dir / 'tmp'}",
        f"-XX:ErrorFile={data_dir / 'logs' / 'hs_err_pid%p.log'}",
        f"-Dopensearch.path.home={home}",
        f"-Dopensearch.path.conf={data_dir / 'config'}",
        "-Dopensearch.distribution.type=tar",
        "-Dopensearch.bundled_jdk=false",
        "-cp",
        str(home / "lib" / "*"),
        "org.opensearch.bootstrap.OpenSearch",
        f"-Epath.data={data_dir / 'data'}",
        f"-Epath.logs={data_dir / 'logs'}",
        f"-Ehttp.port={port}",
        f"-Etransport.port={transport}",
    ]
    return start_process(
        command,
        url=f"http://127.0.0.1:{port}",
        log=data_dir / "opensearch.log",
        cwd=data_dir,
        health_timeout=timeout,
        server=f"OpenSearch {OPENSEARCH_VERSION}",
    )


def main(argv: list[str] | None = None) -> int:
    return cli_main(
        argv,
        prog="python -m support.opensearch_node",
        server=f"OpenSearch {OPENSEARCH_VERSION}",
        ensure=ensure_distribution,
        start=start,
        default_port=9200,
        default_data=Path("build") / "opensearch",
    )


if __name__ == "__main__":
    raise SystemExit(main())
