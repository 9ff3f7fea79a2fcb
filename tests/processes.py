"""Run the real ``accordwatch`` command in a child process, with an environment we choose.

Settings are read once per process, so a test about settings (or about what the command
prints and which exit code it returns) has to start a fresh process. Every test starts from
an environment with no ``ACCORDWATCH_*`` variable at all and adds only what it means to test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN_DIR = Path(sys.executable).parent
ACCORDWATCH = str(BIN_DIR / "accordwatch")
REPO_ROOT = Path(__file__).resolve().parents[1]


def clean_env(**values: str) -> dict[str, str]:
    """The current environment without any ACCORDWATCH_* variable, plus ``values``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDWATCH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(values)
    return env


def run_accordwatch(
    *args: str, env: dict[str, str], timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ACCORDWATCH, *args],
        env=env,
        cwd=cwd or REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def run_python(
    code: str, *, env: dict[str, str], args: tuple[str, ...] = (), timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` after ``django.setup()`` in a fresh interpreter (``sys.argv[1:]`` = args)."""
    prelude = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'accordwatch.settings')\n"
        "django.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code, *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
