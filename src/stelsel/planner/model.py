"""Instance and plan: the dataclasses, the priority weight and the travel time.

Times are whole minutes from midnight at the start of the horizon (`Instance.horizon_start`); day `d` runs from
`d * 1440` to `(d + 1) * 1440`. The JSON form (see `serialize`) uses local ISO date-times instead.

Semantics (the validator checks exactly these, see docs/planner.md):
- An activity is covered when, for each qualification in its team, exactly that many distinct staff members with
  the qualification are assigned to it for its whole time; an uncovered activity has nobody assigned.
- Staff serve only the persons of their own police unit (the unit responsible for the person); the team travels
  with the person, so the activity may lie outside the unit's area.
- A staff member's shift on day `d` is the chain of their assignments to activities that start on day `d`: it runs
  from the departure at the base (first start minus travel from the base) to the return at the base (last end plus
  travel back). Its length, breaks included, counts as working time and is at most `max_shift_minutes`; between
  two shifts the return and the next departure lie at least `min_rest_minutes` apart; the shift lengths in one
  week (days 0-6, 7-13, ... of the horizon) add up to at most `max_week_minutes`.
- Consecutive assignments of one staff member leave at least the travel time between the two locations.
- Every assignment, with the travel from and to the base, lies inside one availability window of the staff member
  and overlaps none of their absences.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from stelsel.policy.deployment import QUALIFICATION_NAMES

DAY = 1440
WEEK_DAYS = 7


class Qualification(StrEnum):
    CLOSE_PROTECTION = "close_protection"
    ESCORT = "escort"
    DRIVER = "driver"
    SURVEILLANCE = "surveillance"


QUALIFICATION_LABELS: dict[Qualification, str] = {q: QUALIFICATION_NAMES[q.value] for q in Qualification}


class ActivityKind(StrEnum):
    WORK = "work"
    PRIVATE = "private"


KIND_LABELS: dict[ActivityKind, str] = {ActivityKind.WORK: "werk", ActivityKind.PRIVATE: "privé"}

THREAT_LEVELS = (1, 2, 3, 4, 5)


def priority_weight2(threat_level: int, kind: ActivityKind) -> int:
    """Twice the priority weight per hour, as an integer (the solver works in integers).

    The weight doubles with each threat level (safety first: the level leads), and within a level a work activity
    weighs 1.5 times a private one (R50, duty of care: work before private). A private activity at level n+1 still
    outweighs a work activity at level n (2 > 1.5).
    """
    return (2 ** (threat_level - 1)) * (3 if kind == ActivityKind.WORK else 2)


def priority_weight(threat_level: int, kind: ActivityKind) -> float:
    return priority_weight2(threat_level, kind) / 2


@dataclass(frozen=True)
class Rules:
    """Working-time limits and the travel model; all configurable per instance."""

    max_shift_minutes: int = 600  # longest shift, departure to return, breaks included
    min_rest_minutes: int = 660  # rest between two shifts
    max_week_minutes: int = 2880  # working time per week (sum of shift lengths)
    normal_shift_minutes: int = 480  # beyond this a shift counts as overtime (secondary objective, reported)
    road_speed_kmh: float = 80.0
    road_factor: float = 1.3  # road distance over straight-line distance
    travel_overhead_minutes: int = 10  # parking, handover, getting in and out


@dataclass(frozen=True)
class Location:
    id: str
    municipality: str  # CBS code, e.g. GM0518
    name: str
    x_km: float
    y_km: float


@dataclass(frozen=True)
class Window:
    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Staff:
    id: str
    unit: str
    base: str  # location id
    qualifications: frozenset[Qualification]
    availability: tuple[Window, ...]
    absences: tuple[Window, ...] = ()

    def available(self, start: int, end: int) -> bool:
        """Free to be on duty from `start` to `end` (inside one window, no absence overlapping)."""
        return any(w.contains(start, end) for w in self.availability) and not any(
            a.overlaps(start, end) for a in self.absences
        )


@dataclass(frozen=True)
class Person:
    id: str
    unit: str  # the police unit responsible for the person's protection
    municipality: str
    threat_level: int


@dataclass(frozen=True)
class Activity:
    id: str
    person: str
    start: int
    end: int
    location: str
    kind: ActivityKind
    team: tuple[tuple[Qualification, int], ...]  # (qualification, count), sorted, counts > 0
    threat_level: int

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def day(self) -> int:
        return self.start // DAY

    @property
    def team_size(self) -> int:
        return sum(count for _, count in self.team)

    def team_dict(self) -> dict[Qualification, int]:
        return dict(self.team)

    @property
    def weight2(self) -> int:
        return priority_weight2(self.threat_level, self.kind)

    @property
    def value2(self) -> int:
        """Twice the priority-weighted minutes this activity is worth when covered."""
        return self.weight2 * self.duration

    @property
    def weighted_hours(self) -> float:
        return self.value2 / 120


def make_team(counts: Mapping[Qualification, int]) -> tuple[tuple[Qualification, int], ...]:
    return tuple(sorted((q, n) for q, n in counts.items() if n > 0))


@dataclass
class Instance:
    horizon_start: date
    days: int
    rules: Rules
    locations: dict[str, Location]
    persons: dict[str, Person]
    staff: dict[str, Staff]
    activities: dict[str, Activity]
    meta: dict[str, object] = field(default_factory=dict)
    _travel_cache: dict[tuple[str, str], int] = field(default_factory=dict, repr=False, compare=False)

    def unit_of(self, activity: Activity) -> str:
        return self.persons[activity.person].unit

    @property
    def units(self) -> list[str]:
        return sorted({p.unit for p in self.persons.values()} | {s.unit for s in self.staff.values()})

    def travel(self, a: str, b: str) -> int:
        """Travel minutes between two locations (symmetric; 0 for the same location)."""
        if a == b:
            return 0
        key = (a, b) if a < b else (b, a)
        cached = self._travel_cache.get(key)
        if cached is None:
            cached = travel_minutes(self.locations[a], self.locations[b], self.rules)
            self._travel_cache[key] = cached
        return cached

    def demand2(self) -> int:
        return sum(a.value2 for a in self.activities.values())


def travel_minutes(a: Location, b: Location, rules: Rules) -> int:
    """Road minutes: straight-line km times the road factor at the road speed, plus a fixed overhead, rounded up."""
    if a.id == b.id:
        return 0
    km = math.hypot(a.x_km - b.x_km, a.y_km - b.y_km) * rules.road_factor
    return rules.travel_overhead_minutes + math.ceil(km / rules.road_speed_kmh * 60)


@dataclass(frozen=True, order=True)
class Assignment:
    activity: str
    staff: str
    qualification: Qualification


@dataclass
class Plan:
    assignments: list[Assignment]
    meta: dict[str, object] = field(default_factory=dict)

    def by_activity(self) -> dict[str, list[Assignment]]:
        result: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            result.setdefault(a.activity, []).append(a)
        return result

    def covered(self, instance: Instance) -> set[str]:
        """Activities whose whole team is assigned (assumes a valid plan)."""
        counts: dict[str, dict[Qualification, int]] = {}
        for a in self.assignments:
            per = counts.setdefault(a.activity, {})
            per[a.qualification] = per.get(a.qualification, 0) + 1
        return {
            aid
            for aid, per in counts.items()
            if aid in instance.activities and per == instance.activities[aid].team_dict()
        }

    def value2(self, instance: Instance) -> int:
        return sum(instance.activities[aid].value2 for aid in self.covered(instance))

    def weighted_hours(self, instance: Instance) -> float:
        return self.value2(instance) / 120


def hours(value2: int | float) -> float:
    """Priority-weighted hours from twice the priority-weighted minutes."""
    return round(value2 / 120, 3)


def sorted_assignments(assignments: Iterable[Assignment]) -> list[Assignment]:
    return sorted(assignments)
