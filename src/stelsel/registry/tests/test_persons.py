"""Registering persons and their households: bad input is refused in Dutch and changes nothing."""

from datetime import date, timedelta

import pytest

from stelsel.conftest import address
from stelsel.core.errors import InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.registry import services
from stelsel.registry.models import Address, Person, Relation
from stelsel.registry.queries import household_of, relatives_of

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Person.objects.count(),
        Address.objects.count(),
        Relation.objects.count(),
        JournalEntry.objects.count(),
    )


def _register(actor, **overrides):
    fields = {
        "given_names": "Eva",
        "surname": "Smit",
        "date_of_birth": date(1980, 5, 1),
        "home": address(),
        "reason": "melding van dreiging",
    }
    fields.update(overrides)
    return services.register_person(actor, **fields)


def test_registering_a_person_records_the_person_home_and_journal_entry(rccb):
    person = _register(rccb)
    entry = JournalEntry.objects.get(action="person.registered")
    assert entry.subjects == [{"type": "person", "id": person.pk}]
    assert entry.payload["home"]["municipality"] == "GM0518"
    assert entry.organisation_label == rccb.organisation.name
    assert entry.policy_version == "circulaire-bb-2026"
    assert person.registered_by_org == rccb.organisation


def test_an_unknown_municipality_is_refused_naming_the_field_and_nothing_changes(rccb):
    before = _counts()
    with pytest.raises(InvalidInput) as caught:
        _register(rccb, home=address(municipality="GM9999"))
    assert "home.municipality_code" in caught.value.field_errors
    assert "Gemeente 'GM9999' is onbekend" in caught.value.field_errors["home.municipality_code"]
    assert _counts() == before


def test_a_date_of_birth_in_the_future_is_refused(rccb):
    before = _counts()
    with pytest.raises(InvalidInput) as caught:
        _register(rccb, date_of_birth=date.today() + timedelta(days=1))
    assert caught.value.field_errors == {"date_of_birth": "Geboortedatum ligt in de toekomst."}
    assert _counts() == before


def test_missing_names_postcode_and_reason_are_all_named(rccb):
    with pytest.raises(InvalidInput) as caught:
        _register(rccb, given_names=" ", surname="", reason="")
    assert set(caught.value.field_errors) == {"given_names", "surname", "reason"}
    with pytest.raises(InvalidInput) as caught:
        _register(rccb, home=address(postcode="12345"))
    assert caught.value.field_errors["home.postcode"] == "Postcode moet de vorm 1234 AB hebben."


def test_a_role_that_may_not_register_is_refused(make_user):
    from stelsel.access.roles import Role

    with pytest.raises(NotAllowed):
        _register(make_user(Role.LCC_COORDINATOR))


def test_household_members_at_the_same_address_are_household_and_others_are_not(rccb, make_person):
    pieter = make_person("Pieter")
    anna = make_person("Anna")
    lotte = make_person("Lotte", home=address("Oudegracht", 41, "3511 AB", "Utrecht", "GM0344"))
    services.link_relative(rccb, pieter, anna, kind="levensgezel", household=True, reason="gezin")
    services.link_relative(rccb, pieter, lotte, kind="kind", household=False, reason="dochter elders")
    assert household_of(pieter) == [anna]
    lines = {line.relative.given_names: line for line in relatives_of(pieter)}
    assert lines["Lotte"].in_household is False
    assert "R08" in lines["Lotte"].rule


def test_a_household_member_at_another_address_is_refused_and_nothing_changes(rccb, make_person):
    pieter = make_person("Pieter")
    lotte = make_person("Lotte", home=address("Oudegracht", 41, "3511 AB", "Utrecht", "GM0344"))
    before = _counts()
    with pytest.raises(InvalidInput) as caught:
        services.link_relative(rccb, pieter, lotte, kind="kind", household=True, reason="gezin")
    assert "woont niet op het adres" in caught.value.field_errors["relative"]
    assert "R07" in caught.value.field_errors["relative"]
    assert _counts() == before


def test_a_stepchild_of_any_age_at_the_address_is_household(rccb, make_person):
    johan = make_person("Johan")
    adult_stepchild = services.register_person(
        rccb,
        given_names="Daan",
        surname="Kaya",
        date_of_birth=date(1990, 1, 1),
        home=address(),
        reason="gezin",
    )
    services.link_relative(rccb, johan, adult_stepchild, kind="stiefkind", household=True, reason="gezin")
    assert household_of(johan) == [adult_stepchild]


def test_moving_out_ends_household_membership(rccb, make_person):
    pieter, sem = make_person("Pieter"), make_person("Sem")
    services.link_relative(rccb, pieter, sem, kind="kind", household=True, reason="gezin")
    services.change_address(
        rccb,
        sem,
        kind="woonadres",
        address=address("Oudegracht", 41, "3511 AB", "Utrecht", "GM0344"),
        valid_from=date.today(),
        reason="verhuisd",
    )
    assert household_of(pieter) == []


def test_a_person_outside_need_to_know_is_not_found_for_editing(make_user, make_person):
    from stelsel.access.roles import Role

    person = make_person("Pieter")  # registered by police Den Haag, lives in Den Haag
    amsterdam_police = make_user(Role.RCCB, org="politie-amsterdam")
    with pytest.raises(NotFound):
        services.change_address(
            amsterdam_police, person, kind="woonadres", address=address(), valid_from=date.today(), reason="x"
        )
