"""The greedy baseline: highest priority first, first free qualified staff member.

Activities in order of priority weight (threat level, work before private), then start; for each slot of the team
the first staff member of the person's unit (in id order) who holds the qualification and can take the activity on
top of what is booked. An activity is booked only when its whole team is found.
"""

from collections.abc import Iterable

from stelsel.planner.book import Book
from stelsel.planner.model import Activity, Assignment, Instance, Plan, Qualification, Staff


def staff_index(instance: Instance) -> dict[tuple[str, Qualification], list[Staff]]:
    index: dict[tuple[str, Qualification], list[Staff]] = {}
    for staff in sorted(instance.staff.values(), key=lambda s: s.id):
        for q in staff.qualifications:
            index.setdefault((staff.unit, q), []).append(staff)
    return index


def priority_order(activities: Iterable[Activity]) -> list[Activity]:
    return sorted(activities, key=lambda a: (-a.weight2, a.start, a.id))


def find_team(
    instance: Instance,
    book: Book,
    activity: Activity,
    index: dict[tuple[str, Qualification], list[Staff]],
    allowed: set[str] | None = None,
    best_fit: bool = False,
) -> list[Assignment] | None:
    """A whole team for `activity` on top of `book`, or None.

    First fit (the baseline): the first free staff members in id order. Best fit (the planner's construction
    heuristic): the scarcest qualification first, and per slot the free staff members whose shift grows least,
    preferring those already on duty and those with fewer qualifications (keeping versatile staff free).
    """
    unit = instance.unit_of(activity)
    chosen: list[Assignment] = []
    taken: set[str] = set()
    team = sorted(activity.team, key=lambda qn: len(index.get((unit, qn[0]), []))) if best_fit else activity.team
    for q, count in team:
        if best_fit:
            ranked: list[tuple[int, str]] = []
            for staff in index.get((unit, q), []):
                if staff.id in taken or (allowed is not None and staff.id not in allowed):
                    continue
                if book.check(staff, activity) is None:
                    ranked.append((_growth(instance, book, staff, activity), staff.id))
            if len(ranked) < count:
                return None
            ranked.sort()
            for _, sid in ranked[:count]:
                chosen.append(Assignment(activity.id, sid, q))
                taken.add(sid)
            continue
        found = 0
        for staff in index.get((unit, q), []):
            if staff.id in taken or (allowed is not None and staff.id not in allowed):
                continue
            if book.check(staff, activity) is None:
                chosen.append(Assignment(activity.id, staff.id, q))
                taken.add(staff.id)
                found += 1
                if found == count:
                    break
        if found < count:
            return None
    return chosen


def _growth(instance: Instance, book: Book, staff: Staff, activity: Activity) -> int:
    out = instance.travel(staff.base, activity.location)
    dep, ret = activity.start - out, activity.end + out
    current = book.shift(staff.id, activity.day)
    if current is None:
        cost = ret - dep + 60  # starting a new shift costs more than extending one
    else:
        cost = max(ret, current[1]) - min(dep, current[0]) - (current[1] - current[0])
    return cost + 30 * (len(staff.qualifications) - 1)


def greedy_fill(
    instance: Instance,
    activities: Iterable[Activity],
    book: Book,
    index: dict[tuple[str, Qualification], list[Staff]] | None = None,
    allowed: set[str] | None = None,
    best_fit: bool = False,
) -> list[Assignment]:
    """Book whole teams for `activities` in priority order on top of `book`; returns what it booked."""
    index = index if index is not None else staff_index(instance)
    booked: list[Assignment] = []
    for activity in priority_order(activities):
        team = find_team(instance, book, activity, index, allowed, best_fit)
        if team is None:
            continue
        for a in team:
            book.add(a.staff, activity, a.qualification)
        booked.extend(team)
    return booked


def greedy_plan(instance: Instance, best_fit: bool = False) -> Plan:
    book = Book(instance)
    greedy_fill(instance, instance.activities.values(), book, best_fit=best_fit)
    return Plan(book.as_assignments(), meta={"method": "best-fit" if best_fit else "greedy"})
