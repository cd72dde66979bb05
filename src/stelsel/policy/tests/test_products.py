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
    assert check_request("di", "nctv", "stelsel", VERSION).value is ProductKind.DI


@pytest.mark.parametrize("kind", ["melding", "di", "ra"])
def test_every_kind_is_asked_for_by_the_current_authority_only_the_om_has_no_role_in_the_stelsel(kind):
    for holder in (None, "hovj"):  # an OM office that still sees a stelsel person is not its authority (R11)
        with pytest.raises(ProductRuleError) as error:
            check_request(kind, holder, "stelsel", VERSION)
        assert error.value.field == "kind"
        assert "OM geen rol" in str(error.value)
        assert "§3.2, R34, R11" in str(error.value)
    with pytest.raises(ProductRuleError):
        check_request(kind, "nctv", "lokaal", VERSION)  # locally the HOvJ is the authority
    outcome = check_request(kind, "nctv", "stelsel", VERSION)
    assert [(reason.rule, reason.paragraph) for reason in outcome.reasons] == [
        ("R34", "§3.2"),
        ("R34", "§3.2"),
        ("R11", "§2.3.1"),
    ]
    assert check_request(kind, "hovj", "lokaal", VERSION).value == kind


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
    assert may_read("alleen_gezag", "politie_eenheid", "nctv", True, [], 1)
    assert not may_read("alleen_gezag", "politie_eenheid", "lcc", False, [], 2)
    assert may_read("gezag_en_uitvoering", "politie_eenheid", "lcc", False, [], 2)
    assert not may_read("gezag_en_uitvoering", "politie_eenheid", "aivd", False, [], 3)
    assert may_read("benoemde_organisaties", "politie_eenheid", "aivd", False, [3], 3)
    assert not may_read("benoemde_organisaties", "politie_eenheid", "kmar", False, [3], 4)
    assert may_read("alleen_gezag", "politie_eenheid", "inspectie", False, [], 5)


@pytest.mark.parametrize("marking", list(Marking))
@pytest.mark.parametrize(
    ("producer", "readable"), [("politie_eenheid", True), ("kmar", False), ("aivd", False), ("mivd", False)]
)
def test_the_inspectorate_reads_only_what_the_police_drew_up(marking, producer, readable):
    """R46, §6.2: it oversees the NCTV and the police; the KMar (no legal basis) and the services (CTIVD) not."""
    assert may_read(marking, producer, "inspectie", False, [], 5) is readable


# Every reader kind x marking x authority x named, written out by hand: the rule may_read (and the inbox's database
# filter built from the same ReadRight) must give exactly this. Producer: the police, except where noted below.
EXECUTING = {"politie_eenheid", "kmar", "lcc"}
ALL_KINDS = [
    "nctv",
    "om_arrondissement",
    "om_college",
    "politie_eenheid",
    "lcc",
    "kmar",
    "aivd",
    "mivd",
    "gemeente",
    "inspectie",
    "beveiligden",
]


def expected_read(marking: Marking, reader: str, authority: bool, named: bool, producer: str) -> bool:
    if reader == "gemeente":
        return False  # a mayor never, not even as authority (R51, §2.3.5)
    if authority:
        return True
    if reader == "inspectie" and producer == "politie_eenheid":
        return True  # R46
    if marking is Marking.AUTHORITY_AND_EXECUTING:
        return reader in EXECUTING
    if marking is Marking.NAMED_ORGANISATIONS:
        return named
    return False


@pytest.mark.parametrize("reader", ALL_KINDS)
@pytest.mark.parametrize("marking", list(Marking))
@pytest.mark.parametrize("authority", [False, True])
@pytest.mark.parametrize("named", [False, True])
@pytest.mark.parametrize("producer", ["politie_eenheid", "kmar", "aivd", "mivd"])
def test_every_reader_kind_marking_and_authority(reader, marking, authority, named, producer):
    named_ids = [7] if named else [8]
    assert may_read(marking, producer, reader, authority, named_ids, 7) is expected_read(
        marking, reader, authority, named and marking is Marking.NAMED_ORGANISATIONS, producer
    )


@given(
    reader=st.sampled_from(["lcc", "kmar", "politie_eenheid"]),
    producer=st.sampled_from(["politie_eenheid", "kmar", "aivd", "mivd"]),
    named=st.lists(st.integers(min_value=1, max_value=20), max_size=5),
    reader_id=st.integers(min_value=1, max_value=20),
)
def test_an_executing_unit_never_reads_authority_only(reader, producer, named, reader_id):
    assert not may_read(Marking.AUTHORITY_ONLY, producer, reader, False, named, reader_id)


@given(
    marking=st.sampled_from(list(Marking)),
    producer=st.sampled_from(["politie_eenheid", "kmar", "aivd", "mivd"]),
    authority=st.booleans(),
    named=st.lists(st.integers(min_value=1, max_value=20), max_size=5),
    reader_id=st.integers(min_value=1, max_value=20),
)
def test_a_mayor_never_reads_a_product(marking, producer, authority, named, reader_id):
    assert not may_read(marking, producer, "gemeente", authority, named, reader_id)


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
