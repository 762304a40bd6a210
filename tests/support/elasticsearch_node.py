"""A real, local Elasticsearch 9 node assembled from Maven Central, with the French analysis.

Elastic publishes each release on Maven Central as ``org.elasticsearch.distribution.integ-test-zip:
elasticsearch:<version>:zip``: the server, its libraries (Lucene's analysis-common among them) and
three modules (transport-netty4, x-pack-core, x-pack-security), but not the analysis-common module
that every real distribution (Elastic Cloud, Docker, tarball) has. So the ``pattern`` tokenizer and
the ``asciifolding``, ``elision`` and ``stemmer`` token filters, which the product's standard analysis
settings use, do not exist there. :func:`ensure_distribution` therefore

1. downloads the zip once into the cache, checked against the SHA-256 pinned here (9.x zips have no
   ``.sha1``), and unpacks it;
2. compiles the small analysis plugin kept in ``tests/support/es_analysis_plugin/src`` with the JDK's
   ``javac`` against the distribution's jars (Elasticsearch's stable plugin API and Lucene's
   analysis-common from ``lib/``), writes its ``stable-plugin-descriptor.properties`` and
   ``named_components.json`` (read from the sources' ``@NamedComponent`` annotations), and installs
   it into ``plugins/`` — compiled once per fingerprint of the sources and the version.

:func:`start` runs ``bin/elasticsearch`` on 127.0.0.1 as a single-node cluster, security off, heap
512 MB and the C1 compiler only (``ES_JAVA_OPTS`` comes after and wins), disk watermarks off.
Elasticsearch refuses to run as root: as root, the node runs as ``nobody`` (``$CATALOGUE_ES_USER``
to choose another account), owning its data directory; the distribution is then cached in
/var/cache, which that user can read. The zip has no rest-root module either: ``GET /`` (the
client's ``info()``/``ping()``) answers 405 on this node; every other API used here is there.

CLI (from tests/)::

    python -m support.elasticsearch_node fetch
    python -m support.elasticsearch_node run --port 9200 --data ../build/elasticsearch
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from support.search_node import (
    HEALTH_TIMEOUT,
    Node,
    SearchNodeError,
    User,
    cli_main,
    download,
    find_java,
    jdk_tool,
    port_is_free,
    start_process,
)

ES_VERSION = "9.5.4"  # the newest 9.x whose integ-test-zip resolves on Maven Central (2026-12-02)
ZIP_SHA256 = "d9b0c28e08e499f6510b52ad66ec4bf9cdceab97cc28b3456989b8744b896934"
MAVEN_REPOSITORY = os.environ.get("CATALOGUE_MAVEN_REPOSITORY", "https://repo1.maven.org/maven2").rstrip("/")
ZIP_URL = (
    f"{MAVEN_REPOSITORY}/org/elasticsearch/distribution/integ-test-zip/elasticsearch/"
    f"{ES_VERSION}/elasticsearch-{ES_VERSION}.zip"
)
# Elasticsearch 9 needs Java 21 or later; measured here on Temurin 25 (what its own distributions bundle).
SUPPORTED_JAVA = range(21, 26)
PLUGIN_NAME = "catalogue-analysis"
PLUGIN_SOURCES = Path(__file__).resolve().parent / "es_analysis_plugin" / "src"
_STABLE_API = "org.elasticsearch.plugin.analysis"
_COMPONENT = re.compile(
    r'@NamedComponent\("([^"]+)"\)\s*public\s+(?:final\s+)?class\s+(\w+)\s+implements\s+(\w+)'
)

ELASTICSEARCH_YML = """\
# Local single-node Elasticsearch for the health data catalogue (written by tests/support/elasticsearch_node.py).
# path.data, path.logs and http.port are given on the command line by start().
cluster.name: health-data-catalogue
node.name: catalogue-node
network.host: 127.0.0.1
discovery.type: single-node
# No users, passwords nor TLS on this local test node (the product's TLS and credentials are its own).
xpack.security.enabled: false
# A nearly full developer disk must not stop shard allocation nor turn the indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
"""

JVM_OPTIONS = """\
# Added to the distribution's jvm.options by tests/support/elasticsearch_node.py; ES_JAVA_OPTS comes after.
-Xms512m
-Xmx512m
# C1 only: 40 % less CPU until the cluster is green (20 s instead of 34 s measured on 2 busy cores),
# at some cost in peak speed; ES_JAVA_OPTS=-XX:TieredStopAtLevel=4 restores the full JIT (benchmarks).
-XX:TieredStopAtLevel=1
"""


def default_cache_dir() -> Path:
    """``$CATALOGUE_ES_CACHE``; else ``~/.cache/health-data-catalogue/elasticsearch-<version>``, or
    ``/var/cache/health-data-catalogue/...`` as root (the unprivileged node cannot read /root)."""
    if override := os.environ.get("CATALOGUE_ES_CACHE"):
        return Path(override).expanduser()
    base = Path("/var/cache") if os.geteuid() == 0 else Path.home() / ".cache"
    return base / "health-data-catalogue" / f"elasticsearch-{ES_VERSION}"


def node_user() -> User | None:
    """Who runs the node: nobody (or ``$CATALOGUE_ES_USER``) as root, else the current user."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("CATALOGUE_ES_USER", "nobody")
    try:
        return User.named(name)
    except KeyError as error:
        raise SearchNodeError(
            f"Elasticsearch refuses to run as root and there is no user {name!r} to run it as; "
            "set CATALOGUE_ES_USER to an unprivileged account"
        ) from error


def _java(tool: str | None = None) -> str:
    return find_java(
        SUPPORTED_JAVA, override="CATALOGUE_ES_JAVA", server=f"Elasticsearch {ES_VERSION}", tool=tool
    )


# ---------------------------------------------------------------------------------------------------
# Distribution and plugin
# ---------------------------------------------------------------------------------------------------


def _plugin_fingerprint() -> str:
    digest = hashlib.sha256(f"{ES_VERSION}\n{ZIP_SHA256}\n".encode())
    for source in sorted(PLUGIN_SOURCES.rglob("*.java")):
        digest.update(source.relative_to(PLUGIN_SOURCES).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _fingerprint() -> str:
    """Changes whenever the home would: a home with another fingerprint is rebuilt."""
    spec = [ES_VERSION, ZIP_SHA256, ELASTICSEARCH_YML, JVM_OPTIONS, _plugin_fingerprint()]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()


def _unpack(archive: Path, target: Path) -> Path:
    """Unpack the zip keeping the executable bits (``zipfile`` drops them); returns the home inside."""
    with zipfile.ZipFile(archive) as zip_file:
        for member in zip_file.infolist():
            path = Path(zip_file.extract(member, target))
            mode = member.external_attr >> 16
            if mode and not member.is_dir():
                path.chmod(stat.S_IMODE(mode) | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return target / f"elasticsearch-{ES_VERSION}"


def named_components(sources: Path = PLUGIN_SOURCES) -> dict[str, dict[str, str]]:
    """``named_components.json``: stable API interface → component name → class, from the sources."""
    components: dict[str, dict[str, str]] = {}
    for source in sorted(sources.rglob("*.java")):
        text = source.read_text(encoding="utf-8")
        package = re.search(r"^package\s+([\w.]+);", text, re.MULTILINE)
        for name, classname, interface in _COMPONENT.findall(text):
            qualified = f"{package.group(1)}.{classname}" if package else classname
            components.setdefault(f"{_STABLE_API}.{interface}", {})[name] = qualified
    return components


def _build_plugin(home: Path, cache_dir: Path) -> Path:
    """The plugin's directory (jar, descriptor, named components), compiled once per fingerprint."""
    built = cache_dir / f"{PLUGIN_NAME}-{_plugin_fingerprint()[:16]}"
    if (built / "named_components.json").is_file():
        return built
    javac = jdk_tool(_java("javac"), "javac")
    with tempfile.TemporaryDirectory(prefix=".plugin-", dir=cache_dir) as work:
        classes = Path(work) / "classes"
        command = [
            javac,
            "--release",
            "21",
            "-encoding",
            "UTF-8",
            "-cp",
            str(home / "lib" / "*"),
            "-d",
            str(classes),
            *(str(p) for p in sorted(PLUGIN_SOURCES.rglob("*.java"))),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise SearchNodeError(f"javac could not compile {PLUGIN_SOURCES}:\n{done.stdout}{done.stderr}")
        staging = Path(work) / PLUGIN_NAME
        staging.mkdir()
        with zipfile.ZipFile(staging / f"{PLUGIN_NAME}.jar", "w", zipfile.ZIP_DEFLATED) as jar:
            for class_file in sorted(classes.rglob("*.class")):
                jar.write(class_file, class_file.relative_to(classes).as_posix())
        (staging / "stable-plugin-descriptor.properties").write_text(
            "\n".join(
                [
                    f"name={PLUGIN_NAME}",
                    "description=pattern tokenizer; asciifolding, elision and stemmer token filters "
                    "(the analysis-common components the Maven Central distribution lacks)",
                    "version=1.0",
                    f"elasticsearch.version={ES_VERSION}",
                    "java.version=21",
                    "",
                ]
            )
        )
        (staging / "named_components.json").write_text(json.dumps(named_components(), indent=2) + "\n")
        try:
            staging.rename(built)
        except OSError:
            if not (built / "named_components.json").is_file():
                raise  # not a concurrent build of the same plugin: a real failure
    for stale in cache_dir.glob(f"{PLUGIN_NAME}-*"):
        if stale != built:  # builds of sources changed since
            shutil.rmtree(stale, ignore_errors=True)
    return built


def ensure_distribution(cache_dir: Path | None = None) -> Path:
    """Download, unpack and equip the distribution once; return its home.

    Layout of ``cache_dir``: the zip, ``catalogue-analysis-<fingerprint>/`` (the compiled plugin) and
    ``home/`` (marked complete by ``home/.fingerprint``). A second call returns at once.
    """
    cache_dir = (cache_dir or default_cache_dir()).expanduser().resolve()
    home = cache_dir / "home"
    fingerprint = _fingerprint()
    marker = home / ".fingerprint"
    if marker.is_file() and marker.read_text().strip() == fingerprint:
        return home
    cache_dir.mkdir(parents=True, exist_ok=True)
    archive = download(ZIP_URL, cache_dir, ZIP_SHA256)
    staging = Path(tempfile.mkdtemp(prefix=".home-", dir=cache_dir))
    try:
        unpacked = _unpack(archive, staging)
        plugin = _build_plugin(unpacked, cache_dir)
        shutil.copytree(plugin, unpacked / "plugins" / PLUGIN_NAME)
        (unpacked / "config" / "elasticsearch.yml").write_text(ELASTICSEARCH_YML)
        (unpacked / "config" / "jvm.options.d").mkdir(exist_ok=True)
        (unpacked / "config" / "jvm.options.d" / "catalogue.options").write_text(JVM_OPTIONS)
        (unpacked / ".fingerprint").write_text(fingerprint + "\n")
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the home from the node's user
        if home.exists():
            shutil.rmtree(home)
        try:
            unpacked.rename(home)
        except OSError:
            if not (marker.is_file() and marker.read_text().strip() == fingerprint):
                raise  # not a concurrent assembly of the same home: a real failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return home


# ---------------------------------------------------------------------------------------------------
# Running a node
# ---------------------------------------------------------------------------------------------------


def _environment(java: str, data_dir: Path) -> dict[str, str]:
    # bin/elasticsearch warns about (and ignores) these; the JVM must not pick them up either.
    ignored = {"JAVA_HOME", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS", "ES_PATH_CONF", "ES_HOME"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        ES_JAVA_HOME=str(Path(os.path.realpath(java)).parent.parent),
        ES_PATH_CONF=str(data_dir / "config"),
        ES_TMPDIR=str(data_dir / "tmp"),
    )
    return env


def start(home: Path, data_dir: Path, port: int = 9200, *, timeout: float = HEALTH_TIMEOUT) -> Node:
    """Start a node of ``home`` on 127.0.0.1:``port`` in the background and wait until it is yellow.

    Data go to ``data_dir/data``, logs to ``data_dir/logs``, the node's output to
    ``data_dir/elasticsearch.log``; the configuration is copied from ``home/config`` to
    ``data_dir/config`` (the node writes its keystore there; the cached home stays untouched and
    shareable by several nodes). As root, ``data_dir`` is given to the node's user, who must be able to
    reach it (a pytest ``tmp_path`` under /tmp/pytest-of-root is not: use ``tempfile.mkdtemp()``).
    """
    home = home.resolve()
    data_dir = data_dir.resolve()
    if not (home / "lib" / f"elasticsearch-{ES_VERSION}.jar").is_file():
        raise SearchNodeError(f"{home} is not an Elasticsearch {ES_VERSION} home: run ensure_distribution()")
    if not port_is_free(port):
        raise SearchNodeError(f"port {port} on 127.0.0.1 is already in use")
    java = _java()
    user = node_user()
    for sub in ("data", "logs", "tmp", "config"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    shutil.copytree(home / "config", data_dir / "config", dirs_exist_ok=True)
    if user is not None:
        user.own(data_dir)
        for path in (home, data_dir):
            if blocked := user.cannot_reach(path):
                raise SearchNodeError(
                    f"Elasticsearch runs as {user.name} (it refuses root), who cannot reach {path}: "
                    f"{blocked} is closed to it; choose a directory it can reach (e.g. under /tmp)"
                )
    command = [
        str(home / "bin" / "elasticsearch"),
        f"-Epath.data={data_dir / 'data'}",
        f"-Epath.logs={data_dir / 'logs'}",
        f"-Ehttp.port={port}",
    ]
    return start_process(
        command,
        url=f"http://127.0.0.1:{port}",
        log=data_dir / "elasticsearch.log",
        cwd=data_dir,
        env=_environment(java, data_dir),
        health_timeout=timeout,
        user=user,
        server=f"Elasticsearch {ES_VERSION}",
    )


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
