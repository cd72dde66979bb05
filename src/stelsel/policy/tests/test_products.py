"""Threat products: who makes them, who may ask for them (§3.2, R34), and who may read them (R51)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.products import (
    PRODUCT_RULES,
    Marking,
    ProductKind,
    ProductRuleError,
    check_marking,
    check_production,
    check_request,
    check_sources,
    may_read,
)
from stelsel.policy.versions import version_on

VERSION = version_on(date(2026, 3, 1))


def test_every_kind_of_the_circulaire_is_in_the_table():
    assert set(PRODUCT_RULES) == {"melding", "ird", "signaalrapportage", "di", "da", "ra", "wa"}


def test_an_ird_without_an_order_from_the_authority_of_the_case_is_refused():
    with pytest.raises(ProductRuleError) as error:
        check_request("ird", None, "stelsel", VERSION)
    assert error.value.field == "kind"
    assert "uitsluitend in opdracht van het gezag" in str(error.value)
    assert "R34" in str(error.value)
    with pytest.raises(ProductRuleError):
        check_request("ird", "hovj", "stelsel", VERSION)  # the HOvJ is not the authority inside the stelsel
    assert check_request("ird", "nctv", "stelsel", VERSION).value is ProductKind.IRD
    assert check_request("ird", "hovj", "lokaal", VERSION).value is ProductKind.IRD


def test_an_ird_is_not_produced_without_an_order():
    with pytest.raises(ProductRuleError) as error:
        check_production("ird", "politie_eenheid", False, VERSION)
    assert error.value.field == "request"
    assert check_production("ird", "politie_eenheid", True, VERSION).value is ProductKind.IRD


def test_a_wa_request_from_a_mayor_is_refused_and_only_nctv_or_hovj_per_domain_may_ask():
    with pytest.raises(ProductRuleError) as error:
        check_request("wa", "burgemeester", "lokaal", VERSION)
    assert "burgemeester" in str(error.value).lower()
    with pytest.raises(ProductRuleError):
        check_request("wa", "hovj", "stelsel", VERSION)
    with pytest.raises(ProductRuleError):
        check_request("wa", "nctv", "lokaal", VERSION)
    assert check_request("wa", "nctv", "stelsel", VERSION).value is ProductKind.WA
    assert check_request("wa", "hovj", "lokaal", VERSION).value is ProductKind.WA


def test_ra_and_wa_are_made_by_the_aivd_only():
    for kind in ("ra", "wa"):
        with pytest.raises(ProductRuleError) as error:
            check_production(kind, "politie_eenheid", True, VERSION)
        assert "AIVD" in str(error.value)
        assert check_production(kind, "aivd", True, VERSION).value == kind


def test_a_signal_report_is_police_intelligence_own_initiative_and_cannot_be_requested():
    with pytest.raises(ProductRuleError):
        check_request("signaalrapportage", "nctv", "stelsel", VERSION)
    with pytest.raises(ProductRuleError):
        check_production("signaalrapportage", "kmar", False, VERSION)
    with pytest.raises(ProductRuleError) as error:
        check_production("signaalrapportage", "politie_eenheid", True, VERSION)
    assert error.value.field == "request"
    outcome = check_production("signaalrapportage", "politie_eenheid", False, VERSION)
    assert outcome.reasons[0].rule == "R34"
    assert outcome.reasons[0].paragraph == "§3.2"


def test_a_di_may_come_requested_or_not_from_each_intelligence_organisation():
    for org_kind in ("politie_eenheid", "kmar", "aivd", "mivd"):
        for order in (True, False):
            assert check_production("di", org_kind, order, VERSION).value is ProductKind.DI
    assert check_request("di", None, "stelsel", VERSION).value is ProductKind.DI


def test_da_for_the_stelsel_only_on_the_authority_request():
    with pytest.raises(ProductRuleError):
        check_production("da", "kmar", False, VERSION)
    with pytest.raises(ProductRuleError):
        check_request("da", None, "stelsel", VERSION)


def test_unknown_kind_names_the_field():
    with pytest.raises(ProductRuleError) as error:
        check_request("roddel", "nctv", "stelsel", VERSION)
    assert error.value.field == "kind"


def test_markings_refuse_a_municipality_and_names_without_the_named_marking():
    with pytest.raises(ProductRuleError) as error:
        check_marking("benoemde_organisaties", ["kmar", "gemeente"], VERSION)
    assert error.value.field == "named_orgs"
    assert "gemeente" in str(error.value).lower()
    with pytest.raises(ProductRuleError):
        check_marking("benoemde_organisaties", [], VERSION)
    with pytest.raises(ProductRuleError):
        check_marking("alleen_gezag", ["kmar"], VERSION)
    with pytest.raises(ProductRuleError):
        check_marking("benoemde_organisaties", ["inspectie"], VERSION)
    with pytest.raises(ProductRuleError) as error:
        check_marking("iedereen", [], VERSION)
    assert error.value.field == "marking"
    assert check_marking("benoemde_organisaties", ["kmar"], VERSION).value is Marking.NAMED_ORGANISATIONS


def test_may_read_by_marking():
    assert may_read("alleen_gezag", "nctv", True, [], 1)
    assert not may_read("alleen_gezag", "lcc", False, [], 2)
    assert may_read("gezag_en_uitvoering", "lcc", False, [], 2)
    assert not may_read("gezag_en_uitvoering", "aivd", False, [], 3)
    assert may_read("benoemde_organisaties", "aivd", False, [3], 3)
    assert not may_read("benoemde_organisaties", "kmar", False, [3], 4)
    assert may_read("alleen_gezag", "inspectie", False, [], 5)


@given(
    reader=st.sampled_from(["lcc", "kmar", "politie_eenheid"]),
    named=st.lists(st.integers(min_value=1, max_value=20), max_size=5),
    reader_id=st.integers(min_value=1, max_value=20),
)
def test_an_executing_unit_never_reads_authority_only(reader, named, reader_id):
    assert not may_read(Marking.AUTHORITY_ONLY, reader, False, named, reader_id)


@given(
    marking=st.sampled_from(list(Marking)),
    authority=st.booleans(),
    named=st.lists(st.integers(min_value=1, max_value=20), max_size=5),
    reader_id=st.integers(min_value=1, max_value=20),
)
def test_a_mayor_never_reads_a_product(marking, authority, named, reader_id):
    assert not may_read(marking, "gemeente", authority, named, reader_id)


def test_sources_are_graded_a_to_f():
    assert check_sources([{"description": "informant", "reliability": "b"}]) == [
        {"description": "informant", "reliability": "B"}
    ]
    with pytest.raises(ProductRuleError) as error:
        check_sources([{"description": "informant", "reliability": "G"}])
    assert error.value.field == "sources"
    assert "Bron 1" in str(error.value)
    with pytest.raises(ProductRuleError):
        check_sources([{"description": "", "reliability": "A"}])
