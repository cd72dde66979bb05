"""`stelsel check-threat-matrices [FILE]`: validate the threat matrix configuration before it is used."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.core.timeutil import today
from stelsel.intel.matrices import configured_file, load_matrices
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, MatrixConfigError, NoMatrixInForce, matrix_on


class Command(BaseCommand):
    help = (
        "Controleert een configuratie van de dreigingsmatrix (ernst × waarschijnlijkheid, R33) en toont de versies. "
        "Zonder bestand: het ingestelde of meegeleverde bestand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="JSON-bestand met matrixversies")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]) if options["file"] else configured_file()
        try:
            versions = load_matrices(path)
        except MatrixConfigError as error:
            raise CommandError(f"Dreigingsmatrix NIET bruikbaar ({path}): {error}") from None
        try:
            in_force = matrix_on(versions, today()).key
        except NoMatrixInForce:
            in_force = ""
        self.stdout.write(f"Dreigingsmatrix in orde: {len(versions)} versie(s) in {path}")
        for matrix in versions:
            marker = " (vandaag van kracht)" if matrix.key == in_force else ""
            self.stdout.write(
                f"- {matrix.key}: {matrix.title}, geldig vanaf {matrix.valid_from:%d-%m-%Y}{marker}; "
                f"{len(matrix.severities)} × {len(matrix.likelihoods)} cellen"
                + ("" if matrix.official else f". {NOT_OFFICIAL_NOTE}")
            )
        if not in_force:
            self.stdout.write(f"Let op: geen versie is vandaag ({today():%d-%m-%Y}) van kracht.")
