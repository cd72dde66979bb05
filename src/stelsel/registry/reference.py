"""Reference geography and the standard organisations, loaded from data files in the repo."""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from stelsel.access.models import Organisation
from stelsel.access.roles import OrgKind
from stelsel.registry.models import District, PoliceUnit
from stelsel.registry.services import MunicipalityRow, import_municipalities

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA_DIR / "municipalities.csv"

DISTRICTS = {
    "amsterdam": "Amsterdam",
    "den-haag": "Den Haag",
    "gelderland": "Gelderland",
    "limburg": "Limburg",
    "midden-nederland": "Midden-Nederland",
    "noord-holland": "Noord-Holland",
    "noord-nederland": "Noord-Nederland",
    "oost-brabant": "Oost-Brabant",
    "overijssel": "Overijssel",
    "rotterdam": "Rotterdam",
    "zeeland-west-brabant": "Zeeland-West-Brabant",
}
POLICE_UNITS = {
    "noord-nederland": "Noord-Nederland",
    "oost-nederland": "Oost-Nederland",
    "midden-nederland": "Midden-Nederland",
    "noord-holland": "Noord-Holland",
    "amsterdam": "Amsterdam",
    "den-haag": "Den Haag",
    "rotterdam": "Rotterdam",
    "zeeland-west-brabant": "Zeeland-West-Brabant",
    "oost-brabant": "Oost-Brabant",
    "limburg": "Limburg",
}
NATIONAL_UNIT = ("landelijke-eenheid", "Landelijke Eenheid")

NATIONAL_ORGANISATIONS = [
    ("nctv", OrgKind.NCTV, "Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)"),
    ("lcc", OrgKind.LCC, "Landelijk Coördinatie Centrum Bewaken en Beveiligen (LCC)"),
    ("kmar", OrgKind.KMAR, "Koninklijke Marechaussee (KMar)"),
    ("aivd", OrgKind.AIVD, "Algemene Inlichtingen- en Veiligheidsdienst (AIVD)"),
    ("mivd", OrgKind.MIVD, "Militaire Inlichtingen- en Veiligheidsdienst (MIVD)"),
    ("inspectie-jenv", OrgKind.INSPECTORATE, "Inspectie Justitie en Veiligheid"),
    ("om-college", OrgKind.OM_COLLEGE, "College van procureurs-generaal (OM)"),
    ("beveiligden", OrgKind.PROTECTED_PERSONS, "Te beveiligen personen (portaal)"),
]


def read_municipalities(path: Path) -> Iterator[MunicipalityRow]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        expected = {"code", "name", "province", "district", "police_unit"}
        if not expected <= set(reader.fieldnames or []):
            raise ValueError(f"Kolommen ontbreken in {path.name}; verwacht: {', '.join(sorted(expected))}.")
        for row in reader:
            yield MunicipalityRow(
                code=row["code"].strip().upper(),
                name=row["name"],
                province=row["province"],
                district=row["district"].strip(),
                police_unit=row["police_unit"].strip(),
            )


@transaction.atomic
def load_reference(municipalities: Path = MUNICIPALITIES_CSV) -> dict[str, int]:
    """Idempotent: districts, police units, the standard organisations and the municipalities."""
    for code, name in DISTRICTS.items():
        district, _ = District.objects.update_or_create(code=code, defaults={"name": name})
        Organisation.objects.update_or_create(
            code=f"om-{code}",
            defaults={
                "kind": OrgKind.OM_DISTRICT,
                "name": f"OM Arrondissementsparket {name}",
                "district": district,
            },
        )
    for code, name in [*POLICE_UNITS.items(), NATIONAL_UNIT]:
        unit, _ = PoliceUnit.objects.update_or_create(
            code=code, defaults={"name": name, "is_national": code == NATIONAL_UNIT[0]}
        )
        Organisation.objects.update_or_create(
            code=f"politie-{code}",
            defaults={"kind": OrgKind.POLICE_UNIT, "name": f"Politie eenheid {name}", "police_unit": unit},
        )
    for code, kind, name in NATIONAL_ORGANISATIONS:
        Organisation.objects.update_or_create(code=code, defaults={"kind": kind, "name": name})
    return import_municipalities(
        None,
        read_municipalities(municipalities),
        reason=f"Referentiegegevens geladen uit {municipalities.name}",
    )
