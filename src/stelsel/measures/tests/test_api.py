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
        "scope": "beide",
        "starts_on": today().isoformat(),
        "review_on": (today() + timedelta(days=30)).isoformat(),
        "motivation": "Zeer ernstige dreiging",
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
