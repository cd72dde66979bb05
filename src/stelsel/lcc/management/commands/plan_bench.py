"""`stelsel plan-bench`: the deployment planner on a seeded instance against the greedy baseline (one JSON line)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.planner.bench import run


class Command(BaseCommand):
    help = (
        "Benchmark van de inzetplanner (LCC): genereert een instantie met --seed, plant met kolomgeneratie en "
        "CP-SAT en met de gretige basislijn en drukt één JSON-regel af (omvang, vraag, gedekte "
        "prioriteitsgewogen uren, bewezen bovengrens, seconden, piekgeheugen). Zie docs/planner.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=200, help="aantal te beveiligen personen")
        parser.add_argument("--days", type=int, default=7, help="aantal dagen (1-31)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--time-limit", type=float, default=60.0, help="rekentijd in seconden")
        parser.add_argument("--out", help="schrijf instantie en plan naar dit JSON-bestand")
        parser.add_argument(
            "--replan-sick",
            action="store_true",
            help="meld daarna één ingezette medewerker ziek (dag 3, 08:00) en plan opnieuw",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["persons"] < 1:
            raise CommandError("--persons moet minstens 1 zijn.")
        if not 1 <= options["days"] <= 31:
            raise CommandError("--days moet tussen 1 en 31 liggen.")
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit moet groter dan 0 zijn.")
        out = Path(options["out"]) if options["out"] else None
        if out is not None and not out.parent.exists():
            raise CommandError(f"--out: de map {out.parent} bestaat niet.")
        result = run(
            options["persons"],
            options["days"],
            options["seed"],
            options["time_limit"],
            out=out,
            replan_sick=options["replan_sick"],
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False))
