"""Measures advice, package decisions, mayors, reviews and phase-out through the services (§2.3.5, §3.3, §4.1)."""

from datetime import timedelta

import pytest

from stelsel.access.models import Organisation
from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.measures import queries, services
from stelsel.measures.models import (
    AdviceStatus,
    MayorNotification,
    Measure,
    MeasuresAdvice,
    MeasureStatus,
    PackageDecision,
    Review,
)
from stelsel.measures.services import ItemInput, ReviewChoice
from stelsel.registry import services as registry
from stelsel.triage import services as triage
from stelsel.triage.tests.test_services import DIRECT_FORM
from stelsel.worklist import worklist

pytestmark = pytest.mark.django_db

IN_60 = today() + timedelta(days=60)
ROTTERDAM_WORK = address("Coolsingel", 40, "3011 AD", "Rotterdam", "GM0599")

PACKAGE = [
    ItemInput("close_protection", "werk", note="Beveiliging van werkactiviteiten"),
    ItemInput("personal_escort", "prive", "beperkt", note="Beperkt: vooraf aangemelde privéactiviteiten"),
    ItemInput("camera", "prive", note="Camera bij de woning"),
]


def dated(items, review_on=IN_60):
    return [
        ItemInput(i.kind, i.scope, i.facilitation, review_on, "Nieuwe dreigingsinformatie of een vonnis.", i.note)
        for i in items
    ]


@pytest.fixture
def admitted(make_person, rccb, hovj, nctv):
    """Newly admitted after triage, handover file in; lives in The Hague and works in Rotterdam."""
    person = make_person("Samira", "El Amrani")
    registry.change_address(
        rccb, person, kind="werkadres", address=ROTTERDAM_WORK, valid_from=today(), reason="werkgever"
    )
    case = triage.draft_intake(rccb, person, DIRECT_FORM)
    triage.sign_intake(hovj, case, route="directe_opname", motivation="ja", expected_version=None)
    triage.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    triage.send_handover_file(hovj, case, contents="dossier", expected_version=None)
    person.refresh_from_db()
    return person


@pytest.fixture
def adviser(make_user):
    return make_user(Role.ADVISER_BB)  # police national unit


def request(nctv, person):
    return services.request_advice(
        nctv,
        person,
        adviser_org=Organisation.objects.get(code="politie-landelijke-eenheid"),
        question="Welk pakket is nodig na opname?",
        due_on=today() + timedelta(days=7),
    )


def submit(adviser, advice, items=PACKAGE, level=4, duration="langdurig"):
    return services.submit_advice(
        adviser,
        advice,
        items=items,
        threat_level=level,
        threat_duration=duration,
        explanation="Ernstige, langdurige dreiging uit een CSV; werk en beperkt privé beveiligen.",
        scarce_means="Persoonsbeveiliging vraagt twee teams LE; geen verdeling met andere gezagen nodig.",
    )


def decide(nctv, person, advice=None, items=PACKAGE, **extra):
    return services.decide_package(
        nctv,
        person,
        items=dated(items),
        advice=advice,
        starts_on=today(),
        threat_level=extra.pop("threat_level", 4),
        threat_duration=extra.pop("threat_duration", "langdurig"),
        motivation=extra.pop("motivation", "Het advies volgt de beleidslijn zorgplicht."),
        **extra,
    )


def test_advice_is_asked_drafted_and_decided_as_a_package_with_reasons(admitted, nctv, adviser):
    advice = request(nctv, admitted)
    assert [i.task for i in worklist(adviser)] == ["Maatregelenadvies opstellen"]
    submit(adviser, advice)
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SUBMITTED
    assert [i.kind for i in advice.items.all()] == ["close_protection", "personal_escort", "camera"]
    assert all(any(r["rule"] == "R50" for r in i.reasons) for i in advice.items.all())
    assert "Maatregelenadvies beoordelen en besluiten" in [i.task for i in worklist(nctv)]

    decision = decide(nctv, admitted, advice)
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.DECIDED
    measures = list(decision.measures.order_by("id"))
    assert [(m.kind, m.scope, m.facilitation) for m in measures] == [
        ("close_protection", "werk", ""),
        ("personal_escort", "prive", "beperkt"),
        ("camera", "prive", ""),
    ]
    assert all(m.review_on == IN_60 and m.reevaluate_when for m in measures)
    assert {"R02", "R21", "R38", "R50"} <= {r["rule"] for r in measures[1].reasons}
    assert decision.policy_version == "circulaire-bb-2026"
    entry = decision.entry
    assert entry.action == "measure.package_decided"
    assert entry.payload["deviates_from_advice"] == []
    assert len(entry.payload["items"]) == 3
    assert verify_chain().ok


def test_the_decision_records_where_the_authority_deviates_from_the_advice(admitted, nctv, adviser):
    advice = request(nctv, admitted)
    submit(adviser, advice)
    decision = decide(nctv, admitted, advice, items=PACKAGE[:2])
    assert decision.entry.payload["deviates_from_advice"] == ["niet overgenomen: Camera bij woning (Privé)"]


def test_an_adviser_of_another_unit_cannot_submit_and_nobody_else_sees_the_advice(admitted, nctv, make_user):
    advice = request(nctv, admitted)
    kmar_adviser = make_user(Role.ADVISER_BB, org="kmar")
    with pytest.raises(NotAllowed):
        submit(kmar_adviser, advice)
    with pytest.raises(NotFound):
        queries.advice_for(kmar_adviser, advice.pk)
    with pytest.raises(NotFound):
        queries.advice_for(make_user(Role.LCC_COORDINATOR), advice.pk)


def test_bad_advice_requests_name_every_field_and_change_nothing(admitted, nctv, make_user):
    before = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.request_advice(
            nctv,
            admitted,
            adviser_org=Organisation.objects.get(code="gemeente-gm0518"),
            question=" ",
            due_on=today() - timedelta(days=1),
        )
    assert set(refused.value.field_errors) == {"adviser_org", "question", "due_on"}
    with pytest.raises(NotAllowed):  # police advises; it does not ask itself (R02)
        request(make_user(Role.RCCB), admitted)
    assert not MeasuresAdvice.objects.exists()
    assert JournalEntry.objects.count() == before


def test_the_adviser_is_held_to_the_duty_of_care_rules_too(admitted, nctv, adviser):
    advice = request(nctv, admitted)
    with pytest.raises(InvalidInput) as too_heavy:
        submit(adviser, advice, level=3)
    assert "items.0.kind" in too_heavy.value.field_errors
    with pytest.raises(InvalidInput) as private_first:
        submit(adviser, advice, items=PACKAGE[1:])
    assert "werk gaat voor privé" in private_first.value.field_errors["items.0.scope"]
    broad_private = [PACKAGE[0], ItemInput("personal_escort", "prive", "ruim")]
    with pytest.raises(InvalidInput) as broad:
        submit(adviser, advice, items=broad_private, duration="kort")
    assert "beperkte duur" in broad.value.field_errors["items.1.facilitation"]
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.REQUESTED
    assert not advice.items.exists()


def test_a_decision_without_motivation_or_review_date_or_trigger_is_refused(admitted, nctv):
    before = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as no_motivation:
        decide(nctv, admitted, motivation="  ")
    assert set(no_motivation.value.field_errors) == {"motivation"}
    undated = [ItemInput("camera", "prive", review_on=None, reevaluate_when="x")]
    with pytest.raises(InvalidInput) as no_date:
        services.decide_package(
            nctv, admitted, items=undated, starts_on=today(), threat_level=3, threat_duration="kort", motivation="m"
        )
    assert "R38" in no_date.value.field_errors["items.0.review_on"]
    no_trigger = [ItemInput("camera", "prive", review_on=IN_60, reevaluate_when=" ")]
    with pytest.raises(InvalidInput) as trigger:
        services.decide_package(
            nctv, admitted, items=no_trigger, starts_on=today(), threat_level=3, threat_duration="kort", motivation="m"
        )
    assert "R38" in trigger.value.field_errors["items.0.reevaluate_when"]
    with pytest.raises(InvalidInput) as no_threat:
        services.decide_package(
            nctv, admitted, items=no_trigger, starts_on=today(), threat_level=9, threat_duration="", motivation="m"
        )
    assert set(no_threat.value.field_errors) == {"threat_level", "threat_duration"}
    assert not Measure.objects.exists()
    assert not PackageDecision.objects.exists()
    assert JournalEntry.objects.count() == before


@pytest.mark.parametrize("kind", ["close_protection", "personal_escort"])
def test_person_directed_measures_under_an_hovj_are_refused_and_nothing_is_stored(make_person, hovj, kind):
    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigd wethouder")
    before = JournalEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        decide(hovj, person, items=[ItemInput(kind, "werk")])
    assert "R21" in refused.value.field_errors["items.0.kind"]
    assert not Measure.objects.exists()
    assert JournalEntry.objects.count() == before


def _tasks(user):
    return [item.task for item in worklist(user)]


def test_both_mayors_are_to_be_informed_of_a_new_person_and_each_sees_only_its_own(admitted, nctv, make_user):
    tasks = _tasks(nctv)
    assert "Burgemeester 's-Gravenhage informeren: nieuwe te beveiligen persoon" in tasks
    assert "Burgemeester Rotterdam informeren: nieuwe te beveiligen persoon" in tasks
    for code in ("GM0518", "GM0599"):
        services.send_mayor_notification(
            nctv, admitted, municipality_code=code, scenario="nieuwe_persoon", content="Nieuwe persoon in uw gemeente."
        )
    assert not [t for t in _tasks(nctv) if t.startswith("Burgemeester")]
    the_hague, rotterdam, amsterdam = (
        make_user(Role.MAYOR),
        make_user(Role.MAYOR, org="gemeente-gm0599"),
        make_user(Role.MAYOR, org="gemeente-gm0363"),
    )
    assert [n.municipality.code for n in queries.mayor_inbox(the_hague)] == ["GM0518"]
    assert [n.municipality.code for n in queries.mayor_inbox(rotterdam)] == ["GM0599"]
    assert list(queries.mayor_inbox(amsterdam)) == []
    notice = queries.mayor_inbox(rotterdam).get()
    with pytest.raises(NotFound):
        queries.notification_for(amsterdam, notice.pk)
    with pytest.raises(NotAllowed):
        services.acknowledge_notification(the_hague, notice)
    services.acknowledge_notification(rotterdam, notice)
    with pytest.raises(Conflict):
        services.acknowledge_notification(rotterdam, notice)


def test_a_new_person_notice_goes_only_to_where_the_person_lives_or_works(admitted, nctv):
    with pytest.raises(InvalidInput) as elsewhere:
        services.send_mayor_notification(
            nctv, admitted, municipality_code="GM0363", scenario="nieuwe_persoon", content="x"
        )
    assert "§2.3.5" in elsewhere.value.field_errors["municipality_code"]
    with pytest.raises(InvalidInput) as empty:
        services.send_mayor_notification(nctv, admitted, municipality_code="GM0363", scenario="acuut", content=" ")
    assert set(empty.value.field_errors) == {"content"}
    assert not MayorNotification.objects.exists()


def test_a_measure_needing_the_municipality_starts_the_mayor_flow(admitted, nctv):
    for code in ("GM0518", "GM0599"):
        services.send_mayor_notification(
            nctv, admitted, municipality_code=code, scenario="nieuwe_persoon", content="Nieuwe persoon."
        )
    decision = decide(nctv, admitted, items=[ItemInput("guard_container", "prive")])
    container = decision.measures.get()
    assert decision.entry.payload["needs_municipality"] == ["Bewakingsunit (container) bij woning"]
    items = [i for i in worklist(nctv) if "vraagt medewerking van de gemeente" in i.task]
    assert len(items) == 1
    assert "gemeente=GM0518" in items[0].url
    assert f"maatregel={container.pk}" in items[0].url
    services.send_mayor_notification(
        nctv,
        admitted,
        municipality_code="GM0518",
        scenario="planbaar",
        content="Plaatsing bewakingsunit; afstemming over openbare ruimte.",
        measure=container,
    )
    assert not [i for i in worklist(nctv) if "vraagt medewerking" in i.task]


def test_a_review_comes_due_goes_overdue_and_continues_changes_or_phases_out(admitted, nctv):
    decision = decide(nctv, admitted)
    camera, escort = decision.measures.get(kind="camera"), decision.measures.get(kind="personal_escort")
    assert not [t for t in _tasks(nctv) if t.startswith("Maatregelen herbeoordelen")]
    Measure.objects.filter(pk=camera.pk).update(review_on=today() + timedelta(days=3))
    assert "Maatregelen herbeoordelen" in _tasks(nctv)
    Measure.objects.filter(pk=camera.pk).update(review_on=today() - timedelta(days=1))
    due = [i for i in worklist(nctv) if i.task.startswith("Maatregelen herbeoordelen")]
    assert due[0].task == "Maatregelen herbeoordelen (te laat)"
    assert due[0].overdue

    work = decision.measures.get(kind="close_protection")
    next_review = today() + timedelta(days=90)
    with pytest.raises(InvalidInput) as incomplete:
        services.review_package(
            nctv,
            admitted,
            choices=[ReviewChoice(camera.pk, "afbouwen")],
            threat_level=4,
            threat_duration="langdurig",
            motivation="Herbeoordeling",
        )
    assert {f"measures.{work.pk}.outcome", f"measures.{escort.pk}.outcome"} == set(incomplete.value.field_errors)
    review = services.review_package(
        nctv,
        admitted,
        choices=[
            ReviewChoice(work.pk, "voortzetten", next_review, "Vonnis in de strafzaak"),
            ReviewChoice(escort.pk, "wijzigen", next_review, "Vonnis", new_scope="prive", new_facilitation="ruim"),
            ReviewChoice(camera.pk, "afbouwen"),
        ],
        threat_level=4,
        threat_duration="langdurig",
        motivation="Dreiging langdurig; camera niet meer nodig sinds verhuizing van de dreiger.",
    )
    camera.refresh_from_db()
    escort.refresh_from_db()
    assert camera.status == MeasureStatus.PHASED_OUT
    assert (escort.facilitation, escort.review_on) == ("ruim", next_review)
    assert review.entry.action == "measure.reviewed"
    assert all(any("geen rechten" in r["text"] for r in line.reasons) for line in review.lines.all())
    assert not [t for t in _tasks(nctv) if t.startswith("Maatregelen herbeoordelen")]


def test_a_review_gives_no_rights_to_the_earlier_package(admitted, nctv):
    decision = decide(nctv, admitted)
    ids = {m.kind: m.pk for m in decision.measures.all()}
    before = Review.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.review_package(
            nctv,
            admitted,
            choices=[
                ReviewChoice(ids["close_protection"], "voortzetten", IN_60, "x"),
                ReviewChoice(ids["personal_escort"], "voortzetten", IN_60, "x"),
                ReviewChoice(ids["camera"], "voortzetten", IN_60, "x"),
            ],
            threat_level=2,  # the threat went down: the old package no longer fits
            threat_duration="kort",
            motivation="Dreiging afgenomen",
        )
    assert "zwaarte" in refused.value.field_errors[f"measures.{ids['close_protection']}.outcome"]
    assert Review.objects.count() == before


def test_when_every_central_measure_is_phased_out_the_case_is_offered_for_leaving(admitted, nctv):
    decision = decide(nctv, admitted, items=[ItemInput("camera", "prive")])
    leave = "Alle centrale maatregelen afgebouwd: uit het stelsel laten gaan?"
    assert leave not in _tasks(nctv)
    services.phase_out_measure(nctv, decision.measures.get(), motivation="Dreiging weggenomen.")
    assert leave in _tasks(nctv)
    triage.end_designation(nctv, admitted, reason="Geen maatregelen meer", return_to_hovj=False)
    assert leave not in _tasks(nctv)


def test_moments_of_increased_risk_are_routed_to_the_nctv_or_the_rccb(admitted, nctv, make_person, hovj, make_user):
    person_user = make_user(Role.PROTECTED_PERSON, person=admitted)
    start = now() + timedelta(days=2)
    fields = {
        "reporter_name": "",
        "description": "Toespraak op een openbaar congres",
        "location": "Ahoy",
        "municipality_code": "GM0599",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
    }
    moment = services.register_risk_moment(person_user, admitted, reporter_kind="persoon", **fields)
    assert moment.routed_to.code == "nctv"
    assert moment.routing_reasons[0]["rule"] == "R37"
    with pytest.raises(InvalidInput) as not_own:  # the person reports for himself, not for the employer
        services.register_risk_moment(person_user, admitted, reporter_kind="werkgever", **fields)
    assert "reporter_kind" in not_own.value.field_errors

    local = make_person("Johan")
    registry.assign_authority(hovj, local, basis="lokaal_domein", reason="lokaal")
    rccb_dh = make_user(Role.RCCB)
    local_moment = services.register_risk_moment(
        rccb_dh, local, reporter_kind="werkgever", **{**fields, "reporter_name": "Gemeente, griffie"}
    )
    assert local_moment.routed_to.code == "politie-den-haag"
    assert "Verhoogd risicomoment: extra maatregelen adviseren?" in _tasks(rccb_dh)
    with pytest.raises(NotFound):  # the NCTV has no sight of a local-domain person
        services.decide_risk_moment(nctv, local_moment, extra_measures_advised=True, motivation="x")
    with pytest.raises(NotAllowed):  # the RCCB may decide moments, but this one went to the NCTV
        services.decide_risk_moment(rccb_dh, moment, extra_measures_advised=True, motivation="x")
    services.decide_risk_moment(rccb_dh, local_moment, extra_measures_advised=False, motivation="Basiszorg volstaat.")
    decided = services.decide_risk_moment(nctv, moment, extra_measures_advised=True, motivation="Extra team.")
    assert decided.extra_measures_advised is True
    with pytest.raises(Conflict):
        services.decide_risk_moment(nctv, moment, extra_measures_advised=True, motivation="nogmaals")


def test_a_risk_moment_with_bad_input_names_the_fields_and_stores_nothing(admitted, nctv):
    from stelsel.measures.models import RiskMoment

    with pytest.raises(InvalidInput) as refused:
        services.register_risk_moment(
            nctv,
            admitted,
            reporter_kind="werkgever",
            reporter_name="",
            description="",
            location="",
            municipality_code="GM9999",
            starts_at=now() + timedelta(hours=3),
            ends_at=now() + timedelta(hours=1),
        )
    assert set(refused.value.field_errors) == {
        "reporter_name",
        "description",
        "location",
        "municipality_code",
        "ends_at",
    }
    assert not RiskMoment.objects.exists()


def test_a_four_way_consultation_is_recorded_for_a_stelsel_case(admitted, nctv, make_person, hovj):
    with pytest.raises(InvalidInput) as future:
        services.record_four_way(
            nctv,
            admitted,
            municipality_code="GM0599",
            held_on=today() + timedelta(days=1),
            participants="",
            agreements="",
        )
    assert set(future.value.field_errors) == {"held_on", "participants", "agreements"}
    services.record_four_way(
        nctv,
        admitted,
        municipality_code="GM0599",
        held_on=today(),
        participants="Burgemeester, OvJ, politie Rotterdam, NCTV",
        agreements="Zichtbare maatregelen bij het werk worden met de wijkagent afgestemd.",
        kmar_joined=False,
    )
    assert JournalEntry.objects.order_by("-seq").first().action == "measures.four_way_recorded"


def test_a_private_partys_support_ends_with_the_measure_in_the_same_entry(admitted, nctv, make_user):
    from stelsel.lcc import services as lcc
    from stelsel.lcc.models import PrivateAssignment

    camera = decide(nctv, admitted, items=[ItemInput("camera", "prive")]).measures.get()
    party = lcc.register_private_party(
        make_user(Role.LCC_COORDINATOR),
        name="Beveiliging B.V.",
        kvk_number="87654321",
        certification="Wpbr-vergunning",
        certified_until=today() + timedelta(days=200),
        training="Cameratoezicht",
    )
    lcc.assign_private_party(
        nctv,
        camera,
        party=party,
        directing_unit=Organisation.objects.get(code="politie-landelijke-eenheid"),
        task="Uitlezen en onderhoud camera",
        starts_on=today(),
        consent_motivation="Geen geweldstaak",
    )
    services.phase_out_measure(nctv, camera, motivation="Dreiging weggenomen.")
    assignment = PrivateAssignment.objects.get()
    entry = JournalEntry.objects.order_by("-seq").first()
    assert assignment.ended_by == entry
    assert entry.payload["private_parties_ended"] == ["Beveiliging B.V."]


def test_without_cooperation_no_forced_measures_but_informing_and_advising(admitted, nctv):
    from stelsel.portal import services as portal

    portal.record_cooperation(nctv, admitted, status="geen", note="Weigert elke beveiliging thuis.")
    with pytest.raises(InvalidInput) as forced:
        decide(nctv, admitted, items=[ItemInput("camera", "prive")])
    assert "R42" in forced.value.field_errors["items.0.kind"]
    assert not Measure.objects.exists()
    decision = decide(nctv, admitted, items=[ItemInput("information_advice", "beide")], threat_level=2)
    assert "R42" in {r["rule"] for r in decision.reasons}


def test_the_current_authority_reviews_measures_an_earlier_authority_decided(make_person, hovj, nctv):
    from stelsel.access.services import share_person

    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    local = decide(hovj, person, items=[ItemInput("extra_surveillance", "prive")], threat_level=2).measures.get()
    share_person(hovj, person, organisation_code="nctv", purpose="Spoedverzoek")
    registry.end_authority(hovj, person, reason="naar de NCTV")
    registry.assign_authority(nctv, person, basis="spoedaanwijzing", reason="spoed")
    Measure.objects.filter(pk=local.pk).update(review_on=today())
    assert "Maatregelen herbeoordelen" in _tasks(nctv)
    assert [m.pk for m in queries.active_measures(person)] == [local.pk]
    services.review_package(
        nctv,
        person,
        choices=[ReviewChoice(local.pk, "afbouwen", version=local.version)],
        threat_level=4,
        threat_duration="langdurig",
        motivation="Lokale surveillance gaat op in het stelselpakket.",
    )
    local.refresh_from_db()
    assert local.status == MeasureStatus.PHASED_OUT


def test_a_review_refuses_a_measure_twice_an_unknown_facilitation_and_a_stale_version(admitted, nctv):
    camera = decide(nctv, admitted, items=[ItemInput("camera", "prive")]).measures.get()
    common = {"threat_level": 3, "threat_duration": "kort", "motivation": "herbeoordeling"}
    with pytest.raises(InvalidInput) as twice:
        services.review_package(
            nctv,
            admitted,
            choices=[ReviewChoice(camera.pk, "afbouwen"), ReviewChoice(camera.pk, "voortzetten", IN_60, "x")],
            **common,
        )
    assert "twee keer" in twice.value.field_errors[f"measures.{camera.pk}.outcome"]
    with pytest.raises(InvalidInput) as facilitation:
        services.review_package(
            nctv, admitted, choices=[ReviewChoice(camera.pk, "wijzigen", IN_60, "x", "prive", "veel")], **common
        )
    assert f"measures.{camera.pk}.new_facilitation" in facilitation.value.field_errors
    with pytest.raises(Conflict):
        services.review_package(
            nctv, admitted, choices=[ReviewChoice(camera.pk, "afbouwen", version=camera.version - 1)], **common
        )
    camera.refresh_from_db()
    assert camera.status == MeasureStatus.ACTIVE
    assert not Review.objects.exists()


def test_private_protection_may_follow_work_protection_already_running_but_not_twice(admitted, nctv):
    decide(nctv, admitted, items=[ItemInput("close_protection", "werk")])
    decide(nctv, admitted, items=[ItemInput("personal_escort", "prive", "beperkt")])
    with pytest.raises(InvalidInput, match="is al actief") as twice:
        decide(nctv, admitted, items=[ItemInput("close_protection", "werk")])
    assert "items.0.kind" in twice.value.field_errors
    with pytest.raises(InvalidInput) as wrong_place:
        decide(nctv, admitted, items=[ItemInput("camera", "werk")])
    assert "geldt alleen voor privé" in wrong_place.value.field_errors["items.0.scope"]


def test_asking_an_adviser_shares_the_case_with_that_unit(make_person, hovj, make_user):
    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    kmar_adviser = make_user(Role.ADVISER_BB, org="kmar")
    with pytest.raises(NotFound):  # KMar advisers see stelsel persons only, until the case is shared
        registry_person(kmar_adviser, person)
    advice = services.request_advice(
        hovj,
        person,
        adviser_org=Organisation.objects.get(code="kmar"),
        question="Lokaal pakket?",
        due_on=today() + timedelta(days=3),
    )
    assert queries.advice_for(kmar_adviser, advice.pk) == advice
    assert [i.task for i in worklist(kmar_adviser)] == ["Maatregelenadvies opstellen"]
    assert advice.person.shares.get().purpose == "Maatregelenadvies"


def registry_person(user, person):
    from stelsel.registry.queries import person_for

    return person_for(user, person.pk)


def test_the_om_does_not_read_the_nctvs_measures_in_the_journal(make_person, hovj, nctv, client_for):
    from stelsel.access.services import share_person

    person = make_person("Johan")
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    decide(hovj, person, items=[ItemInput("extra_surveillance", "prive")], threat_level=2)
    share_person(hovj, person, organisation_code="nctv", purpose="Spoedverzoek")
    registry.end_authority(hovj, person, reason="naar de NCTV")
    registry.assign_authority(nctv, person, basis="spoedaanwijzing", reason="spoed")
    decide(nctv, person, items=[ItemInput("close_protection", "werk")])
    page = client_for(hovj).get(f"/personen/{person.pk}/").content.decode()
    assert "Extra surveillance" in page  # its own decision
    assert "Persoonsbeveiliging" not in page
    entries = client_for(hovj).get(f"/api/v1/persons/{person.pk}/journal/").json()["results"]
    decided = [e for e in entries if e["action"] == "measure.package_decided"]
    assert len(decided) == 1
    assert "Persoonsbeveiliging" in client_for(nctv).get(f"/personen/{person.pk}/").content.decode()


def test_a_four_way_consultation_is_held_where_the_case_is(admitted, nctv):
    with pytest.raises(InvalidInput) as elsewhere:
        services.record_four_way(
            nctv,
            admitted,
            municipality_code="GM0363",
            held_on=today(),
            participants="Burgemeester, OvJ, politie, NCTV",
            agreements="Afspraken",
        )
    assert "§2.3.5" in elsewhere.value.field_errors["municipality_code"]


def test_leaving_is_not_offered_while_the_household_still_has_a_central_measure(admitted, nctv, rccb):
    partner = registry.register_person(
        rccb,
        given_names="Youssef",
        surname="El Amrani",
        date_of_birth=admitted.date_of_birth,
        home=address(),
        reason="partner",
    )
    registry.link_relative(rccb, admitted, partner, kind="levensgezel", household=True, reason="gezin")
    registry.assign_authority(nctv, admitted, basis="aanwijzing", reason="kerngezin erbij")
    own = decide(nctv, admitted, items=[ItemInput("camera", "prive")]).measures.get()
    partners = decide(nctv, partner, items=[ItemInput("alarm", "beide")]).measures.get()
    services.phase_out_measure(nctv, own, motivation="Niet meer nodig.")
    leave = "Alle centrale maatregelen afgebouwd: uit het stelsel laten gaan?"
    assert leave not in _tasks(nctv)
    services.phase_out_measure(nctv, partners, motivation="Niet meer nodig.")
    assert leave in _tasks(nctv)


def test_the_decision_records_the_threat_level_the_authority_set_and_the_form_starts_from_it(
    admitted, nctv, client_for
):
    from stelsel.intel.services import set_threat_level

    set_threat_level(
        nctv,
        admitted,
        severity="zeer_ernstig",
        likelihood="voorstelbaar",
        motivation="Concrete dreiging uit een CSV.",
        information=["DI politie"],
    )
    page = client_for(nctv).get(f"/personen/{admitted.pk}/maatregel/").content.decode()
    assert '<option value="4" selected>' in page
    decision = decide(nctv, admitted, items=[ItemInput("camera", "prive")])
    assert decision.entry.payload["assessed_threat_level"]["level"] == 4
