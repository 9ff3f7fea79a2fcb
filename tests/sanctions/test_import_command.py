"""``accordwatch import un-sanctions FILE``: the summary, the differences between two
lists, a second run of the same file, and a refused file's problems with their lines."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accordwatch.sanctions.models import Entry, ListImport
from tests.conftest import real_file

pytestmark = pytest.mark.django_db

UN_2020 = "un-consolidated-list-2020-11-30.xml"
UN_2026 = "un-consolidated-list-2026-02-27.xml"


def _import(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import", "un-sanctions", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_two_real_lists_then_the_same_one_again():
    first = _import(real_file(UN_2020))
    assert "713 individuals, 305 entities" in first
    assert "1018 added, 0 changed, 0 removed" in first
    second = _import(real_file(UN_2026))
    assert "730 individuals, 273 entities" in second
    assert "removed per list:" in second and "Mali 8" in second
    assert ListImport.objects.get(sha256__isnull=False, file_name=UN_2026).removed > 0
    third = _import(real_file(UN_2026))
    assert "the same file as the last import: nothing changed" in third
    assert ListImport.objects.count() == 2


def test_a_hostile_file_is_refused_with_its_line(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<CONSOLIDATED_LIST/>\n'
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import", "un-sanctions", str(bomb), "--no-progress", stdout=io.StringIO(), stderr=err
        )
    assert f"{bomb}:2: the file declares a document type" in err.getvalue()
    assert not Entry.objects.exists() and not ListImport.objects.exists()
