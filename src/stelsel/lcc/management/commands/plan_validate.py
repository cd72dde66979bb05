"""`stelsel plan-validate FILE`: checks a plan against its instance, independently of the planner."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.planner.serialize import InvalidInstance, load
from stelsel.planner.validate import covered_value2, validate


class Command(BaseCommand):
    help = (
        "Controleert een plan (JSON van plan-bench --out, zie docs/planner.md) tegen zijn instantie: volledig "
        "team, geen dubbele inzet met reistijd, diensten, rust en weekuren. Onafhankelijk van de planner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON-bestand met 'instance' en 'plan'")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            instance, plan = load(path)
        except InvalidInstance as error:
            raise CommandError(f"{path}: {error}") from None
        if plan is None:
            raise CommandError(f"{path}: het bestand bevat geen plan (veld 'plan' ontbreekt).")
        violations = validate(instance, plan)
        value = covered_value2(instance, plan)
        claimed = plan.meta.get("covered_weighted_hours")
        if claimed is not None and abs(float(claimed) - value / 120) > 0.01:  # type: ignore[arg-type]
            violations_text = f"opgegeven gedekte uren {claimed} kloppen niet (nagerekend: {value / 120:.3f})"
            raise CommandError(f"Plan NIET geldig: {violations_text}")
        if violations:
            for v in violations[:50]:
                self.stderr.write(f"- {v}")
            more = " (eerste 50 getoond)" if len(violations) > 50 else ""
            raise CommandError(f"Plan NIET geldig: {len(violations)} overtreding(en){more}.")
        self.stdout.write(
            f"Plan geldig: {len(plan.assignments)} inzetten, {len(instance.activities)} activiteiten, "
            f"gedekt {value / 120:.3f} prioriteitsgewogen uren."
        )
