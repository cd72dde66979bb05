"""The threat level API: the same rules as the service, problem+json with the field named, need-to-know on reads."""

import json

import pytest

from stelsel.access.roles import Role
from stelsel.core.models import JournalEntry
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.intel.tests.conftest import SHIPPED, level_in

pytestmark = pytest.mark.django_db

BODY = {
    "severity": "zeer_ernstig",
    "likelihood": "waarschijnlijk",
    "motivation": "Aanslagplanning in de DA; middelen aanwezig.",
    "information": ["DA AIVD 01-11-2026", "DI politie 10-11-2026"],
}


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_the_authority_sets_a_level_and_reads_the_history(nctv, stelsel_person, client_for):
    client, path = client_for(nctv), f"/api/v1/persons/{stelsel_person.pk}/threat-levels/"
    created = post(client, path, BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["level"] == level_in(SHIPPED[0], "zeer_ernstig", "waarschijnlijk") == 5
    assert body["level_label"] == "5 – zeer hoog"
    assert (body["severity_label"], body["likelihood_label"]) == ("zeer ernstig", "waarschijnlijk")
    assert body["matrix_key"] == "standaard-2026"
    assert body["information"] == BODY["information"]
    assert body["entry"] == JournalEntry.objects.get(action="intel.threat_level_set").seq
    assert {r["paragraph"] for r in body["reasons"]} == {"§3.1", "§3.3"}
    listed = client.get(path)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [body["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"motivation": ""}, "motivation"), ({"information": []}, "information"), ({"severity": "x"}, "severity")],
)
def test_bad_input_names_the_field_and_stores_nothing(change, field, nctv, stelsel_person, client_for):
    before = JournalEntry.objects.count()
    refused = post(client_for(nctv), f"/api/v1/persons/{stelsel_person.pk}/threat-levels/", {**BODY, **change})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in refused.json()["invalid-params"]] == [field]
    assert not ThreatLevelAssessment.objects.exists()
    assert JournalEntry.objects.count() == before


def test_an_hovj_gets_404_for_a_stelsel_person_and_police_403_for_any(
    hovj, make_user, stelsel_person, local_person, client_for
):
    assert post(client_for(hovj), f"/api/v1/persons/{stelsel_person.pk}/threat-levels/", BODY).status_code == 404
    rccb = client_for(make_user(Role.RCCB))
    for person in (stelsel_person, local_person):
        assert post(rccb, f"/api/v1/persons/{person.pk}/threat-levels/", BODY).status_code == 403
        assert rccb.get(f"/api/v1/persons/{person.pk}/threat-levels/").status_code == 200
    assert not ThreatLevelAssessment.objects.exists()
    assert post(client_for(hovj), f"/api/v1/persons/{local_person.pk}/threat-levels/", BODY).status_code == 201


def test_a_mayor_and_the_lcc_read_no_threat_levels(make_user, stelsel_person, client_for):
    for role in (Role.MAYOR, Role.LCC_COORDINATOR, Role.KMAR_OFFICER, Role.PROTECTED_PERSON):
        user = make_user(role, person=stelsel_person) if role is Role.PROTECTED_PERSON else make_user(role)
        client = client_for(user)
        assert client.get(f"/api/v1/persons/{stelsel_person.pk}/threat-levels/").status_code == 403
        assert client.get("/api/v1/threat-matrices/").status_code == 403


def test_the_matrix_versions_with_their_cells(use_matrices, make_user, client_for):
    later = {**SHIPPED[0], "key": "later-2030", "valid_from": "2030-01-01", "official": True}
    use_matrices([SHIPPED[0], later])
    answer = client_for(make_user(Role.POLICE_INTEL)).get("/api/v1/threat-matrices/")
    assert answer.status_code == 200
    versions = answer.json()
    assert [(v["key"], v["in_force"]) for v in versions] == [("standaard-2026", True), ("later-2030", False)]
    assert versions[0]["cells"] == SHIPPED[0]["cells"]
    assert versions[0]["note"] == "Standaardtabel: de officiële tabellen zijn niet openbaar (§3.3)."
    assert versions[1]["note"] == ""
    assert [g["label"] for g in versions[0]["severities"]] == ["beperkt", "aanzienlijk", "ernstig", "zeer ernstig"]
