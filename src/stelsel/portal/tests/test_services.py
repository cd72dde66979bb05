"""Recording the protected person's side: history, the declaration's order, validation, who may record, versions."""

from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.portal import services
from stelsel.portal.demo import add_demo_care
from stelsel.portal.models import (
    CommunicationEntry,
    ConfidentialityDeclaration,
    CooperationRecord,
    EmployerDuties,
)
from stelsel.portal.queries import care_overview, cooperation_of
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db

POLICY = "circulaire-bb-2026"


def _cooperate(actor, person, status="volledig", note="Werkt mee", limits_accepted=False):
    return services.record_cooperation(actor, person, status=status, note=note, limits_accepted=limits_accepted)


def _tell(actor, person, **overrides):
    fields = {
        "told_at": now() - timedelta(hours=1),
        "channel": "gesprek",
        "about_threat": True,
        "about_measures": False,
        "summary": "De dreiging is onverminderd.",
        "withheld_note": "",
    }
    return services.record_communication(actor, person, **{**fields, **overrides})


def _declare(actor, person, status, on=None, note=""):
    return services.record_confidentiality(actor, person, status=status, on=on or today(), note=note)


def _employer(actor, person, expected_version, **duties):
    return services.update_employer_duties(
        actor,
        person,
        employer_name=duties.pop("employer_name", "Gemeente Den Haag"),
        expected_version=expected_version,
        **duties,
    )


def _counts():
    return (
        JournalEntry.objects.count(),
        CooperationRecord.objects.count(),
        CommunicationEntry.objects.count(),
        ConfidentialityDeclaration.objects.count(),
        EmployerDuties.objects.count(),
    )


# --- cooperation ---------------------------------------------------------------------------------------------


def test_cooperation_keeps_its_history_and_the_latest_record_is_current(nctv, stelsel_person):
    assert cooperation_of(stelsel_person) is None
    first = _cooperate(nctv, stelsel_person, "volledig", "Meldt afspraken vooraf")
    second = _cooperate(nctv, stelsel_person, "gedeeltelijk", "Meldt privéafspraken niet meer")
    third = _cooperate(nctv, stelsel_person, "geen", "Weigert elke maatregel", limits_accepted=True)
    assert cooperation_of(stelsel_person) == third
    overview = care_overview(nctv, stelsel_person)
    assert [r.pk for r in overview.cooperation_history] == [third.pk, second.pk, first.pk]
    assert overview.cooperation == third
    assert [r.note for r in overview.cooperation_history] == [
        "Weigert elke maatregel",
        "Meldt privéafspraken niet meer",
        "Meldt afspraken vooraf",
    ]
    # What the status means for the package travels with the record, with its reasons.
    assert third.effect["inform_and_advise_only"] is True
    assert third.effect["private_facilitation_restricted"] is True
    assert {(r["rule"], r["paragraph"]) for r in third.reasons} == {("R42", "§2.2"), ("R42", "§5.1"), ("R50", "§2.2")}
    assert second.effect["cooperative_effect_limited"] is True
    entry = JournalEntry.objects.get(pk=third.entry_id)
    assert entry.payload["previous_status"] == "Gedeeltelijke medewerking"
    assert entry.payload["status"] == "Geen medewerking"


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"status": "", "note": "x"}, {"status"}),
        ({"status": "misschien", "note": "x"}, {"status"}),
        ({"status": "volledig", "note": "  "}, {"note"}),
        ({"status": "", "note": ""}, {"status", "note"}),
    ],
)
def test_cooperation_without_a_status_or_motivation_is_refused_and_nothing_is_stored(nctv, stelsel_person, fields, bad):
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        services.record_cooperation(nctv, stelsel_person, **fields)
    assert set(refused.value.field_errors) == bad
    assert _counts() == before


# --- communication -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"summary": " "}, "summary", "verteld"),
        ({"told_at": now() + timedelta(hours=2)}, "told_at", "toekomst"),
        ({"told_at": None}, "told_at", "wanneer"),
        ({"about_threat": False, "about_measures": False}, "about_threat", "waarover"),
        ({"channel": "duif"}, "channel", "gesprek"),
    ],
)
def test_bad_communication_is_refused_with_the_field_named_and_nothing_is_stored(
    nctv, stelsel_person, overrides, field, words
):
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        _tell(nctv, stelsel_person, **overrides)
    assert set(refused.value.field_errors) == {field}
    assert words in refused.value.field_errors[field].lower()
    assert _counts() == before


def test_communication_is_logged_newest_first_with_what_was_withheld(nctv, stelsel_person):
    older = _tell(nctv, stelsel_person, told_at=now() - timedelta(days=3), about_measures=True)
    newer = _tell(nctv, stelsel_person, withheld_note="Lopend onderzoek niet gedeeld")
    overview = care_overview(nctv, stelsel_person)
    assert [e.pk for e in overview.communications] == [newer.pk, older.pk]
    assert older.topics == "dreiging en maatregelen"
    entry = JournalEntry.objects.get(pk=newer.entry_id)
    assert entry.payload["something_withheld"] is True
    assert {r["paragraph"] for r in entry.payload["reasons"]} == {"§5.2"}
    # The journal is read by more roles than the log: it names that something was withheld, never what.
    assert "Lopend onderzoek" not in str(entry.payload) + entry.reason


def test_without_cooperation_the_state_keeps_informing_and_says_so(nctv, stelsel_person):
    _cooperate(nctv, stelsel_person, "geen", "Weigert maatregelen")
    entry = JournalEntry.objects.get(pk=_tell(nctv, stelsel_person).entry_id)
    assert ("R42", "§5.1") in {(r["rule"], r["paragraph"]) for r in entry.payload["reasons"]}


# --- the confidentiality declaration -------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["ondertekend", "geweigerd"])
def test_signing_or_declining_without_an_offer_is_refused(nctv, stelsel_person, status):
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        _declare(nctv, stelsel_person, status)
    assert "aangeboden" in refused.value.field_errors["status"]
    assert _counts() == before


def test_after_a_refusal_a_new_offer_can_be_made_and_signed(nctv, stelsel_person):
    day = today() - timedelta(days=10)
    _declare(nctv, stelsel_person, "aangeboden", day)
    with pytest.raises(InvalidInput) as twice:
        _declare(nctv, stelsel_person, "aangeboden", day)
    assert "al aangeboden" in twice.value.field_errors["status"]
    _declare(nctv, stelsel_person, "geweigerd", day + timedelta(days=1), note="Wil eerst juridisch advies")
    with pytest.raises(InvalidInput):
        _declare(nctv, stelsel_person, "ondertekend", day + timedelta(days=2))  # the offer was declined
    _declare(nctv, stelsel_person, "aangeboden", day + timedelta(days=5))
    signed = _declare(nctv, stelsel_person, "ondertekend", day + timedelta(days=6))
    overview = care_overview(nctv, stelsel_person)
    assert overview.declaration == signed
    assert [e.status for e in overview.declaration_events] == [
        "ondertekend",
        "aangeboden",
        "geweigerd",
        "aangeboden",
    ]
    with pytest.raises(InvalidInput) as again:
        _declare(nctv, stelsel_person, "aangeboden")
    assert "al ondertekend" in again.value.field_errors["status"]


def test_a_declaration_date_cannot_lie_before_the_offer_or_in_the_future(nctv, stelsel_person):
    _declare(nctv, stelsel_person, "aangeboden", today() - timedelta(days=2))
    with pytest.raises(InvalidInput) as early:
        _declare(nctv, stelsel_person, "ondertekend", today() - timedelta(days=3))
    assert set(early.value.field_errors) == {"on"}
    with pytest.raises(InvalidInput) as future:
        _declare(nctv, stelsel_person, "ondertekend", today() + timedelta(days=1))
    assert "toekomst" in future.value.field_errors["on"]
    assert ConfidentialityDeclaration.objects.count() == 1


# --- who may record ------------------------------------------------------------------------------------------


def test_an_hovj_cannot_record_for_a_stelsel_person(hovj, make_user, stelsel_person):
    # Inside the stelsel the OM has no role (R11): the person does not even exist for the HOvJ.
    for actor in (hovj, make_user(Role.ADVISER_BBC)):
        with pytest.raises(NotFound):
            _cooperate(actor, stelsel_person)
    assert not CooperationRecord.objects.exists()


def test_an_nctv_officer_cannot_record_for_a_local_person_he_cannot_see(nctv, local_person):
    with pytest.raises(NotFound):
        _tell(nctv, local_person)
    with pytest.raises(NotFound):
        care_overview(nctv, local_person)
    assert not CommunicationEntry.objects.exists()


def test_the_holding_om_office_and_a_regional_adviser_bb_record_for_a_local_person(hovj, make_user, local_person):
    adviser_bbc = make_user(Role.ADVISER_BBC)
    regional_bb = make_user(Role.ADVISER_BB, "politie-den-haag")
    _cooperate(hovj, local_person)
    _tell(adviser_bbc, local_person)
    _declare(regional_bb, local_person, "aangeboden")
    assert CooperationRecord.objects.get().recorded_by == hovj
    assert CommunicationEntry.objects.get().recorded_by == adviser_bbc
    assert ConfidentialityDeclaration.objects.get().recorded_by == regional_bb
    # The national unit's adviser B&B works for the stelsel only and does not see this person.
    with pytest.raises(NotFound):
        _cooperate(make_user(Role.ADVISER_BB), local_person)


def test_who_sees_the_person_but_is_not_its_authority_may_not_record(nctv, hovj, make_user):
    # Registered by the NCTV (so it sees the person), but held by the HOvJ in the local domain.
    person = registry.register_person(
        nctv,
        given_names="Sara",
        surname="Bos",
        date_of_birth=today() - timedelta(days=15000),
        home=address(number=40),
        reason="melding",
    )
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal")
    before = _counts()
    with pytest.raises(NotAllowed) as refused:
        _cooperate(nctv, person)
    assert "gezag" in refused.value.detail
    with pytest.raises(NotAllowed):
        _cooperate(make_user(Role.RCCB), person)  # sees the person, but the role does not record
    assert _counts() == before


def test_a_person_without_authority_gets_no_records(rccb, make_user, make_person):
    person = make_person("Anna", home=address(number=60))  # basic police care: no authority
    adviser = make_user(Role.ADVISER_BB, "politie-den-haag")
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        _cooperate(adviser, person)
    assert "basispolitiezorg" in refused.value.field_errors["person"]
    assert _counts() == before
    assert not services.may_record(adviser, person)


# --- the employer's duty of care -----------------------------------------------------------------------------


def test_the_employer_checklist_keeps_a_version_and_the_journal_names_what_changed(nctv, stelsel_person):
    created = _employer(nctv, stelsel_person, 0, alertness=True, resilience=True)
    assert created.version == 1
    changed = _employer(nctv, stelsel_person, 1, alertness=True, resilience=False, security_measures=True)
    assert changed.pk == created.pk
    assert changed.version == 2
    entry = JournalEntry.objects.get(pk=changed.entry_id)
    assert entry.payload["changes"] == {
        "resilience": {"before": True, "after": False},
        "security_measures": {"before": False, "after": True},
    }
    assert entry.payload["version"] == 2
    assert entry.payload["reasons"][0]["rule"] == "R50"
    assert EmployerDuties.objects.count() == 1


def test_a_stale_employer_checklist_version_is_a_conflict_and_nothing_changes(nctv, make_user, stelsel_person):
    _employer(nctv, stelsel_person, 0, alertness=True)
    _employer(make_user(Role.ADVISER_BB), stelsel_person, 1, alertness=True, prevention=True)
    before = _counts()
    with pytest.raises(Conflict) as stale:
        _employer(nctv, stelsel_person, 1, alertness=False)
    assert stale.value.status == 409
    assert _counts() == before
    duties = EmployerDuties.objects.get()
    assert (duties.version, duties.alertness, duties.prevention) == (2, True, True)
    with pytest.raises(Conflict):
        _employer(nctv, stelsel_person, 0)  # "new", but someone created it meanwhile


def test_an_employer_checklist_needs_a_name_a_version_and_a_change(nctv, stelsel_person):
    with pytest.raises(InvalidInput) as refused:
        _employer(nctv, stelsel_person, None, employer_name="")
    assert set(refused.value.field_errors) == {"employer_name", "expected_version"}
    _employer(nctv, stelsel_person, 0, alertness=True)
    before = _counts()
    with pytest.raises(InvalidInput) as same:
        _employer(nctv, stelsel_person, 1, alertness=True)
    assert "niets gewijzigd" in same.value.detail
    assert _counts() == before


# --- the journal ---------------------------------------------------------------------------------------------

RECORDERS = {
    "cooperation": lambda actor, person: _cooperate(actor, person),
    "communication": lambda actor, person: _tell(actor, person),
    "confidentiality": lambda actor, person: _declare(actor, person, "aangeboden"),
    "employer": lambda actor, person: _employer(actor, person, 0, alertness=True),
}


@pytest.mark.parametrize("what", sorted(RECORDERS))
def test_every_record_writes_exactly_one_journal_entry_with_reasons_and_policy_version(nctv, stelsel_person, what):
    before = JournalEntry.objects.count()
    row = RECORDERS[what](nctv, stelsel_person)
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert row.entry_id == entry.pk
    assert entry.action.startswith("portal.")
    assert entry.policy_version == POLICY
    assert entry.subjects == [{"type": "person", "id": stelsel_person.pk}]
    assert entry.reason.strip()
    assert entry.payload["reasons"]
    assert all({"rule", "paragraph", "text"} <= set(r) for r in entry.payload["reasons"])


def test_the_demo_records_through_the_services_once(nctv, stelsel_person):
    add_demo_care(nctv, stelsel_person)
    before = JournalEntry.objects.count()
    add_demo_care(nctv, stelsel_person)
    assert JournalEntry.objects.count() == before
    overview = care_overview(nctv, stelsel_person)
    assert overview.cooperation is not None
    assert overview.cooperation.status == "gedeeltelijk"
    assert len(overview.communications) == 1
    assert [e.status for e in overview.declaration_events] == ["ondertekend", "aangeboden"]
    assert overview.employer_duties is not None
    assert overview.employer_duties.version == 1
