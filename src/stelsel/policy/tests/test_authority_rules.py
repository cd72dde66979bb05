from datetime import date

import pytest

from stelsel.policy.authority import (
    AuthorityRuleError,
    Basis,
    HolderKind,
    SubjectKind,
    holder_for,
    object_basis_is_fixed,
)
from stelsel.policy.versions import CIRCULAIRE_2026, NoPolicyVersion, version_on


def test_designation_puts_nctv_in_charge_with_the_one_authority_reason():
    outcome = holder_for(Basis.DESIGNATION, SubjectKind.PERSON, CIRCULAIRE_2026)
    assert outcome.value is HolderKind.NCTV
    assert {r.rule for r in outcome.reasons} == {"R05", "R11"}


def test_local_domain_puts_the_hovj_in_charge():
    assert holder_for(Basis.LOCAL_DOMAIN, SubjectKind.PERSON, CIRCULAIRE_2026).value is HolderKind.HOVJ


def test_a_person_basis_is_refused_for_an_object():
    with pytest.raises(AuthorityRuleError, match="object of dienst"):
        holder_for(Basis.DESIGNATION, SubjectKind.OBJECT, CIRCULAIRE_2026)


def test_art4_objects_are_always_under_nctv_and_only_they():
    object_basis_is_fixed(True, Basis.LAW_ART4)
    with pytest.raises(AuthorityRuleError, match="R32"):
        object_basis_is_fixed(True, Basis.PUBLIC_ORDER)
    with pytest.raises(AuthorityRuleError, match="R32"):
        object_basis_is_fixed(False, Basis.LAW_ART4)


def test_the_2026_circulaire_governs_from_its_effective_date_and_not_before():
    assert version_on(date(2026, 1, 1)) is CIRCULAIRE_2026
    with pytest.raises(NoPolicyVersion):
        version_on(date(2025, 12, 31))
