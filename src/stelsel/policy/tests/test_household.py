from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.household import RelationKind, is_household_member
from stelsel.policy.versions import CIRCULAIRE_2026


@given(kind=st.sampled_from(RelationKind))
def test_nobody_at_another_address_is_household(kind):
    outcome = is_household_member(kind, same_address=False, version=CIRCULAIRE_2026)
    assert outcome.value is False
    assert outcome.reasons[0].rule == "R08"


@given(kind=st.sampled_from(RelationKind))
def test_every_listed_relative_at_the_same_address_is_household(kind):
    outcome = is_household_member(kind, same_address=True, version=CIRCULAIRE_2026)
    assert outcome.value is True
    assert outcome.reasons[0].paragraph == "§2.3"
    assert outcome.policy_version.key == "circulaire-bb-2026"
