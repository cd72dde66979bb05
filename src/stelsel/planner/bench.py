"""The benchmark behind `stelsel plan-bench`: a seeded instance, the planner, the greedy baseline, one JSON line."""

import platform
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stelsel.planner import serialize
from stelsel.planner.advice import explain_uncovered, shortage_advice, utilisation
from stelsel.planner.generator import generate
from stelsel.planner.greedy import greedy_plan
from stelsel.planner.model import DAY, Instance, Plan, hours
from stelsel.planner.replan import SickStaff, replan
from stelsel.planner.solver import SubResult
from stelsel.planner.solver import plan as decomposed_plan
from stelsel.planner.validate import validate


def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def solve(
    instance: Instance,
    time_limit: float,
    progress: Callable[[SubResult], None] | None = None,
) -> tuple[Plan, dict[str, Any]]:
    """The planner with its figures; never below the greedy baseline (then the greedy plan is taken, and said).

    `progress` is called after each sub-problem; an exception it raises stops the run (a cancelled run).
    The proven bound is the sum of the sub-problems' column-generation bounds (planner.colgen), made while planning.
    """
    t0 = time.perf_counter()
    greedy = greedy_plan(instance)
    greedy_seconds = time.perf_counter() - t0
    greedy_value = greedy.value2(instance)
    t1 = time.perf_counter()
    # A margin for the last sub-problems: a stage that has started (a model build, a pricing round) runs to its end.
    planned, stats = decomposed_plan(instance, max(1.0, (time_limit - greedy_seconds) * 0.92), progress=progress)
    planner_seconds = time.perf_counter() - t1
    value = planned.value2(instance)
    fallback = value < greedy_value
    if fallback:
        planned, value = greedy, greedy_value
    bound = sum(s.bound2 for s in stats.subproblems)
    sources: dict[str, int] = {}
    for s in stats.subproblems:
        sources[s.source] = sources.get(s.source, 0) + 1
    planned.meta.update(
        {
            "method": "greedy (fallback)" if fallback else "kolomgeneratie + best-fit per (eenheid, dag)",
            "covered_weighted_hours": hours(value),
            "upper_bound_weighted_hours": hours(bound),
        }
    )
    figures = {
        "demand_weighted_hours": hours(instance.demand2()),
        "planner_weighted_hours": hours(value),
        "greedy_weighted_hours": hours(greedy_value),
        "upper_bound_weighted_hours": hours(bound),
        "gap_to_bound": round(1 - value / bound, 4) if bound else 0.0,
        "planner_over_greedy": round(value / greedy_value - 1, 4) if greedy_value else 0.0,
        "covered_activities": len(planned.covered(instance)),
        "greedy_covered_activities": len(greedy.covered(instance)),
        "subproblems": len(stats.subproblems),
        "subproblem_sources": dict(sorted(sources.items())),
        "bound_converged_subproblems": sum(1 for s in stats.subproblems if s.status == "converged"),
        "fallback_to_greedy": fallback,
        "greedy_seconds": round(greedy_seconds, 2),
        "planner_seconds": round(planner_seconds, 2),
        "seconds": round(greedy_seconds + planner_seconds, 2),
    }
    return planned, figures


def run(
    persons: int,
    days: int,
    seed: int,
    time_limit: float,
    out: Path | None = None,
    replan_sick: bool = False,
) -> dict[str, Any]:
    t0 = time.perf_counter()
    instance = generate(persons, days, seed)
    generate_seconds = time.perf_counter() - t0
    planned, figures = solve(instance, time_limit)
    result: dict[str, Any] = {
        "persons": persons,
        "days": days,
        "seed": seed,
        "time_limit": time_limit,
        "activities": len(instance.activities),
        "staff": len(instance.staff),
        "units": len(instance.units),
        "locations": len(instance.locations),
        "generate_seconds": round(generate_seconds, 2),
        **figures,
    }
    t1 = time.perf_counter()
    violations = validate(instance, planned)
    result["valid"] = not violations
    result["violations"] = len(violations)
    result["validate_seconds"] = round(time.perf_counter() - t1, 2)
    if replan_sick:
        result["replan"] = sick_replan(instance, planned, seed)
    if out is not None:
        t2 = time.perf_counter()
        uncovered = explain_uncovered(instance, planned)
        planned.meta["uncovered"] = [u.as_dict(instance) for u in uncovered]
        planned.meta["advice"] = shortage_advice(instance, uncovered)
        planned.meta["utilisation"] = utilisation(instance, planned)
        serialize.write(out, instance, planned)
        result["report_seconds"] = round(time.perf_counter() - t2, 2)
        result["out"] = str(out)
    result["peak_memory_mb"] = peak_memory_mb()
    result["machine"] = f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}"
    return result


def sick_replan(instance: Instance, planned: Plan, seed: int) -> dict[str, Any]:
    """One staff member (seeded choice among the deployed) falls ill on day 3 (or the middle day) at 08:00."""
    deployed = sorted({a.staff for a in planned.assignments})
    if not deployed:
        return {"skipped": "niemand ingezet"}
    staff = random.Random(seed).choice(deployed)  # noqa: S311 (seeded benchmark data, not security)
    moment = (min(2, instance.days - 1)) * DAY + 8 * 60
    t0 = time.perf_counter()
    changed, new_plan, diff = replan(instance, planned, SickStaff(staff, moment))
    seconds = time.perf_counter() - t0
    violations = validate(changed, new_plan)
    return {
        "staff": staff,
        "from_minute": moment,
        "seconds": round(seconds, 2),
        "changed_share": round(diff.changed_share, 4),
        "removed": len(diff.removed),
        "added": len(diff.added),
        "previous_assignments": diff.previous_count,
        "newly_uncovered": len(diff.newly_uncovered),
        "newly_covered": len(diff.newly_covered),
        "replanned_subproblems": len(diff.replanned),
        "weighted_hours_before": hours(planned.value2(instance)),
        "weighted_hours_after": hours(new_plan.value2(changed)),
        "valid": not violations,
    }
