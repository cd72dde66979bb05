"""The threat picture's method (R52): ACH scoring, document checks, and what stands between a version and final."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.threat_picture import (
    RELIABILITY_WEIGHTS,
    Evidence,
    Hypothesis,
    PictureRuleError,
    PictureState,
    ReviewKind,
    ReviewState,
    Score,
    Verdict,
    analyse,
    check_evidence,
    check_final,
    check_hypotheses,
    check_review,
    missing_for_final,
)
from stelsel.policy.versions import CIRCULAIRE_2026

C, INC, NVT = Score.CONSISTENT, Score.INCONSISTENT, Score.NOT_APPLICABLE
TODAY = date(2026, 11, 25)
AUTHOR, PEER, CHALLENGER = 1, 2, 3
AUTHORS = frozenset({AUTHOR})
H = [Hypothesis("H1", "Wraak van de veroordeelde"), Hypothesis("H2", "Eenmalige uiting zonder intentie")]


def evidence(key: str, reliability: str, **scores: Score) -> Evidence:
    return Evidence(key, f"bewijs {key}", reliability, scores)


def complete_state(**changes: object) -> PictureState:
    values: dict[str, object] = {
        "hypotheses": H,
        "evidence": [evidence("E1", "B", H1=C, H2=INC), evidence("E2", "C", H1=C, H2=C)],
        "assumptions": ["De dreiger is in Nederland"],
        "blind_spots": ["Contacten van de dreiger in het buitenland"],
        "soft_information": ["Buurtbewoner zag een auto"],
        "missing_information": ["Verblijfplaats van de dreiger"],
        "threat": "Concrete doodsbedreiging",
        "resistance": "Woning matig beveiligd",
        "measures_effect": "Camera en surveillance verkleinen de kans",
        "residual_risk": "Aanvaardbaar",
        "review_on": TODAY + timedelta(days=90),
        "triggers": ["De dreiger komt vrij"],
        "authors": frozenset({AUTHOR}),
    }
    values.update(changes)
    return PictureState(**values)  # type: ignore[arg-type]


REVIEWED = [
    ReviewState(ReviewKind.PEER_REVIEW, PEER, Verdict.AGREE, 3),
    ReviewState(ReviewKind.CHALLENGE, CHALLENGER, None, 3),
]


def test_the_least_refuted_hypothesis_is_the_one_with_the_least_weighted_inconsistency():
    result = analyse(H, [evidence("E1", "A", H1=C, H2=INC), evidence("E2", "E", H1=INC, H2=C)])
    assert result.least_refuted == ("H1",)  # H1 is refuted only by unreliable evidence (E), H2 by reliable (A)
    assert result.standing("H1").inconsistency == RELIABILITY_WEIGHTS["E"]
    assert result.standing("H2").inconsistency == RELIABILITY_WEIGHTS["A"]


def test_consistent_evidence_does_not_make_a_hypothesis_win_and_equal_scores_are_not_diagnostic():
    result = analyse(H, [evidence("E1", "A", H1=C, H2=C), evidence("E2", "A", H1=C, H2=NVT)])
    assert result.least_refuted == ("H1", "H2")  # a tie: nothing refutes either
    assert result.non_diagnostic == ("E1",)


def test_an_unscored_matrix_names_no_winner():
    result = analyse(H, [evidence("E1", "A")])
    assert result.least_refuted == ()
    assert result.unscored_cells == 2


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(RELIABILITY_WEIGHTS)), st.sampled_from(list(Score)), st.sampled_from(list(Score))
        ),
        min_size=1,
        max_size=12,
    )
)
def test_no_hypothesis_is_less_refuted_than_the_least_refuted(rows):
    items = [evidence(f"E{n}", grade, H1=s1, H2=s2) for n, (grade, s1, s2) in enumerate(rows, start=1)]
    result = analyse(H, items)
    lowest = min(standing.inconsistency for standing in result.standings)
    assert result.least_refuted
    for key in result.least_refuted:
        assert result.standing(key).inconsistency == lowest
    for standing in result.standings:
        if standing.inconsistent == 0:
            assert standing.key in result.least_refuted  # nothing refutes it, so nothing is less refuted
        assert standing.inconsistent == sum(1 for item in items if item.scores[standing.key] is INC)


def test_new_hypotheses_get_keys_above_those_in_use_and_bad_ones_are_named():
    checked = check_hypotheses(
        [{"key": "H2", "statement": "b"}, {"statement": "a", "indicators": "x\n\n y "}, {"statement": "c"}]
    )
    assert [h.key for h in checked] == ["H2", "H3", "H4"]  # new keys above every key in use
    assert checked[1].indicators == ("x", "y")
    with pytest.raises(PictureRuleError, match="Hypothese 2: de stelling ontbreekt"):
        check_hypotheses([{"statement": "a"}, {"statement": " "}])
    with pytest.raises(PictureRuleError, match="vorm H1"):
        check_hypotheses([{"key": "x_1", "statement": "a"}])
    with pytest.raises(PictureRuleError, match="twee keer"):
        check_hypotheses([{"key": "H1", "statement": "a"}, {"key": "H1", "statement": "b"}])


def test_evidence_scores_only_known_hypotheses_with_known_values():
    checked = check_evidence([{"description": "d", "reliability": "b", "scores": {"H1": "c", "H2": ""}}], H)
    assert checked[0].key == "E1"
    assert checked[0].reliability == "B"
    assert dict(checked[0].scores) == {"H1": C}
    with pytest.raises(PictureRuleError, match="hypothese H9 bestaat niet"):
        check_evidence([{"description": "d", "reliability": "A", "scores": {"H9": "C"}}], H)
    with pytest.raises(PictureRuleError, match="score 'X' bij H1 is onbekend"):
        check_evidence([{"description": "d", "reliability": "A", "scores": {"H1": "X"}}], H)
    with pytest.raises(PictureRuleError, match="betrouwbaarheid 'G'"):
        check_evidence([{"description": "d", "reliability": "G"}], H)
    with pytest.raises(PictureRuleError, match="beschrijving ontbreekt"):
        check_evidence([{"description": "", "reliability": "A"}], H)


def test_a_complete_version_with_peer_review_and_challenge_may_be_final_with_reasons():
    outcome = check_final(complete_state(), REVIEWED, 3, TODAY, CIRCULAIRE_2026)
    assert outcome.value.least_refuted == ("H1",)
    rules = {reason["rule"] for reason in outcome.reasons_as_dicts}
    assert {"R52", "R36", "R35"} <= rules
    assert all(reason["paragraph"].startswith("§") for reason in outcome.reasons_as_dicts)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hypotheses": H[:1]}, "hypotheses"),
        ({"evidence": []}, "evidence"),
        ({"evidence": [evidence("E1", "A", H1=C)]}, "evidence"),  # a cell left empty
        ({"assumptions": []}, "assumptions"),
        ({"blind_spots": [" "]}, "blind_spots"),
        ({"soft_information": []}, "soft_information"),
        ({"missing_information": []}, "missing_information"),
        ({"residual_risk": ""}, "residual_risk"),
        ({"resistance": " "}, "resistance"),
        ({"review_on": None}, "review_on"),
        ({"review_on": TODAY}, "review_on"),
        ({"triggers": []}, "triggers"),
    ],
)
def test_every_element_of_the_method_is_needed_for_final(changes, field):
    missing = missing_for_final(complete_state(**changes), REVIEWED, 3, TODAY)
    assert [gap.field for gap in missing] == [field]
    with pytest.raises(PictureRuleError):
        check_final(complete_state(**changes), REVIEWED, 3, TODAY, CIRCULAIRE_2026)


@pytest.mark.parametrize(
    "reviews",
    [
        [],  # neither
        REVIEWED[:1],  # no challenge
        REVIEWED[1:],  # no peer review
        [ReviewState(ReviewKind.PEER_REVIEW, PEER, Verdict.OBJECTIONS, 3), REVIEWED[1]],  # the peer objects
        [ReviewState(ReviewKind.PEER_REVIEW, PEER, Verdict.AGREE, 2), REVIEWED[1]],  # review of an older version
        [ReviewState(ReviewKind.PEER_REVIEW, AUTHOR, Verdict.AGREE, 3), REVIEWED[1]],  # the author reviews himself
        [REVIEWED[0], ReviewState(ReviewKind.CHALLENGE, PEER, None, 3)],  # the peer reviewer also challenges
        [REVIEWED[0], ReviewState(ReviewKind.CHALLENGE, AUTHOR, None, 3)],  # the author challenges himself
        # one peer still objects, though another agrees
        [ReviewState(ReviewKind.PEER_REVIEW, 4, Verdict.OBJECTIONS, 3), *REVIEWED],
        # agreed first, then objected: the latest verdict counts
        [*REVIEWED, ReviewState(ReviewKind.PEER_REVIEW, PEER, Verdict.OBJECTIONS, 3)],
    ],
)
def test_a_picture_cannot_be_final_without_a_peer_review_and_an_independent_challenge_of_this_version(reviews):
    missing = missing_for_final(complete_state(), reviews, 3, TODAY)
    assert missing
    assert {gap.field for gap in missing} == {"reviews"}
    with pytest.raises(PictureRuleError):
        check_final(complete_state(), reviews, 3, TODAY, CIRCULAIRE_2026)


def test_an_objection_withdrawn_by_a_later_agreement_of_the_same_reviewer_no_longer_blocks():
    reviews = [ReviewState(ReviewKind.PEER_REVIEW, PEER, Verdict.OBJECTIONS, 3), *REVIEWED]
    assert missing_for_final(complete_state(), reviews, 3, TODAY) == []


def test_everybody_who_edited_the_version_is_an_author_and_does_not_review_it():
    state = complete_state(authors=frozenset({AUTHOR, PEER}))
    assert {gap.field for gap in missing_for_final(state, REVIEWED, 3, TODAY)} == {"reviews"}
    with pytest.raises(PictureRuleError):
        check_review("peer_review", "akkoord", "ok", PEER, frozenset({AUTHOR, PEER}))


def test_new_keys_go_above_every_key_in_use_or_reserved():
    assert [h.key for h in check_hypotheses([{"statement": "a"}], reserved={"H1", "H3"})] == ["H4"]
    assert [e.key for e in check_evidence([{"description": "d", "reliability": "A"}], H, reserved={"E2"})] == ["E3"]


def test_a_review_needs_another_analyst_a_text_and_for_a_peer_review_a_verdict():
    assert check_review("tegenspraak", "", "Scenario: de dreiger handelt via een derde", PEER, AUTHORS) == (
        ReviewKind.CHALLENGE,
        None,
    )
    assert check_review("peer_review", "akkoord", "Goed onderbouwd", PEER, AUTHORS) == (
        ReviewKind.PEER_REVIEW,
        Verdict.AGREE,
    )
    with pytest.raises(PictureRuleError, match="andere analist") as error:
        check_review("peer_review", "akkoord", "ok", AUTHOR, AUTHORS)
    assert error.value.field == "kind"
    with pytest.raises(PictureRuleError) as error:
        check_review("tegenspraak", "", "  ", PEER, AUTHORS)
    assert error.value.field == "text"
    with pytest.raises(PictureRuleError) as error:
        check_review("peer_review", "", "ok", PEER, AUTHORS)
    assert error.value.field == "verdict"
    with pytest.raises(PictureRuleError) as error:
        check_review("iets", "", "ok", PEER, AUTHORS)
    assert error.value.field == "kind"
    with pytest.raises(PictureRuleError) as error:
        check_review("tegenspraak", "akkoord", "Scenario getoetst", PEER, AUTHORS)
    assert error.value.field == "verdict"
