"""The triage API: the same rules as the services, answers as problem+json in Dutch, 409 when a case moved on."""

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from stelsel.access.roles import Role
from stelsel.conftest import verified_client
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry
from stelsel.registry.queries import current_authority
from stelsel.triage.models import Judgement

DIRECT = {
    "threat_summary": "Doodsbedreiging na getuigenis.",
    "violent_offence": True,
    "max_sentence_years": 12,
    "life_threat": "direct",
    "actor_known": True,
    "actor_description": "Lid van een CSV.",
    "phenomenon": "georganiseerde_criminaliteit",
    "phenomenon_facts": "Vonnis 2024.",
}


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def signed_case(make_person, rccb, hovj, client_for):
    person = make_person("Pieter", "de Vries")
    drafted = post(client_for(rccb), "/api/v1/triage/cases/", {**DIRECT, "person": person.pk})
    assert drafted.status_code == 201, drafted.content
    case = drafted.json()
    signed = post(
        client_for(hovj),
        f"/api/v1/triage/cases/{case['id']}/sign/",
        {"route": "directe_opname", "motivation": "Stelselwaardig", "expected_version": case["version"]},
    )
    assert signed.status_code == 200, signed.content
    return signed.json()


@pytest.mark.django_db
def test_the_assessment_shows_the_route_and_its_reasons_live(rccb, client_for):
    answer = post(client_for(rccb), "/api/v1/triage/assessment/", DIRECT)
    assert answer.status_code == 200
    body = answer.json()
    assert body["route"] == "directe_opname"
    assert body["policy_version"] == "circulaire-bb-2026"
    assert all(reason["paragraph"].startswith("§2.3.3") for reason in body["reasons"])
    weaker = post(client_for(rccb), "/api/v1/triage/assessment/", {**DIRECT, "actor_known": False})
    assert weaker.json()["route"] == "niet_stelselwaardig"


@pytest.mark.django_db
def test_a_signed_case_is_judged_by_the_nctv_and_a_stale_judgement_gets_409(signed_case, nctv, client_for, make_user):
    path = f"/api/v1/triage/cases/{signed_case['id']}/judgement/"
    missing = post(client_for(nctv), path, {"admitted": True})
    assert missing.status_code == 400
    assert missing["Content-Type"] == "application/problem+json"
    assert {p["name"] for p in missing.json()["invalid-params"]} == {"motivation", "information"}
    body = {
        "admitted": True,
        "motivation": "Opname",
        "information": ["Intake"],
        "expected_version": signed_case["version"],
    }
    judged = post(client_for(nctv), path, body)
    assert judged.status_code == 200, judged.content
    assert judged.json()["status"] == "opgenomen"
    assert judged.json()["handover_missing"] is True
    second = post(client_for(make_user(Role.NCTV_OFFICER)), path, body)
    assert second.status_code == 409
    assert "gewijzigd" in second.json()["detail"]


@pytest.mark.django_db
def test_a_form_signed_by_the_wrong_district_is_refused_and_changes_nothing(make_person, rccb, client_for, make_user):
    person = make_person("Pieter")
    case = post(client_for(rccb), "/api/v1/triage/cases/", {**DIRECT, "person": person.pk}).json()
    before = JournalEntry.objects.count()
    rotterdam = make_user(Role.HOVJ, org="om-rotterdam")
    answer = post(client_for(rotterdam), f"/api/v1/triage/cases/{case['id']}/sign/", {"route": "directe_opname"})
    assert answer.status_code == 404  # not Rotterdam's case: its existence does not leak
    assert JournalEntry.objects.count() == before


@pytest.mark.django_db
def test_an_incomplete_intake_form_names_the_fields(make_person, rccb, client_for):
    person = make_person("Pieter")
    answer = post(client_for(rccb), "/api/v1/triage/cases/", {"person": person.pk, "violent_offence": True})
    assert answer.status_code == 400
    names = {p["name"] for p in answer.json()["invalid-params"]}
    assert names == {"threat_summary", "max_sentence_years", "life_threat"}


@pytest.mark.django_db(transaction=True)
def test_two_nctv_users_judging_at_once_one_wins_and_the_other_gets_409(signed_case, make_user, reference):
    judges = [make_user(Role.NCTV_OFFICER), make_user(Role.NCTV_OFFICER)]
    clients: list[Client] = [verified_client(user) for user in judges]
    start = threading.Barrier(2)
    answers: list[int] = []

    def judge(client: Client, admitted: bool) -> None:
        try:
            start.wait()
            body = {"admitted": admitted, "motivation": "Oordeel", "information": ["Intake"]}
            answers.append(post(client, f"/api/v1/triage/cases/{signed_case['id']}/judgement/", body).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=judge, args=(c, i == 0)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 409]
    assert Judgement.objects.filter(case_id=signed_case["id"]).count() == 1
    assert verify_chain().ok
    judgement = Judgement.objects.get(case_id=signed_case["id"])
    holder = current_authority(judgement.case.person).holder_kind
    assert holder == ("nctv" if judgement.admitted else "hovj")
