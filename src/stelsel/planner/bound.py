"""A Lagrangian upper bound per (unit, day) sub-problem that sees fragmentation: shifts are chains of activities.

CP-SAT's bound rests on its LP relaxation, which hardly sees that a shift of at most `max_shift_minutes` from
departure to return, with travel between activities, cannot collect every activity of a long day. This bound does.

The relaxed sub-problem (the same one CP-SAT bounds, see docs/planner.md "Bewezen bovengrens"):
    maximise  sum_a v_a c_a
    such that sum_s x[s,a,q] = n[a,q] c_a          for every activity a and qualification q of its team
              x[s] is one shift of staff member s:  a chain of activities in time order, each eligible for s (a
              qualification in the team, available with travel from and to the base), consecutive ones at least
              the travel time apart, at most one qualification per activity, departure to return <= max shift
              c_a in {0, 1}
Moving the coverage equalities into the objective with any multipliers mu[a,q] gives, for every mu,
    L(mu) = sum_a max(0, v_a - sum_q n[a,q] mu[a,q]) + sum_s max over shifts of s of sum_(a in shift) mu[a,q(a)]
and L(mu) >= the optimum (a feasible point makes every moved term zero). The best shift of a staff member is a
longest path in the DAG of activities, taken over every pair (first, last) whose span fits: the span of a shift
depends on its first and last activity only, and an activity in between can always be dropped (travel satisfies
the triangle inequality). Staff with the same base, qualifications and eligible activities share their best shift.
A subgradient method (Polyak steps towards the planner's value) lowers L; every L evaluated is a valid bound, the
smallest is kept.
"""

import time
from dataclasses import dataclass

import numpy as np

from stelsel.planner.model import Activity, Instance, Qualification, Staff

NEG = -1e18


@dataclass
class _Class:
    count: int
    nodes: np.ndarray  # eligible activity indices, in time order
    slots: list[list[int]]  # per node: the slots (activity, qualification) this class can fill
    preds: list[np.ndarray]  # per node: local indices of feasible predecessors
    span_ok: np.ndarray  # [first, last] -> the shift fits


@dataclass
class BoundResult:
    bound2: float
    iterations: int
    seconds: float


def _classes(instance: Instance, acts: list[Activity], staff: list[Staff], slot_index: dict) -> list[_Class]:
    n = len(acts)
    start = np.array([a.start for a in acts])
    end = np.array([a.end for a in acts])
    follows = np.zeros((n, n), dtype=bool)  # follows[i, j]: j can come after i in one shift
    for i, a in enumerate(acts):
        for j, b in enumerate(acts):
            follows[i, j] = i != j and a.end + instance.travel(a.location, b.location) <= b.start
    groups: dict[tuple, int] = {}
    for s in staff:
        eligible = []
        for i, a in enumerate(acts):
            quals = s.qualifications & a.team_dict().keys()
            if not quals:
                continue
            travel = instance.travel(s.base, a.location)
            if s.available(a.start - travel, a.end + travel):
                eligible.append((i, tuple(sorted(quals))))
        if eligible:
            key = (s.base, tuple(eligible))
            groups[key] = groups.get(key, 0) + 1
    classes = []
    rules = instance.rules
    for (base, eligible), count in groups.items():
        nodes = np.array([i for i, _ in eligible])
        to_base = np.array([instance.travel(base, acts[i].location) for i in nodes])
        departure = start[nodes] - to_base
        back = end[nodes] + to_base
        span_ok = (back[None, :] - departure[:, None] <= rules.max_shift_minutes) & np.triu(
            np.ones((len(nodes), len(nodes)), dtype=bool)
        )
        sub = follows[np.ix_(nodes, nodes)]
        classes.append(
            _Class(
                count=count,
                nodes=nodes,
                slots=[[slot_index[(i, q)] for q in quals] for i, quals in eligible],
                preds=[np.flatnonzero(sub[:, j]) for j in range(len(nodes))],
                span_ok=span_ok,
            )
        )
    return classes


def _best_shift(cls: _Class, mu: np.ndarray) -> tuple[float, list[int]]:
    """The best shift of one staff member of the class at prices mu: its value and the slots it fills."""
    k = len(cls.nodes)
    weight = np.empty(k)
    choice = np.empty(k, dtype=int)
    for j, slots in enumerate(cls.slots):
        prices = mu[slots]
        best = int(np.argmax(prices))
        weight[j], choice[j] = max(0.0, prices[best]), slots[best]
    paths = np.full((k, k), NEG)  # paths[f, l]: best value of a chain from f to l
    came_from = np.full((k, k), -1)
    for j in range(k):
        preds = cls.preds[j]
        if len(preds):
            incoming = paths[:, preds]
            arg = incoming.argmax(axis=1)
            best = incoming[np.arange(k), arg]
            reach = best > NEG / 2
            paths[reach, j] = best[reach] + weight[j]
            came_from[reach, j] = preds[arg[reach]]
        if weight[j] > paths[j, j]:
            paths[j, j] = weight[j]
            came_from[j, j] = -1
    masked = np.where(cls.span_ok, paths, NEG)
    flat = int(masked.argmax())
    first, last = divmod(flat, k)
    value = float(masked[first, last])
    if value <= 0:
        return 0.0, []
    filled = []
    j = last
    while j >= 0:
        if weight[j] > 0:
            filled.append(int(choice[j]))
        j = int(came_from[first, j]) if j != first else -1
    return value, filled


def subproblem_bound(
    instance: Instance,
    activities: list[Activity],
    staff: list[Staff],
    lower2: float,
    seconds: float = 1.0,
    max_iterations: int = 60,
) -> BoundResult:
    """The smallest L(mu) found within the time; `lower2` (a value reached) steers the step size."""
    t0 = time.perf_counter()
    acts = sorted(activities, key=lambda a: (a.start, a.id))
    slots: list[tuple[int, Qualification, int]] = [(i, q, n) for i, a in enumerate(acts) for q, n in a.team]
    slot_index = {(i, q): k for k, (i, q, _) in enumerate(slots)}
    value = np.array([a.value2 for a in acts], dtype=float)
    need = np.array([n for _, _, n in slots], dtype=float)
    owner = np.array([i for i, _, _ in slots])
    classes = _classes(instance, acts, staff, slot_index)
    mu = np.array([acts[i].value2 / acts[i].team_size for i, _, _ in slots], dtype=float)
    best = float(value.sum())  # covering everything is always an upper bound
    theta, stale, iterations = 1.0, 0, 0
    while iterations < max_iterations and time.perf_counter() - t0 < seconds:
        iterations += 1
        reduced = value - np.bincount(owner, weights=need * mu, minlength=len(acts))
        covered = reduced > 0
        total = float(reduced[covered].sum())
        filled = np.zeros(len(slots))
        for cls in classes:
            shift_value, shift_slots = _best_shift(cls, mu)
            total += cls.count * shift_value
            np.add.at(filled, shift_slots, cls.count)
        if total < best - 1e-6:
            best, stale = total, 0
        else:
            stale += 1
            if stale >= 4:
                theta, stale = theta / 2, 0
        if best - lower2 <= max(1.0, 0.002 * best):
            break
        descent = need * covered[owner] - filled  # minus dL/dmu: raise the price of a slot too few staff fill
        norm = float(descent @ descent)
        if norm == 0:
            break
        mu = mu + theta * (total - lower2) / norm * descent
    return BoundResult(bound2=best, iterations=iterations, seconds=time.perf_counter() - t0)


def lagrangian_bounds(
    instance: Instance, lower2: dict[tuple[str, int], float], seconds: float
) -> dict[tuple[str, int], BoundResult]:
    """The bound of every (unit, day) sub-problem, the time shared by size; `lower2` holds the values reached."""
    from stelsel.planner.model import DAY
    from stelsel.planner.solver import subproblems

    t0 = time.perf_counter()
    groups = subproblems(instance)
    staff_by_unit: dict[str, list[Staff]] = {}
    for s in sorted(instance.staff.values(), key=lambda s: s.id):
        staff_by_unit.setdefault(s.unit, []).append(s)
    sizes = {key: len(acts) * len(staff_by_unit.get(key[0], [])) + 1 for key, acts in groups.items()}
    remaining = sum(sizes.values())
    results = {}
    for key in sorted(groups):
        unit, day = key
        left = seconds - (time.perf_counter() - t0)
        share = max(0.05, left * sizes[key] / remaining)
        remaining -= sizes[key]
        day_staff = [
            s
            for s in staff_by_unit.get(unit, [])
            if any(w.overlaps(day * DAY - DAY // 2, (day + 1) * DAY + DAY // 2) for w in s.availability)
        ]
        results[key] = subproblem_bound(instance, groups[key], day_staff, lower2.get(key, 0.0), seconds=share)
    return results
