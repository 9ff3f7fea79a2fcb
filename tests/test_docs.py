"""The documentation keeps up with the code: a new setting or command fails here until documented.

(The idea comes from datasette, whose tests refuse an undocumented setting or command.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from accordwatch import settings as settings_module

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"
ADMIN_GUIDE = DOCS / "admin-guide.md"


def _settings_variables() -> list[str]:
    source = Path(settings_module.__file__).read_text()
    return sorted(set(re.findall(r"\bACCORDWATCH_[A-Z0-9_]+\b", source)))


def _our_commands() -> list[str]:
    """``accordwatch X`` for each command we ship, or ``accordwatch X Y`` for each of its kinds.

    A kind is a sub-command (``user create``) or a choice of the first positional argument
    (``import commitments``).
    """
    found = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("accordwatch"):
            continue
        parser = load_command_class(app, name).create_parser("accordwatch", name)
        positionals = [action for action in parser._actions if not action.option_strings]
        kinds = []
        if positionals and positionals[0].choices:
            kinds = list(positionals[0].choices)
        found += [f"accordwatch {name} {kind}" for kind in kinds] or [f"accordwatch {name}"]
    return found


def _all_docs() -> str:
    pages = [REPO_ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    return "\n".join(page.read_text() for page in pages if page.exists())


def test_the_settings_module_reads_the_variables_we_expect_to_document():
    # Guards the scan itself: if it found nothing, the test below would pass vacuously.
    variables = _settings_variables()
    assert "ACCORDWATCH_SECRET_KEY" in variables
    assert "ACCORDWATCH_DATABASE_URL" in variables


@pytest.mark.parametrize("variable", _settings_variables())
def test_every_setting_is_in_the_admin_guide(variable):
    assert re.search(rf"\b{variable}\b", ADMIN_GUIDE.read_text()), (
        f"{variable} is read in settings.py but not documented in docs/admin-guide.md"
    )


def test_the_command_scan_finds_our_commands():
    commands = _our_commands()
    assert "accordwatch user create" in commands
    assert "accordwatch audit verify" in commands


@pytest.mark.parametrize("command", _our_commands())
def test_every_command_is_documented(command):
    assert command in _all_docs(), f"`{command}` is not mentioned in README.md or docs/*.md"


def test_the_docs_link_to_pages_that_exist():
    text = _all_docs()
    for target in re.findall(r"\]\((?!https?://|#|mailto:)([^)#\s]+)", text):
        # Links in README.md are relative to the repo, links in docs/ to docs/.
        assert (REPO_ROOT / target).exists() or (DOCS / target).exists(), f"broken link {target}"
