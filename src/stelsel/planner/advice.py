"""What a plan leaves uncovered and why, the shortage advice (R40), and utilisation per unit.

For each uncovered activity the reason is worked out against the final plan: per qualification of the team, how
many staff members of the unit could still be added, and for the others the first rule that stops them (not on
the roster or absent, already deployed or no time to travel, the shift would grow too long, too little rest,
weekly hours used up).
"""

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from stelsel.planner.book import BLOCK_LABELS, Block, Book, book_from
from stelsel.planner.model import (
    DAY,
    KIND_LABELS,
    QUALIFICATION_LABELS,
    WEEK_DAYS,
    Activity,
    Instance,
    Plan,
    Qualification,
    Staff,
    priority_weight,
)
from stelsel.policy.duty_of_care import R_WORK_FIRST
from stelsel.policy.reasons import Reason
from stelsel.policy.versions import CIRCULAIRE_2026

R_SCARCE = Reason(
    "R40",
    "§4.1",
    "De adviseur B&B adviseert het gezag over de toedeling van schaarse middelen; het gezag beslist welke "
    "activiteiten zonder (volledige) beveiliging blijven of anders worden ingevuld.",
)
R_FLEXIBLE = Reason(
    "R39",
    "§4.1",
    "Het LCC coördineert de inzet vanuit één beeld van de beschikbare capaciteit; de activiteiten van de persoon "
    "over de dag zijn leidend voor de inzet (flexibele inzet, seed 001).",
)
R_SAFETY_LEADS = Reason(
    "R50",
    "§2.2",
    "Veiligheid staat voorop: het dreigingsniveau weegt het zwaarst in de volgorde; binnen een niveau gaat werk "
    "voor privé.",
)


@dataclass
class Shortfall:
    qualification: Qualification
    needed: int
    free: int
    in_unit: int
    blocks: dict[Block, int]

    def text(self) -> str:
        label = QUALIFICATION_LABELS[self.qualification]
        why = ", ".join(f"{n} {BLOCK_LABELS[b]}" for b, n in sorted(self.blocks.items(), key=lambda kv: -kv[1]))
        return f"tekort aan {label}: nodig {self.needed}, vrij {self.free} van {self.in_unit} in de eenheid" + (
            f" ({why})" if why else ""
        )


@dataclass
class UncoveredActivity:
    activity: Activity
    unit: str
    shortfalls: list[Shortfall]
    reasons: list[str] = field(default_factory=list)

    def as_dict(self, instance: Instance) -> dict[str, Any]:
        a = self.activity
        return {
            "activity": a.id,
            "person": a.person,
            "unit": self.unit,
            "day": a.day + 1,
            "start_minute": a.start,
            "end_minute": a.end,
            "kind": a.kind.value,
            "threat_level": a.threat_level,
            "weighted_hours": round(a.weighted_hours, 3),
            "reasons": self.reasons,
            "short": [s.qualification.value for s in self.shortfalls if s.free < s.needed],
        }


def explain_uncovered(instance: Instance, plan: Plan, book: Book | None = None) -> list[UncoveredActivity]:
    """Every uncovered activity with the qualification or rule that ran short, in priority order."""
    book = book or book_from(instance, plan.assignments)
    covered = plan.covered(instance)
    by_unit_qual: dict[tuple[str, Qualification], list[Staff]] = {}
    for s in instance.staff.values():
        for q in s.qualifications:
            by_unit_qual.setdefault((s.unit, q), []).append(s)
    result = []
    for a in sorted(instance.activities.values(), key=lambda a: (-a.weight2, a.start, a.id)):
        if a.id in covered:
            continue
        unit = instance.unit_of(a)
        shortfalls = []
        free_ids: set[str] = set()
        for q, n in a.team:
            blocks: Counter[Block] = Counter()
            free = 0
            pool = by_unit_qual.get((unit, q), [])
            for s in pool:
                block = book.check(s, a)
                if block is None:
                    free += 1
                    free_ids.add(s.id)
                else:
                    blocks[block] += 1
            shortfalls.append(Shortfall(q, n, free, len(pool), dict(blocks)))
        reasons = [s.text() for s in shortfalls if s.free < s.needed]
        if not reasons:
            if len(free_ids) < a.team_size:
                reasons.append(
                    f"team niet samen te stellen: {len(free_ids)} vrije medewerkers voor {a.team_size} plaatsen "
                    "(dezelfde mensen zijn voor meer rollen vrij)"
                )
            else:
                reasons.append(
                    "met de nu vrije medewerkers te dekken, maar niet ingepland (de planner vond binnen de "
                    "rekentijd geen betere verdeling)"
                )
        result.append(UncoveredActivity(a, unit, shortfalls, reasons))
    return result


def shortage_advice(instance: Instance, uncovered: list[UncoveredActivity]) -> dict[str, Any]:
    """The list the adviser B&B hands the authority when scarce means must be allocated (R40), by priority."""
    items = []
    for rank, u in enumerate(uncovered, start=1):
        a = u.activity
        start_day, start = divmod(a.start, DAY)
        items.append(
            {
                "rank": rank,
                "activity": a.id,
                "person": a.person,
                "unit": u.unit,
                "when": f"dag {start_day + 1} {start // 60:02d}:{start % 60:02d}–"
                f"{(a.end - start_day * DAY) // 60:02d}:{(a.end - start_day * DAY) % 60:02d}",
                "kind": KIND_LABELS[a.kind],
                "threat_level": a.threat_level,
                "priority_weight": priority_weight(a.threat_level, a.kind),
                "uncovered_weighted_hours": round(a.weighted_hours, 3),
                "shortage": u.reasons,
            }
        )
    return {
        "title": "Advies schaarse middelen: niet gedekte activiteiten, op prioriteit",
        "reasons": [r.as_dict() for r in (R_SCARCE, R_FLEXIBLE, R_SAFETY_LEADS, R_WORK_FIRST)],
        "policy_version": CIRCULAIRE_2026.key,
        "items": items,
    }


def utilisation(instance: Instance, plan: Plan) -> dict[str, dict[str, Any]]:
    """Per unit: staff, demand and covered hours, on-duty hours against available hours, travel and overtime."""
    book = book_from(instance, plan.assignments)
    rules = instance.rules
    covered = plan.covered(instance)
    result: dict[str, dict[str, Any]] = {}
    for unit in instance.units:
        result[unit] = {
            "staff": 0,
            "activities": 0,
            "covered_activities": 0,
            "demand_weighted_hours": 0.0,
            "covered_weighted_hours": 0.0,
            "available_hours": 0.0,
            "on_duty_hours": 0.0,
            "activity_hours": 0.0,
            "travel_hours": 0.0,
            "overtime_hours": 0.0,
        }
    for a in instance.activities.values():
        row = result[instance.unit_of(a)]
        row["activities"] += 1
        row["demand_weighted_hours"] += a.weighted_hours
        if a.id in covered:
            row["covered_activities"] += 1
            row["covered_weighted_hours"] += a.weighted_hours
    for s in instance.staff.values():
        row = result[s.unit]
        row["staff"] += 1
        per_week: dict[int, float] = {}
        for w in s.availability:
            week = w.start // DAY // WEEK_DAYS
            per_week[week] = per_week.get(week, 0) + min(w.end - w.start, rules.max_shift_minutes)
        row["available_hours"] += sum(min(m, rules.max_week_minutes) for m in per_week.values()) / 60
        for day, (dep, ret) in book.staff[s.id].shifts.items():
            row["on_duty_hours"] += (ret - dep) / 60
            row["overtime_hours"] += max(0, ret - dep - rules.normal_shift_minutes) / 60
            items = book.staff[s.id].days[day]
            travel = instance.travel(s.base, items[0].location) + instance.travel(items[-1].location, s.base)
            travel += sum(instance.travel(x.location, y.location) for x, y in itertools.pairwise(items))
            row["travel_hours"] += travel / 60
            row["activity_hours"] += sum(i.end - i.start for i in items) / 60
    for row in result.values():
        row["utilisation"] = round(row["on_duty_hours"] / row["available_hours"], 3) if row["available_hours"] else 0.0
        for key, value in row.items():
            if isinstance(value, float):
                row[key] = round(value, 2)
    return result
