"""The planner package: validator, planner against greedy and bound, re-planning, bad input, the commands."""

import ast
import json
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stelsel.planner import serialize
from stelsel.planner.advice import explain_uncovered, shortage_advice, utilisation
from stelsel.planner.bench import solve
from stelsel.planner.generator import generate, municipalities, municipality_position
from stelsel.planner.greedy import greedy_plan
from stelsel.planner.model import Assignment, Plan, Qualification, Rules, travel_minutes
from stelsel.planner.replan import NewActivity, SickStaff, replan
from stelsel.planner.solver import plan as cpsat_plan
from stelsel.planner.tests.conftest import CP, DRIVER, activity, hm, tiny
from stelsel.planner.validate import _travel, covered_value2, validate

PLANNER_DIR = Path(__file__).resolve().parent.parent


def codes(instance, assignments):
    return {v.code for v in validate(instance, Plan(assignments))}


# --- the validator on hand-broken plans ---------------------------------------------------------------------------


def test_validator_accepts_a_sound_hand_plan(tiny_instance):
    plan = [
        Assignment("A1", "S1", CP),
        Assignment("A2", "S2", CP),
        Assignment("AT", "S1", CP),
        Assignment("AT", "S3", DRIVER),
    ]
    assert validate(tiny_instance, Plan(plan)) == []
    assert covered_value2(tiny_instance, Plan(plan)) == Plan(plan).value2(tiny_instance)


def test_validator_rejects_an_incomplete_team(tiny_instance):
    assert codes(tiny_instance, [Assignment("AT", "S1", CP)]) == {"team"}


def test_validator_rejects_double_booking(tiny_instance):
    assert codes(tiny_instance, [Assignment("A1", "S1", CP), Assignment("A2", "S1", CP)]) == {"overlap"}


def test_validator_rejects_impossible_travel(tiny_instance):
    # A1 ends 10:00 at L1; A3 starts 10:05 sixty km away.
    found = validate(tiny_instance, Plan([Assignment("A1", "S1", CP), Assignment("A3", "S1", CP)]))
    assert [v.code for v in found] == ["travel"]
    assert "reistijd" in found[0].message


def test_validator_rejects_a_shift_that_is_too_long(tiny_instance):
    # 07:50 (departure for A1) to 18:40 (back from A4): 650 minutes.
    found = validate(tiny_instance, Plan([Assignment("A1", "S1", CP), Assignment("A4", "S1", CP)]))
    assert [v.code for v in found] == ["shift"]
    assert "650 min" in found[0].message


def test_validator_rejects_too_little_rest(tiny_instance):
    # Back at 22:10 from A5, out again at 06:10 for A6: eight hours.
    found = validate(tiny_instance, Plan([Assignment("A5", "S2", CP), Assignment("A6", "S2", CP)]))
    assert [v.code for v in found] == ["rest"]


def test_validator_rejects_exceeded_weekly_hours():
    instance = tiny(Rules(max_week_minutes=300))
    # 140 minutes on day 1 and 220 on day 2.
    assert codes(instance, [Assignment("A1", "S1", CP), Assignment("A7", "S1", CP)]) == {"week"}


def test_validator_rejects_unqualified_staff(tiny_instance):
    assert "unqualified" in codes(tiny_instance, [Assignment("A1", "S3", CP)])


def test_validator_rejects_unavailable_staff_and_unknown_items(tiny_instance):
    from stelsel.planner.model import Window

    absent = replace(tiny_instance.staff["S2"], absences=(Window(hm(0, 0), hm(0, 12)),))
    tiny_instance.staff["S2"] = absent
    assert codes(tiny_instance, [Assignment("A1", "S2", CP)]) == {"unavailable"}
    assert codes(tiny_instance, [Assignment("NOPE", "S2", CP)]) == {"unknown"}


def test_validator_computes_travel_itself():
    instance = generate(3, 1, 5)
    locations = list(instance.locations.values())
    for a in locations[:10]:
        for b in locations[:10]:
            assert _travel(instance, a.id, b.id) == travel_minutes(a, b, instance.rules)


def test_validator_does_not_import_the_planner():
    tree = ast.parse((PLANNER_DIR / "validate.py").read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= {"itertools", "math", "dataclasses", "stelsel.planner.model"}


@pytest.mark.parametrize("path", sorted(PLANNER_DIR.glob("*.py")), ids=lambda p: p.name)
def test_planner_package_has_no_django(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(("django", "rest_framework")), f"{path.name} imports {name}"
            if name.startswith("stelsel."):
                assert name.startswith(("stelsel.planner", "stelsel.policy")), f"{path.name} imports {name}"


# --- planner, greedy and bound ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planner_plans_are_valid_at_least_greedy_and_below_the_bound(seed):
    instance = generate(8, 2, seed)
    planned, figures = solve(instance, 3.0)
    assert validate(instance, planned) == []
    assert figures["planner_weighted_hours"] >= figures["greedy_weighted_hours"]
    assert figures["upper_bound_weighted_hours"] >= figures["planner_weighted_hours"]
    assert covered_value2(instance, planned) / 120 == pytest.approx(figures["planner_weighted_hours"], abs=0.001)


def test_the_bound_is_proven_on_a_case_solved_to_optimality(tiny_instance):
    planned, stats = cpsat_plan(tiny_instance, 5.0)
    assert validate(tiny_instance, planned) == []
    # Three people cannot cover all of day 0 (the far A3 among the overlapping morning activities); the plan's value
    # meets the column-generation bound, which proves it optimal (day 1 is covered whole: no bound run there).
    assert len(planned.covered(tiny_instance)) < len(tiny_instance.activities)
    assert [s.status for s in stats.subproblems] == ["converged", "skipped"]
    assert sum(s.bound2 for s in stats.subproblems) == planned.value2(tiny_instance)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), persons=st.integers(1, 4), days=st.integers(1, 2))
def test_every_plan_the_planner_makes_is_valid(seed, persons, days):
    instance = generate(persons, days, seed)
    for planned in (greedy_plan(instance), greedy_plan(instance, best_fit=True), cpsat_plan(instance, 0.6)[0]):
        assert validate(instance, planned) == []


def test_generator_is_seeded_and_uses_real_municipalities():
    a, b = generate(5, 2, 42), generate(5, 2, 42)
    assert serialize.instance_to_dict(a) == serialize.instance_to_dict(b)
    known = {m.code for m in municipalities()}
    assert {p.municipality for p in a.persons.values()} <= known
    for activities_per_day in _per_person_day(a).values():
        assert activities_per_day <= 6
    positions = {municipality_position(m) for m in municipalities()}
    assert len(positions) > 300  # derived positions are spread, not stacked


def _per_person_day(instance):
    counts = {}
    for a in instance.activities.values():
        counts[(a.person, a.day)] = counts.get((a.person, a.day), 0) + 1
    return counts


def test_json_round_trip_keeps_instance_and_plan(tmp_path):
    instance = generate(4, 2, 7)
    planned = greedy_plan(instance)
    path = tmp_path / "plan.json"
    serialize.write(path, instance, planned)
    again, plan_again = serialize.load(path)
    assert serialize.instance_to_dict(again) == serialize.instance_to_dict(instance)
    assert plan_again is not None
    assert sorted(plan_again.assignments) == sorted(planned.assignments)


# --- uncovered, advice, utilisation -------------------------------------------------------------------------------


def test_uncovered_activities_carry_their_reason_and_the_advice_is_by_priority(tiny_instance):
    planned, _ = cpsat_plan(tiny_instance, 2.0)
    uncovered = explain_uncovered(tiny_instance, planned)
    assert uncovered, "three people cannot cover everything here"
    assert all(u.reasons for u in uncovered)
    assert any("persoonsbeveiliging" in r for u in uncovered for r in u.reasons)
    advice = shortage_advice(tiny_instance, uncovered)
    weights = [item["priority_weight"] for item in advice["items"]]
    assert weights == sorted(weights, reverse=True)
    assert {r["rule"] for r in advice["reasons"]} >= {"R40", "R50"}
    assert advice["policy_version"]
    row = utilisation(tiny_instance, planned)["den-haag"]
    assert row["staff"] == 3
    assert 0 < row["utilisation"] <= 1


def test_work_outranks_private_within_a_level_and_the_level_leads():
    from stelsel.planner.model import ActivityKind, priority_weight

    assert priority_weight(3, ActivityKind.WORK) > priority_weight(3, ActivityKind.PRIVATE)
    assert priority_weight(4, ActivityKind.PRIVATE) > priority_weight(3, ActivityKind.WORK)


# --- re-planning --------------------------------------------------------------------------------------------------


def test_replanning_after_sickness_is_valid_stable_and_says_what_changed():
    instance = generate(10, 2, 11)
    planned, _ = cpsat_plan(instance, 3.0)
    busiest = max({a.staff for a in planned.assignments}, key=lambda s: sum(a.staff == s for a in planned.assignments))
    moment = hm(0, 12)
    changed, new_plan, diff = replan(instance, planned, SickStaff(busiest, moment), time_limit=3.0)
    assert validate(changed, new_plan) == []
    for a in new_plan.assignments:
        if a.staff == busiest:
            assert changed.activities[a.activity].end <= moment
    untouched = [
        a
        for a in planned.assignments
        if (changed.unit_of(changed.activities[a.activity]), changed.activities[a.activity].day) not in diff.replanned
    ]
    assert set(untouched) <= set(new_plan.assignments)
    assert diff.removed, "the sick staff member's later assignments go"
    # Every removal is the sick member's, or a team that changed or broke because of it.
    sick_activities = {a.activity for a in diff.removed if a.staff == busiest}
    explained = sick_activities | {a.activity for a in diff.added} | set(diff.newly_uncovered)
    assert {a.activity for a in diff.removed} <= explained
    # How much changes inside the re-planned parts depends on how far CP-SAT gets in its time on a loaded machine, so
    # the share is a benchmark figure (docs/planner.md), not asserted here; the report must match the plans, though.
    before, after = set(planned.assignments), set(new_plan.assignments)
    assert set(diff.removed) == before - after
    assert set(diff.added) == after - before
    assert set(diff.as_dict()) >= {"removed", "added", "newly_uncovered", "newly_covered", "changed_share"}


def test_replanning_a_new_activity_keeps_the_rest(tiny_instance):
    planned, _ = cpsat_plan(tiny_instance, 2.0)
    new = activity("A9", hm(1, 14), hm(1, 15))
    changed, new_plan, diff = replan(tiny_instance, planned, NewActivity(new), time_limit=2.0)
    assert validate(changed, new_plan) == []
    assert "A9" in diff.newly_covered
    assert not diff.removed


# --- bad input ----------------------------------------------------------------------------------------------------


def _doc():
    return serialize.document(tiny())


def _problems(doc) -> str:
    with pytest.raises(serialize.InvalidInstance) as info:
        serialize.instance_from_dict(doc["instance"])
    return str(info.value)


def test_activity_ending_before_it_starts_is_named():
    doc = _doc()
    row = doc["instance"]["activities"][0]
    row["start"], row["end"] = row["end"], row["start"]
    assert "activiteit A1, veld 'end': de activiteit eindigt" in _problems(doc)


def test_team_larger_than_any_unit_is_named():
    doc = _doc()
    doc["instance"]["activities"][0]["team"] = {"close_protection": 9}
    text = _problems(doc)
    assert "activiteit A1, veld 'team'" in text
    assert "groter dan enige eenheid" in text


def test_team_needing_more_of_one_qualification_than_any_unit_has_is_named():
    doc = _doc()
    doc["instance"]["activities"][0]["team"] = {"close_protection": 3}
    assert "activiteit A1, veld 'team.close_protection': vraagt 3 × persoonsbeveiliging" in _problems(doc)


def test_staff_without_qualifications_is_named():
    doc = _doc()
    doc["instance"]["staff"][0]["qualifications"] = []
    assert "medewerker S1, veld 'qualifications': geen kwalificaties" in _problems(doc)


def test_unknown_qualification_and_reference_are_named():
    doc = _doc()
    doc["instance"]["staff"][0]["qualifications"] = ["sniper"]
    doc["instance"]["activities"][0]["location"] = "NOWHERE"
    text = _problems(doc)
    assert "onbekende kwalificatie 'sniper'" in text
    assert "activiteit A1, veld 'location': onbekende locatie 'NOWHERE'" in text


def test_unparseable_file_is_named(tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text('{"instance": [', encoding="utf-8")
    with pytest.raises(serialize.InvalidInstance, match="geen geldige JSON"):
        serialize.load(path)


# --- the commands -------------------------------------------------------------------------------------------------


def test_plan_bench_and_plan_validate_end_to_end(tmp_path, capsys):
    out = tmp_path / "bench.json"
    call_command("plan_bench", persons=4, days=1, seed=2, time_limit=2.0, out=str(out), replan_sick=True)
    line = json.loads(capsys.readouterr().out.strip())
    for key in (
        "activities",
        "staff",
        "demand_weighted_hours",
        "planner_weighted_hours",
        "greedy_weighted_hours",
        "upper_bound_weighted_hours",
        "seconds",
        "peak_memory_mb",
        "replan",
    ):
        assert key in line
    assert line["valid"] is True
    assert line["planner_weighted_hours"] >= line["greedy_weighted_hours"]
    call_command("plan_validate", str(out))
    assert "Plan geldig" in capsys.readouterr().out

    # Break the plan by hand: drop one member of a covered team.
    doc = json.loads(out.read_text(encoding="utf-8"))
    teams = {}
    for row in doc["plan"]["assignments"]:
        teams.setdefault(row["activity"], []).append(row)
    victim = next(rows[0] for rows in teams.values() if len(rows) >= 2)
    doc["plan"]["assignments"].remove(victim)
    doc["plan"].pop("covered_weighted_hours")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CommandError, match="NIET geldig"):
        call_command("plan_validate", str(broken))
    assert "team onvolledig" in capsys.readouterr().err


def test_plan_validate_rejects_bad_files(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("geen json", encoding="utf-8")
    with pytest.raises(CommandError, match="geen geldige JSON"):
        call_command("plan_validate", str(path))
    path.write_text(json.dumps(serialize.document(tiny())), encoding="utf-8")
    with pytest.raises(CommandError, match="geen plan"):
        call_command("plan_validate", str(path))


def test_qualification_values_are_stable():
    assert {q.value for q in Qualification} == {"close_protection", "escort", "driver", "surveillance"}
