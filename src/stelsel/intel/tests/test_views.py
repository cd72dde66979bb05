"""The threat level page: history, the matrix as an accessible table, the form for the current authority only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.access.roles import Role
from stelsel.core.models import JournalEntry
from stelsel.intel import services
from stelsel.intel.models import ThreatLevelAssessment

pytestmark = pytest.mark.django_db

NOTE = "Standaardtabel: de officiële tabellen zijn niet openbaar (§3.3)"
FORM = {
    "severity": "ernstig",
    "likelihood": "zeer_waarschijnlijk",
    "motivation": "Concrete dreiging, actor bekend.",
    "information": "DI politie 12-11-2026\nIRD op verzoek van het gezag",
}


def url(person):
    return f"/personen/{person.pk}/dreigingsniveau/"


def test_the_authority_sees_the_form_the_note_and_the_matrix_as_a_table(nctv, stelsel_person, client_for):
    page = client_for(nctv).get(url(stelsel_person))
    assert page.status_code == 200
    html = page.content.decode()
    assert NOTE in html
    assert 'data-testid="dreigingsniveau-vaststellen"' in html
    assert '<select name="severity"' in html
    assert "Er is nog geen dreigingsniveau vastgesteld." in html
    matrix = html[html.index('data-testid="dreigingsmatrix"') :]
    assert "<caption>Matrix standaard-2026, geldig vanaf 01-01-2026" in matrix
    assert re.search(r'<th scope="col">Zeer waarschijnlijk</th>', matrix)
    row = re.search(r'<th scope="row">Zeer ernstig</th>(.*?)</tr>', matrix, re.S)
    assert row is not None
    assert re.findall(r'data-level="(\d)"', row.group(1)) == ["3", "4", "5", "5"]


def test_a_post_sets_the_level_and_comes_back_with_a_message(nctv, stelsel_person, client_for):
    client = client_for(nctv)
    answer = client.post(url(stelsel_person), FORM, follow=True)
    assert answer.redirect_chain == [(url(stelsel_person), 302)]
    html = answer.content.decode()
    assert "Dreigingsniveau vastgesteld: 4 – hoog (ernstig × zeer waarschijnlijk, matrix standaard-2026)." in html
    history = html[html.index('data-testid="dreigingsniveau-historie"') :]
    assert "IRD op verzoek van het gezag" in history
    assert "Concrete dreiging, actor bekend." in history
    assessment = ThreatLevelAssessment.objects.get()
    assert assessment.information == ["DI politie 12-11-2026", "IRD op verzoek van het gezag"]
    assert f"journaal nr. {assessment.entry.seq}" in history


@pytest.mark.parametrize(("field", "words"), [("motivation", "Motivering is verplicht"), ("information", "één per")])
def test_errors_come_back_with_status_400_and_the_field_named(field, words, nctv, stelsel_person, client_for):
    before = JournalEntry.objects.count()
    answer = client_for(nctv).post(url(stelsel_person), {**FORM, field: ""})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert f'<a href="#id_{field}">' in html
    assert words in html
    assert 'aria-invalid="true"' in html
    assert not ThreatLevelAssessment.objects.exists()
    assert JournalEntry.objects.count() == before


def test_readers_see_the_history_without_a_form_and_cannot_post(nctv, make_user, stelsel_person, client_for):
    services.set_threat_level(nctv, stelsel_person, **FORM)
    police = client_for(make_user(Role.POLICE_INTEL))
    page = police.get(url(stelsel_person))
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 – hoog" in html
    assert "dreigingsniveau-vaststellen" not in html
    assert police.post(url(stelsel_person), FORM).status_code == 403
    assert ThreatLevelAssessment.objects.count() == 1


def test_an_hovj_gets_404_for_a_stelsel_person_and_the_form_for_an_own_local_person(
    hovj, stelsel_person, local_person, client_for
):
    client = client_for(hovj)
    assert client.get(url(stelsel_person)).status_code == 404
    assert client.post(url(stelsel_person), FORM).status_code == 404
    assert 'data-testid="dreigingsniveau-vaststellen"' in client.get(url(local_person)).content.decode()


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", [Role.NCTV_OFFICER, Role.INSPECTOR])
def test_the_page_uses_as_many_queries_for_8_assessments_as_for_2(who, nctv, make_user, stelsel_person, client_for):
    client = client_for(nctv if who is Role.NCTV_OFFICER else make_user(who))
    for _ in range(2):
        services.set_threat_level(nctv, stelsel_person, **FORM)
    few = _queries(client, url(stelsel_person))
    for _ in range(6):
        services.set_threat_level(nctv, stelsel_person, **FORM)
    assert _queries(client, url(stelsel_person)) == few
    assert client.get(url(stelsel_person)).content.decode().count("IRD op verzoek van het gezag") == 8
