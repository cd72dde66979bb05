"""Triage pages keep a constant number of queries as cases accumulate."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.conftest import address
from stelsel.core.timeutil import today
from stelsel.triage import services
from stelsel.triage.queries import table_agenda, worklist
from stelsel.triage.tests.test_services import DIRECT_FORM, TABLE_FORM

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _grow(make_person, rccb, hovj, nctv, start, n):
    for i in range(start, start + n):
        person = make_person(f"P{i}", home=address(number=200 + i))
        if i % 3 == 2:  # on the triage table's agenda
            case = services.draft_intake(rccb, person, TABLE_FORM)
            services.sign_intake(hovj, case, route="triagetafel", motivation="bespreken", expected_version=None)
            services.put_on_table(hovj, case, meeting_date=today() + timedelta(days=i), expected_version=None)
            continue
        case = services.draft_intake(rccb, person, DIRECT_FORM)
        services.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
        # A mix: admitted with the handover file missing, declined and escalated, and on the table.
        if i % 3 == 0:
            services.judge(nctv, case, admitted=True, motivation="ja", information="intake", expected_version=None)
        else:
            services.judge(nctv, case, admitted=False, motivation="nee", information="intake", expected_version=None)
            services.escalate(hovj, case, motivation="oneens", expected_version=None)


@pytest.mark.parametrize("path", ["/werkvoorraad/", "/triage/", "/triage/agenda/"])
@pytest.mark.parametrize("role", ["nctv", "hovj"])
def test_worklist_and_case_list_queries_do_not_grow_with_cases(path, role, make_person, rccb, hovj, nctv, client_for):
    user = nctv if role == "nctv" else hovj
    client = client_for(user)
    _grow(make_person, rccb, hovj, nctv, 0, 3)
    small = _queries(client, path)
    _grow(make_person, rccb, hovj, nctv, 3, 6)
    assert len(worklist(user)) >= 3
    assert len(table_agenda(user)) == 3
    assert _queries(client, path) == small
