"""Re-planning after a change (a staff member falls ill from a moment on, or a new activity), keeping the plan stable.

Only the affected sub-problems (police unit, day) are planned again; everything else stays as it was and forms
the coupling state (rest, weekly hours) of the re-planned days. Inside a re-planned sub-problem CP-SAT maximises
the priority-weighted covered minutes plus `CHANGE_PENALTY` for every assignment kept and minus it for every new
one, so a change has to buy coverage. A repair (keep every team that is still whole, then fill the broken and new
activities best-fit) is the fallback and the hint; the better of the two by that same objective is taken.
"""

import time
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from stelsel.planner.book import Book, book_from
from stelsel.planner.greedy import greedy_fill, staff_index
from stelsel.planner.model import DAY, Activity, Assignment, Instance, Plan, Staff, Window
from stelsel.planner.solver import _hint, _read, _solver, build_model, state_of, value_of

CHANGE_PENALTY = 60  # in value units (twice the weighted minutes): a change must buy half a weight-1 hour


@dataclass(frozen=True)
class SickStaff:
    """A staff member absent from `from_minute`; to the end of the horizon unless `until_minute` is given (leave)."""

    staff: str
    from_minute: int
    until_minute: int | None = None

    def end(self, instance: Instance) -> int:
        horizon_end = instance.days * DAY + DAY
        return max(self.from_minute + 1, min(horizon_end, self.until_minute if self.until_minute else horizon_end))


@dataclass(frozen=True)
class NewActivity:
    activity: Activity


Change = SickStaff | NewActivity


@dataclass
class Diff:
    removed: list[Assignment] = field(default_factory=list)
    added: list[Assignment] = field(default_factory=list)
    newly_uncovered: list[str] = field(default_factory=list)
    newly_covered: list[str] = field(default_factory=list)
    previous_count: int = 0
    replanned: list[tuple[str, int]] = field(default_factory=list)

    @property
    def changed_share(self) -> float:
        """Removed plus added assignments, over the previous plan's assignments."""
        return (len(self.removed) + len(self.added)) / self.previous_count if self.previous_count else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "removed": [vars(a) | {"qualification": a.qualification.value} for a in self.removed],
            "added": [vars(a) | {"qualification": a.qualification.value} for a in self.added],
            "newly_uncovered": self.newly_uncovered,
            "newly_covered": self.newly_covered,
            "previous_assignments": self.previous_count,
            "changed_share": round(self.changed_share, 4),
            "replanned_subproblems": [f"{unit}/dag {day + 1}" for unit, day in self.replanned],
        }


def apply_change(instance: Instance, change: Change) -> Instance:
    """A copy of the instance with the change in it (the staff member absent for the change's window)."""
    staff = dict(instance.staff)
    activities = dict(instance.activities)
    if isinstance(change, SickStaff):
        member = staff[change.staff]
        sick = Window(change.from_minute, change.end(instance))
        staff[change.staff] = replace(member, absences=(*member.absences, sick))
    else:
        activities[change.activity.id] = change.activity
    return Instance(
        instance.horizon_start,
        instance.days,
        instance.rules,
        instance.locations,
        instance.persons,
        staff,
        activities,
        meta=dict(instance.meta),
    )


def replan(instance: Instance, previous: Plan, change: Change, time_limit: float = 4.0) -> tuple[Instance, Plan, Diff]:
    t0 = time.perf_counter()
    changed = apply_change(instance, change)
    old = {(a.activity, a.staff): a for a in previous.assignments}
    affected: set[tuple[str, int]] = set()
    if isinstance(change, SickStaff):
        member = changed.staff[change.staff]
        for a in previous.assignments:
            if a.staff != change.staff:
                continue
            act = changed.activities[a.activity]
            travel = changed.travel(member.base, act.location)
            if act.end + travel > change.from_minute and act.start - travel < change.end(changed):
                affected.add((changed.unit_of(act), act.day))
    else:
        affected.add((changed.unit_of(change.activity), change.activity.day))
    # Free the affected sub-problems; the rest of the plan stays and is the coupling state.
    keep_elsewhere = [
        a
        for a in previous.assignments
        if (changed.unit_of(changed.activities[a.activity]), changed.activities[a.activity].day) not in affected
    ]
    book = book_from(changed, keep_elsewhere)
    index = staff_index(changed)
    per_sub: dict[tuple[str, int], list[Activity]] = {}
    for act in changed.activities.values():
        key = (changed.unit_of(act), act.day)
        if key in affected:
            per_sub.setdefault(key, []).append(act)
    order = sorted(affected)
    for n, (unit, day) in enumerate(order):
        activities = sorted(per_sub.get((unit, day), []), key=lambda a: (a.start, a.id))
        staff = [s for s in changed.staff.values() if s.unit == unit]
        left = time_limit * 0.9 - (time.perf_counter() - t0)
        _replan_sub(changed, book, unit, day, activities, staff, max(0.1, left / (len(order) - n)), old, index)
    plan = Plan(book.as_assignments(), meta={"method": "replan"})
    new = {(a.activity, a.staff): a for a in plan.assignments}
    before = previous.covered(instance)
    after = plan.covered(changed)
    diff = Diff(
        removed=sorted(a for k, a in old.items() if new.get(k) != a),
        added=sorted(a for k, a in new.items() if old.get(k) != a),
        newly_uncovered=sorted(before - after),
        newly_covered=sorted(after - before),
        previous_count=len(previous.assignments),
        replanned=order,
    )
    plan.meta["replan_seconds"] = round(time.perf_counter() - t0, 3)
    return changed, plan, diff


def _score(instance: Instance, assignments: list[Assignment], old: dict[tuple[str, str], Assignment]) -> int:
    kept = sum(1 for a in assignments if old.get((a.activity, a.staff)) == a)
    return value_of(instance, assignments) + CHANGE_PENALTY * (2 * kept - len(assignments))


def _replan_sub(
    instance: Instance,
    book: Book,
    unit: str,
    day: int,
    activities: list[Activity],
    staff: list[Staff],
    seconds: float,
    old: dict[tuple[str, str], Assignment],
    index: dict[tuple[str, Any], list[Staff]],
) -> None:
    t0 = time.perf_counter()
    ids = {a.id for a in activities}
    # Repair: keep every previous team that is still whole and still fits, then fill the rest best-fit.
    teams: dict[str, list[Assignment]] = {}
    for a in old.values():
        if a.activity in ids:
            teams.setdefault(a.activity, []).append(a)
    repair: list[Assignment] = []
    for aid, team in sorted(teams.items(), key=lambda kv: -instance.activities[kv[0]].weight2):
        act = instance.activities[aid]
        if (
            {(x.qualification, 1) for x in team}
            and _whole(act, team)
            and all(book.check(instance.staff[x.staff], act) is None for x in team)
        ):
            for x in team:
                book.add(x.staff, act, x.qualification)
            repair.extend(team)
    covered = {a.activity for a in repair}
    repair.extend(greedy_fill(instance, [a for a in activities if a.id not in covered], book, index, best_fit=True))
    for a in repair:
        book.remove(a.staff, instance.activities[a.activity])
    best = repair
    best_score = _score(instance, repair, old)
    states = {s.id: state_of(book, s, day) for s in staff}
    keep = {(a.activity, a.staff): a.qualification for a in old.values() if a.activity in ids}
    m = build_model(instance, activities, staff, states, keep=keep, change_penalty=CHANGE_PENALTY)
    _hint(m, activities, repair)
    solver = _solver(seconds - (time.perf_counter() - t0))
    if solver.solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = _read(m, solver, activities)
        if _score(instance, found, old) > best_score:
            best = found
    for a in best:
        book.add(a.staff, instance.activities[a.activity], a.qualification)


def _whole(activity: Activity, team: list[Assignment]) -> bool:
    counts: dict[Any, int] = {}
    for a in team:
        counts[a.qualification] = counts.get(a.qualification, 0) + 1
    return counts == activity.team_dict()
