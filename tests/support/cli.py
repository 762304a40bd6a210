"""The `catalogue` command installed beside the interpreter running the tests (the checkout's .venv,
CI's, or a virtualenv holding the wheel): CLI tests run what users run."""

from __future__ import annotations

import sys
from pathlib import Path

CATALOGUE = str(Path(sys.executable).with_name("catalogue"))
