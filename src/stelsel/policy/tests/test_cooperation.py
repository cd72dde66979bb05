"""What a cooperation status means for the package (R42, R50; §2.2, §5.1; beleidslijn zorgplicht)."""

from datetime import date

import pytest

from stelsel.policy.cooperation import (
    COOPERATION_LABELS,
    Cooperation,
    CooperationRuleError,
    cooperation_effect,
)
from stelsel.policy.versions import version_on

VERSION = version_on(date(2026, 3, 1))


def _rules(outcome):
    return [(reason.rule, reason.paragraph) for reason in outcome.reasons]


def test_full_cooperation_offers_measures_that_need_it_without_limits():
    outcome = cooperation_effect(Cooperation.FULL, False, VERSION)
    effect = outcome.value
    assert effect.offers_cooperative_measures
    assert not effect.cooperative_effect_limited
    assert not effect.inform_and_advise_only
    assert not effect.private_facilitation_restricted
    assert _rules(outcome) == [("R42", "§2.2"), ("R42", "§5.1")]
    assert outcome.policy_version is VERSION


def test_partial_cooperation_offers_them_with_limited_effect_and_says_it_is_recorded():
    outcome = cooperation_effect("gedeeltelijk", False, VERSION)
    assert outcome.value.offers_cooperative_measures
    assert outcome.value.cooperative_effect_limited
    assert not outcome.value.inform_and_advise_only
    assert "beperkt" in outcome.reasons[-1].text
    assert "vastgelegd" in outcome.reasons[-1].text


def test_no_cooperation_means_no_forced_measures_and_the_minimum_is_informing_and_advising():
    outcome = cooperation_effect(Cooperation.NONE, False, VERSION)
    effect = outcome.value
    assert not effect.offers_cooperative_measures
    assert effect.inform_and_advise_only
    assert "geen gedwongen maatregelen" in outcome.reasons[-1].text
    assert "informeren" in outcome.reasons[-1].text
    assert "adviseren" in outcome.reasons[-1].text
    assert "beleidslijn zorgplicht" in outcome.reasons[-1].text
    assert effect.summary.startswith("Geen gedwongen maatregelen")


@pytest.mark.parametrize("status", list(Cooperation))
def test_accepting_more_limits_restricts_private_facilitation_whatever_the_cooperation(status):
    outcome = cooperation_effect(status, True, VERSION)
    assert outcome.value.private_facilitation_restricted
    assert outcome.value.limits_accepted
    assert outcome.reasons[-1].rule == "R50"
    assert "beleidslijn zorgplicht" in outcome.reasons[-1].text
    assert "privéactiviteiten beperkt" in outcome.value.summary


@pytest.mark.parametrize("status", ["", "misschien", None])
def test_an_unknown_status_is_refused_naming_the_field(status):
    with pytest.raises(CooperationRuleError) as refused:
        cooperation_effect(status, False, VERSION)
    assert refused.value.field == "status"
    assert "medewerking" in str(refused.value)


def test_every_status_has_a_dutch_label_and_the_effect_serialises():
    assert set(COOPERATION_LABELS) == set(Cooperation)
    effect = cooperation_effect("geen", True, VERSION).value
    assert effect.label == "Geen medewerking"
    assert effect.as_dict()["inform_and_advise_only"] is True
    assert effect.as_dict()["cooperation"] == "geen"
