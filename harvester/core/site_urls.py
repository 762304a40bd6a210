"""Stable site paths: /datasets/{id}/, /datasets/{id}/tables/{table}/, /codelists/{id}/, the register of
uses /uses/ and a use /uses/{id}/."""

from __future__ import annotations

import re


def segment(value: str) -> str:
    """The same text on disk and in the URL (no percent-encoding a static server would decode)."""
    return re.sub(r"[^A-Za-z0-9_.~-]", "-", value) or "-"


def dataset_dir(dataset: str) -> str:
    return f"datasets/{segment(dataset)}"


def table_dir(dataset: str, table: str) -> str:
    return f"{dataset_dir(dataset)}/tables/{segment(table)}"


def table_url(dataset: str, table: str) -> str:
    return f"{table_dir(dataset, table)}/"


def codelist_dir(codelist: str) -> str:
    return f"codelists/{segment(codelist)}"


USES = "uses"  # the register of uses of the data


def use_dir(use: str) -> str:
    return f"{USES}/{segment(use)}"


def variable_anchor(name: str) -> str:
    return "var-" + re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def relative(from_dir: str, to_path: str) -> str:
    """A link from the page at /{from_dir}/ to /{to_path} (both from the site root)."""
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth + to_path
