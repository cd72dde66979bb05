"""The private-party API: the services' rules in problem+json with the field named; nothing stored on error."""

import json
from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.lcc.tests.conftest import decide

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _names(response) -> set[str]:
    return {param["name"] for param in response.json()["invalid-params"]}


PARTY = {
    "name": "Wachtdienst BV",
    "kvk_number": "12345678",
    "certification": "Wpbr-vergunning beveiligingsorganisatie",
    "certified_until": (today() + timedelta(days=365)).isoformat(),
    "training": "Beveiliger 2",
}


def test_registering_renewing_and_listing_parties(lcc, client_for):
    client = client_for(lcc)
    created = post(client, "/api/v1/private-parties/", PARTY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kvk_number"] == "12345678"
    assert body["certification_expired"] is False
    renewed = post(
        client,
        f"/api/v1/private-parties/{body['id']}/certification/",
        {
            "certified_until": (today() + timedelta(days=730)).isoformat(),
            "motivation": "Vergunning verlengd",
            "expected_version": body["version"],
        },
    )
    assert renewed.status_code == 200, renewed.content
    assert renewed.json()["certified_until"] == (today() + timedelta(days=730)).isoformat()
    listed = client.get("/api/v1/private-parties/").json()
    assert [p["name"] for p in listed["results"]] == ["Wachtdienst BV"]


def test_a_bad_kvk_number_is_a_dutch_problem_and_nothing_is_stored(lcc, client_for):
    before = JournalEntry.objects.count()
    refused = post(client_for(lcc), "/api/v1/private-parties/", {**PARTY, "kvk_number": "1234"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert _names(refused) == {"kvk_number"}
    assert "8 cijfers" in refused.json()["detail"]
    assert not PrivateParty.objects.exists()
    assert JournalEntry.objects.count() == before


def _assign_body(chosen, **overrides):
    return {
        "party": chosen.pk,
        "directing_unit": "politie-den-haag",
        "task": "Alarmopvolging",
        "starts_on": today().isoformat(),
        "consent_motivation": "Capaciteit van de eenheid",
        **overrides,
    }


def test_consent_listing_and_ending_through_the_api(nctv, make_user, client_for, camera, party):
    client = client_for(nctv)
    created = post(client, f"/api/v1/measures/{camera.pk}/private-assignments/", _assign_body(party))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["party_name"] == "Wachtdienst BV"
    assert body["directing_unit"] == "politie-den-haag"
    assert body["person"] == camera.person_id
    assert {(r["rule"], r["paragraph"]) for r in body["reasons"]} == {("R47", "§1.3")}
    assert body["policy_version"]
    # The LCC sees it through the person; it may not consent.
    lcc_client = client_for(make_user(Role.LCC_COORDINATOR))
    listed = lcc_client.get(f"/api/v1/measures/{camera.pk}/private-assignments/")
    assert [a["id"] for a in listed.json()] == [body["id"]]
    path = f"/api/v1/measures/{camera.pk}/private-assignments/"
    assert post(lcc_client, path, _assign_body(party)).status_code == 403
    ended = post(client, f"/api/v1/private-assignments/{body['id']}/end/", {"motivation": "Niet meer nodig"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["ended_at"] is not None
    assert ended.json()["ended_in"] is not None


@pytest.mark.parametrize(
    ("kind", "scope"), [("close_protection", "werk"), ("personal_escort", "werk"), ("guard_container", "prive")]
)
def test_no_party_for_these_measures_through_the_api(nctv, client_for, stelsel_person, party, kind, scope):
    measure = decide(nctv, stelsel_person, kind, scope)
    before = JournalEntry.objects.count()
    refused = post(client_for(nctv), f"/api/v1/measures/{measure.pk}/private-assignments/", _assign_body(party))
    assert refused.status_code == 400
    assert _names(refused) == {"measure"}
    assert "R47" in refused.json()["detail"]
    assert not PrivateAssignment.objects.exists()
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize("code", ["om-den-haag", "gemeente-gm0518", "onbekend", ""])
def test_the_directing_unit_must_be_police_or_kmar(nctv, client_for, camera, party, code):
    refused = post(
        client_for(nctv), f"/api/v1/measures/{camera.pk}/private-assignments/", _assign_body(party, directing_unit=code)
    )
    assert refused.status_code == 400
    assert _names(refused) == {"directing_unit"}
    assert not PrivateAssignment.objects.exists()


def test_an_unknown_party_is_named(nctv, client_for, camera, party):
    refused = post(
        client_for(nctv), f"/api/v1/measures/{camera.pk}/private-assignments/", _assign_body(party, party=party.pk + 99)
    )
    assert refused.status_code == 400
    assert _names(refused) == {"party"}


@pytest.mark.parametrize(("role", "status"), [(Role.MAYOR, 403), (Role.LCC_COORDINATOR, 403), (Role.HOVJ, 404)])
def test_who_cannot_consent_gets_the_access_modules_answer(make_user, client_for, camera, party, role, status):
    response = post(
        client_for(make_user(role)), f"/api/v1/measures/{camera.pk}/private-assignments/", _assign_body(party)
    )
    assert response.status_code == status
    assert not PrivateAssignment.objects.exists()
