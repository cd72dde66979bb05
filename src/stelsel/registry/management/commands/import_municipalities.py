from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.core.errors import InvalidInput
from stelsel.registry.reference import read_municipalities
from stelsel.registry.services import import_municipalities


class Command(BaseCommand):
    help = "Importeert een volledige gemeentelijst (CSV: code,name,province,district,police_unit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        try:
            counts = import_municipalities(
                None, read_municipalities(path), reason=f"Gemeentelijst geïmporteerd uit {path.name}"
            )
        except InvalidInput as error:
            raise CommandError("\n".join(f"{k}: {v}" for k, v in error.field_errors.items())) from error
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Gemeenten: {counts['created']} nieuw, {counts['updated']} bijgewerkt.")
