"""The independent validator: checks a plan against its instance without the planner's code.

It imports only the data classes; it does NOT import `solver`, `greedy`, `book` or `replan` (a test enforces this),
and it derives travel times, shifts, rest and weekly hours itself from the rules in docs/planner.md, so a mistake in
the planner's bookkeeping cannot hide itself.
"""

import itertools
import math
from dataclasses import dataclass

from stelsel.planner.model import DAY, QUALIFICATION_LABELS, Instance, Plan, Qualification


@dataclass(frozen=True)
class Violation:
    code: str  # stable: unknown, unqualified, unit, team, duplicate, unavailable, overlap, travel, shift, rest, week
    message: str  # Dutch

    def __str__(self) -> str:
        return self.message


def _travel(instance: Instance, a: str, b: str) -> int:
    if a == b:
        return 0
    la, lb = instance.locations[a], instance.locations[b]
    rules = instance.rules
    km = math.sqrt((la.x_km - lb.x_km) ** 2 + (la.y_km - lb.y_km) ** 2) * rules.road_factor
    return rules.travel_overhead_minutes + math.ceil(km / rules.road_speed_kmh * 60)


def _clock(minutes: int) -> str:
    day, rest = divmod(minutes, DAY)
    return f"dag {day + 1} {rest // 60:02d}:{rest % 60:02d}"


def validate(instance: Instance, plan: Plan) -> list[Violation]:
    """Every rule the plan breaks; empty when the plan is valid."""
    found: list[Violation] = []
    rules = instance.rules
    seen: set[tuple[str, str]] = set()
    per_activity: dict[str, dict[Qualification, int]] = {}
    per_staff: dict[str, list[tuple[int, int, str, str]]] = {}
    for a in plan.assignments:
        activity = instance.activities.get(a.activity)
        staff = instance.staff.get(a.staff)
        if activity is None or staff is None:
            found.append(Violation("unknown", f"Inzet {a.activity}/{a.staff}: onbekende activiteit of medewerker."))
            continue
        label = QUALIFICATION_LABELS[a.qualification]
        if a.qualification not in staff.qualifications:
            found.append(
                Violation("unqualified", f"Medewerker {staff.id} heeft de kwalificatie {label} niet ({a.activity}).")
            )
        if a.qualification not in dict(activity.team):
            found.append(Violation("team", f"Activiteit {activity.id} vraagt geen {label} (medewerker {staff.id})."))
        if staff.unit != instance.persons[activity.person].unit:
            found.append(
                Violation(
                    "unit", f"Medewerker {staff.id} ({staff.unit}) hoort niet bij de eenheid van {activity.person}."
                )
            )
        if (a.activity, a.staff) in seen:
            found.append(Violation("duplicate", f"Medewerker {staff.id} staat twee keer op activiteit {activity.id}."))
            continue
        seen.add((a.activity, a.staff))
        counts = per_activity.setdefault(a.activity, {})
        counts[a.qualification] = counts.get(a.qualification, 0) + 1
        out = _travel(instance, staff.base, activity.location)
        leave, back = activity.start - out, activity.end + out
        in_window = any(w.start <= leave and back <= w.end for w in staff.availability)
        absent = any(x.start < back and leave < x.end for x in staff.absences)
        if not in_window or absent:
            found.append(
                Violation(
                    "unavailable",
                    f"Medewerker {staff.id} is niet beschikbaar van {_clock(leave)} tot {_clock(back)} "
                    f"(activiteit {activity.id}, reistijd inbegrepen).",
                )
            )
        per_staff.setdefault(staff.id, []).append((activity.start, activity.end, activity.location, activity.id))

    for aid, counts in per_activity.items():
        activity = instance.activities[aid]
        wanted = dict(activity.team)
        if counts != wanted:
            missing = ", ".join(
                f"{QUALIFICATION_LABELS[q]} {counts.get(q, 0)} van {n}"
                for q, n in activity.team
                if counts.get(q, 0) != n
            )
            extra = ", ".join(QUALIFICATION_LABELS[q] for q in counts if q not in wanted)
            found.append(
                Violation(
                    "team",
                    f"Activiteit {aid}: team onvolledig of onjuist "
                    f"({missing or ''}{'; extra: ' + extra if extra else ''}).",
                )
            )

    for sid, items in per_staff.items():
        staff = instance.staff[sid]
        items.sort()
        for (s1, e1, l1, a1), (s2, _e2, l2, a2) in itertools.pairwise(items):
            if s2 < e1 or s2 == s1:
                found.append(Violation("overlap", f"Medewerker {sid} is dubbel geboekt: {a1} en {a2} overlappen."))
            elif s2 - e1 < _travel(instance, l1, l2):
                found.append(
                    Violation(
                        "travel",
                        f"Medewerker {sid} kan niet op tijd van {a1} naar {a2}: {s2 - e1} min tussen, "
                        f"{_travel(instance, l1, l2)} min reistijd.",
                    )
                )
        shifts: dict[int, tuple[int, int]] = {}
        for start, end, location, _aid in items:
            day = start // DAY
            out = _travel(instance, staff.base, location)
            leave, back = start - out, end + out
            if day in shifts:
                leave, back = min(leave, shifts[day][0]), max(back, shifts[day][1])
            shifts[day] = (leave, back)
        ordered = sorted(shifts.items())
        for day, (leave, back) in ordered:
            if back - leave > rules.max_shift_minutes:
                found.append(
                    Violation(
                        "shift",
                        f"Dienst van medewerker {sid} op dag {day + 1} duurt {back - leave} min "
                        f"(vertrek tot terugkomst), langer dan {rules.max_shift_minutes} min.",
                    )
                )
        for (d1, (_l1, back1)), (d2, (leave2, _b2)) in itertools.pairwise(ordered):
            if leave2 - back1 < rules.min_rest_minutes:
                found.append(
                    Violation(
                        "rest",
                        f"Medewerker {sid} rust tussen de diensten van dag {d1 + 1} en dag {d2 + 1} maar "
                        f"{leave2 - back1} min, minder dan {rules.min_rest_minutes} min.",
                    )
                )
        weeks: dict[int, int] = {}
        for day, (leave, back) in ordered:
            weeks[day // 7] = weeks.get(day // 7, 0) + back - leave
        for week, minutes in sorted(weeks.items()):
            if minutes > rules.max_week_minutes:
                found.append(
                    Violation(
                        "week",
                        f"Medewerker {sid} werkt in week {week + 1} {minutes} min, "
                        f"meer dan {rules.max_week_minutes} min.",
                    )
                )
    return found


def covered_value2(instance: Instance, plan: Plan) -> int:
    """Twice the priority-weighted covered minutes, recomputed from the assignments (for a valid plan)."""
    counts: dict[str, dict[Qualification, int]] = {}
    for a in plan.assignments:
        counts.setdefault(a.activity, {})
        counts[a.activity][a.qualification] = counts[a.activity].get(a.qualification, 0) + 1
    total = 0
    for aid, per in counts.items():
        activity = instance.activities.get(aid)
        if activity is not None and per == dict(activity.team):
            weight2 = (2 ** (activity.threat_level - 1)) * (3 if activity.kind.value == "work" else 2)
            total += weight2 * (activity.end - activity.start)
    return total
