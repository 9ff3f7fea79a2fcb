"""Flow downloads (CSV, HXL) and `accordwatch export`: only what the reader may see,
formula-safe cells, HXL hashtags as the second row."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from tests.assistance.helpers import flow, organisation

pytestmark = pytest.mark.django_db

RESTRICTED = {"confidentiality": "restricted", "publication_state": "published"}
INTERNAL = {"confidentiality": "internal", "publication_state": "published"}


@pytest.fixture
def flows():
    flow(source_org=organisation(name="Open donor"), amount="100", sector="Shelter")
    flow(source_org=organisation(name="Quiet donor"), amount="20", **INTERNAL)
    flow(source_org=organisation(name="Secret donor"), amount="3", **RESTRICTED)
    flow(source_org=organisation(name='=HYPERLINK("http://x")'), amount="1", status="paid")


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _download(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return _table(b"".join(response.streaming_content).decode())


@pytest.mark.parametrize(
    ("persona", "donors"),
    [
        ("admin", {"Open donor", "Quiet donor", "Secret donor"}),
        ("analyst", {"Open donor", "Quiet donor", "Secret donor"}),
        ("delegate", {"Open donor", "Quiet donor"}),
    ],
)
def test_a_download_holds_what_the_reader_may_see(flows, as_persona, persona, donors):
    rows = _download(as_persona(persona), "/assistance/flows.hxl.csv")
    header, tags, *data = rows
    assert tags[header.index("donor")] == "#org+name+funder"
    assert tags[header.index("amount_usd")] == "#value+funding+usd"
    assert {"#status", "#date", "#sector", "#country+iso3", "#org+name+impl"} <= set(tags)
    found = {row[header.index("donor")] for row in data}
    assert found - {'\'=HYPERLINK("http://x")'} == donors


def test_the_public_gets_the_login_page_not_the_file(flows, as_persona):
    response = as_persona("outsider").get("/assistance/flows.csv")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_a_formula_is_written_as_text(flows, as_persona):
    header, *data = _download(as_persona("analyst"), "/assistance/flows.csv?status=paid")
    (row,) = data
    assert row[header.index("donor")] == '\'=HYPERLINK("http://x")'


def test_a_bad_filter_is_a_400(as_persona):
    response = as_persona("delegate").get("/assistance/flows.csv?from=yesterday")
    assert response.status_code == 400
    assert b"from" in response.content


def test_the_command_writes_what_the_public_sees_unless_told_whom(flows, analyst, tmp_path):
    out = io.StringIO()
    call_command("export", "hxl", stdout=out)
    header, tags, *data = _table(out.getvalue())
    assert {row[header.index("donor")] for row in data} == {
        "Open donor",
        '\'=HYPERLINK("http://x")',
    }
    path = tmp_path / "flows.csv"
    call_command(
        "export",
        "flows-csv",
        "--user",
        "analyst",
        "--filter",
        "status=pledge",
        "-o",
        str(path),
        stderr=io.StringIO(),
    )
    header, *data = _table(path.read_text(encoding="utf-8"))
    assert len(data) == 3


def test_the_command_refuses_an_unknown_filter():
    with pytest.raises(CommandError, match="colour: not a filter"):
        call_command("export", "hxl", "--filter", "colour=red")
    with pytest.raises(CommandError, match="status: one of"):
        call_command("export", "hxl", "--filter", "status=promised")
