"""Authority over time: who held a person or object when, on which basis, and the household following (R07)."""

from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.access.services import share_person
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now
from stelsel.registry import services
from stelsel.registry.models import AuthorityPeriod
from stelsel.registry.queries import authority_at, current_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(rccb, nctv, make_person):
    # Registered by the NCTV, so it sees them; the police and the HOvJ of The Hague see them through the address.
    pieter, anna, sem = (make_person(name, actor=nctv) for name in ("Pieter", "Anna", "Sem"))
    services.link_relative(rccb, pieter, anna, kind="levensgezel", household=True, reason="gezin")
    services.link_relative(rccb, pieter, sem, kind="kind", household=True, reason="gezin")
    return pieter, anna, sem


def test_local_authority_then_designation_is_a_history_with_bases_and_entries(hovj, nctv, make_person):
    pieter = make_person("Pieter")  # reported to the police: the NCTV does not see it yet
    before_any = now()
    local = services.assign_authority(hovj, pieter, basis="lokaal_domein", reason="ernstige dreiging")
    between = now()
    with pytest.raises(NotFound):
        services.assign_authority(nctv, pieter, basis="aanwijzing", reason="nog niet voorgedragen")
    share_person(hovj, pieter, organisation_code="nctv", purpose="Voorgedragen voor triage")
    designated = services.assign_authority(nctv, pieter, basis="aanwijzing", reason="opgenomen na triage")

    local.refresh_from_db()
    assert local.valid_to == designated.valid_from
    assert local.ended_by_id == designated.started_by_id
    assert authority_at(pieter, before_any - timedelta(seconds=1)) is None
    assert authority_at(pieter, between) == local
    assert current_authority(pieter) == designated
    assert designated.holder.code == "nctv"
    assert {r["rule"] for r in designated.reasons} == {"R05", "R11"}
    assert designated.policy_version == "circulaire-bb-2026"


def test_the_household_moves_with_the_person_in_the_same_single_entry(hovj, nctv, family):
    pieter, anna, sem = family
    entries_before = JournalEntry.objects.count()
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="opgenomen na triage")
    assert JournalEntry.objects.count() == entries_before + 1
    entry = JournalEntry.objects.latest("seq")
    assert {s["id"] for s in entry.subjects} == {pieter.pk, anna.pk, sem.pk}
    for member in (anna, sem):
        period = current_authority(member)
        assert period is not None
        assert period.holder.code == "nctv"
        assert period.basis == "kerngezin"
        assert period.via_person == pieter
        assert period.started_by == entry


def test_ending_the_authority_ends_it_for_the_household_too(nctv, family):
    pieter, anna, sem = family
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="triage")
    services.end_authority(nctv, pieter, reason="alle maatregelen afgebouwd")
    assert current_authority(pieter) is None
    assert current_authority(anna) is None
    assert current_authority(sem) is None


def test_household_follows_both_ways_the_partner_of_a_listed_person_is_in_the_stelsel(nctv, hovj, family):
    pieter, anna, _ = family
    services.assign_authority(nctv, anna, basis="limitatieve_lijst_2", reason="eigen functie")
    assert current_authority(pieter).basis == "kerngezin"
    assert current_authority(pieter).via_person == anna
    with pytest.raises(NotFound):  # in the stelsel now, so out of the HOvJ's sight (R11)
        services.assign_authority(hovj, pieter, basis="lokaal_domein", reason="dreiging")


def test_a_household_member_in_the_stelsel_on_her_own_basis_keeps_it(nctv, family):
    pieter, anna, sem = family
    own = services.assign_authority(nctv, anna, basis="limitatieve_lijst_2", reason="eigen functie")
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="eigen dreiging")
    assert current_authority(anna) == own
    assert current_authority(pieter).basis == "aanwijzing"
    assert current_authority(sem).via_person == pieter


def test_the_resident_child_of_the_partner_is_household_too(nctv, rccb, make_person, family):
    pieter, anna, _ = family
    daan = make_person("Daan", actor=nctv)
    services.link_relative(rccb, anna, daan, kind="kind", household=True, reason="zoon van Anna")
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="triage")
    assert current_authority(daan).via_person == pieter


def test_the_hovj_has_no_authority_role_inside_the_stelsel(nctv, hovj, family):
    pieter, *_ = family
    services.assign_authority(hovj, pieter, basis="lokaal_domein", reason="dreiging")
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="triage")
    # The HOvJ who held the case still sees its history, but cannot take authority back (R11)...
    with pytest.raises(NotAllowed, match="R11"):
        services.assign_authority(hovj, pieter, basis="lokaal_domein", reason="wil zelf gezag")
    assert current_authority(pieter).holder.code == "nctv"


def test_only_the_hovj_of_the_home_district_takes_local_authority(make_user, family):
    pieter, *_ = family  # lives in Den Haag
    amsterdam = make_user(Role.HOVJ, org="om-amsterdam")
    with pytest.raises(NotFound):
        services.assign_authority(amsterdam, pieter, basis="lokaal_domein", reason="x")
    assert AuthorityPeriod.objects.count() == 0


def test_an_hovj_cannot_use_an_nctv_basis(hovj, family):
    pieter, *_ = family
    with pytest.raises(NotAllowed, match="NCTV"):
        services.assign_authority(hovj, pieter, basis="aanwijzing", reason="x")


def test_household_is_not_a_basis_one_can_choose(nctv, family):
    pieter, *_ = family
    with pytest.raises(InvalidInput, match="kerngezin"):
        services.assign_authority(nctv, pieter, basis="kerngezin", reason="x")


def test_an_unknown_basis_and_a_missing_reason_are_refused(nctv, family):
    pieter, *_ = family
    with pytest.raises(InvalidInput) as caught:
        services.assign_authority(nctv, pieter, basis="zomaar", reason="x")
    assert "basis" in caught.value.field_errors
    with pytest.raises(InvalidInput) as caught:
        services.assign_authority(nctv, pieter, basis="aanwijzing", reason=" ")
    assert "reason" in caught.value.field_errors
    assert AuthorityPeriod.objects.count() == 0


def test_a_stale_version_is_a_conflict_and_changes_nothing(nctv, family):
    pieter, *_ = family
    pieter.refresh_from_db()
    stale = pieter.version
    services.assign_authority(nctv, pieter, basis="aanwijzing", reason="eerste", expected_version=stale)
    with pytest.raises(Conflict):
        services.assign_authority(nctv, pieter, basis="limitatieve_lijst_1", reason="tweede", expected_version=stale)
    assert current_authority(pieter).basis == "aanwijzing"


def test_art4_objects_are_always_under_the_nctv(nctv, make_user, make_object):
    palace = make_object("Paleis Noordeinde", art4="koninklijk_paleis")
    mayor = make_user(Role.MAYOR)
    with pytest.raises(InvalidInput, match="R32"):
        services.assign_authority(mayor, palace, basis="openbare_orde", reason="x")
    period = services.assign_authority(nctv, palace, basis="art4_politiewet", reason="paleis")
    assert period.holder.code == "nctv"


def test_the_mayor_holds_public_order_authority_only_in_the_own_municipality(make_user, make_object):
    city_hall = make_object("Stadhuis Den Haag")
    rotterdam_hall = make_object("Stadhuis Rotterdam", municipality="GM0599")
    mayor = make_user(Role.MAYOR)
    period = services.assign_authority(mayor, city_hall, basis="openbare_orde", reason="demonstratie")
    assert period.holder_kind == "burgemeester"
    with pytest.raises(NotFound):
        services.assign_authority(mayor, rotterdam_hall, basis="openbare_orde", reason="x")
