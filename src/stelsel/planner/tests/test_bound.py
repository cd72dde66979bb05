"""The Lagrangian bound: valid (never below an optimum) and it sees that a shift cannot collect a long day."""

import pytest

from stelsel.planner.bench import solve
from stelsel.planner.bound import lagrangian_bounds, subproblem_bound
from stelsel.planner.generator import generate
from stelsel.planner.model import Staff
from stelsel.planner.solver import plan as cpsat_plan
from stelsel.planner.solver import subproblems
from stelsel.planner.tests.conftest import activity, hm, tiny


def test_a_shift_cannot_cover_a_morning_and_an_evening():
    """One officer, 08-10 and 18-20: a shift of at most 10 hours takes one of them, so the bound is one, not two."""
    instance = tiny(activities=[activity("AM", hm(0, 8), hm(0, 10)), activity("PM", hm(0, 18), hm(0, 20))])
    only = {"S2": instance.staff["S2"]}  # close protection only
    instance.staff.clear()
    instance.staff.update(only)
    one = instance.activities["AM"].value2
    result = subproblem_bound(instance, list(instance.activities.values()), list(only.values()), lower2=one, seconds=2)
    assert result.bound2 < 2 * one  # CP-SAT's LP bound does not see this in general: both fit the day
    assert result.bound2 >= one
    assert result.bound2 == pytest.approx(one, rel=0.01)


def test_two_officers_cover_both():
    instance = tiny(activities=[activity("AM", hm(0, 8), hm(0, 10)), activity("PM", hm(0, 18), hm(0, 20))])
    staff: list[Staff] = [instance.staff["S1"], instance.staff["S2"]]
    both = sum(a.value2 for a in instance.activities.values())
    assert subproblem_bound(instance, list(instance.activities.values()), staff, lower2=both).bound2 >= both


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_bound_is_never_below_an_optimum_or_a_plan(seed):
    instance = generate(6, 2, seed)
    _, stats = cpsat_plan(instance, 4.0)
    lower = {(s.unit, s.day): float(s.value2) for s in stats.subproblems}
    bounds = lagrangian_bounds(instance, lower, seconds=4.0)
    assert set(bounds) == set(subproblems(instance))
    assert any(s.status == "optimal" for s in stats.subproblems)  # so the strong check below runs
    for s in stats.subproblems:
        lagrangian = bounds[(s.unit, s.day)].bound2
        assert lagrangian >= s.value2 - 1e-6  # a plan reached for the sub-problem
        if s.status == "optimal":  # CP-SAT proved the relaxed sub-problem's optimum: the same problem we bound
            assert lagrangian >= s.bound2 - 1e-6


def test_the_benchmark_takes_the_smaller_valid_bound():
    instance = generate(12, 2, 5)
    _, without = solve(instance, 3.0)
    _, figures = solve(instance, 3.0, bound_time=3.0)
    assert figures["upper_bound_weighted_hours"] <= figures["cpsat_bound_weighted_hours"]
    assert figures["upper_bound_weighted_hours"] >= figures["planner_weighted_hours"]
    assert without["upper_bound_weighted_hours"] == without["cpsat_bound_weighted_hours"]
