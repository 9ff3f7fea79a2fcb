"""``accordwatch import figures``: the download's layout read back, all or nothing, with
the line and column of every problem; editors only; a restricted figure stays restricted."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accordwatch.core import services as core
from accordwatch.core.importing import ImportRejected
from accordwatch.situation import services
from accordwatch.situation.imports import figures_import_file
from accordwatch.situation.models import Observation
from tests.situation.builders import displacement

pytestmark = pytest.mark.django_db

HEADER = "indicator,date,date_precision,place_key,value,source_key,note\r\n"


def _file(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(row + "\r\n" for row in rows)).encode())


@pytest.fixture
def data(persona_users):
    return displacement()


def test_an_editor_imports_figures(analyst, data):
    source = data["ocha"].key
    summary = figures_import_file(
        actor=analyst,
        stream=_file(
            f'idps,2019-01-31,month,mli,"120,000",{source},from a test',
            f"refugees,2019-01-31,day,ner,55000,{source},",
        ),
    )
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    figure = Observation.objects.get(date="2019-01-31", indicator__key="idps")
    assert (figure.value, figure.date_precision, figure.note) == (120000, "month", "from a test")


def test_the_download_imports_back_unchanged(analyst, as_persona, data):
    response = as_persona("analyst").get(reverse("situation-figures-csv"))
    body = b"".join(response.streaming_content)
    summary = figures_import_file(actor=analyst, stream=io.BytesIO(body))
    assert summary.created == summary.updated == 0
    assert summary.unchanged == Observation.objects.count()


def test_a_bad_file_writes_nothing_and_names_line_and_column(analyst, data):
    before = Observation.objects.count()
    source = data["ocha"].key
    with pytest.raises(ImportRejected) as error:
        figures_import_file(
            actor=analyst,
            stream=_file(
                f"idps,2019-01-31,day,mli,100,{source},",  # good, but the file is refused
                f"idps,2019-02-31,day,mli,100,{source},",
                f"idps,2019-03-31,day,mli,-5,{source},",
                f"idps,2019-03-31,day,mli,many,{source},",
                f"idps,2019-03-31,week,mli,5,{source},",
                f"nope,2019-03-31,day,mli,5,{source},",
                "idps,2019-03-31,day,nowhere,5,no-such-source,",
            ),
        )
    found = {(p.line, p.column) for p in error.value.problems}
    assert found == {
        (3, "date"),
        (4, "value"),
        (5, "value"),
        (6, "date_precision"),
        (7, "indicator"),
        (8, "place_key"),
        (8, "source_key"),
    }
    assert Observation.objects.count() == before


def test_not_utf8_is_refused_with_its_line(analyst, data):
    stream = io.BytesIO((HEADER + "idps,2019-01-31,day,mli,5,src,Ségou\r\n").encode("latin-1"))
    with pytest.raises(ImportRejected) as error:
        figures_import_file(actor=analyst, stream=stream)
    assert error.value.problems[0].line == 2
    assert "UTF-8" in error.value.problems[0].message


@pytest.mark.parametrize("persona", ["delegate", "outsider"])
def test_only_editors_import(persona, user_of, data):
    user = user_of(persona) or AnonymousUser()
    with pytest.raises(PermissionDenied):
        figures_import_file(actor=user, stream=_file())


def test_reimporting_never_publishes_a_restricted_figure(analyst, data):
    restricted = data["restricted"]
    row = f"idps,{restricted.date},day,mli,{restricted.value + 1},{restricted.source.key},changed"
    figures_import_file(actor=analyst, stream=_file(row))
    restricted.refresh_from_db()
    assert restricted.value == 999_999 + 1 and restricted.confidentiality == "restricted"


def test_the_command_imports_a_file(tmp_path, data, capsys):
    from django.core.management import call_command

    path = tmp_path / "figures.csv"
    path.write_bytes(_file(f"idps,2019-05-31,day,mli,7,{data['ocha'].key},").getvalue())
    call_command("import", "figures", str(path))
    assert Observation.objects.filter(date="2019-05-31", value=7).exists()
    services.observation_delete(
        actor=core.SYSTEM, observation=Observation.objects.get(date="2019-05-31")
    )
    assert not Observation.objects.filter(date="2019-05-31").exists()
