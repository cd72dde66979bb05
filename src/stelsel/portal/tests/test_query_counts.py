"""The care page and API keep a constant number of queries as records accumulate."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.access.roles import Role
from stelsel.core.timeutil import now, today
from stelsel.portal import services
from stelsel.portal.queries import care_overview

pytestmark = pytest.mark.django_db


def _grow(actor, person, start, n):
    for i in range(start, start + n):
        services.record_cooperation(actor, person, status=["volledig", "gedeeltelijk", "geen"][i % 3], note=f"N{i}")
        services.record_communication(
            actor,
            person,
            told_at=now() - timedelta(days=100 - i),
            channel="gesprek",
            about_threat=True,
            summary=f"Gesprek {i}",
            withheld_note="Niet alles" if i % 2 else "",
        )
        # offered, declined, offered again, ...: every event keeps its row
        status = "aangeboden" if i % 2 == 0 else "geweigerd"
        services.record_confidentiality(actor, person, status=status, on=today() - timedelta(days=100 - i))
        services.update_employer_duties(
            actor, person, employer_name=f"Werkgever {i}", alertness=bool(i % 2), expected_version=i
        )


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/personen/{pk}/beveiligde/", "/api/v1/persons/{pk}/care/"])
@pytest.mark.parametrize("who", ["nctv", "adviser_bb", "person"])
def test_the_care_overview_queries_do_not_grow_with_records(path, who, nctv, make_user, stelsel_person, client_for):
    user = {
        "nctv": nctv,
        "adviser_bb": make_user(Role.ADVISER_BB),
        "person": make_user(Role.PROTECTED_PERSON, person=stelsel_person),
    }[who]
    client, url = client_for(user), path.format(pk=stelsel_person.pk)
    _grow(nctv, stelsel_person, 0, 2)
    few = _queries(client, url)
    _grow(nctv, stelsel_person, 2, 8)
    overview = care_overview(user, stelsel_person)
    assert len(overview.communications) == 10
    assert len(overview.declaration_events) == 10
    assert len(overview.cooperation_history) == (0 if who == "person" else 10)
    assert _queries(client, url) == few


def test_the_overview_itself_takes_a_fixed_number_of_queries(nctv, stelsel_person, django_assert_num_queries):
    _grow(nctv, stelsel_person, 0, 5)
    # need-to-know check, cooperation, communications, declaration events, employer checklist
    with django_assert_num_queries(5):
        overview = care_overview(nctv, stelsel_person)
        rows = [*overview.cooperation_history, *overview.communications, *overview.declaration_events]
        assert [r.recorded_by.organisation.name for r in rows]
        assert [r.entry.seq for r in rows]
        assert overview.employer_duties is not None
        assert overview.employer_duties.updated_by.organisation.name
