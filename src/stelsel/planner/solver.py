"""The planner, decomposed by police unit and day: column generation with an integer master per sub-problem.

Why this decomposition is exact for the unit and (almost) for the day: staff serve only their own unit's persons,
so units never share staff; within a unit the days are coupled only by the rest between shifts and the weekly
hours. Days are planned in order; each sub-problem (unit, day) sees the book of the days before it as a per-staff
state: the earliest departure (previous return plus rest), the latest return (next departure minus rest, when
re-planning) and the day's budget (the weekly hours left, at most the longest shift). Units go in parallel threads.

Per sub-problem:
1. the greedy baseline and best fit on the same state give a feasible plan;
2. column generation (`colgen`) on the RELAXED sub-problem (the coupling state ignored: no earlier or later shifts,
   full week) gives shift columns, prices and a bound that is valid for this (unit, day) part of ANY feasible plan
   of the whole instance (docs/planner.md, "Bewezen bovengrens");
3. the integer master over those columns, under each staff member's state, hinted with the better heuristic plan,
   then keeping that value with shorter shifts and less overtime when there is time left;
4. the best of the master, best fit and greedy is booked (never worse than greedy on the same state).

The compact CP-SAT model (`build_model`) stays for re-planning, where every kept assignment is scored.
"""

import bisect
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from stelsel.planner.book import Book
from stelsel.planner.colgen import StaffState, generate_columns, rounded_bound, solve_master, warm_up
from stelsel.planner.greedy import greedy_fill, staff_index
from stelsel.planner.model import DAY, WEEK_DAYS, Activity, Assignment, Instance, Plan, Qualification, Staff

NUM_WORKERS = 2


@dataclass
class SubResult:
    unit: str
    day: int
    assignments: list[Assignment]
    value2: int
    greedy_value2: int
    bound2: int  # proven bound of the relaxed sub-problem (see module docstring)
    source: str  # "colgen" | "best-fit" | "greedy"
    status: str
    seconds: float
    variables: int


@dataclass
class SolveStats:
    subproblems: list[SubResult] = field(default_factory=list)


def state_of(book: Book, staff: Staff, day: int) -> StaffState:
    rules = book.rules
    prev_ret, next_dep = book.neighbour_shifts(staff.id, day)
    used = book.week_minutes(staff.id, day // WEEK_DAYS, skip_day=day)
    budget = min(rules.max_shift_minutes, rules.max_week_minutes - used)
    return StaffState(
        earliest=None if prev_ret is None else prev_ret + rules.min_rest_minutes,
        latest=None if next_dep is None else next_dep - rules.min_rest_minutes,
        budget=budget if budget < rules.max_shift_minutes else None,
    )


# --- conflicts ----------------------------------------------------------------------------------------------------


def _travel_pairs(instance: Instance, activities: list[Activity]) -> dict[int, list[int]]:
    """Pairs (i, j), i before j, that do not overlap but leave too little time to travel from i to j."""
    result: dict[int, list[int]] = {}
    n = len(activities)
    locations = sorted({a.location for a in activities})
    reach = {x: max(instance.travel(x, y) for y in locations) for x in locations}
    for i in range(n):
        a = activities[i]
        for j in range(i + 1, n):
            b = activities[j]
            if b.start >= a.end + reach[a.location]:  # sorted by start: no later one can conflict either
                break
            if b.start >= a.end and b.start < a.end + instance.travel(a.location, b.location):
                result.setdefault(i, []).append(j)
    return result


# --- one sub-problem ----------------------------------------------------------------------------------------------


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, str, Qualification], cp_model.IntVar]
    y: dict[tuple[int, str], cp_model.IntVar]
    started: dict[str, tuple[list[int], list[cp_model.IntVar]]]
    times: dict[tuple[int, str], tuple[int, int]]
    cover: dict[int, cp_model.IntVar]
    objective: Any
    variables: int


def _eligible(instance: Instance, staff: Staff, activity: Activity, state: StaffState | None) -> tuple[int, int] | None:
    t_out = instance.travel(staff.base, activity.location)
    dep, ret = activity.start - t_out, activity.end + t_out
    if ret - dep > instance.rules.max_shift_minutes or not staff.available(dep, ret):
        return None
    if state is not None:
        if state.earliest is not None and dep < state.earliest:
            return None
        if state.latest is not None and ret > state.latest:
            return None
        if state.budget is not None and ret - dep > state.budget:
            return None
    return dep, ret


def build_model(
    instance: Instance,
    activities: list[Activity],
    staff: list[Staff],
    states: dict[str, StaffState] | None,
    keep: dict[tuple[str, str], Qualification] | None = None,
    change_penalty: int = 0,
) -> _Model:
    """The CP-SAT model of one sub-problem. `states=None` is the relaxed sub-problem.

    With `keep` (re-planning) every assignment of the previous plan kept scores `change_penalty` and every new one
    costs it, so a change must buy coverage.
    """
    rules = instance.rules
    model = cp_model.CpModel()
    x: dict[tuple[int, str, Qualification], cp_model.IntVar] = {}
    y: dict[tuple[int, str], cp_model.IntVar] = {}
    times: dict[tuple[int, str], tuple[int, int]] = {}
    cover: dict[int, cp_model.IntVar] = {}
    per_staff: dict[str, list[int]] = {}
    terms: list[cp_model.LinearExpr] = []
    for i, activity in enumerate(activities):
        team = activity.team_dict()
        candidates: dict[Qualification, list[Staff]] = {q: [] for q in team}
        for s in staff:
            quals = s.qualifications & team.keys()
            if not quals:
                continue
            window = _eligible(instance, s, activity, None if states is None else states.get(s.id))
            if window is None:
                continue
            times[(i, s.id)] = window
            for q in quals:
                candidates[q].append(s)
        if any(len(candidates[q]) < n for q, n in team.items()):
            continue
        c = model.new_bool_var(f"c{i}")
        cover[i] = c
        terms.append(activity.value2 * c)
        own: dict[str, list[cp_model.IntVar]] = {}
        for q, n in team.items():
            lits = []
            for s in candidates[q]:
                v = model.new_bool_var(f"x{i}_{s.id}_{q.value}")
                x[(i, s.id, q)] = v
                lits.append(v)
                own.setdefault(s.id, []).append(v)
            model.add(sum(lits) == n * c)
        for sid, lits in own.items():
            if len(lits) > 1:
                one = model.new_bool_var(f"y{i}_{sid}")
                model.add(sum(lits) == one)
                y[(i, sid)] = one
            else:
                y[(i, sid)] = lits[0]
            per_staff.setdefault(sid, []).append(i)
    objective: Any = sum(terms)
    if keep:
        stability = []
        for (i, sid, q), v in x.items():
            if keep.get((activities[i].id, sid)) == q:
                stability.append(change_penalty * v)
            else:
                stability.append(-change_penalty * v)
        objective = objective + sum(stability)
    # Nobody in two places: per staff member, no overlap (intervals), and no two activities without time to travel.
    pairs = _travel_pairs(instance, activities)
    for sid, mine in per_staff.items():
        if len(mine) < 2:
            continue
        intervals = [
            model.new_optional_fixed_size_interval_var(
                activities[i].start, activities[i].duration, y[(i, sid)], f"I{i}_{sid}"
            )
            for i in mine
        ]
        model.add_no_overlap(intervals)
        mine_set = set(mine)
        for i in mine:
            for j in pairs.get(i, ()):
                if j in mine_set:
                    model.add_bool_or([y[(i, sid)].negated(), y[(j, sid)].negated()])
    # Shift length (and the coupling state): departure no later than any assigned activity's, return no earlier.
    started_by_staff: dict[str, tuple[list[int], list[cp_model.IntVar]]] = {}
    for sid, mine in per_staff.items():
        state = None if states is None else states.get(sid)
        budget = rules.max_shift_minutes
        if state is not None and state.budget is not None:
            budget = min(budget, state.budget)
        deps = [times[(i, sid)][0] for i in mine]
        rets = [times[(i, sid)][1] for i in mine]
        lo, hi = min(deps), max(rets)
        if hi - lo > budget:
            # The shift starts at the departure for one of the staff member's activities (index k* into `starts`);
            # started[k] says k* <= k. An activity fits the shift iff k* lies in [first, last] for it.
            starts = sorted(set(deps))
            started = [model.new_bool_var(f"Z{sid}_{k}") for k in range(len(starts))]
            started_by_staff[sid] = (starts, started)
            for k in range(1, len(starts)):
                model.add_implication(started[k - 1], started[k])
            for i in mine:
                dep, ret = times[(i, sid)]
                first = bisect.bisect_left(starts, ret - budget)
                last = bisect.bisect_right(starts, dep) - 1
                if first == 0:
                    model.add(y[(i, sid)] <= started[last])
                else:
                    model.add(y[(i, sid)] <= started[last] - started[first - 1])
    model.maximize(objective)
    return _Model(model, x, y, started_by_staff, times, cover, objective, len(x))


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = NUM_WORKERS
    # Short solves: a light presolve lets the search start from the hint at once.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    return solver


def _hint(m: _Model, activities: list[Activity], hint: Iterable[Assignment]) -> None:
    """A complete hint (x, y, cover and the shift starts), so CP-SAT starts from a feasible solution."""
    index = {a.id: i for i, a in enumerate(activities)}
    chosen = {(index[h.activity], h.staff, h.qualification) for h in hint if h.activity in index}
    covered = {i for i, _, _ in chosen}
    pairs = {(i, sid) for i, sid, _ in chosen}
    for key, v in m.x.items():
        m.model.add_hint(v, 1 if key in chosen else 0)
    for i, c in m.cover.items():
        m.model.add_hint(c, 1 if i in covered else 0)
    x_ids = {v.index for v in m.x.values()}
    for (i, sid), v in m.y.items():
        if v.index not in x_ids:
            m.model.add_hint(v, 1 if (i, sid) in pairs else 0)
    first: dict[str, int] = {}
    for i, sid in pairs:
        dep = m.times[(i, sid)][0]
        first[sid] = min(dep, first.get(sid, dep))
    for sid, (starts, started) in m.started.items():
        begin = first.get(sid)
        for t, v in zip(starts, started, strict=True):
            m.model.add_hint(v, 1 if begin is not None and t >= begin else 0)


def _read(m: _Model, solver: cp_model.CpSolver, activities: list[Activity]) -> list[Assignment]:
    return [Assignment(activities[i].id, sid, q) for (i, sid, q), v in m.x.items() if solver.boolean_value(v)]


def _fits(book: Book, instance: Instance, assignments: list[Assignment]) -> bool:
    """Whether `assignments` (one sub-problem's) can be booked on top of `book` (the coupling state)."""
    trial: dict[str, list[Assignment]] = {}
    for a in assignments:
        trial.setdefault(a.staff, []).append(a)
    for sid, mine in trial.items():
        staff = instance.staff[sid]
        added: list[Activity] = []
        ok = True
        for a in sorted(mine, key=lambda a: instance.activities[a.activity].start):
            activity = instance.activities[a.activity]
            if book.check(staff, activity) is not None:
                ok = False
                break
            book.add(sid, activity, a.qualification)
            added.append(activity)
        for activity in added:
            book.remove(sid, activity)
        if not ok:
            return False
    return True


def value_of(instance: Instance, assignments: Iterable[Assignment]) -> int:
    plan = Plan(list(assignments))
    return plan.value2(instance)


MAX_COLGEN_PAIRS = 40_000  # (activity, staff) pairs; above this a sub-problem is left to best fit (docs/planner.md)
COLGEN_SHARE = 0.6  # of a sub-problem's time, for column generation; the integer master gets the rest


def solve_subproblem(
    instance: Instance,
    book: Book,
    unit: str,
    day: int,
    activities: list[Activity],
    staff: list[Staff],
    seconds: float,
    index: dict[tuple[str, Qualification], list[Staff]],
) -> SubResult:
    """Plan one (unit, day) on top of `book` and book the result (see the module docstring)."""
    t0 = time.perf_counter()
    activities = sorted(activities, key=lambda a: (a.start, a.id))
    states = {s.id: state_of(book, s, day) for s in staff}
    demand = sum(a.value2 for a in activities)
    # 1. first-fit greedy and best-fit on the same state
    candidates: dict[str, list[Assignment]] = {}
    for name, best in (("greedy", False), ("best-fit", True)):
        booked = greedy_fill(instance, activities, book, index, best_fit=best)
        for a in booked:
            book.remove(a.staff, instance.activities[a.activity])
        candidates[name] = booked
    values = {name: value_of(instance, c) for name, c in candidates.items()}
    heuristic = max(candidates, key=lambda n: values[n])
    bound2 = demand
    status_text = "skipped"
    variables = 0
    estimate = sum(1 for a in activities for s in staff if s.qualifications & a.team_dict().keys())
    if estimate <= MAX_COLGEN_PAIRS and values[heuristic] < demand and seconds > 0.05:
        # 2. column generation on the relaxed sub-problem: prices, columns and a bound valid for the whole instance
        pool = generate_columns(instance, activities, staff, candidates[heuristic], t0 + seconds * COLGEN_SHARE)
        bound2 = min(demand, rounded_bound(pool))
        variables = len(pool.columns)
        status_text = "converged" if pool.converged else f"stopped after {pool.iterations} iterations"
        # 3. the integer master under the coupling state, hinted with the heuristic's plan
        found = solve_master(
            instance,
            pool,
            states,
            candidates[heuristic],
            seconds - (time.perf_counter() - t0),
        )
        if _fits(book, instance, found):  # the book is the judge: its state, and anything already booked today
            candidates["colgen"] = found
            values["colgen"] = value_of(instance, found)
    # 4. the best of the master, best fit and greedy (ties go to the master, then best fit)
    source = max(("colgen", "best-fit", "greedy"), key=lambda n: values.get(n, -1))
    chosen = candidates[source]
    for a in chosen:
        book.add(a.staff, instance.activities[a.activity], a.qualification)
    return SubResult(
        unit=unit,
        day=day,
        assignments=chosen,
        value2=values[source],
        greedy_value2=values["greedy"],
        bound2=bound2,
        source=source,
        status=status_text,
        seconds=round(time.perf_counter() - t0, 3),
        variables=variables,
    )


# --- the whole instance -------------------------------------------------------------------------------------------


def subproblems(instance: Instance) -> dict[tuple[str, int], list[Activity]]:
    groups: dict[tuple[str, int], list[Activity]] = {}
    for a in instance.activities.values():
        groups.setdefault((instance.unit_of(a), a.day), []).append(a)
    return groups


def size_estimate(instance: Instance, activities: list[Activity], staff_count: int) -> int:
    """The work a sub-problem takes, for sharing the time: column generation and the master grow faster with the
    activities than with the staff (measured: activities^1.5 x staff^0.5 beat activities x staff)."""
    return max(1, round(len(activities) * math.sqrt(len(activities) * staff_count)))


MIN_SUBPROBLEM_SECONDS = 0.25  # even a small sub-problem gets its bound and a master (they take milliseconds)
PLAN_THREADS = 2  # one per core: the units are planned side by side (CP-SAT, GLOP and pricing release the GIL)


def plan(
    instance: Instance,
    time_limit: float = 60.0,
    book: Book | None = None,
    only: set[tuple[str, int]] | None = None,
    progress: Callable[[SubResult], None] | None = None,
) -> tuple[Plan, SolveStats]:
    """Plan the whole instance within about `time_limit` seconds.

    Units share no staff, so they are planned in parallel threads, each taking whole units (days in order, biggest
    units first); a thread spreads its time over its sub-problems by size. `progress` is called in the caller's
    thread after each sub-problem; an exception it raises stops the other threads at their next sub-problem and
    is raised again here (a cancelled run).
    """
    t0 = time.perf_counter()
    warm_up()
    book = book or Book(instance)
    index = staff_index(instance)
    groups = subproblems(instance)
    staff_by_unit: dict[str, list[Staff]] = {}
    for s in sorted(instance.staff.values(), key=lambda s: s.id):
        staff_by_unit.setdefault(s.unit, []).append(s)
    order = sorted(k for k in groups if only is None or k in only)
    sizes = {k: size_estimate(instance, groups[k], len(staff_by_unit.get(k[0], []))) for k in order}
    lanes = _lanes(order, sizes, PLAN_THREADS)
    results: queue.Queue[SubResult | BaseException | None] = queue.Queue()
    stop = threading.Event()

    def work(keys: list[tuple[str, int]]) -> None:
        try:
            remaining = sum(sizes[k] for k in keys)
            for key in keys:
                if stop.is_set():
                    break
                unit, day = key
                left = time_limit - (time.perf_counter() - t0)
                seconds = max(min(MIN_SUBPROBLEM_SECONDS, left), left * sizes[key] / remaining, 0.01)
                remaining -= sizes[key]
                day_staff = [
                    s
                    for s in staff_by_unit.get(unit, [])
                    if any(w.overlaps(day * DAY - DAY // 2, (day + 1) * DAY + DAY // 2) for w in s.availability)
                ]
                results.put(solve_subproblem(instance, book, unit, day, groups[key], day_staff, seconds, index))
        except BaseException as error:  # handed to the caller's thread and raised there
            results.put(error)
        finally:
            results.put(None)

    threads = [threading.Thread(target=work, args=(lane,), name=f"planner-{n}") for n, lane in enumerate(lanes)]
    stats = SolveStats()
    failure: BaseException | None = None
    running = len(threads)
    started: list[threading.Thread] = []
    try:
        for thread in threads:
            thread.start()
            started.append(thread)
        while running:
            item = results.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                failure = failure or item
                stop.set()
            elif failure is None:
                stats.subproblems.append(item)
                if progress is not None:
                    try:
                        progress(item)
                    except BaseException as error:
                        failure = error
                        stop.set()
    finally:
        stop.set()  # leaving early (an interrupt here): the threads stop at their next sub-problem
        for thread in started:
            thread.join()
    if failure is not None:
        raise failure
    stats.subproblems.sort(key=lambda r: (r.unit, r.day))
    return Plan(book.as_assignments(), meta={"method": "colgen"}), stats


def _lanes(order: list[tuple[str, int]], sizes: dict[tuple[str, int], int], count: int) -> list[list[tuple[str, int]]]:
    """Whole units over `count` lanes, biggest unit first to the lightest lane (days stay in order in a unit)."""
    units: dict[str, list[tuple[str, int]]] = {}
    for key in order:
        units.setdefault(key[0], []).append(key)
    load = [0] * count
    lanes: list[list[tuple[str, int]]] = [[] for _ in range(count)]
    for unit in sorted(units, key=lambda u: (-sum(sizes[k] for k in units[u]), u)):
        lane = load.index(min(load))
        lanes[lane].extend(units[unit])
        load[lane] += sum(sizes[k] for k in units[unit])
    return [lane for lane in lanes if lane]
