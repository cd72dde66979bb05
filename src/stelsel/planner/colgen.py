"""Column generation per (unit, day): shifts as columns, an LP master for prices, an integer master for the plan.

Why: the compact CP-SAT model (one variable per staff member, activity and qualification) gets no further than its
LP relaxation in the second or so a sub-problem has, and that relaxation does not see fragmentation: waiting and
travel inside a shift. A formulation whose columns are whole shifts does (docs/planner.md, "Kolomgeneratie").

The relaxed sub-problem (the coupling state left out, so its bound holds for ANY plan of the whole instance, see
docs/planner.md "Bewezen bovengrens"):
    maximise  sum_a v_a c_a
    such that sum over shifts p of lambda_p [p fills slot (a, q)] >= n[a, q] c_a     for every slot (a, q)
              sum over shifts p of class k of lambda_p <= |k|                         for every class k
              c_a in {0, 1}, lambda_p whole numbers >= 0
A shift is a chain of activities in time order, each eligible for the staff member (a qualification in the team,
available with travel from and to the base), consecutive ones at least the travel time apart, one slot per
activity, departure to return at most the longest shift. Over-covering a slot is harmless: a staff member can
always be dropped from an activity (the rest of the chain stays feasible, travel satisfies the triangle inequality).
Staff with the same base and the same eligible slots form a class and make the same shifts.

Pricing: the best shift of a class at slot prices mu is a longest path in the DAG of its eligible activities, over
the pairs (first, last) whose span fits (the span depends on the first and last activity only). For every mu >= 0
    L(mu) = sum_a max(0, v_a - sum_q n[a, q] mu[a, q]) + sum_k |k| * (best shift value of k at mu)
is an upper bound on the relaxed optimum (a feasible point makes every priced-out term non-negative), so the bound
does not rest on the LP's numerical accuracy; the smallest L over the iterations is kept.

The plan: the integer master over the generated columns, with each staff member's coupling state (earliest
departure, latest return, budget) applied to the columns it may take, and the heuristic's shifts added as columns
and as the hint, so the master never returns less than the heuristic.
"""

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numba import njit
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from stelsel.planner.model import Activity, Assignment, Instance, Qualification, Rules, Staff

NEG = -1e18
EPSILON = 1e-6


@dataclass(frozen=True)
class StaffState:
    earliest: int | None = None  # earliest departure (previous shift's return plus rest)
    latest: int | None = None  # latest return (next shift's departure minus rest)
    budget: int | None = None  # longest shift allowed today (weekly hours left); None: the rule's maximum


@dataclass
class ShiftClass:
    """Staff members who can make exactly the same shifts in the relaxed sub-problem."""

    staff: list[str]
    nodes: np.ndarray  # eligible activity indices, in time order
    opt_ptr: np.ndarray  # node j may fill the slots opt_slot[opt_ptr[j]:opt_ptr[j + 1]]
    opt_slot: np.ndarray
    pred_ptr: np.ndarray  # node j may follow the local nodes pred_idx[pred_ptr[j]:pred_ptr[j + 1]] in one shift
    pred_idx: np.ndarray
    departure: np.ndarray  # per node: leaving the base for it
    back: np.ndarray  # per node: back at the base after it
    span_ok: np.ndarray  # [first, last]: a shift from first to last fits the longest shift

    @property
    def count(self) -> int:
        return len(self.staff)

    @cached_property
    def position(self) -> dict[int, int]:
        """Activity index -> its node in this class."""
        return {int(node): j for j, node in enumerate(self.nodes)}


@dataclass(frozen=True)
class Column:
    """One shift of a class: the slots it fills, with its departure and return."""

    cls: int
    slots: tuple[int, ...]
    departure: int
    back: int

    @property
    def span(self) -> int:
        return self.back - self.departure


Slot = tuple[int, Qualification, int]  # (activity index, qualification, count)


@dataclass
class Pool:
    activities: list[Activity]
    slots: list[Slot]
    classes: list[ShiftClass]
    columns: list[Column]
    class_of: dict[str, int]
    bound2: float  # the smallest L(mu) seen: a valid upper bound of the relaxed sub-problem
    lp2: float  # the restricted master's LP value at the last iteration
    iterations: int
    converged: bool  # no column with positive reduced cost was left
    mu: np.ndarray  # the last slot prices
    pi: np.ndarray  # the last class prices
    primal: dict[Column, float]  # the last LP solution (columns with a positive value)

    def reduced_cost(self, column: Column) -> float:
        return float(self.mu[list(column.slots)].sum() - self.pi[column.cls])


def _csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    flat = np.array([x for r in rows for x in r], dtype=np.int64)
    return ptr, flat


def build_classes(
    instance: Instance, acts: list[Activity], staff: list[Staff], slot_index: dict[tuple[int, Qualification], int]
) -> list[ShiftClass]:
    """The shift classes of the relaxed sub-problem; `acts` in time order."""
    rules = instance.rules
    n = len(acts)
    follows = np.zeros((n, n), dtype=bool)  # follows[i, j]: j can come after i in one shift
    for i, a in enumerate(acts):
        for j in range(i + 1, n):
            b = acts[j]
            follows[i, j] = a.end + instance.travel(a.location, b.location) <= b.start
    teams = [a.team_dict().keys() for a in acts]
    groups: dict[tuple, list[str]] = {}
    for s in staff:
        eligible = []
        for i, a in enumerate(acts):
            quals = s.qualifications & teams[i]
            if not quals:
                continue
            travel = instance.travel(s.base, a.location)
            if a.duration + 2 * travel <= rules.max_shift_minutes and s.available(a.start - travel, a.end + travel):
                eligible.append((i, tuple(sorted(quals))))
        if eligible:
            groups.setdefault((s.base, tuple(eligible)), []).append(s.id)
    classes = []
    for (base, eligible), members in groups.items():
        nodes = np.array([i for i, _ in eligible], dtype=np.int64)
        to_base = np.array([instance.travel(base, acts[i].location) for i in nodes], dtype=np.int64)
        departure = np.array([acts[i].start for i in nodes], dtype=np.int64) - to_base
        back = np.array([acts[i].end for i in nodes], dtype=np.int64) + to_base
        span_ok = (back[None, :] - departure[:, None] <= rules.max_shift_minutes) & np.triu(
            np.ones((len(nodes), len(nodes)), dtype=bool)
        )
        sub = follows[np.ix_(nodes, nodes)]
        opt_ptr, opt_slot = _csr([[slot_index[(i, q)] for q in quals] for i, quals in eligible])
        pred_ptr, pred_idx = _csr([np.flatnonzero(sub[:, j]).tolist() for j in range(len(nodes))])
        classes.append(
            ShiftClass(
                staff=sorted(members),
                nodes=nodes,
                opt_ptr=opt_ptr,
                opt_slot=opt_slot,
                pred_ptr=pred_ptr,
                pred_idx=pred_idx,
                departure=departure,
                back=back,
                span_ok=span_ok,
            )
        )
    return classes


@njit(cache=True, nogil=True)
def _chains(
    mu: np.ndarray,
    opt_ptr: np.ndarray,
    opt_slot: np.ndarray,
    pred_ptr: np.ndarray,
    pred_idx: np.ndarray,
    span_ok: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per first node f: the best chain value from f to a last node that fits (and that node), with the trace."""
    k = opt_ptr.shape[0] - 1
    weight = np.zeros(k)
    choice = np.full(k, -1, dtype=np.int64)
    for j in range(k):
        for o in range(opt_ptr[j], opt_ptr[j + 1]):
            price = mu[opt_slot[o]]
            if price > weight[j]:
                weight[j] = price
                choice[j] = opt_slot[o]
    paths = np.full((k, k), NEG)
    came = np.full((k, k), -1, dtype=np.int64)
    best_value = np.full(k, NEG)
    best_last = np.full(k, -1, dtype=np.int64)
    for f in range(k):
        paths[f, f] = weight[f]
        for j in range(f + 1, k):
            best = NEG
            arg = -1
            for e in range(pred_ptr[j], pred_ptr[j + 1]):
                i = pred_idx[e]
                if i >= f and paths[f, i] > best:
                    best = paths[f, i]
                    arg = i
            if arg >= 0:
                paths[f, j] = best + weight[j]
                came[f, j] = arg
        for last in range(f, k):
            if span_ok[f, last] and paths[f, last] > best_value[f]:
                best_value[f] = paths[f, last]
                best_last[f] = last
    return weight, choice, came, best_value, best_last


def warm_up() -> None:
    """Compile the pricing kernel (or load it from numba's cache) before the planner threads start: once, not in
    both threads at the same time. On a fresh install this takes a few seconds of the run's time."""
    one = np.zeros(1, dtype=np.int64)
    _chains(
        np.zeros(1), np.array([0, 1], dtype=np.int64), one, np.zeros(2, dtype=np.int64), one[:0], np.ones((1, 1), bool)
    )


def price(cls: ShiftClass, index: int, mu: np.ndarray, above: float, top: int) -> tuple[float, list[Column]]:
    """The best shift value of the class at prices `mu` (at least 0), and up to `top` distinct shifts worth more
    than `above` (the class's dual price), best first."""
    if len(cls.nodes) == 0:
        return 0.0, []
    weight, choice, came, best_value, best_last = _chains(
        mu, cls.opt_ptr, cls.opt_slot, cls.pred_ptr, cls.pred_idx, cls.span_ok
    )
    order = np.argsort(-best_value, kind="stable")
    columns: list[Column] = []
    seen: set[tuple[int, ...]] = set()
    for f in order:
        if best_value[f] - above <= EPSILON or len(columns) >= top:
            break
        filled: list[int] = []
        nodes: list[int] = []
        j = int(best_last[f])
        while True:
            if weight[j] > 0:
                filled.append(int(choice[j]))
                nodes.append(j)
            if j == f:
                break
            j = int(came[f, j])
        key = tuple(sorted(filled))
        if not key or key in seen:
            continue
        seen.add(key)
        columns.append(Column(index, key, int(cls.departure[nodes[-1]]), int(cls.back[nodes[0]])))
    return max(0.0, float(best_value[order[0]])), columns


def _slots_by_staff(
    acts: list[Activity], slots: list[Slot], class_of: dict[str, int], assignments: Iterable[Assignment]
) -> dict[str, list[int]]:
    """A plan's assignments within the sub-problem as the slots each staff member fills."""
    index = {a.id: i for i, a in enumerate(acts)}
    slot_index = {(i, q): s for s, (i, q, _) in enumerate(slots)}
    filled: dict[str, list[int]] = {}
    for assignment in assignments:
        if assignment.activity in index and assignment.staff in class_of:
            slot = slot_index[(index[assignment.activity], assignment.qualification)]
            filled.setdefault(assignment.staff, []).append(slot)
    return filled


def _column_of(pool_classes: list[ShiftClass], cls: int, slots_filled: list[int], slots: list[Slot]) -> Column:
    shift_class = pool_classes[cls]
    nodes = sorted(shift_class.position[slots[s][0]] for s in slots_filled)
    return Column(
        cls, tuple(sorted(slots_filled)), int(shift_class.departure[nodes[0]]), int(shift_class.back[nodes[-1]])
    )


def generate_columns(
    instance: Instance,
    activities: list[Activity],
    staff: list[Staff],
    seed: Iterable[Assignment],
    deadline: float,
    top: int = 5,
    tolerance: float = 0.001,
) -> Pool:
    """Column generation on the relaxed sub-problem until no shift prices out, the bound meets the LP value within
    `tolerance`, or `deadline` (a perf_counter time). `seed` (a feasible plan's assignments) gives the first columns."""
    acts = sorted(activities, key=lambda a: (a.start, a.id))
    slots: list[Slot] = [(i, q, n) for i, a in enumerate(acts) for q, n in a.team]
    slot_index = {(i, q): k for k, (i, q, _) in enumerate(slots)}
    classes = build_classes(instance, acts, staff, slot_index)
    class_of = {sid: k for k, cls in enumerate(classes) for sid in cls.staff}
    value, need, owner = _slot_arrays(acts, slots)

    lp = pywraplp.Solver.CreateSolver("GLOP")
    infinity = lp.infinity()
    cover = [lp.NumVar(0, 1, f"c{i}") for i in range(len(acts))]
    slot_rows = []
    for i, _, n in slots:
        row = lp.Constraint(0, infinity)
        row.SetCoefficient(cover[i], -n)
        slot_rows.append(row)
    class_rows = [lp.Constraint(-infinity, cls.count) for cls in classes]
    objective = lp.Objective()
    for i, a in enumerate(acts):
        objective.SetCoefficient(cover[i], a.value2)
    objective.SetMaximization()

    columns: list[Column] = []
    variables: list[pywraplp.Variable] = []
    known: set[tuple[int, tuple[int, ...]]] = set()

    def add(column: Column) -> bool:
        if (column.cls, column.slots) in known:
            return False
        known.add((column.cls, column.slots))
        var = lp.NumVar(0, infinity, f"p{len(columns)}")
        variables.append(var)
        class_rows[column.cls].SetCoefficient(var, 1)
        for s in column.slots:
            slot_rows[s].SetCoefficient(var, 1)
        columns.append(column)
        return True

    for sid, filled in _slots_by_staff(acts, slots, class_of, seed).items():
        add(_column_of(classes, class_of[sid], filled, slots))
    start_prices = np.array([acts[i].value2 / acts[i].team_size for i, _, _ in slots], dtype=float)
    for k, cls in enumerate(classes):
        for column in price(cls, k, start_prices, 0.0, 1)[1]:
            add(column)

    bound, lp_value, iterations, converged = float(value.sum()), 0.0, 0, False
    mu, pi = start_prices, np.zeros(len(classes))
    primal: dict[Column, float] = {}
    while time.perf_counter() < deadline:
        iterations += 1
        lp.SetTimeLimit(max(1, int((deadline - time.perf_counter()) * 1000)))
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        lp_value = objective.Value()
        primal = {columns[j]: var.solution_value() for j, var in enumerate(variables) if var.solution_value() > EPSILON}
        mu = np.maximum(0.0, -np.array([row.dual_value() for row in slot_rows]))
        pi = np.maximum(0.0, np.array([row.dual_value() for row in class_rows]))
        lagrangian, found = _price_round(classes, value, need, owner, mu, pi, top)
        bound = min(bound, lagrangian)
        if not found:
            converged = True  # no shift prices out: the LP value is the LP optimum of the shift formulation
            break
        if sum(add(column) for column in found) == 0 or bound - lp_value <= tolerance * bound:
            break  # only known columns (numerical tolerance), or close enough
    return Pool(acts, slots, classes, columns, class_of, bound, lp_value, iterations, converged, mu, pi, primal)


def _slot_arrays(acts: list[Activity], slots: list[Slot]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per activity its value; per slot its count and its activity."""
    value = np.array([a.value2 for a in acts], dtype=float)
    need = np.array([n for _, _, n in slots], dtype=float)
    owner = np.array([i for i, _, _ in slots], dtype=np.int64)
    return value, need, owner


def _price_round(
    classes: list[ShiftClass],
    value: np.ndarray,
    need: np.ndarray,
    owner: np.ndarray,
    mu: np.ndarray,
    pi: np.ndarray,
    top: int,
) -> tuple[float, list[Column]]:
    """L(mu) (see the module docstring) and the shifts that price out against the class prices `pi`."""
    reduced = value - np.bincount(owner, weights=need * mu, minlength=len(value))
    bound = float(np.maximum(reduced, 0.0).sum())
    found: list[Column] = []
    for k, cls in enumerate(classes):
        best, columns = price(cls, k, mu, float(pi[k]), top)
        bound += cls.count * best
        found.extend(columns)
    return bound, found


def lagrangian(pool: Pool, mu: np.ndarray) -> float:
    """L(mu) for any slot prices mu >= 0: an upper bound of the pool's relaxed sub-problem."""
    value, need, owner = _slot_arrays(pool.activities, pool.slots)
    return _price_round(pool.classes, value, need, owner, mu, np.full(len(pool.classes), np.inf), 0)[0]


def _fits_state(column: Column, state: StaffState | None, rules: Rules) -> bool:
    if state is None:
        return True
    if state.earliest is not None and column.departure < state.earliest:
        return False
    if state.latest is not None and column.back > state.latest:
        return False
    return state.budget is None or column.span <= min(state.budget, rules.max_shift_minutes)


def _within_state(pool: Pool, column: Column, state: StaffState | None, rules: Rules) -> Column | None:
    """The column, or else its best part that the state admits: a run of its activities (dropping activities
    keeps a shift valid), the one worth most at the last prices; None when no part fits.

    Why: the relaxed sub-problem never needs the short shifts a staff member with little rest or few weekly hours
    left can still make; without this the master could give that member nothing but the heuristic's shift."""
    if _fits_state(column, state, rules) or state is None:
        return column
    cls = pool.classes[column.cls]
    chain = sorted((cls.position[pool.slots[s][0]], s) for s in column.slots)
    best: tuple[float, int, int] | None = None
    for first in range(len(chain)):
        for last in range(first, len(chain)):
            part = Column(column.cls, (), int(cls.departure[chain[first][0]]), int(cls.back[chain[last][0]]))
            if not _fits_state(part, state, rules):
                continue
            worth = float(sum(pool.mu[s] for _, s in chain[first : last + 1]))
            if best is None or worth > best[0]:
                best = (worth, first, last)
    if best is None:
        return None
    _, first, last = best
    slots = tuple(sorted(s for _, s in chain[first : last + 1]))
    return Column(column.cls, slots, int(cls.departure[chain[first][0]]), int(cls.back[chain[last][0]]))


def _overtime(column: Column, rules: Rules) -> int:
    return max(0, column.span - rules.normal_shift_minutes)


Group = tuple[int, StaffState | None]  # (class, state): staff members who may take the same columns
Counts = dict[tuple[Group, Column], int]  # how many staff members of a group take a column

NEAR_PRICE = 0.02  # columns within this share of their class's price of pricing out go to the second stage
SUPPORT_SHARE = 0.6  # of the master's time, for the first stage (the LP's support only; measured 0.3-1.0)


def solve_master(
    instance: Instance,
    pool: Pool,
    states: dict[str, StaffState] | None,
    hint: Iterable[Assignment],
    seconds: float,
) -> list[Assignment]:
    """The integer master over the pool, under each staff member's state; the hint's shifts are columns too.

    Two stages, each hinted with the best so far: first only the columns the LP solution uses (a small model that
    CP-SAT solves at once), then every column whose reduced cost is near zero (most of the good integer solutions
    use only those; the full pool makes CP-SAT spend the time on its root LP). With time left after a stage proven
    optimal, a last solve keeps the covered value and minimises shift spans plus overtime (a proxy for travel and
    overtime). Never returns less than the hint."""
    t0 = time.perf_counter()
    rules = instance.rules
    groups: dict[Group, list[str]] = {}
    for k, cls in enumerate(pool.classes):
        for sid in cls.staff:
            state = None if states is None else states.get(sid)
            groups.setdefault((k, None if state == StaffState() else state), []).append(sid)
    best = _hint_counts(pool, groups, hint)
    best_value = _value(pool, best)
    near = [c for c in pool.columns if pool.reduced_cost(c) >= -NEAR_PRICE * max(1.0, float(pool.pi[c.cls]))]
    stages = ((list(pool.primal), SUPPORT_SHARE), (near, 1.0))
    for number, (columns, share) in enumerate(stages):
        if seconds - (time.perf_counter() - t0) < 0.05:
            break
        master = _Master(pool, groups, columns, best, rules)
        solver = _solver((seconds - (time.perf_counter() - t0)) * share)
        status = solver.solve(master.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        found = {key: int(solver.value(var)) for key, var in master.lam.items()}
        if _value(pool, found) > best_value:
            best, best_value = found, _value(pool, found)
        last_stage = number == len(stages) - 1
        if last_stage and status == cp_model.OPTIMAL and seconds - (time.perf_counter() - t0) > 0.1:
            master.model.add(master.value >= best_value)
            master.model.minimize(
                sum(var * (key[1].span + _overtime(key[1], rules)) for key, var in master.lam.items())
            )
            master.hint(best)
            solver = _solver(seconds - (time.perf_counter() - t0))
            if solver.solve(master.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                shorter = {key: int(solver.value(var)) for key, var in master.lam.items()}
                if _value(pool, shorter) >= best_value:
                    best = shorter
    return _decode(pool, groups, best)


def _hint_counts(pool: Pool, groups: dict[Group, list[str]], hint: Iterable[Assignment]) -> Counts:
    """The hint (a feasible plan of the sub-problem) as columns: one per staff member's shift."""
    filled = _slots_by_staff(pool.activities, pool.slots, pool.class_of, hint)
    group_of = {sid: g for g, members in groups.items() for sid in members}
    counts: Counts = {}
    for sid, slots in filled.items():
        column = _column_of(pool.classes, pool.class_of[sid], slots, pool.slots)
        key = (group_of[sid], column)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _value(pool: Pool, counts: Counts) -> int:
    return sum(pool.activities[i].value2 for i in _covered(pool.slots, counts))


class _Master:
    """The integer master over some columns (plus those of `start`, which is also the hint)."""

    def __init__(
        self, pool: Pool, groups: dict[Group, list[str]], columns: list[Column], start: Counts, rules: Rules
    ) -> None:
        self.pool = pool
        self.model = cp_model.CpModel()
        self.lam: dict[tuple[Group, Column], cp_model.IntVar] = {}
        by_slot: list[list[cp_model.IntVar]] = [[] for _ in pool.slots]
        by_class: dict[int, list[Column]] = {}
        for column in columns:
            by_class.setdefault(column.cls, []).append(column)
        extra: dict[Group, list[Column]] = {}
        for g, column in start:
            extra.setdefault(g, []).append(column)
        for g in sorted(groups, key=lambda g: (g[0], repr(g[1]))):
            size = len(groups[g])
            mine = []
            usable = [_within_state(pool, c, g[1], rules) for c in by_class.get(g[0], [])]
            for column in dict.fromkeys([c for c in usable if c is not None] + extra.get(g, [])):
                var = self.model.new_int_var(0, size, "")
                self.lam[(g, column)] = var
                mine.append(var)
                for s in column.slots:
                    by_slot[s].append(var)
            if mine:
                self.model.add(sum(mine) <= size)
        self.cover = [self.model.new_bool_var(f"c{i}") for i in range(len(pool.activities))]
        for s, (i, _, n) in enumerate(pool.slots):
            if by_slot[s]:
                self.model.add(sum(by_slot[s]) >= n * self.cover[i])
            else:
                self.model.add(self.cover[i] == 0)
        self.value = sum(a.value2 * self.cover[i] for i, a in enumerate(pool.activities))
        self.model.maximize(self.value)
        self.hint(start)

    def hint(self, counts: Counts) -> None:
        self.model.clear_hints()
        for key, var in self.lam.items():
            self.model.add_hint(var, counts.get(key, 0))
        whole = _covered(self.pool.slots, counts)
        for i, var in enumerate(self.cover):
            self.model.add_hint(var, 1 if i in whole else 0)


def _covered(slots: list[Slot], counts: Counts) -> set[int]:
    filled = [0] * len(slots)
    for (_, column), count in counts.items():
        for s in column.slots:
            filled[s] += count
    short = {i for s, (i, _, need) in enumerate(slots) if filled[s] < need}
    return {i for i, _, _ in slots} - short


def _decode(
    pool: Pool,
    groups: dict[Group, list[str]],
    counts: Counts,
) -> list[Assignment]:
    """Staff members for the chosen columns; a slot gets exactly its count, an activity only when whole."""
    takers: dict[int, list[str]] = {}  # slot -> staff members whose shift fills it
    members = {g: iter(staff) for g, staff in groups.items()}
    for (g, column), count in counts.items():
        for _ in range(count):
            sid = next(members[g])
            for s in column.slots:
                takers.setdefault(s, []).append(sid)
    whole = _covered(pool.slots, counts)
    result: list[Assignment] = []
    for s, (i, q, n) in enumerate(pool.slots):
        if i in whole:
            result.extend(Assignment(pool.activities[i].id, sid, q) for sid in takers[s][:n])
    return result


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = 1
    # One worker with the full LP: the LP-guided search finds the columns the LP prices best; measured better than two
    # workers (a portfolio) in the same time, and the second core plans another unit (solver.plan).
    solver.parameters.linearization_level = 2
    return solver


def rounded_bound(pool: Pool) -> int:
    """The bound as a whole number: values are whole numbers, so the floor is valid too."""
    return math.floor(pool.bound2 + 1e-6)
