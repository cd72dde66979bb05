"""The R47 rule as pure Python: which measures a private party may support, and for how long its certificate allows."""

from datetime import date, timedelta

import pytest

from stelsel.measures.catalogue import catalogue
from stelsel.policy.private_parties import (
    PrivatePartyRuleError,
    check_private_assignment,
    is_valid_kvk_number,
)
from stelsel.policy.versions import CIRCULAIRE_2026

START = date(2026, 6, 1)


def check(code: str, certified_until: date = START + timedelta(days=100), starts_on=START, ends_on=None):
    kind = catalogue()[code]
    return check_private_assignment(
        kind.code, kind.name, kind.executors, kind.person_directed, certified_until, starts_on, ends_on, CIRCULAIRE_2026
    )


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_a_party_may_support_exactly_the_kinds_the_catalogue_gives_to_private_parties(code):
    kind = catalogue()[code]
    allowed = "particulier" in kind.executors and not kind.person_directed
    if allowed:
        outcome = check(code)
        assert outcome.value is True
        assert {(r.rule, r.paragraph) for r in outcome.reasons} == {("R47", "§1.3")}
        assert outcome.policy_version is CIRCULAIRE_2026
    else:
        with pytest.raises(PrivatePartyRuleError) as refused:
            check(code)
        assert refused.value.field == "measure"
        assert "R47" in str(refused.value)
        assert kind.name in str(refused.value)


@pytest.mark.parametrize("code", ["close_protection", "personal_escort"])
def test_person_directed_measures_are_refused_for_the_states_monopoly_on_force(code):
    with pytest.raises(PrivatePartyRuleError) as refused:
        check(code)
    assert "geweldsmonopolie" in str(refused.value)
    assert "R21" in str(refused.value)


def test_person_directed_is_refused_even_if_a_catalogue_listed_a_private_executor():
    with pytest.raises(PrivatePartyRuleError) as refused:
        check_private_assignment(
            "x", "Persoonsbeveiliging", ("particulier",), True, START + timedelta(days=9), START, None, CIRCULAIRE_2026
        )
    assert refused.value.field == "measure"


def test_the_certificate_must_be_valid_on_the_start_date():
    assert check("camera", certified_until=START).value is True  # valid up to and including the last day
    with pytest.raises(PrivatePartyRuleError) as refused:
        check("camera", certified_until=START - timedelta(days=1))
    assert refused.value.field == "party"
    assert "verlopen" in str(refused.value)


def test_the_certificate_must_cover_the_whole_assignment_when_it_has_an_end():
    until = START + timedelta(days=30)
    assert check("camera", certified_until=until, ends_on=until).value is True
    with pytest.raises(PrivatePartyRuleError) as refused:
        check("camera", certified_until=until, ends_on=until + timedelta(days=1))
    assert refused.value.field == "ends_on"
    assert "R47" in str(refused.value)


@pytest.mark.parametrize("days", [0, -1])
def test_the_end_lies_after_the_start(days):
    with pytest.raises(PrivatePartyRuleError) as refused:
        check("alarm", ends_on=START + timedelta(days=days))
    assert refused.value.field == "ends_on"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("12345678", True),
        ("1234567", False),
        ("123456789", False),
        ("1234567a", False),
        ("", False),
        ("１２３４５６７８", False),  # full-width digits are not a KvK number
    ],
)
def test_a_kvk_number_is_eight_digits(value, valid):
    assert is_valid_kvk_number(value) is valid
