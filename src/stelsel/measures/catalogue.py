"""The catalogue of measures, kept as data in the repository (data/catalogue.json)."""

import json
from functools import cache
from pathlib import Path

from stelsel.policy.measures import MeasureKind

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"


@cache
def catalogue() -> dict[str, MeasureKind]:
    rows = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {row["code"]: MeasureKind(**{**row, "executors": tuple(row["executors"])}) for row in rows}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.name) for kind in sorted(catalogue().values(), key=lambda k: (k.weight, k.name))]
