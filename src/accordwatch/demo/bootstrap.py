"""What `accordwatch demo` must do before Django's settings are read: make ./var and a
secret key in it. (Settings refuse to start without a key when debugging is off, so the
``accordwatch`` entry point calls this first for the ``demo`` subcommand.)

Imports nothing from Django's settings, on purpose.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def var_dir() -> Path:
    """The same folder settings.VAR_DIR names (kept in step with settings.py)."""
    return Path(os.environ.get("ACCORDWATCH_VAR_DIR", Path.cwd() / "var")).resolve()


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), replacing it atomically."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def ensure_secret_key(folder: Path | None = None) -> Path | None:
    """Create ``var/secret_key`` if there is none and the environment gives no key.

    Returns the path of a key file newly written, else None.
    """
    folder = folder or var_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / SECRET_KEY_FILE
    if os.environ.get("ACCORDWATCH_SECRET_KEY", "").strip() or key_file.exists():
        return None
    write_private(key_file, secrets.token_urlsafe(50) + "\n")
    return key_file
