"""Pages keep a constant number of queries as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stelsel.conftest import address
from stelsel.registry import services

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _grow(nctv, make_person, rccb, n):
    for i in range(n):
        person = make_person(f"P{i}", home=address(number=100 + i), actor=nctv)
        partner = make_person(f"Q{i}", home=address(number=100 + i))
        services.link_relative(rccb, person, partner, kind="levensgezel", household=True, reason="gezin")
        services.assign_authority(nctv, person, basis="aanwijzing", reason="triage")


@pytest.mark.parametrize("path", ["/personen/", "/personen/?q=P", "/api/v1/persons/"])
def test_person_lists_use_the_same_number_of_queries_for_3_or_12_persons(path, nctv, rccb, make_person, client_for):
    client = client_for(nctv)
    _grow(nctv, make_person, rccb, 3)
    small = _queries(client, path)
    _grow(nctv, make_person, rccb, 9)
    assert _queries(client, path) == small


def test_person_page_uses_the_same_number_of_queries_with_a_longer_history(nctv, rccb, make_person, client_for):
    client = client_for(nctv)
    person = make_person("Pieter", actor=nctv)
    services.assign_authority(nctv, person, basis="aanwijzing", reason="triage")
    # One relative to start with: with none, the page rightly skips the query that checks which it may link to.
    services.link_relative(rccb, person, make_person("R"), kind="levensgezel", household=True, reason="gezin")
    small = _queries(client, f"/personen/{person.pk}/")
    for i in range(4):
        relative = make_person(f"R{i}")
        services.link_relative(rccb, person, relative, kind="kind", household=True, reason="gezin")
        services.assign_authority(nctv, person, basis="limitatieve_lijst_2" if i % 2 else "aanwijzing", reason="x")
    assert _queries(client, f"/personen/{person.pk}/") == small
