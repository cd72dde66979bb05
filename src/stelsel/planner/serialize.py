"""JSON in and out (format `stelsel-planner/1`, documented in docs/planner.md), with Dutch messages for bad input.

Reading checks the instance completely and reports every problem with the item and the field it concerns; it
never returns a half-read instance.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from stelsel.planner.model import (
    DAY,
    QUALIFICATION_LABELS,
    THREAT_LEVELS,
    Activity,
    ActivityKind,
    Assignment,
    Instance,
    Location,
    Person,
    Plan,
    Qualification,
    Rules,
    Staff,
    Window,
    make_team,
)

FORMAT = "stelsel-planner/1"


@dataclass(frozen=True)
class Problem:
    item: str  # e.g. "activiteit A000012"
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.item}, veld '{self.field}': {self.message}"


class InvalidInstance(ValueError):
    """The instance (or plan) file cannot be used; `problems` names each item, field and reason (Dutch)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:10])
        more = f" (en nog {len(problems) - 10} problemen)" if len(problems) > 10 else ""
        super().__init__(f"Ongeldige invoer: {shown}{more}")


# --- writing ------------------------------------------------------------------------------------------------------


def _iso(instance: Instance, minutes: int) -> str:
    moment = datetime.combine(instance.horizon_start, datetime.min.time()) + timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _window(instance: Instance, w: Window) -> dict[str, str]:
    return {"start": _iso(instance, w.start), "end": _iso(instance, w.end)}


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    r = instance.rules
    return {
        "horizon_start": instance.horizon_start.isoformat(),
        "days": instance.days,
        "rules": {
            "max_shift_minutes": r.max_shift_minutes,
            "min_rest_minutes": r.min_rest_minutes,
            "max_week_minutes": r.max_week_minutes,
            "normal_shift_minutes": r.normal_shift_minutes,
            "road_speed_kmh": r.road_speed_kmh,
            "road_factor": r.road_factor,
            "travel_overhead_minutes": r.travel_overhead_minutes,
        },
        "locations": [
            {"id": x.id, "municipality": x.municipality, "name": x.name, "x_km": x.x_km, "y_km": x.y_km}
            for x in instance.locations.values()
        ],
        "persons": [
            {"id": p.id, "unit": p.unit, "municipality": p.municipality, "threat_level": p.threat_level}
            for p in instance.persons.values()
        ],
        "staff": [
            {
                "id": s.id,
                "unit": s.unit,
                "base": s.base,
                "qualifications": sorted(q.value for q in s.qualifications),
                "availability": [_window(instance, w) for w in s.availability],
                "absences": [_window(instance, w) for w in s.absences],
            }
            for s in instance.staff.values()
        ],
        "activities": [
            {
                "id": a.id,
                "person": a.person,
                "start": _iso(instance, a.start),
                "end": _iso(instance, a.end),
                "location": a.location,
                "kind": a.kind.value,
                "team": {q.value: n for q, n in a.team},
                "threat_level": a.threat_level,
            }
            for a in instance.activities.values()
        ],
        "meta": instance.meta,
    }


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "assignments": [
            {"activity": a.activity, "staff": a.staff, "qualification": a.qualification.value}
            for a in sorted(plan.assignments)
        ],
        **plan.meta,
    }


def document(instance: Instance, plan: Plan | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "instance": instance_to_dict(instance)}
    if plan is not None:
        doc["plan"] = plan_to_dict(plan)
    return doc


def write(path: Path, instance: Instance, plan: Plan | None = None) -> None:
    path.write_text(json.dumps(document(instance, plan), ensure_ascii=False, indent=1), encoding="utf-8")


# --- reading ------------------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, item: str, field: str, message: str) -> None:
        self.problems.append(Problem(item, field, message))

    def get(self, row: Any, item: str, field: str, kind: type | tuple[type, ...], required: bool = True) -> Any:
        if not isinstance(row, dict):
            self.fail(item, field, "verwacht een object met velden")
            return None
        if field not in row:
            if required:
                self.fail(item, field, "ontbreekt")
            return None
        value = row[field]
        if isinstance(value, bool) or not isinstance(value, kind):
            names = {str: "tekst", int: "een geheel getal", float: "een getal", list: "een lijst", dict: "een object"}
            wanted = " of ".join(names.get(k, k.__name__) for k in (kind if isinstance(kind, tuple) else (kind,)))
            self.fail(item, field, f"moet {wanted} zijn, niet {json.dumps(value, ensure_ascii=False)[:40]}")
            return None
        return value

    def moment(self, row: Any, item: str, field: str, start: date, label: str | None = None) -> int | None:
        text = self.get(row, item, field, str)
        field = label or field
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(item, field, f"'{text}' is geen datum en tijd (verwacht bijvoorbeeld 2026-03-02T08:30)")
            return None
        delta = moment - datetime.combine(start, datetime.min.time())
        return int(delta.total_seconds() // 60)


def parse_text(text: str, source: str = "invoer") -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInstance(
            [
                Problem(
                    source, "(bestand)", f"geen geldige JSON (regel {error.lineno}, kolom {error.colno}): {error.msg}"
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise InvalidInstance([Problem(source, "(bestand)", "verwacht een JSON-object met 'instance' en 'plan'")])
    return data


def load(path: Path) -> tuple[Instance, Plan | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInstance([Problem(str(path), "(bestand)", f"niet te lezen: {error.strerror}")]) from None
    except UnicodeDecodeError:
        raise InvalidInstance([Problem(str(path), "(bestand)", "geen UTF-8-tekst")]) from None
    data = parse_text(text, str(path))
    if data.get("format", FORMAT) != FORMAT:
        raise InvalidInstance(
            [Problem(str(path), "format", f"onbekend formaat {data.get('format')!r}, verwacht {FORMAT}")]
        )
    if "instance" not in data:
        raise InvalidInstance([Problem(str(path), "instance", "ontbreekt")])
    instance = instance_from_dict(data["instance"])
    plan = plan_from_dict(data["plan"]) if "plan" in data else None
    return instance, plan


def instance_from_dict(data: Any) -> Instance:
    r = _Reader()
    if not isinstance(data, dict):
        raise InvalidInstance([Problem("instantie", "(object)", "verwacht een object")])
    start_text = r.get(data, "instantie", "horizon_start", str)
    horizon_start = date(2026, 1, 1)
    if start_text is not None:
        try:
            horizon_start = date.fromisoformat(start_text)
        except ValueError:
            r.fail("instantie", "horizon_start", f"'{start_text}' is geen datum (verwacht bijvoorbeeld 2026-03-02)")
    days = r.get(data, "instantie", "days", int)
    if days is not None and not 1 <= days <= 31:
        r.fail("instantie", "days", f"moet tussen 1 en 31 liggen, niet {days}")
    days = days if isinstance(days, int) and 1 <= days <= 31 else 7
    rules = Rules()
    rules_row = r.get(data, "instantie", "rules", dict, required=False)
    if rules_row is not None:
        values: dict[str, Any] = {}
        for name, default in vars(Rules()).items():
            if name in rules_row:
                value = r.get(rules_row, "regels", name, (int, float) if isinstance(default, float) else int)
                if value is not None and value <= 0 and name not in ("travel_overhead_minutes",):
                    r.fail("regels", name, f"moet groter dan 0 zijn, niet {value}")
                elif value is not None and value < 0:
                    r.fail("regels", name, f"mag niet negatief zijn, niet {value}")
                elif value is not None:
                    values[name] = float(value) if isinstance(default, float) else value
        unknown = sorted(set(rules_row) - set(vars(Rules())))
        for name in unknown:
            r.fail("regels", name, "onbekende regel")
        rules = Rules(**values)

    locations: dict[str, Location] = {}
    for n, row in enumerate(r.get(data, "instantie", "locations", list) or []):
        item = f"locatie {n + 1}"
        lid = r.get(row, item, "id", str)
        if lid is None:
            continue
        item = f"locatie {lid}"
        x = r.get(row, item, "x_km", (int, float))
        y = r.get(row, item, "y_km", (int, float))
        if lid in locations:
            r.fail(item, "id", "komt twee keer voor")
        if x is not None and y is not None:
            locations[lid] = Location(
                lid,
                r.get(row, item, "municipality", str, required=False) or "",
                r.get(row, item, "name", str, required=False) or lid,
                float(x),
                float(y),
            )

    persons: dict[str, Person] = {}
    for n, row in enumerate(r.get(data, "instantie", "persons", list) or []):
        item = f"persoon {n + 1}"
        pid = r.get(row, item, "id", str)
        if pid is None:
            continue
        item = f"persoon {pid}"
        unit = r.get(row, item, "unit", str)
        level = r.get(row, item, "threat_level", int)
        if level is not None and level not in THREAT_LEVELS:
            r.fail(item, "threat_level", f"dreigingsniveau moet 1 tot en met 5 zijn, niet {level}")
            level = None
        if pid in persons:
            r.fail(item, "id", "komt twee keer voor")
        if unit is not None and level is not None:
            persons[pid] = Person(pid, unit, r.get(row, item, "municipality", str, required=False) or "", level)

    def windows(row: Any, item: str, field: str) -> tuple[Window, ...]:
        result = []
        for k, w in enumerate(r.get(row, item, field, list, required=field == "availability") or []):
            begin = r.moment(w, item, "start", horizon_start, f"{field}[{k}].start")
            end = r.moment(w, item, "end", horizon_start, f"{field}[{k}].end")
            if begin is not None and end is not None:
                if end <= begin:
                    r.fail(item, f"{field}[{k}]", "eindigt niet na het begin")
                else:
                    result.append(Window(begin, end))
        return tuple(result)

    staff: dict[str, Staff] = {}
    for n, row in enumerate(r.get(data, "instantie", "staff", list) or []):
        item = f"medewerker {n + 1}"
        sid = r.get(row, item, "id", str)
        if sid is None:
            continue
        item = f"medewerker {sid}"
        unit = r.get(row, item, "unit", str)
        base = r.get(row, item, "base", str)
        if base is not None and base not in locations:
            r.fail(item, "base", f"onbekende locatie '{base}'")
            base = None
        quals: set[Qualification] = set()
        raw = r.get(row, item, "qualifications", list)
        for q in raw or []:
            try:
                quals.add(Qualification(q))
            except ValueError:
                r.fail(item, "qualifications", f"onbekende kwalificatie {q!r} (bekend: {_known_quals()})")
        if raw is not None and not raw:
            r.fail(item, "qualifications", "geen kwalificaties: zonder kwalificatie kan niemand worden ingezet")
        if sid in staff:
            r.fail(item, "id", "komt twee keer voor")
        availability = windows(row, item, "availability")
        absences = windows(row, item, "absences")
        if unit is not None and base is not None and quals:
            staff[sid] = Staff(sid, unit, base, frozenset(quals), availability, absences)

    activities: dict[str, Activity] = {}
    for n, row in enumerate(r.get(data, "instantie", "activities", list) or []):
        item = f"activiteit {n + 1}"
        aid = r.get(row, item, "id", str)
        if aid is None:
            continue
        item = f"activiteit {aid}"
        person = r.get(row, item, "person", str)
        if person is not None and person not in persons:
            r.fail(item, "person", f"onbekende persoon '{person}'")
            person = None
        location = r.get(row, item, "location", str)
        if location is not None and location not in locations:
            r.fail(item, "location", f"onbekende locatie '{location}'")
            location = None
        begin = r.moment(row, item, "start", horizon_start)
        end = r.moment(row, item, "end", horizon_start)
        if begin is not None and end is not None:
            if end < begin:
                r.fail(item, "end", f"de activiteit eindigt ({row['end']}) voordat zij begint ({row['start']})")
                begin = None
            elif end == begin:
                r.fail(item, "end", "de activiteit duurt nul minuten")
                begin = None
            elif not 0 <= begin < days * DAY:
                r.fail(item, "start", f"ligt buiten de planperiode ({horizon_start.isoformat()}, {days} dagen)")
                begin = None
        kind_text = r.get(row, item, "kind", str)
        kind = None
        if kind_text is not None:
            try:
                kind = ActivityKind(kind_text)
            except ValueError:
                r.fail(item, "kind", f"moet 'work' (werk) of 'private' (privé) zijn, niet {kind_text!r}")
        level = r.get(row, item, "threat_level", int, required=False)
        if level is None and person is not None:
            level = persons[person].threat_level
        if level is not None and level not in THREAT_LEVELS:
            r.fail(item, "threat_level", f"dreigingsniveau moet 1 tot en met 5 zijn, niet {level}")
            level = None
        team: dict[Qualification, int] = {}
        team_row = r.get(row, item, "team", dict)
        for q, count in (team_row or {}).items():
            try:
                qual = Qualification(q)
            except ValueError:
                r.fail(item, "team", f"onbekende kwalificatie {q!r} (bekend: {_known_quals()})")
                continue
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                r.fail(item, f"team.{q}", f"aantal moet een geheel getal van minstens 1 zijn, niet {count!r}")
                continue
            team[qual] = count
        if team_row is not None and not team_row:
            r.fail(item, "team", "leeg: een activiteit vraagt minstens één medewerker")
        if aid in activities:
            r.fail(item, "id", "komt twee keer voor")
        if None not in (person, location, begin, end, kind, level) and team:
            assert person is not None
            assert location is not None
            assert begin is not None
            assert end is not None
            assert kind is not None
            assert level is not None
            activities[aid] = Activity(aid, person, begin, end, location, kind, make_team(team), level)

    _check_teams(r, persons, staff, activities)
    if r.problems:
        raise InvalidInstance(r.problems)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return Instance(horizon_start, days, rules, locations, persons, staff, activities, meta=dict(meta or {}))


def _known_quals() -> str:
    return ", ".join(f"{q.value} ({label})" for q, label in QUALIFICATION_LABELS.items())


def _check_teams(
    r: _Reader, persons: dict[str, Person], staff: dict[str, Staff], activities: dict[str, Activity]
) -> None:
    """A team larger than any unit can field is an input error, not a shortage."""
    per_unit: dict[str, dict[Qualification, int]] = {}
    size: dict[str, int] = {}
    for s in staff.values():
        size[s.unit] = size.get(s.unit, 0) + 1
        for q in s.qualifications:
            per_unit.setdefault(s.unit, {})[q] = per_unit.setdefault(s.unit, {}).get(q, 0) + 1
    biggest = max(size.values(), default=0)
    for a in activities.values():
        if a.team_size > biggest:
            r.fail(
                f"activiteit {a.id}",
                "team",
                f"het team ({a.team_size} medewerkers) is groter dan enige eenheid (de grootste heeft er {biggest})",
            )
            continue
        for q, n in a.team:
            most = max((counts.get(q, 0) for counts in per_unit.values()), default=0)
            if n > most:
                r.fail(
                    f"activiteit {a.id}",
                    f"team.{q.value}",
                    f"vraagt {n} × {QUALIFICATION_LABELS[q]}, maar geen eenheid heeft er zoveel (hoogstens {most})",
                )


def plan_from_dict(data: Any) -> Plan:
    r = _Reader()
    if not isinstance(data, dict):
        raise InvalidInstance([Problem("plan", "(object)", "verwacht een object")])
    assignments: list[Assignment] = []
    for n, row in enumerate(r.get(data, "plan", "assignments", list) or []):
        item = f"inzet {n + 1}"
        aid = r.get(row, item, "activity", str)
        sid = r.get(row, item, "staff", str)
        q = r.get(row, item, "qualification", str)
        qual = None
        if q is not None:
            try:
                qual = Qualification(q)
            except ValueError:
                r.fail(item, "qualification", f"onbekende kwalificatie {q!r}")
        if aid is not None and sid is not None and qual is not None:
            assignments.append(Assignment(aid, sid, qual))
    if r.problems:
        raise InvalidInstance(r.problems)
    meta = {k: v for k, v in data.items() if k != "assignments"}
    return Plan(assignments, meta=meta)
