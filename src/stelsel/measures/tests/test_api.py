"""The measures API: the same rules as the services, in problem+json with the field named."""

import json
from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.core.timeutil import today
from stelsel.measures.models import Measure
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_close_protection_in_the_local_domain_is_refused_through_the_api(make_person, hovj, client_for):
    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigd")
    body = {
        "kind": "close_protection",
        "scope": "prive",
        "starts_on": today().isoformat(),
        "review_on": (today() + timedelta(days=30)).isoformat(),
        "reevaluate_when": "Nieuwe dreigingsinformatie",
        "motivation": "Zeer ernstige dreiging",
        "threat_level": 5,
        "threat_duration": "langdurig",
    }
    refused = post(client_for(hovj), f"/api/v1/persons/{person.pk}/measures/", body)
    assert refused.status_code == 400
    assert refused.json()["invalid-params"][0]["name"] == "kind"
    assert "§2.3.4" in refused.json()["detail"]
    assert not Measure.objects.exists()
    decided = post(client_for(hovj), f"/api/v1/persons/{person.pk}/measures/", {**body, "kind": "camera"})
    assert decided.status_code == 201, decided.content
    assert decided.json()["reasons"][0]["rule"] == "R02"
    listed = client_for(hovj).get(f"/api/v1/persons/{person.pk}/measures/").json()
    assert [m["kind"] for m in listed] == ["camera"]


def test_a_mayor_sees_no_measures(make_person, hovj, make_user, client_for):
    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigd")
    mayor = make_user(Role.MAYOR)
    assert client_for(mayor).get(f"/api/v1/persons/{person.pk}/measures/").status_code == 403


def _admitted(make_person, nctv):
    person = make_person("Samira", actor=nctv)
    registry.assign_authority(nctv, person, basis="spoedaanwijzing", reason="spoed")
    return person


def test_a_package_through_the_api_names_each_rows_field_and_keeps_its_reasons(make_person, nctv, client_for):
    person = _admitted(make_person, nctv)
    client = client_for(nctv)
    review_on = (today() + timedelta(days=30)).isoformat()
    body = {
        "items": [
            {"kind": "close_protection", "scope": "werk", "review_on": review_on, "reevaluate_when": "DI"},
            {"kind": "personal_escort", "scope": "prive", "review_on": review_on, "reevaluate_when": "DI"},
        ],
        "starts_on": today().isoformat(),
        "threat_level": 5,
        "threat_duration": "langdurig",
        "motivation": "Zeer ernstige dreiging",
    }
    refused = post(client, f"/api/v1/persons/{person.pk}/packages/", body)
    assert refused.status_code == 400
    assert refused.json()["invalid-params"][0]["name"] == "items.1.facilitation"
    assert not Measure.objects.exists()
    body["items"][1]["facilitation"] = "beperkt"
    decided = post(client, f"/api/v1/persons/{person.pk}/packages/", body)
    assert decided.status_code == 201, decided.content
    measures = decided.json()["measures"]
    assert [m["kind"] for m in measures] == ["close_protection", "personal_escort"]
    assert all(m["policy_version"] == "circulaire-bb-2026" for m in measures)
    assert "R50" in {r["rule"] for r in measures[1]["reasons"]}


def test_a_mayor_gets_only_the_shared_text_of_the_own_municipality(make_person, nctv, make_user, client_for):
    from stelsel.measures import services

    person = _admitted(make_person, nctv)
    notice = services.send_mayor_notification(
        nctv, person, municipality_code="GM0518", scenario="nieuwe_persoon", content="Alleen dit wordt gedeeld."
    )
    own, other = make_user(Role.MAYOR), make_user(Role.MAYOR, org="gemeente-gm0599")
    listed = client_for(own).get("/api/v1/mayor-notifications/").json()
    assert listed == [
        {
            "id": notice.pk,
            "municipality": "'s-Gravenhage",
            "person_name": person.full_name,
            "scenario": "nieuwe_persoon",
            "content": "Alleen dit wordt gedeeld.",
            "sent_at": listed[0]["sent_at"],
            "acknowledged_at": None,
        }
    ]
    assert client_for(other).get("/api/v1/mayor-notifications/").json() == []
    ack = f"/api/v1/mayor-notifications/{notice.pk}/acknowledgement/"
    assert client_for(other).post(ack).status_code == 404
    assert client_for(own).get(f"/api/v1/persons/{person.pk}/").status_code == 403
    assert client_for(own).get(f"/api/v1/persons/{person.pk}/risk-moments/").status_code == 403
    assert client_for(own).post(ack).json()["acknowledged_at"] is not None
