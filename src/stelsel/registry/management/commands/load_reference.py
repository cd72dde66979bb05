from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.core.errors import InvalidInput
from stelsel.registry.reference import MUNICIPALITIES_CSV, load_reference


class Command(BaseCommand):
    help = "Laadt arrondissementen, politie-eenheden, standaardorganisaties en gemeenten (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipalities", type=Path, default=MUNICIPALITIES_CSV)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_reference(options["municipalities"])
        except (InvalidInput, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Gemeenten: {counts['created']} nieuw, {counts['updated']} bijgewerkt.")
