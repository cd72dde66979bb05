"""Executes planner runs in the background and reports through `deployment.services`.

A run is started in a web request (`services.start_run`); after its transaction commits, `launch` starts a thread in
the same process (setting `STELSEL_PLAN_RUNNER`: "thread", or "off" to leave runs queued, e.g. for a separate
worker calling `execute`). The thread reports progress after each (unit, day) sub-problem, and stops at the next
one when the run is cancelled. A process that dies takes its threads with it: `services.expire_stale_runs` fails such
runs later, and the previous plan stays in force as with any failed run. The planner's own two threads spend most
of their time in CP-SAT, GLOP and the compiled pricing kernel, which run outside the GIL, so the web threads stay
responsive.
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connection

from stelsel.deployment import services
from stelsel.deployment.models import PlanRun, RunKind
from stelsel.planner import serialize
from stelsel.planner.advice import explain_uncovered, shortage_advice, utilisation
from stelsel.planner.bench import solve
from stelsel.planner.model import Instance, Plan, hours
from stelsel.planner.replan import Diff, replan
from stelsel.planner.solver import SubResult, subproblems
from stelsel.planner.validate import validate

logger = logging.getLogger(__name__)
REPLAN_SECONDS = 4.0  # re-planning after a change is meant to be quick (the benchmark's target is 5 s)


class RunCancelled(Exception):
    pass


def launch(run_id: int) -> None:
    if getattr(settings, "STELSEL_PLAN_RUNNER", "thread") != "thread":
        return
    threading.Thread(target=_in_thread, args=(run_id,), name=f"planningsrun-{run_id}", daemon=True).start()


def _in_thread(run_id: int) -> None:
    try:
        execute(run_id)
    finally:
        connection.close()


def execute(run_id: int) -> PlanRun:
    """Run the planner for one queued run, start to finish; the run's row says how it ended."""
    run = services.claim_run(run_id)
    if run is None:
        return PlanRun.objects.get(pk=run_id)
    try:
        result, summary, diff = _compute(run)
        return services.finish_run(run_id, result=result, summary=summary, diff=diff)
    except RunCancelled:
        return services.cancelled_run(run_id)
    except Exception as error:  # any failure leaves the previous plan in force; the message says why
        logger.exception("Planningsrun %s mislukt", run_id)
        return services.fail_run(run_id, f"De planner faalde: {type(error).__name__}: {error}")


def _compute(run: PlanRun) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    t0 = time.perf_counter()
    diff: dict[str, Any] | None = None
    if run.kind == RunKind.REPLAN:
        instance, planned, diff, figures = _replan(run)
    else:
        instance = serialize.instance_from_dict(run.inputs)
        total = len(subproblems(instance))
        done = [0]

        def progress(_: SubResult) -> None:
            done[0] += 1
            _progress(run.pk, done[0], total)

        _progress(run.pk, 0, total)
        planned, figures = solve(instance, float(run.time_limit), progress=progress)
    violations = validate(instance, planned)
    if violations:
        raise RuntimeError(f"het plan breekt {len(violations)} regel(s), bijvoorbeeld: {violations[0]}")
    return _report(instance, planned), _summary(instance, planned, figures, time.perf_counter() - t0), diff


def _replan(run: PlanRun) -> tuple[Instance, Plan, dict[str, Any], dict[str, Any]]:
    """Apply the run's changes one by one to the plan it re-plans (earlier changes of replaced runs first); the
    diff compares the end result with that plan."""
    assert run.based_on is not None
    assert run.based_on.result is not None
    base = serialize.instance_from_dict(run.based_on.inputs)
    previous = serialize.plan_from_dict(run.based_on.result)
    changes = services.changes_of(run)
    instance, planned = base, previous
    replanned: list[tuple[str, int]] = []
    for n, change in enumerate(changes):
        _progress(run.pk, n, len(changes))
        seconds = min(REPLAN_SECONDS, float(run.time_limit)) / len(changes)
        instance, planned, step = replan(instance, planned, services.planner_change(change, instance), seconds)
        replanned.extend(step.replanned)
    old = {(a.activity, a.staff): a for a in previous.assignments}
    new = {(a.activity, a.staff): a for a in planned.assignments}
    before, after = previous.covered(base), planned.covered(instance)
    diff = Diff(
        removed=sorted(a for k, a in old.items() if new.get(k) != a),
        added=sorted(a for k, a in new.items() if old.get(k) != a),
        newly_uncovered=sorted(before - after),
        newly_covered=sorted(after - before),
        previous_count=len(previous.assignments),
        replanned=sorted(set(replanned)),
    )
    return (
        instance,
        planned,
        diff.as_dict(),
        {"method": "herplannen", "covered_weighted_hours": hours(planned.value2(instance))},
    )


def _progress(run_id: int, done: int, total: int) -> None:
    if not services.record_progress(run_id, done, total):
        raise RunCancelled()


def _report(instance: Instance, planned: Plan) -> dict[str, Any]:
    uncovered = explain_uncovered(instance, planned)
    planned.meta["uncovered"] = [u.as_dict(instance) for u in uncovered]
    planned.meta["advice"] = shortage_advice(instance, uncovered)
    planned.meta["utilisation"] = utilisation(instance, planned)
    return serialize.plan_to_dict(planned)


def _summary(instance: Instance, planned: Plan, figures: dict[str, Any], seconds: float) -> dict[str, Any]:
    covered = planned.covered(instance)
    return {
        "activities": len(instance.activities),
        "covered_activities": len(covered),
        "uncovered_activities": len(instance.activities) - len(covered),
        "staff": len(instance.staff),
        "assignments": len(planned.assignments),
        "demand_weighted_hours": hours(instance.demand2()),
        "covered_weighted_hours": hours(planned.value2(instance)),
        "upper_bound_weighted_hours": figures.get("upper_bound_weighted_hours"),
        "greedy_weighted_hours": figures.get("greedy_weighted_hours"),
        "method": figures.get("method") or planned.meta.get("method"),
        "seconds": round(seconds, 2),
        "valid": True,
    }
