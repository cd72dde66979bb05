"""The local domain's pure rules (§2.4, §2.5): routing of the driehoek and OM staff, the adviser's steps, urgent
measures and their deadline."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.local_domain import (
    AdviserDecision,
    LocalRuleError,
    PartnerRules,
    Place,
    ReportStatus,
    ThreatenedFunction,
    adviser_step,
    check_urgent_measure,
    confirmation_overdue,
    route_report,
)
from stelsel.policy.versions import CIRCULAIRE_2026

DISTRICTS = ["amsterdam", "den-haag", "gelderland", "rotterdam", "zeeland-west-brabant"]
UNITS = ["amsterdam", "den-haag", "limburg", "rotterdam"]


NO_PARTNERS = PartnerRules()


def route(function: ThreatenedFunction, place: Place, rules: PartnerRules = NO_PARTNERS, **flags: bool):
    return route_report(
        is_object=flags.get("is_object", False),
        function=function,
        place=place,
        in_stelsel=flags.get("in_stelsel", False),
        art4=flags.get("art4", False),
        districts=DISTRICTS,
        units=UNITS,
        rules=rules,
        version=CIRCULAIRE_2026,
    )


def rules_of(outcome) -> set[str]:
    return {reason.rule for reason in outcome.reasons}


def test_an_ordinary_person_goes_to_the_home_units_rccb_and_the_home_districts_hovj() -> None:
    outcome = route(ThreatenedFunction.NONE, Place("rotterdam", "rotterdam", "den-haag", "den-haag"))
    assert outcome.value.rccb_unit == "rotterdam"
    assert outcome.value.district == "rotterdam"
    assert outcome.value.producing_unit == "rotterdam"
    assert not outcome.value.notify_college
    assert rules_of(outcome) == {"R25", "R24"}
    assert outcome.policy_version is CIRCULAIRE_2026


def test_a_hovj_living_and_working_in_one_district_gets_the_next_district_and_the_college_is_told() -> None:
    outcome = route(ThreatenedFunction.HOVJ, Place("zeeland-west-brabant", "rotterdam", "zeeland-west-brabant", "x"))
    assert outcome.value.district == "amsterdam"  # wraps around after the last code
    assert outcome.value.notify_college
    assert {"R30"} <= rules_of(outcome)
    assert "zeeland-west-brabant" in str(outcome.extra["district_rule"])


def test_a_configured_partner_district_is_used_and_said_so() -> None:
    outcome = route(
        ThreatenedFunction.HOVJ,
        Place("den-haag", "den-haag", "den-haag", "den-haag"),
        PartnerRules(partner_districts={"den-haag": "rotterdam"}),
    )
    assert outcome.value.district == "rotterdam"
    assert "ingestelde partner" in str(outcome.extra["district_rule"])


def test_a_configured_partner_that_is_itself_or_unknown_falls_back_to_the_standard_rule() -> None:
    for partner in ("den-haag", "atlantis"):
        outcome = route(
            ThreatenedFunction.HOVJ,
            Place("den-haag", "den-haag", "den-haag", "den-haag"),
            PartnerRules(partner_districts={"den-haag": partner}),
        )
        assert outcome.value.district == "gelderland"


def test_a_hovj_working_elsewhere_stays_with_the_home_district() -> None:
    outcome = route(ThreatenedFunction.HOVJ, Place("den-haag", "den-haag", "rotterdam", "rotterdam"))
    assert outcome.value.district == "den-haag"
    assert outcome.value.notify_college


def test_om_staff_informs_the_college_without_moving_the_case() -> None:
    outcome = route(ThreatenedFunction.OM_STAFF, Place("den-haag", "den-haag", "den-haag", "den-haag"))
    assert (outcome.value.district, outcome.value.notify_college) == ("den-haag", True)


def test_a_police_chief_in_his_own_unit_gets_product_and_advice_from_another_unit() -> None:
    own = route(ThreatenedFunction.POLICE_CHIEF, Place("den-haag", "den-haag", "den-haag", "den-haag"))
    assert (own.value.district, own.value.rccb_unit, own.value.producing_unit) == ("den-haag", "den-haag", "limburg")
    assert "R29" in rules_of(own)
    elsewhere = route(ThreatenedFunction.POLICE_CHIEF, Place("den-haag", "den-haag", "rotterdam", "rotterdam"))
    assert elsewhere.value.producing_unit == "den-haag"


def test_functions_that_need_a_work_address_say_so() -> None:
    for function in (ThreatenedFunction.POLICE_CHIEF, ThreatenedFunction.HOVJ):
        with pytest.raises(LocalRuleError) as refused:
            route(function, Place("den-haag", "den-haag"))
        assert refused.value.field == "threatened_function"
        assert "werkadres" in str(refused.value)


def test_no_home_no_routing() -> None:
    with pytest.raises(LocalRuleError) as refused:
        route(ThreatenedFunction.NONE, Place(None, None))
    assert "woonadres" in str(refused.value)


def test_stelsel_persons_and_art4_objects_go_to_the_nctv() -> None:
    stelsel = route(ThreatenedFunction.NONE, Place("den-haag", "den-haag"), in_stelsel=True)
    assert stelsel.value.to_nctv
    assert stelsel.value.district is None
    assert "R11" in rules_of(stelsel)
    palace = route(ThreatenedFunction.NONE, Place("den-haag", "den-haag"), is_object=True, art4=True)
    assert palace.value.to_nctv
    assert "R32" in rules_of(palace)


def test_an_object_has_no_function() -> None:
    with pytest.raises(LocalRuleError):
        route(ThreatenedFunction.MAYOR, Place("den-haag", "den-haag"), is_object=True)


@given(
    home=st.sampled_from(DISTRICTS),
    configured=st.dictionaries(st.sampled_from(DISTRICTS), st.sampled_from(DISTRICTS)),
)
def test_a_hovj_living_and_working_in_one_district_is_never_assessed_there(home: str, configured: dict) -> None:
    outcome = route(ThreatenedFunction.HOVJ, Place(home, "den-haag", home, "den-haag"), PartnerRules(configured))
    assert outcome.value.district != home
    assert outcome.value.district in DISTRICTS


def test_the_adviser_steps_follow_r27_and_r28() -> None:
    step = adviser_step(ReportStatus.WITH_ADVISER, AdviserDecision.ORDER_PRODUCT, False, CIRCULAIRE_2026)
    assert step.value is ReportStatus.PRODUCT_ORDERED
    with pytest.raises(LocalRuleError, match="nog niet geleverd"):
        adviser_step(ReportStatus.PRODUCT_ORDERED, AdviserDecision.ORDER_ADVICE, False, CIRCULAIRE_2026)
    after = adviser_step(ReportStatus.PRODUCT_ORDERED, AdviserDecision.ORDER_ADVICE, True, CIRCULAIRE_2026)
    assert after.value is ReportStatus.ADVICE_ORDERED
    with pytest.raises(LocalRuleError, match="wel:"):
        adviser_step(ReportStatus.WITH_ADVISER, AdviserDecision.ORDER_ADVICE, True, CIRCULAIRE_2026)
    with pytest.raises(LocalRuleError):
        adviser_step(ReportStatus.BASIC_CARE, AdviserDecision.LOCAL_MEASURES, True, CIRCULAIRE_2026)


def test_urgent_measures_only_on_a_serious_threat_and_never_person_directed() -> None:
    assert check_urgent_measure(False, "Camera", ReportStatus.WITH_ADVISER)[0].rule == "R26"
    with pytest.raises(LocalRuleError) as person_directed:
        check_urgent_measure(True, "Persoonsbeveiliging", ReportStatus.WITH_ADVISER)
    assert person_directed.value.field == "kind"
    with pytest.raises(LocalRuleError, match="Weeg eerst"):
        check_urgent_measure(False, "Camera", ReportStatus.REPORTED)
    with pytest.raises(LocalRuleError):
        check_urgent_measure(False, "Camera", ReportStatus.BASIC_CARE)


def test_a_provisional_measure_is_overdue_after_the_configured_hours() -> None:
    taken = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    assert not confirmation_overdue(taken, taken + timedelta(hours=24), 24)
    assert confirmation_overdue(taken, taken + timedelta(hours=24, minutes=1), 24)
