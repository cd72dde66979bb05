"""The LCC deployment planner (issue 7, part A): staff to activities, as plain Python without Django.

The protected person's activities over the day lead the deployment of scarce capacity (seed 001, "flexibele
inzet"); the planner assigns qualified teams to those activities under the working-time rules, reports what stays
uncovered and why, and turns the shortage into the advice the adviser B&B hands the authority (R40).

Modules:
- `model`: the instance and plan dataclasses, the priority weight and the travel time (the instance semantics).
- `serialize`: JSON in and out, with Dutch messages for bad input.
- `generator`: seeded, realistic benchmark instances over the real municipalities.
- `book`: incremental feasibility of one staff member's schedule (shared by greedy, planner and advice).
- `greedy`: the baseline (highest priority first, first free qualified staff member).
- `solver`: the planner, decomposed by police unit and day (units in parallel threads).
- `colgen`: per sub-problem, column generation over shifts (the proven upper bound) and the integer master.
- `replan`: re-planning after a change, keeping the plan stable, with the diff.
- `advice`: uncovered activities with their reasons, shortage advice (R40) and utilisation per unit.
- `validate`: the independent validator (imports neither the solver nor the greedy baseline).
- `bench`: the benchmark behind `stelsel plan-bench`.
"""
