"""Organisation kinds and roles. Pure enums: the access rules and the tests share them."""

from enum import StrEnum


class OrgKind(StrEnum):
    NCTV = "nctv"
    OM_DISTRICT = "om_arrondissement"  # arrondissementsparket: HOvJ and adviser BB&C
    OM_COLLEGE = "om_college"  # College van procureurs-generaal
    POLICE_UNIT = "politie_eenheid"
    LCC = "lcc"
    KMAR = "kmar"
    AIVD = "aivd"
    MIVD = "mivd"
    MUNICIPALITY = "gemeente"
    INSPECTORATE = "inspectie"
    PROTECTED_PERSONS = "beveiligden"  # the portal's organisation for protected persons themselves


class Role(StrEnum):
    NCTV_OFFICER = "nctv_medewerker"
    HOVJ = "hovj"
    ADVISER_BBC = "adviseur_bbc"
    OM_SECRETARIAT = "om_secretariaat"
    RCCB = "rccb"
    POLICE_INTEL = "politie_informatie"
    ADVISER_BB = "adviseur_bb"  # adviser B&B (police or KMar)
    LCC_COORDINATOR = "lcc_coordinator"
    KMAR_OFFICER = "kmar_medewerker"  # executes measures; reads products only by their marking
    KMAR_INTEL = "kmar_informatie"  # the KMar's intelligence organisation: produces threat products (§3.2)
    SERVICE_ANALYST = "analist_dienst"  # AIVD / MIVD
    MAYOR = "burgemeester"
    INSPECTOR = "inspecteur"
    PROTECTED_PERSON = "beveiligde"
    PG_COLLEGE = "college_pg"  # staff of the College of procurators general: informed about OM staff (R30)
    FUNCTIONAL_ADMIN = "functioneel_beheerder"


ROLE_LABELS: dict[Role, str] = {
    Role.NCTV_OFFICER: "Medewerker NCTV (gezag stelsel)",
    Role.HOVJ: "Hoofdofficier van Justitie (HOvJ)",
    Role.ADVISER_BBC: "Adviseur BB&C (OM)",
    Role.OM_SECRETARIAT: "Secretariaat triagetafel (OM)",
    Role.RCCB: "Portefeuillehouder RCCB (politie)",
    Role.POLICE_INTEL: "Informatieorganisatie (politie)",
    Role.ADVISER_BB: "Adviseur B&B (politie/KMar)",
    Role.LCC_COORDINATOR: "Coördinator LCC",
    Role.KMAR_OFFICER: "Medewerker KMar",
    Role.KMAR_INTEL: "Informatieorganisatie (KMar)",
    Role.SERVICE_ANALYST: "Analist AIVD/MIVD",
    Role.MAYOR: "Burgemeester",
    Role.INSPECTOR: "Inspecteur Justitie en Veiligheid",
    Role.PROTECTED_PERSON: "Te beveiligen persoon",
    Role.PG_COLLEGE: "Medewerker College van procureurs-generaal",
    Role.FUNCTIONAL_ADMIN: "Functioneel beheerder",
}

# Which organisation kind each role belongs to; a user's role must fit the organisation.
ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.NCTV_OFFICER: frozenset({OrgKind.NCTV}),
    Role.HOVJ: frozenset({OrgKind.OM_DISTRICT}),
    Role.ADVISER_BBC: frozenset({OrgKind.OM_DISTRICT}),
    Role.OM_SECRETARIAT: frozenset({OrgKind.OM_DISTRICT}),
    Role.RCCB: frozenset({OrgKind.POLICE_UNIT}),
    Role.POLICE_INTEL: frozenset({OrgKind.POLICE_UNIT}),
    Role.ADVISER_BB: frozenset({OrgKind.POLICE_UNIT, OrgKind.KMAR}),
    Role.LCC_COORDINATOR: frozenset({OrgKind.LCC}),
    Role.KMAR_OFFICER: frozenset({OrgKind.KMAR}),
    Role.KMAR_INTEL: frozenset({OrgKind.KMAR}),
    Role.SERVICE_ANALYST: frozenset({OrgKind.AIVD, OrgKind.MIVD}),
    Role.MAYOR: frozenset({OrgKind.MUNICIPALITY}),
    Role.INSPECTOR: frozenset({OrgKind.INSPECTORATE}),
    Role.PROTECTED_PERSON: frozenset({OrgKind.PROTECTED_PERSONS}),
    Role.PG_COLLEGE: frozenset({OrgKind.OM_COLLEGE}),
    Role.FUNCTIONAL_ADMIN: frozenset(OrgKind),
}

# The purpose written to the access log for every read, per role (BIO 8.15, Wpg art. 32a).
ROLE_PURPOSES: dict[Role, str] = {
    Role.NCTV_OFFICER: "Gezagsuitoefening stelsel beveiligen van personen",
    Role.HOVJ: "Gezagsuitoefening lokaal domein",
    Role.ADVISER_BBC: "Advisering bewaken, beveiligen en crisisbeheersing",
    Role.OM_SECRETARIAT: "Secretariaat triagetafel",
    Role.RCCB: "Weging dreiging en spoedmaatregelen (RCCB)",
    Role.POLICE_INTEL: "Opstellen dreigingsinformatie",
    Role.ADVISER_BB: "Maatregelenadvies",
    Role.LCC_COORDINATOR: "Coördinatie uitvoering maatregelen",
    Role.KMAR_OFFICER: "Uitvoering maatregelen",
    Role.KMAR_INTEL: "Opstellen dreigingsinformatie",
    Role.SERVICE_ANALYST: "Dreigingsanalyse",
    Role.MAYOR: "Openbare orde",
    Role.INSPECTOR: "Toezicht Inspectie JenV",
    Role.PROTECTED_PERSON: "Inzage eigen gegevens",
    Role.PG_COLLEGE: "Informatie over dreiging tegen OM-medewerkers",
    Role.FUNCTIONAL_ADMIN: "Functioneel beheer",
}
