"""The API: same rules as the UI, errors as application/problem+json with a Dutch detail naming the field."""

import json

import pytest

from stelsel.access.roles import Role
from stelsel.core.models import JournalEntry
from stelsel.registry.models import Person

pytestmark = pytest.mark.django_db

VALID = {
    "given_names": "Eva",
    "surname": "Smit",
    "date_of_birth": "1980-05-01",
    "home": {
        "street": "Spui",
        "house_number": 70,
        "postcode": "2511 BT",
        "city": "Den Haag",
        "municipality_code": "GM0518",
    },
    "reason": "melding",
}


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_registering_a_person_through_the_api(rccb, client_for):
    response = post(client_for(rccb), "/api/v1/persons/", VALID)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Eva Smit"
    assert body["addresses"][0]["municipality_code"] == "GM0518"
    assert body["current_authority"] is None


def test_an_unknown_municipality_is_a_problem_naming_the_field(rccb, client_for):
    body = {**VALID, "home": {**VALID["home"], "municipality_code": "GM9999"}}
    response = post(client_for(rccb), "/api/v1/persons/", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Ongeldige invoer"
    assert problem["invalid-params"] == [
        {
            "name": "home.municipality_code",
            "reason": "Gemeente 'GM9999' is onbekend; gebruik een CBS-gemeentecode zoals GM0363.",
        }
    ]
    assert Person.objects.count() == 0


def test_a_malformed_date_is_a_dutch_problem(rccb, client_for):
    response = post(client_for(rccb), "/api/v1/persons/", {**VALID, "date_of_birth": "gisteren"})
    assert response.status_code == 400
    params = response.json()["invalid-params"]
    assert params[0]["name"] == "date_of_birth"
    assert params[0]["reason"] == "Datum heeft een verkeerde vorm; gebruik JJJJ-MM-DD, zoals 1980-05-01."


def test_a_future_date_of_birth_is_refused(rccb, client_for):
    response = post(client_for(rccb), "/api/v1/persons/", {**VALID, "date_of_birth": "2999-01-01"})
    assert response.status_code == 400
    assert response.json()["detail"] == "date_of_birth: Geboortedatum ligt in de toekomst."
    assert JournalEntry.objects.filter(action="person.registered").count() == 0


def test_an_unauthenticated_call_is_401_problem(db):
    from django.test import Client

    response = Client().get("/api/v1/persons/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "niet aangemeld" in response.json()["detail"]


def test_a_user_of_the_wrong_organisation_gets_404_not_403(make_user, client_for, rccb):
    response = post(client_for(rccb), "/api/v1/persons/", VALID)
    person_id = response.json()["id"]
    amsterdam = make_user(Role.RCCB, org="politie-amsterdam")
    answer = client_for(amsterdam).get(f"/api/v1/persons/{person_id}/")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Niet gevonden."
    unknown = client_for(amsterdam).get("/api/v1/persons/999999/")
    assert unknown.status_code == 404
    assert unknown.json() == answer.json()  # unknown and not-visible look the same


def test_a_household_member_elsewhere_is_refused_through_the_api(rccb, client_for):
    client = client_for(rccb)
    pieter = post(client, "/api/v1/persons/", VALID).json()
    lotte = post(
        client,
        "/api/v1/persons/",
        {
            **VALID,
            "given_names": "Lotte",
            "home": {
                "street": "Oudegracht",
                "house_number": 41,
                "postcode": "3511AB",
                "city": "Utrecht",
                "municipality_code": "GM0344",
            },
        },
    ).json()
    response = post(
        client,
        f"/api/v1/persons/{pieter['id']}/relations/",
        {"relative": lotte["id"], "kind": "kind", "household": True, "reason": "gezin"},
    )
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "relative"
    assert client.get(f"/api/v1/persons/{pieter['id']}/household/").json() == []


def test_authority_at_a_moment_and_its_bad_input(hovj, client_for, rccb):
    person = post(client_for(rccb), "/api/v1/persons/", VALID).json()
    client = client_for(hovj)
    assigned = post(
        client, f"/api/v1/persons/{person['id']}/authority/", {"basis": "lokaal_domein", "reason": "dreiging"}
    )
    assert assigned.status_code == 201, assigned.content
    now = client.get(f"/api/v1/persons/{person['id']}/authority-at/").json()["authority"]
    assert now["basis"] == "lokaal_domein"
    assert now["reasons"][0]["paragraph"] == "§2.4.1"
    before = client.get(f"/api/v1/persons/{person['id']}/authority-at/", {"moment": "2020-01-01T00:00:00+01:00"})
    assert before.json()["authority"] is None
    bad = client.get(f"/api/v1/persons/{person['id']}/authority-at/", {"moment": "morgen"})
    assert bad.status_code == 400
    assert bad.json()["invalid-params"][0]["name"] == "moment"


def test_a_stale_version_answers_409(nctv, client_for):
    client = client_for(nctv)
    person = post(client, "/api/v1/persons/", VALID).json()
    first = post(
        client,
        f"/api/v1/persons/{person['id']}/authority/",
        {"basis": "aanwijzing", "reason": "triage", "expected_version": person["version"]},
    )
    assert first.status_code == 201
    second = post(
        client,
        f"/api/v1/persons/{person['id']}/authority/",
        {"basis": "limitatieve_lijst_1", "reason": "x", "expected_version": person["version"]},
    )
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"


def test_the_journal_of_a_person_lists_its_entries_newest_first(nctv, client_for):
    client = client_for(nctv)
    person = post(client, "/api/v1/persons/", VALID).json()
    post(client, f"/api/v1/persons/{person['id']}/authority/", {"basis": "aanwijzing", "reason": "triage"})
    entries = client.get(f"/api/v1/persons/{person['id']}/journal/").json()["results"]
    assert [e["action"] for e in entries] == ["authority.assigned", "person.registered"]
    assert entries[0]["payload"]["reasons"][0]["paragraph"] == "§2.3"
    assert entries[0]["policy_version"] == "circulaire-bb-2026"


def test_the_openapi_document_describes_the_api(nctv, client_for):
    response = client_for(nctv).get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/persons/{id}/authority-at/" in document["paths"]


def test_sharing_a_record_gives_the_organisation_sight_and_is_journaled(rccb, nctv, client_for):
    person = post(client_for(rccb), "/api/v1/persons/", VALID).json()
    assert client_for(nctv).get(f"/api/v1/persons/{person['id']}/").status_code == 404
    bad = post(client_for(rccb), f"/api/v1/persons/{person['id']}/shares/", {"organisation": "nctv", "purpose": ""})
    assert bad.status_code == 400
    assert bad.json()["invalid-params"][0]["name"] == "purpose"
    unknown = post(client_for(rccb), f"/api/v1/persons/{person['id']}/shares/", {"organisation": "x", "purpose": "y"})
    assert unknown.json()["invalid-params"][0]["reason"] == "Organisatie 'x' is onbekend."
    shared = post(
        client_for(rccb),
        f"/api/v1/persons/{person['id']}/shares/",
        {"organisation": "nctv", "purpose": "Voorgedragen voor triage"},
    )
    assert shared.status_code == 201
    assert client_for(nctv).get(f"/api/v1/persons/{person['id']}/").status_code == 200
    entry = JournalEntry.objects.latest("seq")
    assert (entry.action, entry.reason) == ("person.shared", "Voorgedragen voor triage")


def test_a_record_is_never_shared_with_a_municipality(rccb, client_for):
    person = post(client_for(rccb), "/api/v1/persons/", VALID).json()
    before = JournalEntry.objects.count()
    refused = post(
        client_for(rccb),
        f"/api/v1/persons/{person['id']}/shares/",
        {"organisation": "gemeente-gm0518", "purpose": "Informeren burgemeester"},
    )
    assert refused.status_code == 400
    assert refused.json()["invalid-params"][0]["name"] == "organisation"
    assert "§2.3.5" in refused.json()["invalid-params"][0]["reason"]
    assert JournalEntry.objects.count() == before
