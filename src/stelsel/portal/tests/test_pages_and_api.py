"""The care page, its forms and the API: what each user sees, and that the forms and API go through the services."""

import json
from datetime import timedelta

import pytest

from stelsel.access.models import AccessLogEntry
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.portal import services
from stelsel.portal.models import CommunicationEntry, ConfidentialityDeclaration, CooperationRecord, EmployerDuties

pytestmark = pytest.mark.django_db

COOPERATION_NOTE = "Zoekt het criminele milieu weer op"
WITHHELD = "Tip van de CIE niet gedeeld"
DECLINE_NOTE = "Twijfelt aan de reikwijdte"


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def recorded(nctv, stelsel_person):
    """The stelsel person with one of everything, recorded by the NCTV."""
    services.record_cooperation(nctv, stelsel_person, status="geen", note=COOPERATION_NOTE, limits_accepted=True)
    services.record_communication(
        nctv,
        stelsel_person,
        told_at=now() - timedelta(days=1),
        channel="gesprek",
        about_threat=True,
        about_measures=True,
        summary="Uitleg over de camera bij de woning",
        withheld_note=WITHHELD,
    )
    services.record_confidentiality(nctv, stelsel_person, status="aangeboden", on=today() - timedelta(days=2))
    services.record_confidentiality(nctv, stelsel_person, status="geweigerd", on=today(), note=DECLINE_NOTE)
    services.update_employer_duties(
        nctv, stelsel_person, employer_name="Ministerie van Financiën", alertness=True, expected_version=0
    )
    return stelsel_person


@pytest.fixture
def own_account(make_user, recorded):
    return make_user(Role.PROTECTED_PERSON, person=recorded)


# --- the page ------------------------------------------------------------------------------------------------


def test_the_authority_sees_all_four_sections_with_links_to_record(nctv, recorded, client_for):
    response = client_for(nctv).get(f"/personen/{recorded.pk}/beveiligde/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Medewerking", "Communicatielogboek", "Geheimhoudingsverklaring", "Zorgplicht werkgever"):
        assert f">{heading}</h2>" in html
    assert COOPERATION_NOTE in html
    assert WITHHELD in html
    assert DECLINE_NOTE in html
    assert "Geen gedwongen maatregelen" in html
    assert "Ministerie van Financiën" in html
    for name in ("medewerking", "communicatie", "geheimhouding", "werkgever"):
        assert f'href="/personen/{recorded.pk}/beveiligde/{name}/"' in html
    assert '<th scope="col">' in html
    assert "<caption>" in html
    assert AccessLogEntry.objects.filter(action="care.view", object_id=str(recorded.pk)).exists()


def test_the_inspectorate_reads_but_is_offered_no_forms(make_user, recorded, client_for):
    html = client_for(make_user(Role.INSPECTOR)).get(f"/personen/{recorded.pk}/beveiligde/").content.decode()
    assert COOPERATION_NOTE in html
    assert "/beveiligde/medewerking/" not in html


def test_the_protected_person_sees_the_own_log_but_not_the_working_notes_on_the_page(own_account, recorded, client_for):
    response = client_for(own_account).get(f"/personen/{recorded.pk}/beveiligde/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uitleg over de camera bij de woning" in html
    assert "Geweigerd" in html
    for secret in (COOPERATION_NOTE, WITHHELD, DECLINE_NOTE, "Ministerie van Financiën", "Geen medewerking"):
        assert secret not in html
    assert ">Medewerking</h2>" not in html
    assert ">Zorgplicht werkgever</h2>" not in html
    assert "/beveiligde/communicatie/" not in html


def test_the_protected_person_sees_the_own_log_but_not_the_working_notes_in_the_api(own_account, recorded, client_for):
    response = client_for(own_account).get(f"/api/v1/persons/{recorded.pk}/care/")
    assert response.status_code == 200
    body = response.json()
    assert body["shows_working_notes"] is False
    assert body["cooperation"] is None
    assert body["cooperation_history"] is None
    assert body["employer_duties"] is None
    assert [c["summary"] for c in body["communications"]] == ["Uitleg over de camera bij de woning"]
    assert "withheld_note" not in body["communications"][0]
    assert body["confidentiality"]["status"] == "geweigerd"
    assert "note" not in body["confidentiality"]
    for secret in (COOPERATION_NOTE, WITHHELD, DECLINE_NOTE):
        assert secret not in response.content.decode()


def test_the_protected_person_cannot_open_someone_elses_care(make_user, recorded, make_person, client_for):
    other = make_person("Ander", home=address(number=90))
    account = make_user(Role.PROTECTED_PERSON, person=other)
    assert client_for(account).get(f"/personen/{recorded.pk}/beveiligde/").status_code == 404
    assert client_for(account).get(f"/api/v1/persons/{recorded.pk}/care/").status_code == 404


def test_the_api_gives_the_authority_everything(nctv, recorded, client_for):
    body = client_for(nctv).get(f"/api/v1/persons/{recorded.pk}/care/").json()
    assert body["cooperation"]["note"] == COOPERATION_NOTE
    assert body["cooperation"]["effect"]["inform_and_advise_only"] is True
    assert body["communications"][0]["withheld_note"] == WITHHELD
    assert [e["status"] for e in body["confidentiality_events"]] == ["geweigerd", "aangeboden"]
    assert body["employer_duties"]["version"] == 1


# --- the forms -----------------------------------------------------------------------------------------------


def test_a_cooperation_form_saves_through_the_service_and_returns_to_the_overview(nctv, stelsel_person, client_for):
    client = client_for(nctv)
    path = f"/personen/{stelsel_person.pk}/beveiligde/medewerking/"
    assert client.get(path).status_code == 200
    response = client.post(path, {"status": "gedeeltelijk", "note": "Meldt afspraken laat"}, follow=True)
    assert response.redirect_chain == [(f"/personen/{stelsel_person.pk}/beveiligde/", 302)]
    assert "Medewerking vastgelegd: gedeeltelijke medewerking." in response.content.decode()
    assert CooperationRecord.objects.get().note == "Meldt afspraken laat"


def test_a_bad_communication_form_shows_dutch_errors_per_field_and_stores_nothing(nctv, stelsel_person, client_for):
    before = JournalEntry.objects.count()
    future = (now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(nctv).post(
        f"/personen/{stelsel_person.pk}/beveiligde/communicatie/", {"told_at": future, "channel": "brief"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "toekomst" in html
    assert "Beschrijf wat de persoon is verteld" in html
    assert "Kruis aan waarover" in html
    assert 'href="#id_told_at"' in html
    assert not CommunicationEntry.objects.exists()
    assert JournalEntry.objects.count() == before


def test_the_confidentiality_form_refuses_signing_without_an_offer(nctv, stelsel_person, client_for):
    response = client_for(nctv).post(
        f"/personen/{stelsel_person.pk}/beveiligde/geheimhouding/",
        {"status": "ondertekend", "on": today().isoformat()},
    )
    assert response.status_code == 400
    assert "leg eerst het aanbod vast" in response.content.decode()
    assert not ConfidentialityDeclaration.objects.exists()


def test_the_employer_form_edits_the_current_version_and_refuses_a_stale_one(nctv, stelsel_person, client_for):
    client = client_for(nctv)
    path = f"/personen/{stelsel_person.pk}/beveiligde/werkgever/"
    data = {"employer_name": "Gemeente Den Haag", "alertness": "on", "version": "0"}
    assert client.post(path, data).status_code == 302
    page = client.get(path).content.decode()
    assert 'name="version" value="1"' in page
    assert 'value="Gemeente Den Haag"' in page
    assert client.post(path, {**data, "prevention": "on", "version": "1"}).status_code == 302
    stale = client.post(path, {**data, "version": "1"})
    assert stale.status_code == 400
    assert "intussen gewijzigd" in stale.content.decode()
    duties = EmployerDuties.objects.get()
    assert (duties.version, duties.prevention) == (2, True)


def test_forms_for_a_person_without_authority_send_the_user_back_with_the_reason(make_user, make_person, client_for):
    person = make_person("Anna", home=address(number=61))  # basic police care
    adviser = make_user(Role.ADVISER_BB, "politie-den-haag")
    response = client_for(adviser).get(f"/personen/{person.pk}/beveiligde/medewerking/", follow=True)
    assert response.redirect_chain == [(f"/personen/{person.pk}/beveiligde/", 302)]
    assert "basispolitiezorg" in response.content.decode()
    assert "/beveiligde/medewerking/" not in response.content.decode().split("</h1>", 1)[1]


def test_who_sees_but_does_not_hold_the_person_gets_403_on_the_form(nctv, hovj, client_for):
    from stelsel.registry import services as registry

    person = registry.register_person(
        nctv,
        given_names="Sara",
        surname="Bos",
        date_of_birth=today() - timedelta(days=15000),
        home=address(number=41),
        reason="melding",
    )
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    client = client_for(nctv)
    assert client.get(f"/personen/{person.pk}/beveiligde/").status_code == 200
    assert client.get(f"/personen/{person.pk}/beveiligde/medewerking/").status_code == 403
    refused = post_json(client, f"/api/v1/persons/{person.pk}/cooperation/", {"status": "volledig", "note": "x"})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert not CooperationRecord.objects.exists()


# --- the API -------------------------------------------------------------------------------------------------


def test_recording_through_the_api(nctv, stelsel_person, client_for):
    client, base = client_for(nctv), f"/api/v1/persons/{stelsel_person.pk}"
    made = post_json(client, f"{base}/cooperation/", {"status": "volledig", "note": "Werkt mee"})
    assert made.status_code == 201, made.content
    assert made.json()["reasons"][0]["rule"] == "R42"
    told = post_json(
        client,
        f"{base}/communications/",
        {
            "told_at": (now() - timedelta(hours=1)).isoformat(),
            "channel": "telefoon",
            "about_measures": True,
            "summary": "Nieuwe route naar het werk",
        },
    )
    assert told.status_code == 201, told.content
    offered = post_json(client, f"{base}/confidentiality/", {"status": "aangeboden", "on": today().isoformat()})
    assert offered.status_code == 201
    created = post_json(client, f"{base}/employer-duties/", {"employer_name": "KLM", "expected_version": 0})
    assert created.status_code == 201
    assert created.json()["version"] == 1
    changed = post_json(
        client, f"{base}/employer-duties/", {"employer_name": "KLM", "alertness": True, "expected_version": 1}
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2


def test_the_api_refuses_bad_input_and_stale_versions_as_problem_json(nctv, stelsel_person, client_for):
    client, base = client_for(nctv), f"/api/v1/persons/{stelsel_person.pk}"
    before = JournalEntry.objects.count()
    empty = post_json(client, f"{base}/communications/", {})
    assert empty.status_code == 400
    assert empty["Content-Type"] == "application/problem+json"
    assert {p["name"] for p in empty.json()["invalid-params"]} == {"told_at", "channel", "about_threat", "summary"}
    signed = post_json(client, f"{base}/confidentiality/", {"status": "ondertekend", "on": today().isoformat()})
    assert signed.status_code == 400
    assert signed.json()["invalid-params"][0]["name"] == "status"
    assert JournalEntry.objects.count() == before
    post_json(client, f"{base}/employer-duties/", {"employer_name": "KLM", "expected_version": 0})
    post_json(client, f"{base}/employer-duties/", {"employer_name": "KLM BV", "expected_version": 1})
    stale = post_json(client, f"{base}/employer-duties/", {"employer_name": "KLM NV", "expected_version": 1})
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert EmployerDuties.objects.get().employer_name == "KLM BV"


def test_an_hovj_cannot_record_for_a_stelsel_person_through_page_or_api(hovj, stelsel_person, client_for):
    client = client_for(hovj)
    assert client.post(f"/personen/{stelsel_person.pk}/beveiligde/medewerking/", {"status": "geen"}).status_code == 404
    body = {"status": "geen", "note": "x"}
    assert post_json(client, f"/api/v1/persons/{stelsel_person.pk}/cooperation/", body).status_code == 404
    assert not CooperationRecord.objects.exists()
