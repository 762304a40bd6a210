"""How the site is looked at in a real browser (its tests and benchmark): Debian's Chromium, headless.

The background-networking flags matter here: without them Chromium calls Google's hosts at start,
which this closed network refuses, and the refusals would read as the site's own errors.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # the Debian package; never a browser a test tool downloads
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
