"""The duty-of-care rules over a package (seed 002, §2.2, §5.1; R21, R42, R50)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.measures.catalogue import catalogue
from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.cooperation import Cooperation
from stelsel.policy.duty_of_care import (
    MAX_WEIGHT,
    R_OFFER,
    Facilitation,
    PackageContext,
    PackageItem,
    PackageRuleError,
    ThreatDuration,
    ThreatLevel,
    judge_package,
)
from stelsel.policy.versions import CIRCULAIRE_2026

KINDS = catalogue()


def context(level=ThreatLevel.HIGH, duration=ThreatDuration.LONG, **extra):
    return PackageContext(HolderKind.NCTV, Basis.DESIGNATION, level, duration, **extra)


def item(code, scope="werk", facilitation=Facilitation.NONE):
    return PackageItem(KINDS[code], scope, facilitation)


WORK_PROTECTION = item("close_protection", "werk")
LIMITED_PRIVATE = item("personal_escort", "prive", Facilitation.LIMITED)


def test_the_done_when_package_is_allowed_and_every_choice_names_its_rule():
    outcome = judge_package([WORK_PROTECTION, LIMITED_PRIVATE, item("camera", "prive")], context(), CIRCULAIRE_2026)
    rules_per_item = [{(r.rule, r.paragraph) for r in judgement.reasons} for judgement in outcome.value]
    assert all(("R50", "§2.2") in rules for rules in rules_per_item)
    texts = [" ".join(r.text for r in j.reasons) for j in outcome.value]
    assert "Werkactiviteiten gaan voor privéactiviteiten" in texts[1]
    assert "Aard en duur van de dreiging" in texts[1]
    assert "opbouwen" not in texts[2]
    assert outcome.policy_version is CIRCULAIRE_2026
    assert R_OFFER in outcome.reasons


def test_weight_builds_up_with_the_threat_level():
    with pytest.raises(PackageRuleError, match="zwaarte 5") as refused:
        judge_package([WORK_PROTECTION], context(ThreatLevel.SUBSTANTIAL), CIRCULAIRE_2026)
    assert refused.value.field == "items.0.kind"
    judge_package([item("object_protection_home", "prive")], context(ThreatLevel.LIMITED), CIRCULAIRE_2026)


def test_category_i_standard_measures_do_not_follow_the_threat_level():
    standard = PackageContext(HolderKind.NCTV, Basis.LIMITATIVE_LIST_I, ThreatLevel.LOW, ThreatDuration.LONG)
    outcome = judge_package([item("object_protection_home", "prive")], standard, CIRCULAIRE_2026)
    assert "R04" in {r.rule for r in outcome.value[0].reasons}


def test_private_activities_only_after_work_is_covered():
    with pytest.raises(PackageRuleError, match="werk gaat voor privé") as refused:
        judge_package([LIMITED_PRIVATE], context(), CIRCULAIRE_2026)
    assert refused.value.field == "items.0.scope"


def test_a_short_threat_gets_limited_private_facilitation_only():
    broad = item("personal_escort", "prive", Facilitation.BROAD)
    with pytest.raises(PackageRuleError, match="beperkte duur") as refused:
        judge_package([WORK_PROTECTION, broad], context(duration=ThreatDuration.SHORT), CIRCULAIRE_2026)
    assert refused.value.field == "items.1.facilitation"
    judge_package([WORK_PROTECTION, broad], context(duration=ThreatDuration.LONG), CIRCULAIRE_2026)


def test_who_seeks_out_the_threat_accepts_more_limits():
    broad = item("personal_escort", "prive", Facilitation.BROAD)
    with pytest.raises(PackageRuleError, match="alleen beperkte facilitering"):
        judge_package([WORK_PROTECTION, broad], context(limits_accepted=True), CIRCULAIRE_2026)
    outcome = judge_package([WORK_PROTECTION, LIMITED_PRIVATE], context(limits_accepted=True), CIRCULAIRE_2026)
    assert "integriteit" in " ".join(r.text for r in outcome.value[1].reasons)


def test_private_facilitation_must_be_chosen_and_only_where_it_applies():
    with pytest.raises(PackageRuleError) as missing:
        judge_package([WORK_PROTECTION, item("personal_escort", "prive")], context(), CIRCULAIRE_2026)
    assert missing.value.field == "items.1.facilitation"
    with pytest.raises(PackageRuleError) as misplaced:
        judge_package([item("camera", "prive", Facilitation.LIMITED)], context(), CIRCULAIRE_2026)
    assert misplaced.value.field == "items.0.facilitation"


def test_no_forced_measures_without_cooperation_but_informing_stays():
    refusing = context(cooperation=Cooperation.NONE)
    with pytest.raises(PackageRuleError, match="geen gedwongen maatregelen") as refused:
        judge_package([item("camera", "prive")], refusing, CIRCULAIRE_2026)
    assert "R42" in str(refused.value)
    outcome = judge_package(
        [item("information_advice", "beide"), item("extra_surveillance", "prive")], refusing, CIRCULAIRE_2026
    )
    assert "R42" in {r.rule for r in outcome.reasons}


def test_partial_cooperation_is_recorded_on_the_measures_that_need_it():
    outcome = judge_package([item("camera", "prive")], context(cooperation=Cooperation.PARTIAL), CIRCULAIRE_2026)
    assert "gedeeltelijk" in " ".join(r.text for r in outcome.value[0].reasons)


def test_an_empty_package_or_a_double_item_is_refused():
    with pytest.raises(PackageRuleError):
        judge_package([], context(), CIRCULAIRE_2026)
    with pytest.raises(PackageRuleError, match="staat al in het pakket") as double:
        judge_package([item("camera", "prive"), item("camera", "prive")], context(), CIRCULAIRE_2026)
    assert double.value.field == "items.1.kind"


NON_PERSON_DIRECTED = sorted(code for code, kind in KINDS.items() if not kind.person_directed)


@given(
    codes=st.lists(st.sampled_from(NON_PERSON_DIRECTED), min_size=1, max_size=6, unique=True),
    level=st.sampled_from(list(ThreatLevel)),
)
def test_an_accepted_package_never_exceeds_the_weight_its_threat_level_carries(codes, level):
    items = [item(code, KINDS[code].scope) for code in codes]
    if any(KINDS[code].weight > MAX_WEIGHT[level] for code in codes):
        with pytest.raises(PackageRuleError, match="zwaarte"):
            judge_package(items, context(level), CIRCULAIRE_2026)
    else:
        outcome = judge_package(items, context(level), CIRCULAIRE_2026)
        assert all(j.item.kind.weight <= MAX_WEIGHT[level] for j in outcome.value)
        assert all(j.reasons for j in outcome.value)
