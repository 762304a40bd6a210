"""A real, local Elasticsearch node assembled from artifacts published on Maven Central.

No Docker and no download from elastic.co: the server jar ``org.elasticsearch:elasticsearch`` and its
libraries come from Maven Central, and so do the modules, republished by CodeLibs as
``org.codelibs.elasticsearch.module:<module>`` (the way their elasticsearch-cluster-runner works).
:func:`ensure_distribution` downloads them (checking each against the ``.sha1`` published next to it),
caches them and lays out an Elasticsearch home (``lib/``, ``modules/<name>/`` with a plugin descriptor
and security policy, ``config/``); :func:`start` runs ``org.elasticsearch.bootstrap.Elasticsearch``
in the background on 127.0.0.1, as a single-node cluster.

Why 7.10.2: it is the newest Elasticsearch whose modules (analysis-common, lang-painless, ...) are on
Maven Central. Elastic publishes no 8.x/9.x module but transport-netty4 and x-pack (its
``integ-test-zip`` distribution holds only those), and CodeLibs stopped at 7.10.2. Without
analysis-common there is no elision, asciifolding, stemmer, synonym or n-gram filter. 7.10.2 runs on
Java 11 to 17 (it installs a SecurityManager, which Java 24 removed). Talk to it with the official
client of the same major version: ``elasticsearch>=7.17,<8``.

CLI::

    python -m support.elasticsearch_node fetch
    python -m support.elasticsearch_node run --port 9200 --data build/elasticsearch
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from support.search_node import (
    Node,
    SearchNodeError,
    cli_main,
    download,
    find_java,
    port_is_free,
    published_sha1,
    start_process,
)

ES_VERSION = "7.10.2"
MAVEN_REPOSITORY = os.environ.get("CATALOGUE_MAVEN_REPOSITORY", "https://repo1.maven.org/maven2").rstrip("/")
START_TIMEOUT = 120.0  # seconds until the cluster is yellow
SUPPORTED_JAVA = range(11, 18)  # 7.10.2 needs the SecurityManager (gone in Java 24) and predates 18

# ---------------------------------------------------------------------------------------------------
# What the node is made of. Derived with `mvn dependency:tree` (compile scope) on
# org.elasticsearch:elasticsearch:7.10.2 and on each org.codelibs.elasticsearch.module:<m>:7.10.2,
# then laid out as in the official 7.10.2 distribution. Deliberate differences: log4j 2.17.1 instead
# of 2.11.1 (Log4Shell), and no jts-core/spatial4j (only the legacy prefix-tree geo_shape needs them).
# Some jars are renamed to their name in the official distribution: the security policies grant
# permissions by jar name (`codebase.<name>`).
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Jar:
    """A jar on Maven Central (``group:artifact:version``), stored as ``<name>-<version>.jar``."""

    coordinates: str
    name: str = ""

    @property
    def group(self) -> str:
        return self.coordinates.split(":")[0]

    @property
    def artifact(self) -> str:
        return self.coordinates.split(":")[1]

    @property
    def version(self) -> str:
        return self.coordinates.split(":")[2]

    @property
    def url(self) -> str:
        group_path = self.group.replace(".", "/")
        return f"{MAVEN_REPOSITORY}/{group_path}/{self.artifact}/{self.version}/{self.artifact}-{self.version}.jar"

    @property
    def cache_name(self) -> str:
        return f"{self.group}__{self.artifact}-{self.version}.jar"

    @property
    def file_name(self) -> str:
        return f"{self.name or self.artifact}-{self.version}.jar"


@dataclass(frozen=True)
class Module:
    """An Elasticsearch module: ``modules/<name>/`` with its jars, descriptor and security policy."""

    name: str
    classname: str
    description: str
    jars: tuple[Jar, ...]
    extended_plugins: tuple[str, ...] = ()
    policy: str = ""


def _codelibs_module(name: str) -> Jar:
    return Jar(f"org.codelibs.elasticsearch.module:{name}:{ES_VERSION}")


LIB_JARS: tuple[Jar, ...] = (
    Jar(f"org.elasticsearch:elasticsearch:{ES_VERSION}"),
    Jar(f"org.elasticsearch:elasticsearch-cli:{ES_VERSION}"),
    Jar(f"org.elasticsearch:elasticsearch-core:{ES_VERSION}"),
    Jar(f"org.elasticsearch:elasticsearch-geo:{ES_VERSION}"),
    Jar(f"org.elasticsearch:elasticsearch-secure-sm:{ES_VERSION}"),
    Jar(f"org.elasticsearch:elasticsearch-x-content:{ES_VERSION}"),
    Jar("org.elasticsearch:jna:5.5.0"),
    Jar(
        f"org.codelibs.elasticsearch.lib:plugin-classloader:{ES_VERSION}", "elasticsearch-plugin-classloader"
    ),
    *(
        Jar(f"org.apache.lucene:lucene-{name}:8.7.0")
        for name in (
            "analyzers-common",
            "backward-codecs",
            "core",
            "grouping",
            "highlighter",
            "join",
            "memory",
            "misc",
            "queries",
            "queryparser",
            "sandbox",
            "spatial-extras",
            "spatial3d",
            "suggest",
        )
    ),
    Jar("com.carrotsearch:hppc:0.8.1"),
    Jar("com.fasterxml.jackson.core:jackson-core:2.10.4"),
    Jar("com.fasterxml.jackson.dataformat:jackson-dataformat-cbor:2.10.4"),
    Jar("com.fasterxml.jackson.dataformat:jackson-dataformat-smile:2.10.4"),
    Jar("com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.10.4"),
    Jar("com.tdunning:t-digest:3.2"),
    Jar("joda-time:joda-time:2.10.4"),
    Jar("net.sf.jopt-simple:jopt-simple:5.0.2"),
    Jar("org.apache.logging.log4j:log4j-api:2.17.1"),
    Jar("org.apache.logging.log4j:log4j-core:2.17.1"),
    Jar("org.hdrhistogram:HdrHistogram:2.1.9"),
    Jar("org.yaml:snakeyaml:1.26"),
)

_NETTY = "4.1.49.Final"
_HTTP_CLIENT_JARS = (
    Jar(f"org.elasticsearch.client:elasticsearch-rest-client:{ES_VERSION}"),
    Jar(f"org.codelibs.elasticsearch.lib:ssl-config:{ES_VERSION}", "elasticsearch-ssl-config"),
    Jar("org.apache.httpcomponents:httpasyncclient:4.1.4"),
    Jar("org.apache.httpcomponents:httpclient:4.5.10"),
    Jar("org.apache.httpcomponents:httpcore:4.4.12"),
    Jar("org.apache.httpcomponents:httpcore-nio:4.4.12"),
    Jar("commons-codec:commons-codec:1.11"),
    Jar("commons-logging:commons-logging:1.1.3"),
)

MODULES: tuple[Module, ...] = (
    Module(
        "transport-netty4",
        "org.elasticsearch.transport.Netty4Plugin",
        "Netty 4 based transport implementation (HTTP and node-to-node)",
        (
            _codelibs_module("transport-netty4"),
            *(
                Jar(f"io.netty:netty-{part}:{_NETTY}")
                for part in ("buffer", "codec", "codec-http", "common", "handler", "resolver", "transport")
            ),
        ),
        policy="""
grant codeBase "${codebase.netty-common}" {
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  permission java.net.SocketPermission "*", "accept,connect";
  permission java.lang.RuntimePermission "setContextClassLoader";
};
grant codeBase "${codebase.netty-transport}" {
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
""",
    ),
    Module(
        "lang-painless",
        "org.elasticsearch.painless.PainlessPlugin",
        "Painless scripting language",
        (
            _codelibs_module("lang-painless"),
            Jar(
                f"org.codelibs.elasticsearch.module:scripting-painless-spi:{ES_VERSION}",
                "elasticsearch-scripting-painless-spi",
            ),
            Jar("org.antlr:antlr4-runtime:4.5.3"),
            *(
                Jar(f"org.ow2.asm:{name}:7.2")
                for name in ("asm", "asm-analysis", "asm-commons", "asm-tree", "asm-util")
            ),
        ),
        policy="""
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
""",
    ),
    Module(
        "analysis-common",
        "org.elasticsearch.analysis.common.CommonAnalysisPlugin",
        "Built-in analyzers, tokenizers and token filters",
        (_codelibs_module("analysis-common"),),
        extended_plugins=("lang-painless",),
    ),
    Module(
        "mapper-extras",
        "org.elasticsearch.index.mapper.MapperExtrasPlugin",
        "search_as_you_type, scaled_float, rank_feature, token_count fields",
        (_codelibs_module("mapper-extras"),),
    ),
    Module(
        "parent-join",
        "org.elasticsearch.join.ParentJoinPlugin",
        "join field, has_child and has_parent queries",
        (_codelibs_module("parent-join"),),
    ),
    Module(
        "reindex",
        "org.elasticsearch.index.reindex.ReindexPlugin",
        "_reindex, _update_by_query and _delete_by_query",
        (_codelibs_module("reindex"), *_HTTP_CLIENT_JARS),
        policy="""
grant {
  permission java.net.SocketPermission "*", "connect";
};
grant codeBase "${codebase.elasticsearch-rest-client}" {
  permission java.net.NetPermission "getProxySelector";
};
grant codeBase "${codebase.httpasyncclient}" {
  permission java.net.NetPermission "getProxySelector";
};
""",
    ),
    Module(
        "lang-mustache",
        "org.elasticsearch.script.mustache.MustachePlugin",
        "Mustache search templates",
        (_codelibs_module("lang-mustache"), Jar("com.github.spullara.mustache.java:compiler:0.9.6")),
        policy="""
grant {
  permission java.lang.RuntimePermission "accessDeclaredMembers";
  permission java.lang.reflect.ReflectPermission "suppressAccessChecks";
};
""",
    ),
    Module(
        "rank-eval",
        "org.elasticsearch.index.rankeval.RankEvalPlugin",
        "_rank_eval: search relevance evaluation",
        (_codelibs_module("rank-eval"),),
    ),
    Module(
        "percolator",
        "org.elasticsearch.percolator.PercolatorPlugin",
        "percolator field and query",
        (_codelibs_module("percolator"),),
    ),
    Module(
        "aggs-matrix-stats",
        "org.elasticsearch.search.aggregations.matrix.MatrixAggregationPlugin",
        "matrix_stats aggregation",
        (_codelibs_module("aggs-matrix-stats"),),
    ),
)

ELASTICSEARCH_YML = """\
# Local single-node Elasticsearch for the health data catalogue (written by search_api.elasticsearch_node).
# path.data, path.logs and http.port are given on the command line by start().
# This distribution has no x-pack: xpack.* settings do not exist (security is simply absent).
cluster.name: health-data-catalogue
node.name: catalogue-node
network.host: 127.0.0.1
discovery.type: single-node
# A nearly full developer disk must not turn the indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
"""

JVM_OPTIONS = """\
# JVM options read by search_api.elasticsearch_node.start() (one per line); ES_JAVA_OPTS is appended.
-Xms512m
-Xmx512m
# C1 only: starts in about half the time (5 s instead of 10 s on 2 busy cores), at some cost in peak
# speed; ES_JAVA_OPTS=-XX:TieredStopAtLevel=4 restores the full JIT.
-XX:TieredStopAtLevel=1
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-Xss1m
-XX:-OmitStackTraceInFastThrow
-XX:+ShowCodeDetailsInExceptionMessages
-Djava.awt.headless=true
-Dfile.encoding=UTF-8
-Djava.locale.providers=SPI,COMPAT
-Dio.netty.noUnsafe=true
-Dio.netty.noKeySetOptimization=true
-Dio.netty.recycler.maxCapacityPerThread=0
-Dio.netty.allocator.numDirectArenas=0
-Dlog4j.shutdownHookEnabled=false
-Dlog4j2.disable.jmx=true
-Dlog4j2.formatMsgNoLookups=true
"""

LOG4J2_PROPERTIES = """\
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""


ElasticsearchNodeError = SearchNodeError


# ---------------------------------------------------------------------------------------------------
# Download and assembly
# ---------------------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$CATALOGUE_ES_CACHE``, else ``~/.cache/health-data-catalogue/elasticsearch-<version>``."""
    if override := os.environ.get("CATALOGUE_ES_CACHE"):
        return Path(override).expanduser()
    return Path.home() / ".cache" / "health-data-catalogue" / f"elasticsearch-{ES_VERSION}"


def all_jars() -> list[Jar]:
    jars = {jar.coordinates: jar for jar in LIB_JARS}
    for module in MODULES:
        jars.update((jar.coordinates, jar) for jar in module.jars)
    return list(jars.values())


def _fingerprint() -> str:
    """Changes whenever the layout of the home would: a home with another fingerprint is rebuilt."""
    spec = {
        "lib": [jar.coordinates for jar in LIB_JARS],
        "modules": [[m.name, m.classname, [j.coordinates for j in m.jars], m.policy] for m in MODULES],
        "config": [ELASTICSEARCH_YML, JVM_OPTIONS, LOG4J2_PROPERTIES],
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _download(jar: Jar, artifacts: Path) -> None:
    download(jar.url, artifacts, lambda: published_sha1(jar.url), name=jar.cache_name)


def _descriptor(module: Module) -> str:
    return "\n".join(
        [
            f"description={module.description}",
            f"version={ES_VERSION}",
            f"name={module.name}",
            f"classname={module.classname}",
            "java.version=1.8",
            f"elasticsearch.version={ES_VERSION}",
            f"extended.plugins={','.join(module.extended_plugins)}",
            "has.native.controller=false",
            "",
        ]
    )


def _assemble(home: Path, artifacts: Path) -> None:
    def link(jar: Jar, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / jar.file_name
        try:
            os.link(artifacts / jar.cache_name, target)  # no copy when on the same file system
        except OSError:
            shutil.copyfile(artifacts / jar.cache_name, target)

    for jar in LIB_JARS:
        link(jar, home / "lib")
    for module in MODULES:
        directory = home / "modules" / module.name
        for jar in module.jars:
            link(jar, directory)
        (directory / "plugin-descriptor.properties").write_text(_descriptor(module))
        if module.policy:
            (directory / "plugin-security.policy").write_text(module.policy.lstrip())
    (home / "plugins").mkdir()
    config = home / "config"
    config.mkdir()
    (config / "elasticsearch.yml").write_text(ELASTICSEARCH_YML)
    (config / "jvm.options").write_text(JVM_OPTIONS)
    (config / "log4j2.properties").write_text(LOG4J2_PROPERTIES)


def ensure_distribution(cache_dir: Path | None = None) -> Path:
    """Download what is missing from Maven Central, assemble the home once, and return its path.

    Layout of ``cache_dir``: ``artifacts/`` (verified jars) and ``home/`` (the Elasticsearch home,
    marked complete by ``home/.fingerprint``). A second call returns at once and downloads nothing.
    """
    cache_dir = (cache_dir or default_cache_dir()).expanduser().resolve()
    home = cache_dir / "home"
    fingerprint = _fingerprint()
    marker = home / ".fingerprint"
    if marker.is_file() and marker.read_text().strip() == fingerprint:
        return home

    artifacts = cache_dir / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(_download, jar, artifacts) for jar in all_jars()]
        try:
            for future in as_completed(futures):
                future.result()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # fail fast: do not start the other downloads
            raise

    staging = Path(tempfile.mkdtemp(prefix=".home-", dir=cache_dir))
    try:
        _assemble(staging, artifacts)
        (staging / ".fingerprint").write_text(fingerprint + "\n")
        if home.exists():
            shutil.rmtree(home)
        try:
            staging.rename(home)
        except OSError:
            if not (marker.is_file() and marker.read_text().strip() == fingerprint):
                raise  # not a concurrent assembly of the same home: a real failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return home


# ---------------------------------------------------------------------------------------------------
# Running a node
# ---------------------------------------------------------------------------------------------------


def _jvm_options(home: Path) -> list[str]:
    lines = (home / "config" / "jvm.options").read_text().splitlines()
    options = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return options + os.environ.get("ES_JAVA_OPTS", "").split()


def start(home: Path, data_dir: Path, port: int = 9200, *, timeout: float = START_TIMEOUT) -> Node:
    """Start a node of ``home`` on 127.0.0.1:``port`` in the background and wait until it is yellow.

    Data go to ``data_dir/data``, logs to ``data_dir/logs``, the JVM's output to
    ``data_dir/elasticsearch.log``; the configuration is copied from ``home/config`` to
    ``data_dir/config``. The JVM runs in its own process group.
    """
    home = home.resolve()
    data_dir = data_dir.resolve()
    if not (home / "lib" / f"elasticsearch-{ES_VERSION}.jar").is_file():
        raise ElasticsearchNodeError(
            f"{home} is not an Elasticsearch {ES_VERSION} home: run ensure_distribution()"
        )
    if not port_is_free(port):
        raise ElasticsearchNodeError(f"port {port} on 127.0.0.1 is already in use")
    java = find_java(SUPPORTED_JAVA, override="CATALOGUE_ES_JAVA", server=f"Elasticsearch {ES_VERSION}")
    for sub in ("data", "logs", "tmp", "config"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    # Each node gets its own copy of the configuration: the node writes its keystore there, and the
    # cached home stays untouched (and shareable by several nodes at once).
    for config_file in (home / "config").iterdir():
        shutil.copyfile(config_file, data_dir / "config" / config_file.name)
    command = [
        java,
        *_jvm_options(home),
        f"-Djava.io.tmpdir={data_dir / 'tmp'}",
        f"-XX:ErrorFile={data_dir / 'logs' / 'hs_err_pid%p.log'}",
        f"-Des.path.home={home}",
        f"-Des.path.conf={data_dir / 'config'}",
        # The official 7.x Python client refuses a 7.10 server whose build flavor is not "default".
        "-Des.distribution.flavor=default",
        "-Des.distribution.type=tar",
        "-Des.bundled_jdk=false",
    ]
    if os.geteuid() == 0:
        # Elasticsearch refuses to run as root, a check it makes through JNA: as root (containers, CI),
        # keep JNA from loading its native library, which only costs the seccomp filter and mlockall.
        command += ["-Djna.nosys=true", "-Djna.nounpack=true"]
    command += [
        "-cp",
        str(home / "lib" / "*"),
        "org.elasticsearch.bootstrap.Elasticsearch",
        f"-Epath.data={data_dir / 'data'}",
        f"-Epath.logs={data_dir / 'logs'}",
        f"-Ehttp.port={port}",
    ]
    return start_process(
        command,
        url=f"http://127.0.0.1:{port}",
        log=data_dir / "elasticsearch.log",
        cwd=data_dir,
        health_timeout=timeout,
        server=f"Elasticsearch {ES_VERSION}",
    )


# ---------------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(
        argv,
        prog="python -m support.elasticsearch_node",
        server=f"Elasticsearch {ES_VERSION}",
        ensure=ensure_distribution,
        start=lambda home, data, port, timeout: start(home, data, port, timeout=timeout),
        default_port=9200,
        default_data=Path("build/elasticsearch"),
    )


if __name__ == "__main__":
    sys.exit(main())
