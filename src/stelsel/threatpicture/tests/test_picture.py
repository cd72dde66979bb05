"""The integrated threat picture (R52): saving, review and challenge, final versions, who reads it, the worklist,
the pages and the API."""

import json
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.intel import services as intel
from stelsel.registry import services as registry
from stelsel.threatpicture import queries, services
from stelsel.threatpicture.models import PictureRelease, PictureReview, PictureStatus, ThreatPicture
from stelsel.worklist import worklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(nctv):
    person = registry.register_person(
        nctv,
        given_names="Pieter",
        surname="Vries",
        date_of_birth=date(1968, 4, 12),
        home=address("Laan van Meerdervoort", 112, "2517AP"),
        reason="functie op de lijst",
    )
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="functie op de lijst")
    return person


@pytest.fixture
def peer(make_user):
    return make_user(Role.NCTV_OFFICER)


@pytest.fixture
def challenger(make_user):
    return make_user(Role.NCTV_OFFICER)


def document(**changes):
    values = {
        "version": 0,
        "summary": "Concrete dreiging na veroordeling",
        "hypotheses": [
            {
                "key": "H1",
                "statement": "Wraak van de veroordeelde via zijn netwerk",
                "indicators": ["verkenning bij de woning"],
            },
            {"key": "H2", "statement": "Eenmalige uiting zonder intentie", "indicators": ["geen vervolgberichten"]},
        ],
        "evidence": [
            {
                "key": "E1",
                "description": "Bericht op sociale media",
                "reliability": "B",
                "scores": {"H1": "C", "H2": "I"},
            },
            {
                "key": "E2",
                "description": "Auto bij de woning gezien",
                "reliability": "D",
                "scores": {"H1": "C", "H2": "NVT"},
            },
        ],
        "assumptions": ["De dreiger zit nog vast"],
        "blind_spots": ["Contacten buiten Nederland"],
        "soft_information": ["Buurtbewoner zag een auto"],
        "missing_information": ["Wie de auto bestuurde"],
        "threat": "Concrete doodsbedreiging",
        "resistance": "Woning matig beveiligd",
        "measures_effect": "Camera en surveillance verkleinen de kans",
        "residual_risk": "Aanvaardbaar met de maatregelen",
        "review_on": today() + timedelta(days=90),
        "triggers": ["De dreiger komt vrij"],
    }
    values.update(changes)
    return values


def reviewed(picture, peer, challenger):
    services.record_review(
        peer, picture, kind="peer_review", verdict="akkoord", text="Navolgbaar", version=picture.version
    )
    services.record_review(
        challenger, picture, kind="tegenspraak", text="Scenario: een derde handelt in opdracht", version=picture.version
    )


def state():
    return (
        ThreatPicture.objects.count(),
        PictureReview.objects.count(),
        PictureRelease.objects.count(),
        JournalEntry.objects.count(),
    )


# --- saving -----------------------------------------------------------------------------------------------------


def test_the_authority_saves_a_picture_with_keys_for_new_hypotheses_and_evidence(nctv, person):
    new = document()
    for item in new["hypotheses"] + new["evidence"]:
        del item["key"]
    picture = services.save_picture(nctv, person, **new)
    assert picture.version == 1
    assert picture.status == PictureStatus.DRAFT
    assert [h["key"] for h in picture.hypotheses] == ["H1", "H2"]
    assert [e["key"] for e in picture.evidence] == ["E1", "E2"]
    entry = JournalEntry.objects.filter(action="threatpicture.saved").get()
    assert entry.payload["least_refuted"] == ["H1"]
    assert entry.payload["version"] == 1


def test_saving_from_a_stale_version_is_a_conflict_and_changes_nothing(nctv, peer, person):
    services.save_picture(nctv, person, **document())
    before = state()
    with pytest.raises(Conflict):
        services.save_picture(peer, person, **document(version=0, summary="anders"))
    assert state() == before


def test_saving_the_same_content_again_writes_no_new_version(nctv, person):
    first = services.save_picture(nctv, person, **document())
    before = state()
    again = services.save_picture(
        nctv, person, **document(version=1, hypotheses=first.hypotheses, evidence=first.evidence)
    )
    assert again.version == 1
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hypotheses": [{"statement": ""}]}, "hypotheses"),
        ({"evidence": [{"description": "x", "reliability": "Q"}]}, "evidence"),
        ({"evidence": [{"description": "x", "reliability": "A", "scores": {"H7": "C"}}]}, "evidence"),
        ({"evidence": [{"description": "x", "reliability": "A", "product_id": 999999}]}, "evidence"),
        ({"review_on": date(2020, 1, 1)}, "review_on"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(nctv, person, changes, field):
    before = state()
    with pytest.raises(InvalidInput) as error:
        services.save_picture(nctv, person, **document(**changes))
    assert field in error.value.field_errors
    assert state() == before


def test_only_the_current_authority_keeps_the_picture(make_user, person, hovj):
    police = make_user(Role.POLICE_INTEL)  # sees the person (lives in The Hague), but is no authority
    with pytest.raises(NotAllowed):
        services.save_picture(police, person, **document())
    with pytest.raises(NotFound):  # R11: the OM does not see a stelsel person
        services.save_picture(hovj, person, **document())
    assert ThreatPicture.objects.count() == 0


def test_evidence_may_cite_a_product_the_authority_reads(nctv, person, make_user):
    police = make_user(Role.POLICE_INTEL)
    product = intel.deliver_product(police, person, kind="di", body="Dreigingsinschatting", marking="alleen_gezag")
    cited = document(evidence=[{"description": "DI politie", "reliability": "B", "product_id": product.pk}])
    picture = services.save_picture(nctv, person, **cited)
    assert picture.evidence[0]["product_id"] == product.pk


# --- review, challenge and final ------------------------------------------------------------------------------------


def test_a_picture_cannot_be_made_final_without_a_peer_review_and_a_recorded_challenge(nctv, peer, challenger, person):
    picture = services.save_picture(nctv, person, **document())
    before = state()
    with pytest.raises(InvalidInput) as error:
        services.finalise_picture(nctv, picture, version=1)
    assert "reviews" in error.value.field_errors
    assert "peer review" in str(error.value).lower()
    services.record_review(peer, picture, kind="peer_review", verdict="akkoord", text="Navolgbaar", version=1)
    with pytest.raises(InvalidInput, match="Tegenspraak"):
        services.finalise_picture(nctv, picture, version=1)
    assert PictureRelease.objects.count() == before[2] == 0
    services.record_review(challenger, picture, kind="tegenspraak", text="Scenario: handlanger", version=1)
    release = services.finalise_picture(nctv, picture, version=1)
    picture.refresh_from_db()
    assert picture.status == PictureStatus.FINAL
    assert release.version == 1
    assert release.snapshot["least_refuted"] == ["H1"]
    assert {review["kind"] for review in release.snapshot["reviews"]} == {"peer_review", "tegenspraak"}
    assert {reason["rule"] for reason in release.reasons} >= {"R52", "R36"}
    for review_entry in JournalEntry.objects.filter(action="threatpicture.reviewed"):
        assert review_entry.payload["reasons"][0]["paragraph"] == "§3.3"
        assert review_entry.policy_version
    assert release.policy_version
    entry = JournalEntry.objects.get(action="threatpicture.finalised")
    assert entry.payload["least_refuted"] == ["H1"]
    assert entry.payload["triggers"] == ["De dreiger komt vrij"]


def test_the_author_does_not_review_his_own_version(nctv, person):
    picture = services.save_picture(nctv, person, **document())
    with pytest.raises(InvalidInput) as error:
        services.record_review(nctv, picture, kind="peer_review", verdict="akkoord", text="ok", version=1)
    assert "kind" in error.value.field_errors
    assert PictureReview.objects.count() == 0


def test_a_review_of_a_version_that_changed_meanwhile_is_a_conflict(nctv, peer, person):
    picture = services.save_picture(nctv, person, **document())
    services.save_picture(nctv, person, **document(version=1, summary="bijgewerkt"))
    with pytest.raises(Conflict):
        services.record_review(peer, picture, kind="tegenspraak", text="x", version=1)
    assert PictureReview.objects.count() == 0


def test_changing_a_final_picture_makes_a_new_draft_that_needs_new_reviews(nctv, peer, challenger, person):
    picture = services.save_picture(nctv, person, **document())
    reviewed(picture, peer, challenger)
    services.finalise_picture(nctv, picture, version=1)
    changed = services.save_picture(peer, person, **document(version=1, residual_risk="Hoger na vrijlating"))
    assert changed.version == 2
    assert changed.status == PictureStatus.DRAFT
    with pytest.raises(InvalidInput, match="versie \\(2\\)"):
        services.finalise_picture(nctv, changed, version=2)
    assert PictureRelease.objects.filter(picture=picture).count() == 1  # version 1 stays as it was decided


def test_reviews_and_releases_are_append_only_in_the_database(nctv, peer, challenger, person):
    picture = services.save_picture(nctv, person, **document())
    reviewed(picture, peer, challenger)
    services.finalise_picture(nctv, picture, version=1)
    for table in ("threatpicture_picturereview", "threatpicture_picturerelease"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET id = id")  # noqa: S608  (a fixed table name)


# --- who reads it -----------------------------------------------------------------------------------------------


def test_executing_units_and_the_mayor_never_read_the_picture(nctv, person, make_user, client_for):
    services.save_picture(nctv, person, **document())
    for role in (Role.LCC_COORDINATOR, Role.ADVISER_BB, Role.POLICE_INTEL, Role.KMAR_OFFICER, Role.MAYOR):
        user = make_user(role)
        response = client_for(user).get(f"/personen/{person.pk}/dreigingsbeeld/")
        assert response.status_code == 403, role
        api = client_for(user).get(f"/api/v1/persons/{person.pk}/threat-picture/")
        assert api.status_code == 403, role


def test_the_inspectorate_reads_the_nctvs_picture_but_does_not_edit(nctv, person, make_user, client_for):
    services.save_picture(nctv, person, **document())
    inspector = make_user(Role.INSPECTOR)
    assert queries.picture_for(inspector, person) is not None
    client = client_for(inspector)
    assert client.get(f"/personen/{person.pk}/dreigingsbeeld/").status_code == 200
    assert client.get(f"/personen/{person.pk}/dreigingsbeeld/bewerken/").status_code == 403


def test_the_journal_entries_of_the_picture_are_hidden_from_executing_units(nctv, person, make_user):
    from stelsel.registry.queries import person_journal

    services.save_picture(nctv, person, **document())
    police = make_user(Role.POLICE_INTEL)
    assert any(entry.action == "threatpicture.saved" for entry in person_journal(nctv, person))
    assert not any(entry.action.startswith("threatpicture.") for entry in person_journal(police, person))


# --- worklist -----------------------------------------------------------------------------------------------------


def test_the_worklist_asks_others_for_review_then_for_the_periodic_review_and_after_a_new_product(
    nctv, peer, challenger, person, make_user
):
    picture = services.save_picture(nctv, person, **document())
    tasks = lambda user: [item.task for item in worklist(user)]  # noqa: E731
    assert "Peer review of tegenspraak op het dreigingsbeeld" in tasks(peer)
    assert "Peer review of tegenspraak op het dreigingsbeeld" not in tasks(nctv)  # the author
    reviewed(picture, peer, challenger)
    services.finalise_picture(nctv, picture, version=1)
    assert not any("dreigingsbeeld" in task.lower() for task in tasks(peer))
    ThreatPicture.objects.filter(pk=picture.pk).update(review_on=today() + timedelta(days=10))
    assert "Dreigingsbeeld periodiek toetsen" in tasks(nctv)
    police = make_user(Role.POLICE_INTEL)
    intel.deliver_product(police, person, kind="di", body="Nieuwe inschatting", marking="gezag_en_uitvoering")
    assert "Nieuw dreigingsproduct: dreigingsbeeld herbeoordelen" in tasks(nctv)
    assert not any("dreigingsbeeld" in task.lower() for task in tasks(police))


# --- pages and API --------------------------------------------------------------------------------------------


def test_the_editor_adds_two_hypotheses_and_scores_them_in_one_save(nctv, person, client_for):
    client = client_for(nctv)
    assert client.get(f"/personen/{person.pk}/dreigingsbeeld/bewerken/").status_code == 200
    form = {
        "version": "0",
        "h_H1_statement": "Wraak",
        "h_H2_statement": "Eenmalige uiting",
        "e_E1_description": "Bericht op sociale media",
        "e_E1_reliability": "B",
        "e_E1_score_H1": "C",
        "e_E1_score_H2": "I",
        "assumptions": "De dreiger zit vast",
    }
    response = client.post(f"/personen/{person.pk}/dreigingsbeeld/bewerken/", form)
    assert response.status_code == 302
    picture = ThreatPicture.objects.get(person=person)
    assert picture.evidence[0]["scores"] == {"H1": "C", "H2": "I"}
    page = client.get(f"/personen/{person.pk}/dreigingsbeeld/").content.decode()
    assert 'data-testid="minst-weerlegd"><strong>H1' in page
    assert "Een peer review met akkoord" in page  # what is still needed is listed


def test_the_editor_names_bad_input_in_dutch_and_stores_nothing(nctv, person, client_for):
    response = client_for(nctv).post(
        f"/personen/{person.pk}/dreigingsbeeld/bewerken/",
        {"version": "0", "h_H1_statement": "Wraak", "e_E1_description": "Bericht", "e_E1_reliability": ""},
    )
    assert response.status_code == 400
    assert "Bewijsstuk 1: betrouwbaarheid" in response.content.decode()
    assert "kies A tot en met F" in response.content.decode()
    assert ThreatPicture.objects.count() == 0


def test_the_picture_page_has_a_constant_number_of_queries(nctv, peer, person, client_for):
    client = client_for(nctv)
    services.save_picture(nctv, person, **document())
    client.get(f"/personen/{person.pk}/dreigingsbeeld/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries_made:
            assert client.get(f"/personen/{person.pk}/dreigingsbeeld/").status_code == 200
        return len(queries_made)

    few = count()
    picture = ThreatPicture.objects.get(person=person)
    many = document(
        version=picture.version,
        hypotheses=[{"statement": f"Hypothese {n}"} for n in range(8)],
        evidence=[{"description": f"Bewijs {n}", "reliability": "C"} for n in range(30)],
    )
    services.save_picture(nctv, person, **many)
    for _ in range(3):
        picture = ThreatPicture.objects.get(person=person)
        services.record_review(peer, picture, kind="tegenspraak", text="x", version=picture.version)
    assert count() == few


def test_the_api_saves_reviews_and_finalises_with_the_same_rules(nctv, peer, challenger, person, client_for):
    url = f"/api/v1/persons/{person.pk}/threat-picture/"
    body = document()
    body["review_on"] = body["review_on"].isoformat()
    saved = client_for(nctv).put(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["least_refuted"] == ["H1"]
    refused = client_for(nctv).post(url + "finalise/", {"version": 1}, content_type="application/json")
    assert refused.status_code == 400
    assert "reviews" in json.dumps(refused.json())
    assert (
        client_for(peer)
        .post(
            url + "reviews/",
            {"version": 1, "kind": "peer_review", "verdict": "akkoord", "text": "Navolgbaar"},
            content_type="application/json",
        )
        .status_code
        == 201
    )
    assert (
        client_for(challenger)
        .post(
            url + "reviews/",
            {"version": 1, "kind": "tegenspraak", "text": "Handlanger"},
            content_type="application/json",
        )
        .status_code
        == 201
    )
    final = client_for(nctv).post(url + "finalise/", {"version": 1}, content_type="application/json")
    assert final.status_code == 201
    assert final.json()["version"] == 1
    read = client_for(nctv).get(url).json()
    assert read["document"]["status"] == "definitief"
    assert len(read["releases"]) == 1


def test_the_om_reads_what_happened_while_it_held_the_case_but_nothing_of_the_nctv_after(
    make_person, rccb, hovj, nctv, make_user
):
    from stelsel.registry.queries import person_journal
    from stelsel.triage import services as triage
    from stelsel.triage.tests.test_services import DIRECT_FORM

    police = make_user(Role.POLICE_INTEL)
    local = make_person("Johan", "Visser", home=address(number=12))
    registry.assign_authority(hovj, local, basis="lokaal_domein", reason="bedreigde wethouder")
    intel.request_product(
        hovj,
        local,
        kind="ird",
        producer_org=police.organisation,
        question="Wat weten we?",
        due_on=today() + timedelta(days=3),
    )
    request = local.product_requests.get()
    intel.deliver_product(police, local, kind="ird", request=request, body="IRD", marking="alleen_gezag")
    seen = [entry.action for entry in person_journal(hovj, local)]
    assert "intel.product_delivered" in seen  # police's delivery on the HOvJ's order, while the HOvJ held the case
    case = triage.draft_intake(rccb, local, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    triage.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    services.save_picture(nctv, local, **document())
    intel.deliver_product(police, local, kind="di", body="DI voor de NCTV", marking="alleen_gezag")
    later = [entry.action for entry in person_journal(hovj, local)]
    assert later.count("intel.product_delivered") == 1  # not the delivery to the NCTV
    assert not any(action.startswith("threatpicture.") for action in later)


def test_an_analyst_who_edited_the_version_does_not_review_it_even_if_another_saved_last(
    nctv, peer, challenger, person
):
    services.save_picture(nctv, person, **document())
    picture = services.save_picture(peer, person, **document(version=1, summary="kleine wijziging"))
    assert picture.authors == sorted({nctv.pk, peer.pk})
    with pytest.raises(InvalidInput) as error:
        services.record_review(nctv, picture, kind="peer_review", verdict="akkoord", text="ok", version=2)
    assert "kind" in error.value.field_errors
    assert PictureReview.objects.count() == 0


def test_after_a_final_version_a_new_round_of_authors_starts(nctv, peer, challenger, person):
    picture = services.save_picture(nctv, person, **document())
    reviewed(picture, peer, challenger)
    services.finalise_picture(nctv, picture, version=1)
    changed = services.save_picture(peer, person, **document(version=1, residual_risk="Hoger"))
    assert changed.authors == [peer.pk]  # the author of version 1 may now review version 2
    services.record_review(nctv, changed, kind="peer_review", verdict="akkoord", text="ok", version=2)


def test_an_open_objection_blocks_final_until_that_reviewer_agrees(nctv, peer, challenger, person, make_user):
    picture = services.save_picture(nctv, person, **document())
    reviewed(picture, peer, challenger)
    objector = make_user(Role.NCTV_OFFICER)
    services.record_review(objector, picture, kind="peer_review", verdict="bezwaren", text="Bron E2 te zwak", version=1)
    with pytest.raises(InvalidInput, match="bezwaren"):
        services.finalise_picture(nctv, picture, version=1)
    services.record_review(objector, picture, kind="peer_review", verdict="akkoord", text="Toegelicht", version=1)
    assert services.finalise_picture(nctv, picture, version=1).version == 1


def test_the_oms_picture_stays_with_the_om_when_the_nctv_takes_over(
    make_person, rccb, hovj, nctv, make_user, client_for
):
    from stelsel.registry.queries import person_journal
    from stelsel.triage import services as triage
    from stelsel.triage.tests.test_services import DIRECT_FORM

    local = make_person("Johan", "Visser", home=address(number=12))
    registry.assign_authority(hovj, local, basis="lokaal_domein", reason="bedreigde wethouder")
    om_picture = services.save_picture(hovj, local, **document())
    services.record_review(
        make_user(Role.ADVISER_BBC), om_picture, kind="tegenspraak", text="OM-INTERNE-TEGENSPRAAK", version=1
    )
    case = triage.draft_intake(rccb, local, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    triage.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    inspector = make_user(Role.INSPECTOR)
    for outsider in (nctv, inspector):
        assert queries.picture_for(outsider, local) is None
        reasons = " ".join(entry.reason for entry in person_journal(outsider, local))
        assert "OM-INTERNE-TEGENSPRAAK" not in reasons
        assert not person_journal(outsider, local).filter(action__startswith="threatpicture.").exists()
    assert queries.picture_for(hovj, local) == om_picture  # the OM keeps reading its own picture
    assert person_journal(hovj, local).filter(action="threatpicture.reviewed").exists()
    with pytest.raises(NotAllowed):  # but no longer keeps it: the NCTV holds the case
        services.save_picture(hovj, local, **document(version=1, summary="na aanwijzing"))
