"""Column generation: the bound is valid and sees fragmentation; the master keeps the state and never loses."""

import itertools
import time

import numpy as np
import pytest
from ortools.sat.python import cp_model

from stelsel.planner import solver
from stelsel.planner.colgen import (
    Column,
    StaffState,
    _decode,
    generate_columns,
    lagrangian,
    price,
    rounded_bound,
    solve_master,
)
from stelsel.planner.generator import generate
from stelsel.planner.model import Instance, Plan, Staff
from stelsel.planner.solver import _lanes, build_model, plan, subproblems, value_of
from stelsel.planner.tests.conftest import activity, hm, tiny
from stelsel.planner.validate import validate


def pool_of(instance: Instance, staff: list[Staff] | None = None, acts=None, seconds: float = 10.0):
    acts = acts or list(instance.activities.values())
    return generate_columns(instance, acts, staff or list(instance.staff.values()), [], time.perf_counter() + seconds)


def only(instance: Instance, *ids: str) -> Instance:
    kept = {sid: instance.staff[sid] for sid in ids}
    instance.staff.clear()
    instance.staff.update(kept)
    return instance


def test_a_shift_cannot_cover_a_morning_and_an_evening():
    """One officer, 08-10 and 18-20: a shift of at most 10 hours takes one of them, so the bound is one, not two
    (the compact model's LP relaxation counts both: both fit the officer's day)."""
    instance = only(tiny(activities=[activity("AM", hm(0, 8), hm(0, 10)), activity("PM", hm(0, 18), hm(0, 20))]), "S2")
    pool = pool_of(instance)
    assert pool.converged
    assert rounded_bound(pool) == instance.activities["AM"].value2


def test_two_officers_cover_both():
    instance = tiny(activities=[activity("AM", hm(0, 8), hm(0, 10)), activity("PM", hm(0, 18), hm(0, 20))])
    instance = only(instance, "S1", "S2")
    pool = pool_of(instance)
    both = sum(a.value2 for a in instance.activities.values())
    assert rounded_bound(pool) == both
    found = solve_master(instance, pool, None, [], 5.0)
    assert value_of(instance, found) == both
    assert validate(instance, Plan(found)) == []


def optimum_of_relaxed(instance: Instance, acts, staff) -> int | None:
    """The relaxed sub-problem solved to proven optimality with the compact model (small cases only)."""
    model = build_model(instance, acts, staff, None)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 2
    if solver.solve(model.model) != cp_model.OPTIMAL:
        return None
    return round(solver.objective_value)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_bound_is_never_below_the_optimum_and_the_master_never_above_it(seed):
    instance = generate(6, 2, seed)
    rng = np.random.default_rng(seed)
    proven = 0
    for (unit, _), acts in sorted(subproblems(instance).items()):
        staff = [s for s in instance.staff.values() if s.unit == unit]
        pool = pool_of(instance, staff, acts)
        optimum = optimum_of_relaxed(instance, acts, staff)
        if optimum is None:
            continue
        proven += 1
        found = solve_master(instance, pool, None, [], 5.0)
        assert validate(instance, Plan(found)) == []
        assert value_of(instance, found) <= optimum <= rounded_bound(pool)
        # L(mu) bounds the optimum for ANY prices mu >= 0, not only for the LP's.
        for _ in range(20):
            mu = rng.exponential(rng.uniform(1, 2000), size=len(pool.slots)) * rng.integers(0, 2, len(pool.slots))
            assert lagrangian(pool, mu) >= optimum - 1e-6
    assert proven > 0  # so the checks above ran


def chain_ok(cls, nodes) -> bool:
    """A shift by brute force: consecutive nodes may follow each other, and first to last fits the longest shift."""
    preds = [set(cls.pred_idx[cls.pred_ptr[j] : cls.pred_ptr[j + 1]]) for j in range(len(cls.nodes))]
    return all(a in preds[b] for a, b in itertools.pairwise(nodes)) and bool(cls.span_ok[nodes[0], nodes[-1]])


@pytest.mark.parametrize("seed", [1, 5, 9])
def test_pricing_finds_the_best_shift_that_brute_force_finds(seed):
    instance = generate(3, 1, seed)
    rng = np.random.default_rng(seed)
    for (unit, _), acts in sorted(subproblems(instance).items()):
        pool = pool_of(instance, [s for s in instance.staff.values() if s.unit == unit], acts)
        for k, cls in enumerate(pool.classes):
            if len(cls.nodes) > 12:
                continue
            for _ in range(5):
                mu = rng.uniform(0, 1000, size=len(pool.slots)) * rng.integers(0, 2, len(pool.slots))
                weight = [
                    max([0.0, *(mu[s] for s in cls.opt_slot[cls.opt_ptr[j] : cls.opt_ptr[j + 1]])])
                    for j in range(len(cls.nodes))
                ]
                brute = max(
                    [0.0]
                    + [
                        sum(weight[j] for j in chain)
                        for size in range(1, len(cls.nodes) + 1)
                        for chain in itertools.combinations(range(len(cls.nodes)), size)
                        if chain_ok(cls, chain)
                    ]
                )
                best, found = price(cls, k, mu, 0.0, 3)
                assert best == pytest.approx(brute)
                for column in found:  # every shift offered is a real shift, worth what it claims at most
                    local = sorted(int(np.flatnonzero(cls.nodes == pool.slots[s][0])[0]) for s in column.slots)
                    assert chain_ok(cls, local)


def two_in_a_morning() -> Instance:
    """S2 alone; A 08:00-10:00 and B 10:30-12:00 at L1 (10 minutes from the base): one shift 07:50-12:10 does both."""
    acts = [activity("A", hm(0, 8), hm(0, 10)), activity("B", hm(0, 10, 30), hm(0, 12))]
    return only(tiny(activities=acts), "S2")


def covered_by_master(instance: Instance, states: dict[str, StaffState] | None) -> set[str]:
    found = solve_master(instance, pool_of(instance), states, [], 5.0)
    assert validate(instance, Plan(found)) == []
    return Plan(found).covered(instance)


def test_the_master_keeps_each_staff_members_state():
    instance = two_in_a_morning()
    assert covered_by_master(instance, None) == {"A", "B"}
    # Weekly hours left: 200 minutes, so one of the two (A is worth more).
    assert covered_by_master(instance, {"S2": StaffState(budget=200)}) == {"A"}
    # Rest after yesterday's shift: no departure before 09:00.
    assert covered_by_master(instance, {"S2": StaffState(earliest=hm(0, 9))}) == {"B"}
    # Tomorrow's shift starts early: back by 11:00.
    assert covered_by_master(instance, {"S2": StaffState(latest=hm(0, 11))}) == {"A"}


def test_the_master_without_time_returns_its_hint():
    instance = generate(6, 1, 3)
    (unit, _), acts = sorted(subproblems(instance).items())[0]
    staff = [s for s in instance.staff.values() if s.unit == unit]
    hint = plan(instance, 2.0)[0].assignments
    found = solve_master(instance, pool_of(instance, staff, acts), None, hint, 0.0)
    in_unit = [a for a in hint if instance.staff[a.staff].unit == unit]
    assert value_of(instance, found) == value_of(instance, in_unit)
    assert validate(instance, Plan(found)) == []


def test_an_extra_staff_member_on_a_slot_is_dropped():
    """Two officers of one class both take the shift that fills AM's single place: one of them goes."""
    instance = tiny(activities=[activity("AM", hm(0, 8), hm(0, 10))])
    twin = instance.staff["S2"]
    instance.staff["S4"] = Staff("S4", twin.unit, twin.base, twin.qualifications, twin.availability)
    pool = pool_of(instance, [instance.staff["S2"], instance.staff["S4"]])
    assert len(pool.classes) == 1
    assert pool.classes[0].count == 2
    column = Column(0, (0,), int(pool.classes[0].departure[0]), int(pool.classes[0].back[0]))
    found = _decode(pool, {(0, None): ["S2", "S4"]}, {((0, None), column): 2})
    assert [(a.activity, a.staff) for a in found] == [("AM", "S2")]
    assert validate(instance, Plan(found)) == []


def test_a_progress_error_stops_every_planning_thread(monkeypatch):
    instance = generate(60, 4, 2)
    total = len(subproblems(instance))
    assert len({u for u, _ in subproblems(instance)}) > 1
    solved = []
    real = solver.solve_subproblem

    def counting(*args, **kwargs):
        solved.append(args[2:4])
        return real(*args, **kwargs)

    monkeypatch.setattr(solver, "solve_subproblem", counting)
    calls = []

    def cancel(result):
        calls.append(result)
        raise RuntimeError("geannuleerd")

    with pytest.raises(RuntimeError, match="geannuleerd"):
        plan(instance, 20.0, progress=cancel)
    assert len(calls) == 1
    # Each thread finishes the sub-problem it is in, then stops: at most one more per thread after the first.
    assert len(solved) <= 3 < total


def test_lanes_take_whole_units_with_their_days_in_order():
    sizes = {("a", 0): 50, ("a", 1): 40, ("b", 0): 30, ("b", 1): 30, ("c", 0): 20, ("c", 1): 5}
    lanes = _lanes(sorted(sizes), sizes, 2)
    assert sorted(k for lane in lanes for k in lane) == sorted(sizes)
    for lane in lanes:
        for unit in {u for u, _ in lane}:
            assert [d for u, d in lane if u == unit] == [0, 1]
    assert [{u for u, _ in lane} for lane in lanes] == [{"a"}, {"b", "c"}]
    assert _lanes(sorted(sizes), sizes, 1) == [sorted(sizes)]
