"""The assignment book: every staff member's assignments, with an incremental feasibility check.

Shared by the greedy baseline, the planner (its state between sub-problems) and the shortage reasons. The
validator does NOT use this module: it re-derives the rules on its own.
"""

import bisect
from dataclasses import dataclass, field
from enum import StrEnum

from stelsel.planner.model import DAY, WEEK_DAYS, Activity, Assignment, Instance, Qualification, Staff


class Block(StrEnum):
    """Why a staff member cannot take an activity (the first rule that fails)."""

    UNAVAILABLE = "unavailable"  # outside the roster or absent
    BUSY = "busy"  # already on another activity at that time, or cannot travel between them in time
    SHIFT = "shift"  # the shift would become too long
    REST = "rest"  # too little rest before or after a neighbouring shift
    WEEK = "week"  # the week's working time would be exceeded
    ALREADY = "already"  # already on this activity


BLOCK_LABELS: dict[Block, str] = {
    Block.UNAVAILABLE: "niet ingeroosterd of afwezig",
    Block.BUSY: "al ingezet of reistijd te kort",
    Block.SHIFT: "dienst zou te lang worden",
    Block.REST: "rusttijd tussen diensten te kort",
    Block.WEEK: "weekuren op",
    Block.ALREADY: "al in dit team",
}


@dataclass
class _Item:
    start: int
    end: int
    location: str
    activity: str
    qualification: Qualification


@dataclass
class StaffDays:
    """One staff member's assignments per day (day of the activity's start), each list sorted by start."""

    days: dict[int, list[_Item]] = field(default_factory=dict)
    shifts: dict[int, tuple[int, int]] = field(default_factory=dict)  # day -> (departure, return)


class Book:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.rules = instance.rules
        self.staff: dict[str, StaffDays] = {sid: StaffDays() for sid in instance.staff}
        self.assignments: dict[tuple[str, str], Qualification] = {}  # (activity, staff) -> qualification

    # --- reading -----------------------------------------------------------------------------------------------

    def shift(self, staff_id: str, day: int) -> tuple[int, int] | None:
        return self.staff[staff_id].shifts.get(day)

    def week_minutes(self, staff_id: str, week: int, skip_day: int | None = None) -> int:
        shifts = self.staff[staff_id].shifts
        return sum(ret - dep for d, (dep, ret) in shifts.items() if d // WEEK_DAYS == week and d != skip_day)

    def neighbour_shifts(self, staff_id: str, day: int) -> tuple[int | None, int | None]:
        """Return time of the nearest earlier shift and departure time of the nearest later shift."""
        shifts = self.staff[staff_id].shifts
        before = [d for d in shifts if d < day]
        after = [d for d in shifts if d > day]
        prev_ret = shifts[max(before)][1] if before else None
        next_dep = shifts[min(after)][0] if after else None
        return prev_ret, next_dep

    def items_on(self, staff_id: str, day: int) -> list[tuple[str, Qualification]]:
        return [(i.activity, i.qualification) for i in self.staff[staff_id].days.get(day, [])]

    def as_assignments(self) -> list[Assignment]:
        return sorted(Assignment(a, s, q) for (a, s), q in self.assignments.items())

    # --- the check ---------------------------------------------------------------------------------------------

    def _neighbours(self, days: StaffDays, activity: Activity) -> tuple[_Item | None, _Item | None]:
        day = activity.day
        items = days.days.get(day, [])
        starts = [i.start for i in items]
        pos = bisect.bisect_left(starts, activity.start)
        prev = items[pos - 1] if pos > 0 else None
        nxt = items[pos] if pos < len(items) else None
        if prev is None:
            earlier = [d for d in days.days if d < day and days.days[d]]
            if earlier:
                prev = days.days[max(earlier)][-1]
        if nxt is None:
            later = [d for d in days.days if d > day and days.days[d]]
            if later:
                nxt = days.days[min(later)][0]
        return prev, nxt

    def check(self, staff: Staff, activity: Activity) -> Block | None:
        """None when `staff` can take `activity` on top of the book, else the first rule that fails.

        Does not check qualification or unit (the caller picks candidates by those).
        """
        inst = self.instance
        rules = self.rules
        if (activity.id, staff.id) in self.assignments:
            return Block.ALREADY
        t_out = inst.travel(staff.base, activity.location)
        dep = activity.start - t_out
        ret = activity.end + t_out
        if not staff.available(dep, ret):
            return Block.UNAVAILABLE
        days = self.staff[staff.id]
        prev, nxt = self._neighbours(days, activity)
        if prev is not None and (
            prev.start == activity.start or prev.end + inst.travel(prev.location, activity.location) > activity.start
        ):
            return Block.BUSY
        if nxt is not None and activity.end + inst.travel(activity.location, nxt.location) > nxt.start:
            return Block.BUSY
        day = activity.day
        current = days.shifts.get(day)
        if current is not None:
            dep, ret = min(dep, current[0]), max(ret, current[1])
        length = ret - dep
        if length > rules.max_shift_minutes:
            return Block.SHIFT
        prev_ret, next_dep = self.neighbour_shifts(staff.id, day)
        if (prev_ret is not None and dep - prev_ret < rules.min_rest_minutes) or (
            next_dep is not None and next_dep - ret < rules.min_rest_minutes
        ):
            return Block.REST
        if self.week_minutes(staff.id, day // WEEK_DAYS, skip_day=day) + length > rules.max_week_minutes:
            return Block.WEEK
        return None

    # --- changing ----------------------------------------------------------------------------------------------

    def _recompute_shift(self, staff_id: str, day: int) -> None:
        days = self.staff[staff_id]
        items = days.days.get(day)
        if not items:
            days.days.pop(day, None)
            days.shifts.pop(day, None)
            return
        staff = self.instance.staff[staff_id]
        dep = min(i.start - self.instance.travel(staff.base, i.location) for i in items)
        ret = max(i.end + self.instance.travel(i.location, staff.base) for i in items)
        days.shifts[day] = (dep, ret)

    def add(self, staff_id: str, activity: Activity, qualification: Qualification) -> None:
        """Record an assignment (no check; call `check` first where it matters)."""
        days = self.staff[staff_id]
        items = days.days.setdefault(activity.day, [])
        bisect.insort(
            items, _Item(activity.start, activity.end, activity.location, activity.id, qualification), key=_start
        )
        self.assignments[(activity.id, staff_id)] = qualification
        self._recompute_shift(staff_id, activity.day)

    def remove(self, staff_id: str, activity: Activity) -> None:
        days = self.staff[staff_id]
        items = days.days.get(activity.day, [])
        days.days[activity.day] = [i for i in items if i.activity != activity.id]
        self.assignments.pop((activity.id, staff_id), None)
        self._recompute_shift(staff_id, activity.day)

    def clear_day(self, staff_id: str, day: int) -> list[tuple[str, Qualification]]:
        days = self.staff[staff_id]
        removed = [(i.activity, i.qualification) for i in days.days.get(day, [])]
        for aid, _ in removed:
            self.assignments.pop((aid, staff_id), None)
        days.days.pop(day, None)
        days.shifts.pop(day, None)
        return removed


def _start(item: _Item) -> int:
    return item.start


def day_bounds(day: int) -> tuple[int, int]:
    return day * DAY, (day + 1) * DAY


def book_from(instance: Instance, assignments: list[Assignment]) -> Book:
    book = Book(instance)
    for a in assignments:
        book.add(a.staff, instance.activities[a.activity], a.qualification)
    return book
