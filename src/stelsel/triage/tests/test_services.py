"""Triage and designation through the services: each rule of §2.3.3 with the journal and authority it leaves."""

from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.policy.authority import Basis, HolderKind
from stelsel.registry import services as registry
from stelsel.registry.models import AuthorityPeriod
from stelsel.registry.queries import current_authority
from stelsel.triage import services
from stelsel.triage.models import CaseStatus, TriageCase
from stelsel.triage.queries import worklist

pytestmark = pytest.mark.django_db

DIRECT_FORM = services.IntakeInput(
    threat_summary="Bedreiging met de dood na getuigenis in een liquidatieproces.",
    violent_offence=True,
    max_sentence_years=12,
    life_threat="direct",
    actor_known=True,
    actor_description="Lid van een crimineel samenwerkingsverband.",
    phenomenon="georganiseerde_criminaliteit",
    phenomenon_facts="Vonnis 2024 stelt de geweldsbereidheid van het CSV vast.",
)
TABLE_FORM = services.IntakeInput(
    threat_summary="Dreigende berichten van onbekende afzender.",
    life_threat="indirect",
    professional_insight=True,
    professional_insight_text="Politie ziet een patroon dat past bij eerdere aanslagen.",
)


@pytest.fixture
def family(make_person, rccb):
    """Pieter with his partner and adult daughter at home, and a son living elsewhere."""
    from stelsel.conftest import address

    pieter = make_person("Pieter", "de Vries")
    partner = make_person("Anna", "de Vries")
    daughter = make_person("Eva", "de Vries")
    son = make_person("Tom", "de Vries", home=address(street="Lange Voorhout", number=3, postcode="2514 EA"))
    for relative, kind, household in [(partner, "levensgezel", True), (daughter, "kind", True), (son, "kind", False)]:
        registry.link_relative(rccb, pieter, relative, kind=kind, household=household, reason="gezin")
    return {"pieter": pieter, "partner": partner, "daughter": daughter, "son": son}


def _signed(rccb, hovj, person, form=DIRECT_FORM, route="directe_opname"):
    case = services.draft_intake(rccb, person, form)
    return services.sign_intake(hovj, case, route=route, motivation="Stelselwaardig.", expected_version=case.version)


def test_a_direct_case_goes_from_draft_to_designation_with_the_household_in_one_entry(family, rccb, hovj, nctv):
    pieter = family["pieter"]
    case = _signed(rccb, hovj, pieter)
    assert case.status == CaseStatus.SIGNED
    assert case.framework_route == "directe_opname"
    assert case.policy_version == "circulaire-bb-2026"
    assert {r["paragraph"] for r in case.framework_reasons} >= {"§2.3.3 a", "§2.3.3 b"}
    # While triage runs the HOvJ is the authority (R05), and the NCTV now sees the person.
    assert current_authority(pieter).holder_kind == HolderKind.HOVJ
    assert [item.task for item in worklist(nctv)] == ["Oordelen (directe opname)"]

    before = JournalEntry.objects.count()
    services.judge(
        nctv,
        case,
        admitted=True,
        motivation="Ernstige dreiging uit georganiseerde criminaliteit.",
        information=["Intakeformulier", "DI politie 12-11-2026"],
        expected_version=case.version,
    )
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert entry.action == "triage.admitted"
    assert {s["id"] for s in entry.subjects if s["type"] == "person"} == {
        family["pieter"].pk,
        family["partner"].pk,
        family["daughter"].pk,
    }
    for member in (pieter, family["partner"], family["daughter"]):
        assert current_authority(member).holder_kind == HolderKind.NCTV
    assert current_authority(family["son"]) is None  # R08: only by a separate decision
    assert current_authority(family["partner"]).basis == Basis.HOUSEHOLD
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED
    assert case.handover_missing
    # The OM learns of it in the HOvJ's worklist, and the NCTV sees the file missing.
    assert "overdrachtsdossier sturen" in worklist(hovj)[0].task
    assert [item.task for item in worklist(nctv)] == ["Overdrachtsdossier ontbreekt"]
    services.send_handover_file(hovj, case, contents="Processen-verbaal en DI", expected_version=case.version)
    case.refresh_from_db()
    assert not case.handover_missing
    assert worklist(nctv) == []
    assert verify_chain().ok


def test_only_the_hovj_of_the_persons_district_signs(family, rccb, make_user):
    case = services.draft_intake(rccb, family["pieter"], DIRECT_FORM)
    amsterdam = make_user(Role.HOVJ, org="om-amsterdam")
    with pytest.raises(NotFound):  # outside Amsterdam's need-to-know altogether
        services.sign_intake(amsterdam, case, route="directe_opname", motivation="x", expected_version=None)
    with pytest.raises(NotAllowed):
        services.sign_intake(rccb, case, route="directe_opname", motivation="x", expected_version=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_direct_admission_against_the_framework_is_refused_but_the_table_is_allowed(family, rccb, hovj):
    case = services.draft_intake(rccb, family["pieter"], TABLE_FORM)
    with pytest.raises(InvalidInput) as refused:
        services.sign_intake(hovj, case, route="directe_opname", motivation="x", expected_version=case.version)
    assert "route" in refused.value.field_errors
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    assert case.signed_by is None
    signed = services.sign_intake(hovj, case, route="triagetafel", motivation="Bespreken", expected_version=1)
    assert signed.framework_route == "triagetafel"


def test_the_hovj_may_send_a_direct_case_to_the_table(family, rccb, hovj):
    case = _signed(rccb, hovj, family["pieter"], route="triagetafel")
    assert (case.framework_route, case.chosen_route) == ("directe_opname", "triagetafel")


def test_only_nctv_judges_and_a_judgement_needs_motivation_and_information(family, rccb, hovj, nctv):
    case = _signed(rccb, hovj, family["pieter"])
    with pytest.raises(NotAllowed):
        services.judge(hovj, case, admitted=True, motivation="x", information=["y"], expected_version=None)
    with pytest.raises(InvalidInput) as missing:
        services.judge(nctv, case, admitted=True, motivation=" ", information=[], expected_version=None)
    assert set(missing.value.field_errors) == {"motivation", "information"}
    assert current_authority(family["pieter"]).holder_kind == HolderKind.HOVJ


def test_judging_a_case_that_moved_on_is_a_conflict(family, rccb, hovj, nctv, make_user):
    case = _signed(rccb, hovj, family["pieter"])
    stale = case.version
    services.judge(nctv, case, admitted=False, motivation="Geen", information=["Intake"], expected_version=stale)
    other = make_user(Role.NCTV_OFFICER)
    with pytest.raises(Conflict):
        services.judge(other, case, admitted=True, motivation="Wel", information=["Intake"], expected_version=stale)
    with pytest.raises(Conflict):
        services.judge(other, case, admitted=True, motivation="Wel", information=["Intake"], expected_version=None)
    assert current_authority(family["pieter"]).holder_kind == HolderKind.HOVJ


def test_a_triage_case_goes_over_the_table_is_declined_and_escalated_twice(family, rccb, hovj, nctv, make_user):
    case = _signed(rccb, hovj, family["pieter"], form=TABLE_FORM, route="triagetafel")
    with pytest.raises(Conflict):  # not before the table has discussed it
        services.judge(nctv, case, admitted=True, motivation="x", information=["y"], expected_version=None)
    with pytest.raises(InvalidInput):
        services.put_on_table(hovj, case, meeting_date=today() - timedelta(days=1), expected_version=None)
    services.put_on_table(hovj, case, meeting_date=today() + timedelta(days=3), expected_version=None)
    secretariat = make_user(Role.OM_SECRETARIAT)
    assert [i.task for i in worklist(secretariat)] == ["Conclusie triagetafel vastleggen"]
    with pytest.raises(InvalidInput):
        services.conclude_table(secretariat, case, conclusion="", participants="", expected_version=None)
    services.conclude_table(
        secretariat,
        case,
        conclusion="Voorleggen aan NCTV; dreiging onvoldoende concreet.",
        participants="OM (voorzitter), NCTV, politie Den Haag, KMar",
        expected_version=None,
    )
    services.judge(
        nctv, case, admitted=False, motivation="Niet ernstig genoeg.", information="Tafel", expected_version=None
    )
    step1 = services.escalate(hovj, case, motivation="Dreiging neemt toe.", expected_version=None)
    assert step1.step == "coordinerend_hovj"
    services.decide_escalation(nctv, step1, admit=False, outcome="Oordeel blijft staan.", expected_version=None)
    step2 = services.escalate(hovj, case, motivation="Nieuwe signalen.", expected_version=None)
    assert step2.step == "portefeuille_pg"
    services.decide_escalation(nctv, step2, admit=True, outcome="PG en NCTV: alsnog opnemen.", expected_version=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED
    assert current_authority(family["pieter"]).basis == Basis.DESIGNATION
    actions = list(
        JournalEntry.objects.filter(subject_links__subject_type="triage_case", subject_links__subject_id=case.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "triage.intake_drafted",
        "triage.intake_signed",
        "triage.table_planned",
        "triage.table_concluded",
        "triage.declined",
        "triage.escalated",
        "triage.escalation_upheld",
        "triage.escalated",
        "triage.escalation_admitted",
    ]


def test_only_the_authority_puts_a_case_on_the_table(family, rccb, hovj, make_user):
    case = _signed(rccb, hovj, family["pieter"], form=TABLE_FORM, route="triagetafel")
    adviser = make_user(Role.ADVISER_BBC)
    with pytest.raises(NotAllowed):
        services.put_on_table(adviser, case, meeting_date=today(), expected_version=None)


def test_emergency_designation_is_immediate_and_records_the_call(family, rccb, hovj, nctv):
    from stelsel.access.services import share_person

    share_person(hovj, family["pieter"], organisation_code="nctv", purpose="Telefonisch spoedverzoek")
    with pytest.raises(InvalidInput) as bad:
        services.emergency_designation(
            nctv, family["pieter"], caller="", called_at=now() + timedelta(hours=1), information=""
        )
    assert set(bad.value.field_errors) == {"caller", "called_at", "information"}
    request = services.emergency_designation(
        nctv,
        family["pieter"],
        caller="mr. M. van Leeuwen (HOvJ Den Haag)",
        called_at=now() - timedelta(minutes=10),
        information="Aanslag op handen volgens CIE.",
    )
    authority = current_authority(family["pieter"])
    assert (authority.holder_kind, authority.basis) == (HolderKind.NCTV, Basis.EMERGENCY_DESIGNATION)
    assert current_authority(family["partner"]).holder_kind == HolderKind.NCTV
    entry = JournalEntry.objects.latest("seq")
    assert entry.action == "triage.emergency_designated"
    assert entry.payload["caller"] == request.caller


def test_leaving_the_stelsel_returns_the_household_to_the_hovj(family, rccb, hovj, nctv):
    case = _signed(rccb, hovj, family["pieter"])
    services.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    with pytest.raises(InvalidInput):
        services.end_designation(nctv, family["partner"], reason="x", return_to_hovj=False)
    services.end_designation(nctv, family["pieter"], reason="Dreiging geweken.", return_to_hovj=True)
    for member in (family["pieter"], family["partner"], family["daughter"]):
        authority = current_authority(member)
        assert authority.holder_kind == HolderKind.HOVJ
        assert authority.holder.code == "om-den-haag"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert AuthorityPeriod.objects.filter(person=family["pieter"], holder_kind=HolderKind.NCTV).get().valid_to


def test_bad_intake_input_names_each_field_and_saves_nothing(family, rccb):
    bad = services.IntakeInput(
        threat_summary=" ",
        violent_offence=True,
        max_sentence_years=0,
        life_threat="soms",
        phenomenon="buitenaards",
        actor_known=True,
        professional_insight=True,
    )
    with pytest.raises(InvalidInput) as caught:
        services.draft_intake(rccb, family["pieter"], bad)
    assert set(caught.value.field_errors) == {
        "threat_summary",
        "max_sentence_years",
        "life_threat",
        "phenomenon",
        "actor_description",
        "professional_insight_text",
    }
    assert not TriageCase.objects.exists()


def test_a_person_has_one_triage_case_under_way(family, rccb):
    services.draft_intake(rccb, family["pieter"], DIRECT_FORM)
    with pytest.raises(InvalidInput, match="loopt al een triagezaak"):
        services.draft_intake(rccb, family["pieter"], DIRECT_FORM)


def test_a_household_member_who_moved_out_before_the_judgement_is_not_designated(family, rccb, hovj, nctv):
    from stelsel.conftest import address

    case = _signed(rccb, hovj, family["pieter"])
    registry.change_address(
        rccb,
        family["partner"],
        kind="woonadres",
        address=address(street="Frederikstraat", number=9, postcode="2514 LA"),
        valid_from=today(),
        reason="verhuisd",
    )
    services.judge(nctv, case, admitted=True, motivation="Opname", information=["Intake"], expected_version=None)
    assert current_authority(family["partner"]).holder_kind == HolderKind.HOVJ  # still the household of triage
    assert current_authority(family["daughter"]).holder_kind == HolderKind.NCTV
    entry = JournalEntry.objects.latest("seq")
    assert entry.payload["household"] == [family["daughter"].full_name]


def test_an_escalated_case_is_decided_through_its_escalation_not_a_new_judgement(family, rccb, hovj, nctv):
    case = _signed(rccb, hovj, family["pieter"])
    services.judge(nctv, case, admitted=False, motivation="Nee", information=["Intake"], expected_version=None)
    services.escalate(hovj, case, motivation="Oneens", expected_version=None)
    with pytest.raises(Conflict, match="escalatie"):
        services.judge(nctv, case, admitted=True, motivation="Ja", information=["Intake"], expected_version=None)
    assert case.judgements.count() == 1


def test_review_fixes_emergency_twice_drafts_stay_hidden_and_a_final_decline_ends_the_nctv_share(
    family, rccb, hovj, nctv, make_user
):
    from stelsel.access.models import PersonShare
    from stelsel.access.rules import visible_triage_cases
    from stelsel.access.services import share_person

    pieter = family["pieter"]
    draft = services.draft_intake(rccb, pieter, DIRECT_FORM)
    share_person(hovj, pieter, organisation_code="nctv", purpose="Spoedverzoek")
    services.emergency_designation(nctv, pieter, caller="HOvJ", called_at=now(), information="acuut")
    assert not visible_triage_cases(nctv).filter(pk=draft.pk).exists()  # a draft never reached the NCTV
    with pytest.raises(Conflict, match="al in het stelsel"):
        services.emergency_designation(nctv, pieter, caller="HOvJ", called_at=now(), information="nogmaals")

    daughter = family["daughter"]
    registry.end_authority(nctv, pieter, reason="terug")  # daughter leaves the NCTV with her father
    case = _signed(rccb, hovj, daughter)
    services.judge(nctv, case, admitted=False, motivation="Nee", information=["Intake"], expected_version=None)
    for _ in range(2):
        step = services.escalate(hovj, case, motivation="Oneens", expected_version=None)
        services.decide_escalation(nctv, step, admit=False, outcome="Blijft staan", expected_version=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not PersonShare.objects.filter(person=daughter, organisation__code="nctv", valid_to__isnull=True).exists()


def test_escalating_an_old_case_while_a_new_one_runs_is_a_conflict_not_a_crash(family, rccb, hovj, nctv):
    case = _signed(rccb, hovj, family["pieter"])
    services.judge(nctv, case, admitted=False, motivation="Nee", information=["Intake"], expected_version=None)
    services.draft_intake(rccb, family["pieter"], DIRECT_FORM)
    with pytest.raises(Conflict, match="nieuwe triagezaak"):
        services.escalate(hovj, case, motivation="Oneens", expected_version=None)


def test_every_triage_decision_in_the_journal_cites_its_paragraph_and_the_policy_version(family, rccb, hovj, nctv):
    case = _signed(rccb, hovj, family["pieter"], form=TABLE_FORM, route="triagetafel")
    services.put_on_table(hovj, case, meeting_date=today(), expected_version=None)
    from stelsel.access.models import Organisation, User
    from stelsel.access.roles import Role
    from stelsel.conftest import DEFAULT_ORG  # noqa: F401 (the secretariat of the same district)

    chair = User.objects.create_user(
        username="voorzitter", role=Role.OM_SECRETARIAT, organisation=Organisation.objects.get(code="om-den-haag")
    )
    services.conclude_table(chair, case, conclusion="Voorleggen", participants="OM, NCTV", expected_version=None)
    services.judge(nctv, case, admitted=False, motivation="Nee", information=["Tafel"], expected_version=None)
    step = services.escalate(hovj, case, motivation="Oneens", expected_version=None)
    services.decide_escalation(nctv, step, admit=True, outcome="Alsnog", expected_version=None)
    services.send_handover_file(hovj, case, contents="dossier", expected_version=None)
    entries = JournalEntry.objects.filter(
        subject_links__subject_type="triage_case", subject_links__subject_id=case.pk
    ).exclude(action="triage.intake_drafted")
    assert entries.count() == 7
    for entry in entries:
        cited = entry.payload.get("decision_reasons", []) + entry.payload.get("reasons", [])
        assert cited, entry.action
        assert all(reason["paragraph"].startswith("§") for reason in cited), entry.action
        assert entry.policy_version == "circulaire-bb-2026"
