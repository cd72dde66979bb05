"""Setting a threat level (§3.1, §3.3; R33, R35): the current authority, motivated, the cell of the matrix in force."""

import copy

import pytest
from django.db import DatabaseError, transaction

from stelsel.access.roles import Role
from stelsel.core.errors import InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.intel import services
from stelsel.intel.models import ThreatLevelAssessment
from stelsel.intel.queries import current_threat_level, threat_levels_of
from stelsel.intel.tests.conftest import SHIPPED, level_in
from stelsel.policy.versions import CIRCULAIRE_2026
from stelsel.registry import services as registry
from stelsel.registry.queries import person_journal

pytestmark = pytest.mark.django_db

DI = ["DI politie 12-11-2026: concrete dreiging via sociale media", "Signaalrapportage LE oktober 2026"]


def set_level(actor, person, **changes):
    fields = {
        "severity": "ernstig",
        "likelihood": "waarschijnlijk",
        "motivation": "Dreiging concreet en recent; de actor heeft middelen.",
        "information": DI,
        **changes,
    }
    return services.set_threat_level(actor, person, **fields)


def counts():
    return ThreatLevelAssessment.objects.count(), JournalEntry.objects.count()


@pytest.mark.parametrize(
    ("severity", "likelihood"),
    [("beperkt", "onwaarschijnlijk"), ("aanzienlijk", "voorstelbaar"), ("ernstig", "waarschijnlijk"),
     ("zeer_ernstig", "zeer_waarschijnlijk"), ("zeer_ernstig", "onwaarschijnlijk")],
)  # fmt: skip
def test_the_stored_level_equals_the_cell_of_its_matrix_version(severity, likelihood, nctv, stelsel_person):
    assessment = set_level(nctv, stelsel_person, severity=severity, likelihood=likelihood)
    assessment.refresh_from_db()
    assert assessment.matrix_key == "standaard-2026"
    assert assessment.level == level_in(SHIPPED[0], severity, likelihood)
    assert (assessment.severity, assessment.likelihood) == (severity, likelihood)
    assert assessment.information == DI
    assert assessment.policy_version == CIRCULAIRE_2026.key
    assert assessment.set_by == nctv
    assert assessment.set_by_org == nctv.organisation
    assert {r["rule"] for r in assessment.reasons} == {"R33", "R35"}


def test_one_journal_entry_carries_inputs_level_matrix_reasons_and_policy_version(nctv, stelsel_person):
    before = JournalEntry.objects.count()
    assessment = set_level(nctv, stelsel_person)
    assert JournalEntry.objects.count() == before + 1
    entry = assessment.entry
    assert entry.action == "intel.threat_level_set"
    assert entry.subjects == [{"type": "person", "id": stelsel_person.pk}]
    assert entry.reason == "Dreiging concreet en recent; de actor heeft middelen."
    assert entry.policy_version == CIRCULAIRE_2026.key
    payload = entry.payload
    assert (payload["severity"], payload["likelihood"], payload["level"]) == ("ernstig", "waarschijnlijk", 4)
    assert payload["matrix"] == "standaard-2026"
    assert payload["information"] == DI
    assert [r["rule"] for r in payload["reasons"]] == ["R33", "R33", "R35", "R33"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"motivation": "  "}, "motivation", "Motivering is verplicht"),
        ({"information": []}, "information", "ten minste één informatieproduct"),
        ({"information": ["", "   "]}, "information", "ten minste één informatieproduct"),
        ({"information": "\n \n"}, "information", "ten minste één informatieproduct"),
        ({"severity": ""}, "severity", "Kies de ernst"),
        ({"likelihood": "zeker"}, "likelihood", "Onbekende waarschijnlijkheid 'zeker'"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(changes, field, words, nctv, stelsel_person):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        set_level(nctv, stelsel_person, **changes)
    assert field in refused.value.field_errors
    assert words in refused.value.field_errors[field]
    assert counts() == before


def test_no_motivation_and_no_information_are_both_named(nctv, stelsel_person):
    with pytest.raises(InvalidInput) as refused:
        set_level(nctv, stelsel_person, motivation="", information=None)
    assert set(refused.value.field_errors) == {"motivation", "information"}
    assert "§3.3, R35" in refused.value.field_errors["motivation"]


def test_information_from_a_textarea_is_one_item_per_line(nctv, stelsel_person):
    assessment = set_level(nctv, stelsel_person, information="DI politie\n\n  DA KMar  \n")
    assert assessment.information == ["DI politie", "DA KMar"]


def test_an_hovj_cannot_set_the_level_of_a_stelsel_person(hovj, stelsel_person):
    before = counts()
    with pytest.raises(NotFound):
        set_level(hovj, stelsel_person)
    assert counts() == before


@pytest.mark.parametrize("role", [Role.RCCB, Role.POLICE_INTEL, Role.ADVISER_BB])
def test_police_cannot_set_any_level(role, make_user, stelsel_person, local_person):
    police = make_user(role, "politie-landelijke-eenheid" if role is Role.ADVISER_BB else None)
    for person in (stelsel_person, local_person):
        with pytest.raises((NotAllowed, NotFound)) as refused:
            set_level(police, person)
        if role is not Role.ADVISER_BB:  # a regional unit sees both persons: the role is refused (403)
            assert isinstance(refused.value, NotAllowed)
    assert counts()[0] == 0


def test_only_the_current_authority_sets_the_level(nctv, hovj, local_person, make_person):
    # The NCTV sees a person it registered, but the HOvJ holds the authority: refused with §3.3.
    registered_by_nctv = make_person("Ans", actor=nctv)
    registry.assign_authority(hovj, registered_by_nctv, basis="lokaal_domein", reason="lokaal")
    with pytest.raises(NotAllowed, match=r"§3\.3, R35"):
        set_level(nctv, registered_by_nctv)
    # Without any authority nobody sets a level.
    no_authority = make_person("Bas", actor=nctv)
    with pytest.raises(NotAllowed):
        set_level(nctv, no_authority)
    assert not ThreatLevelAssessment.objects.exists()
    assessment = set_level(hovj, local_person, severity="aanzienlijk", likelihood="voorstelbaar")
    assert assessment.level == 2
    assert assessment.set_by_org == hovj.organisation


def test_the_current_level_is_the_latest_and_the_history_is_kept(nctv, stelsel_person):
    assert current_threat_level(stelsel_person) is None
    first = set_level(nctv, stelsel_person, severity="ernstig", likelihood="waarschijnlijk")
    second = set_level(nctv, stelsel_person, severity="aanzienlijk", likelihood="voorstelbaar", motivation="Afname")
    assert current_threat_level(stelsel_person) == second
    assert threat_levels_of(nctv, stelsel_person) == [second, first]
    first.refresh_from_db()
    assert first.level == 4


def test_a_later_matrix_version_leaves_earlier_levels_as_they_were(use_matrices, nctv, stelsel_person):
    default = copy.deepcopy(SHIPPED[0])
    use_matrices([default])
    earlier = set_level(nctv, stelsel_person, severity="ernstig", likelihood="voorstelbaar")
    assert (earlier.matrix_key, earlier.level) == ("standaard-2026", 3)

    stricter = copy.deepcopy(default)
    stricter.update(key="strenger-nu", title="Strengere tabel", valid_from=today().isoformat())
    stricter["cells"]["ernstig"]["voorstelbaar"] = 4
    use_matrices([default, stricter])
    later = set_level(nctv, stelsel_person, severity="ernstig", likelihood="voorstelbaar")
    assert (later.matrix_key, later.level) == ("strenger-nu", level_in(stricter, "ernstig", "voorstelbaar"))

    earlier.refresh_from_db()
    assert (earlier.matrix_key, earlier.level, earlier.severity, earlier.likelihood) == (
        "standaard-2026",
        3,
        "ernstig",
        "voorstelbaar",
    )
    assert earlier.entry.payload["level"] == 3
    assert current_threat_level(stelsel_person) == later


def test_a_set_level_cannot_be_rewritten_in_the_database(nctv, stelsel_person):
    assessment = set_level(nctv, stelsel_person)
    with pytest.raises(DatabaseError), transaction.atomic():
        ThreatLevelAssessment.objects.filter(pk=assessment.pk).update(level=5)
    assessment.refresh_from_db()
    assert assessment.level == 4


def test_the_journal_entries_reach_only_who_may_read_threat_levels(nctv, make_user, stelsel_person):
    set_level(nctv, stelsel_person)
    lcc = make_user(Role.LCC_COORDINATOR)  # reads the person's journal, not threat levels
    inspector = make_user(Role.INSPECTOR)
    assert "intel.threat_level_set" not in set(person_journal(lcc, stelsel_person).values_list("action", flat=True))
    assert "intel.threat_level_set" in set(person_journal(inspector, stelsel_person).values_list("action", flat=True))


def test_the_om_reads_only_the_levels_its_own_office_set(nctv, hovj, make_user, make_person):
    person = make_person("Ans", actor=nctv)
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="lokaal domein")
    ours = set_level(hovj, person, severity="beperkt", likelihood="voorstelbaar")
    registry.assign_authority(nctv, person, basis="aanwijzing", reason="aangewezen na triage")
    theirs = set_level(nctv, person)
    adviser = make_user(Role.ADVISER_BBC)
    assert threat_levels_of(hovj, person) == [ours]
    assert threat_levels_of(adviser, person) == [ours]
    assert threat_levels_of(nctv, person) == [theirs, ours]
    assert threat_levels_of(make_user(Role.LCC_COORDINATOR), person) == []
