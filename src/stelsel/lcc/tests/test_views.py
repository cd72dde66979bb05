"""The Dutch pages: the register marks expired certificates, and forms show the service's field messages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from stelsel.access.models import Organisation
from stelsel.access.roles import Role
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.lcc import queries, services
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.lcc.tests.conftest import consent, decide, register
from stelsel.measures.models import Measure
from stelsel.registry.queries import current_authority

pytestmark = pytest.mark.django_db


def _row(html: str, kvk: str) -> str:
    match = re.search(rf'<tr data-testid="partij-{kvk}">(.*?)</tr>', html, re.S)
    assert match, f"geen rij voor {kvk}"
    return match.group(1)


def test_the_list_marks_expired_certifications(lcc, client_for):
    register(lcc, kvk="11111111", name="Geldig BV")
    expired = register(lcc, kvk="22222222", name="Verlopen BV")
    last_day = register(lcc, kvk="33333333", name="Laatste dag BV")
    # Time passes: one certificate ran out yesterday, another ends today (still valid today).
    PrivateParty.objects.filter(pk=expired.pk).update(certified_until=today() - timedelta(days=1))
    PrivateParty.objects.filter(pk=last_day.pk).update(certified_until=today())
    response = client_for(lcc).get("/particuliere-partijen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="verlopen"' in _row(html, "22222222")
    assert 'data-testid="verlopen"' not in _row(html, "11111111")
    assert 'data-testid="verlopen"' not in _row(html, "33333333")
    assert "Certificering verlengen" in html


def test_the_nctv_reads_the_register_but_does_not_register(nctv, lcc, client_for):
    register(lcc)
    html = client_for(nctv).get("/particuliere-partijen/").content.decode()
    assert "Wachtdienst BV" in html
    assert "Particuliere partij registreren" not in html
    assert "Certificering verlengen" not in html


def test_a_bad_kvk_number_shows_on_the_field_and_nothing_is_stored(lcc, client_for):
    before = JournalEntry.objects.count()
    response = client_for(lcc).post(
        "/particuliere-partijen/nieuw/",
        {
            "name": "Wachtdienst BV",
            "kvk_number": "12 34",
            "certification": "Wpbr",
            "certified_until": (today() + timedelta(days=30)).isoformat(),
            "training": "Beveiliger 2",
        },
    )
    assert response.status_code == 400
    assert "Het KvK-nummer bestaat uit precies 8 cijfers." in response.content.decode()
    assert not PrivateParty.objects.exists()
    assert JournalEntry.objects.count() == before


def test_registering_and_renewing_through_the_pages(lcc, client_for):
    client = client_for(lcc)
    until = today() + timedelta(days=30)
    created = client.post(
        "/particuliere-partijen/nieuw/",
        {
            "name": "Wachtdienst BV",
            "kvk_number": "12345678",
            "certification": "Wpbr",
            "certified_until": until.isoformat(),
            "training": "Beveiliger 2",
        },
    )
    assert created.status_code == 302
    party = PrivateParty.objects.get()
    renewed = client.post(
        f"/particuliere-partijen/{party.pk}/certificering/",
        {"certified_until": (until + timedelta(days=365)).isoformat(), "motivation": "Verlengd", "version": 1},
    )
    assert renewed.status_code == 302
    party.refresh_from_db()
    assert party.certified_until == until + timedelta(days=365)


def test_the_consent_form_shows_the_r47_refusal_on_a_person_directed_measure(nctv, stelsel_person, party, client_for):
    measure = decide(nctv, stelsel_person, "close_protection", "werk")
    response = client_for(nctv).post(
        f"/maatregelen/{measure.pk}/particuliere-partij/",
        {
            "party": party.pk,
            "directing_unit": _org_pk("politie-den-haag"),
            "task": "Begeleiden",
            "starts_on": today().isoformat(),
            "consent_motivation": "Capaciteit",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "geweldsmonopolie" in html
    assert "R47" in html
    assert not PrivateAssignment.objects.exists()


def _org_pk(code: str) -> int:
    return Organisation.objects.get(code=code).pk


def test_consenting_and_ending_through_the_pages(nctv, camera, party, client_for):
    client = client_for(nctv)
    form = client.get(f"/maatregelen/{camera.pk}/particuliere-partij/")
    assert "Het geweldsmonopolie blijft bij de overheid" in form.content.decode()
    done = client.post(
        f"/maatregelen/{camera.pk}/particuliere-partij/",
        {
            "party": party.pk,
            "directing_unit": _org_pk("kmar"),
            "task": "Camerabeelden uitlezen",
            "starts_on": today().isoformat(),
            "ends_on": "",
            "consent_motivation": "Capaciteit",
        },
    )
    assert done.status_code == 302
    assignment = PrivateAssignment.objects.get()
    refused = client.post(f"/particuliere-inzet/{assignment.pk}/beeindigen/", {"motivation": ""})
    assert refused.status_code == 400
    ended = client.post(f"/particuliere-inzet/{assignment.pk}/beeindigen/", {"motivation": "Klaar"})
    assert ended.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None


# --- the include for the person page and its query count -------------------------------------------------------------


def _measures(nctv, person) -> list:
    """Two measures a party may support; a measure runs once per person, so more deployments share them."""
    return [decide(nctv, person, "object_protection_home", "prive"), decide(nctv, person, "alarm", "beide")]


def _grow(nctv, person, lcc, start: int, n: int) -> None:
    supported = list(Measure.objects.filter(person=person, kind__in=["object_protection_home", "alarm"]))
    supported = supported or _measures(nctv, person)
    for i in range(start, start + n):
        measure = supported[i % 2]
        party = register(lcc, kvk=f"{90000000 + i}", name=f"Partij {i}")
        assignment = consent(nctv, measure, party)
        if i % 3 == 0:
            services.end_private_assignment(nctv, assignment, "Klaar")


def _render(user, person) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        context = queries.person_panel(user, person, current_authority(person))
        html = render_to_string("lcc/_assignments.html", {"person": person, **context})
    return len(captured), html


@pytest.mark.parametrize("role", [Role.NCTV_OFFICER, Role.LCC_COORDINATOR])
def test_assignments_for_and_the_include_keep_a_constant_query_count(make_user, nctv, lcc, stelsel_person, role):
    user = nctv if role is Role.NCTV_OFFICER else make_user(role)
    _grow(nctv, stelsel_person, lcc, 0, 2)
    small, _ = _render(user, stelsel_person)
    _grow(nctv, stelsel_person, lcc, 2, 6)
    large, html = _render(user, stelsel_person)
    assert large == small
    assert len(queries.assignments_for(user, stelsel_person)) == 8
    assert html.count('data-testid="inzet-') == 8
    assert ("Beëindigen" in html) is (role is Role.NCTV_OFFICER)


def test_assignments_for_alone_is_two_queries(nctv, lcc, stelsel_person, django_assert_num_queries):
    _grow(nctv, stelsel_person, lcc, 0, 3)
    with django_assert_num_queries(2):  # need-to-know, then the rows with what they show
        assignments = queries.assignments_for(nctv, stelsel_person)
        for a in assignments:
            _ = (a.measure.kind_name, a.party.name, a.directing_unit.name, a.authority.name, a.consented_by.username)
