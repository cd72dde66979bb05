"""The assessment framework (§2.3.3): examples for each route, and properties over every combination."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.framework import (
    IntakeAnswers,
    LifeThreat,
    Phenomenon,
    Route,
    RouteChoiceError,
    assess,
    check_route_choice,
)
from stelsel.policy.versions import CIRCULAIRE_2026

DIRECT = IntakeAnswers(
    violent_offence=True,
    max_sentence_years=12,
    art285_threat=False,
    antecedent_serious_violence=False,
    antecedent_violent_group=False,
    antecedent_mental_disorder=False,
    life_threat=LifeThreat.DIRECT,
    actor_known=True,
    phenomenon=Phenomenon.ORGANISED_CRIME,
    phenomenon_facts="Actor is lid van een CSV (vonnis 2024).",
    professional_insight=False,
)

answers = st.builds(
    IntakeAnswers,
    violent_offence=st.booleans(),
    max_sentence_years=st.integers(min_value=0, max_value=30),
    art285_threat=st.booleans(),
    antecedent_serious_violence=st.booleans(),
    antecedent_violent_group=st.booleans(),
    antecedent_mental_disorder=st.booleans(),
    life_threat=st.sampled_from(LifeThreat),
    actor_known=st.booleans(),
    phenomenon=st.sampled_from(Phenomenon),
    phenomenon_facts=st.sampled_from(["", "   ", "Feiten uit het proces-verbaal."]),
    professional_insight=st.booleans(),
)


def test_a_serious_threat_from_a_known_actor_in_a_phenomenon_is_direct_admission():
    outcome = assess(DIRECT, CIRCULAIRE_2026)
    assert outcome.value is Route.DIRECT_ADMISSION
    assert outcome.policy_version is CIRCULAIRE_2026
    assert {r.paragraph for r in outcome.reasons} >= {"§2.3.3 a", "§2.3.3 b"}


def test_art_285_with_a_mental_disorder_is_a_serious_threat():
    case = replace(DIRECT, violent_offence=False, art285_threat=True, antecedent_mental_disorder=True)
    assert assess(case, CIRCULAIRE_2026).value is Route.DIRECT_ADMISSION


def test_art_285_without_antecedents_is_not_serious_and_says_why():
    case = replace(DIRECT, violent_offence=False, art285_threat=True)
    outcome = assess(case, CIRCULAIRE_2026)
    assert outcome.value is Route.NOT_ELIGIBLE
    assert any("zonder antecedenten" in r.text for r in outcome.reasons)


@pytest.mark.parametrize(
    ("change", "expected_text"),
    [
        ({"max_sentence_years": 4}, "Geen ernstige dreiging"),
        ({"life_threat": LifeThreat.NOT_AGAINST_LIFE}, "niet direct of indirect tegen het leven"),
        ({"actor_known": False}, "actor bekend zijn"),
        ({"phenomenon": Phenomenon.NONE_OR_UNKNOWN}, "niet (aantoonbaar) uit een van de vier"),
        ({"phenomenon_facts": " "}, "niet onderbouwd"),
    ],
)
def test_each_missing_element_moves_the_case_to_the_table_with_insight_or_out_without(change, expected_text):
    without_insight = assess(replace(DIRECT, **change), CIRCULAIRE_2026)
    assert without_insight.value is Route.NOT_ELIGIBLE
    assert any(expected_text in r.text for r in without_insight.reasons)
    with_insight = assess(replace(DIRECT, professional_insight=True, **change), CIRCULAIRE_2026)
    assert with_insight.value is Route.TRIAGE_TABLE
    assert with_insight.reasons[-1].rule == "R15"


@given(answers)
def test_no_combination_yields_direct_admission_without_serious_threat_phenomenon_and_known_actor(case):
    outcome = assess(case, CIRCULAIRE_2026)
    if outcome.value is Route.DIRECT_ADMISSION:
        serious = (case.violent_offence and case.max_sentence_years >= 6) or (
            case.art285_threat
            and (case.antecedent_serious_violence or case.antecedent_violent_group or case.antecedent_mental_disorder)
        )
        assert serious
        assert case.life_threat is not LifeThreat.NOT_AGAINST_LIFE
        assert case.phenomenon is not Phenomenon.NONE_OR_UNKNOWN
        assert case.phenomenon_facts.strip()
        assert case.actor_known


@given(answers)
def test_every_outcome_has_reasons_with_paragraphs_and_the_version(case):
    outcome = assess(case, CIRCULAIRE_2026)
    assert outcome.reasons
    assert all(r.paragraph.startswith("§2.3.3") and r.rule.startswith("R") for r in outcome.reasons)
    assert outcome.policy_version.key == "circulaire-bb-2026"


@given(answers)
def test_the_triage_table_needs_professional_insight_and_never_replaces_direct_admission(case):
    outcome = assess(case, CIRCULAIRE_2026)
    if outcome.value is Route.TRIAGE_TABLE:
        assert case.professional_insight
    if outcome.value is Route.NOT_ELIGIBLE:
        assert not case.professional_insight


@given(answers, st.sampled_from(Route))
def test_the_hovj_may_choose_the_table_over_direct_admission_but_never_the_reverse(case, chosen):
    outcome = assess(case, CIRCULAIRE_2026)
    allowed = (chosen is Route.DIRECT_ADMISSION and outcome.value is Route.DIRECT_ADMISSION) or (
        chosen is Route.TRIAGE_TABLE and outcome.value is not Route.NOT_ELIGIBLE
    )
    if allowed:
        check_route_choice(chosen, outcome)
    else:
        with pytest.raises(RouteChoiceError):
            check_route_choice(chosen, outcome)
