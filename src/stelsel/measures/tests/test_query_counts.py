"""The worklist and the person page keep a constant number of queries as measures, advice and notices grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.access.models import Organisation
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.timeutil import now, today
from stelsel.measures import services
from stelsel.measures.services import ItemInput
from stelsel.registry import services as registry
from stelsel.worklist import worklist

pytestmark = pytest.mark.django_db

IN_5 = today() + timedelta(days=5)


def _case(nctv, make_person, number):
    """A designated person with a package under review soon, an open advice, a guard container and a risk moment."""
    person = make_person(f"P{number}", home=address(number=200 + number), actor=nctv)
    registry.assign_authority(nctv, person, basis="aanwijzing", reason="na triage")
    services.decide_package(
        nctv,
        person,
        items=[
            ItemInput("camera", "prive", review_on=IN_5, reevaluate_when="nieuwe DI"),
            ItemInput("guard_container", "prive", review_on=IN_5, reevaluate_when="nieuwe DI"),
        ],
        starts_on=today(),
        threat_level=4,
        threat_duration="langdurig",
        motivation="pakket",
    )
    services.request_advice(
        nctv,
        person,
        adviser_org=Organisation.objects.get(code="politie-landelijke-eenheid"),
        question="aanvulling",
        due_on=IN_5,
    )
    start = now() + timedelta(days=2)
    services.register_risk_moment(
        nctv,
        person,
        reporter_kind="politie",
        reporter_name="",
        description="toespraak",
        location="Plein",
        municipality_code="GM0518",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    services.send_mayor_notification(
        nctv, person, municipality_code="GM0518", scenario="acuut", content="Acuut risico bij de woning."
    )
    return person


def _count(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


@pytest.mark.parametrize("role", [Role.NCTV_OFFICER, Role.ADVISER_BB, Role.MAYOR])
def test_the_worklist_uses_the_same_number_of_queries_for_2_or_6_cases(role, nctv, make_person, make_user):
    user = nctv if role is Role.NCTV_OFFICER else make_user(role)
    for number in range(2):
        _case(nctv, make_person, number)
    worklist(user)  # the user's organisation is loaded once and then cached on the user
    small, items = _count(lambda: worklist(user))
    assert len(items) >= 2
    for number in range(2, 6):
        _case(nctv, make_person, number)
    large, more = _count(lambda: worklist(user))
    assert large == small
    assert len(more) > len(items)


def test_the_person_page_with_measures_uses_a_constant_number_of_queries(nctv, make_person, client_for):
    person = _case(nctv, make_person, 1)
    client = client_for(nctv)
    small, response = _count(lambda: client.get(f"/personen/{person.pk}/"))
    assert response.status_code == 200
    for kind in ("alarm", "panic_button", "safety_scan"):
        services.decide_measure(
            nctv,
            person,
            kind=kind,
            scope="beide",
            starts_on=today(),
            review_on=IN_5,
            reevaluate_when="x",
            motivation="nog een",
            threat_level=4,
            threat_duration="langdurig",
        )
    large, _ = _count(lambda: client.get(f"/personen/{person.pk}/"))
    assert large == small
