"""Deployment of scarce capacity for person-directed measures (§4.1, §1.4; R39, R40, R49, R50), as pure Python.

The LCC coordinates the execution of person-directed measures for stelsel persons from one central view of the
available capacity, with differentiated deployment concepts (R39). The person's activities over the day lead the
deployment (seed 001, flexible deployment); the threat level leads the priority and work goes before private
activities (R50). What cannot be covered becomes the list the adviser B&B hands the authority (R40).
"""

from collections.abc import Mapping
from datetime import datetime

from stelsel.policy.reasons import Reason

# The qualifications a deployment concept asks for, with their Dutch names (the planner's Qualification uses these).
QUALIFICATION_NAMES: dict[str, str] = {
    "close_protection": "persoonsbeveiliging",
    "escort": "escorte",
    "driver": "chauffeur",
    "surveillance": "observatie en bewaking",
}
PERSON_DIRECTED_KINDS = ("close_protection", "personal_escort")  # the catalogue codes the LCC plans (R21, R39)
MAX_TEAM = 12  # no deployment concept asks more people for one activity
MAX_RUN_DAYS = 7
MAX_ACTIVITY_HOURS = 24

R_LCC = Reason(
    "R39",
    "§4.1",
    "Het LCC coördineert de voorbereiding en uitvoering van persoonsgerichte maatregelen voor personen in het stelsel, "
    "vanuit een centraal beeld van de beschikbare capaciteit en met gedifferentieerde inzetconcepten.",
)
R_FLEXIBLE = Reason(
    "R39",
    "§4.1",
    "De activiteiten van de te beveiligen persoon over de dag zijn leidend voor de inzet van de capaciteit "
    "(flexibele inzet).",
)
R_PRIORITY = Reason(
    "R50",
    "§2.2",
    "Veiligheid voorop: het dreigingsniveau bepaalt de prioriteit; binnen een niveau gaat werk voor privé.",
)
R_SHORTAGE = Reason(
    "R40",
    "§4.1",
    "Wat niet gedekt kan worden, gaat als advies over de verdeling van schaarse middelen via de adviseur B&B naar het "
    "gezag; het gezag beslist.",
)
R_DASHBOARD = Reason(
    "R49",
    "§1.4",
    "Het dashboard toont de stuurtafel de actuele ingezette en beschikbare capaciteit, zonder inlichtingen die alleen "
    "voor het gezag zijn.",
)
R_KEEP_PREVIOUS = Reason(
    "R39",
    "§4.1",
    "Een mislukte of geannuleerde planning verandert niets: het vorige plan blijft van kracht.",
)

RUN_REASONS = (R_LCC, R_FLEXIBLE, R_PRIORITY, R_SHORTAGE)

# The deployment concept per measure and threat level (the benchmark's generator uses the same levels).
CP, ESCORT, DRIVER, SURV = "close_protection", "escort", "driver", "surveillance"
CLOSE_PROTECTION_TEAMS: dict[int, dict[str, int]] = {
    1: {CP: 1},
    2: {CP: 1, DRIVER: 1},
    3: {CP: 2, DRIVER: 1},
    4: {CP: 2, DRIVER: 1, ESCORT: 1},
    5: {CP: 3, DRIVER: 1, ESCORT: 1, SURV: 1},
}
ESCORT_TEAMS: dict[int, dict[str, int]] = {
    1: {ESCORT: 1},
    2: {ESCORT: 1},
    3: {ESCORT: 1, DRIVER: 1},
    4: {ESCORT: 2, DRIVER: 1},
    5: {ESCORT: 2, DRIVER: 1},
}


class DeploymentRuleError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def concept_team(measure_kind: str, threat_level: int) -> dict[str, int]:
    """The default team for one activity: the deployment concept of the measure at the level (R39).

    Work and private activities get the same team: the priority differs (R50), not the protection.
    """
    teams = CLOSE_PROTECTION_TEAMS if measure_kind == "close_protection" else ESCORT_TEAMS
    return dict(teams[max(1, min(5, threat_level))])


def qualification_label(code: str) -> str:
    return QUALIFICATION_NAMES.get(code, code)


def team_label(team: Mapping[str, int]) -> str:
    return ", ".join(f"{n}× {qualification_label(q)}" for q, n in sorted(team.items()) if n)


def check_team(team: Mapping[str, object]) -> dict[str, int]:
    """A team as {qualification: count}; raises DeploymentRuleError on `team` when it is not one."""
    result: dict[str, int] = {}
    for code, count in team.items():
        if code not in QUALIFICATION_NAMES:
            names = ", ".join(f"{code} ({label})" for code, label in QUALIFICATION_NAMES.items())
            raise DeploymentRuleError("team", f"Onbekende kwalificatie '{code}'; bekend zijn: {names}.")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise DeploymentRuleError("team", f"Het aantal voor {qualification_label(code)} is geen geheel getal ≥ 0.")
        if count:
            result[code] = count
    if not result:
        raise DeploymentRuleError("team", "Een activiteit vraagt minstens één medewerker.")
    if sum(result.values()) > MAX_TEAM:
        raise DeploymentRuleError(
            "team", f"Het team ({sum(result.values())} medewerkers) is groter dan enig inzetconcept ({MAX_TEAM})."
        )
    return result


def check_activity_times(starts_at: datetime | None, ends_at: datetime | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = "Geef aan wanneer de activiteit begint."
    if ends_at is None:
        errors["ends_at"] = "Geef aan wanneer de activiteit eindigt."
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            errors["ends_at"] = (
                f"De activiteit eindigt ({ends_at:%d-%m-%Y %H:%M}) voordat zij begint ({starts_at:%d-%m-%Y %H:%M})."
            )
        elif (ends_at - starts_at).total_seconds() > MAX_ACTIVITY_HOURS * 3600:
            errors["ends_at"] = f"Een activiteit duurt hoogstens {MAX_ACTIVITY_HOURS} uur; splits haar op."
    return errors


def check_qualifications(codes: list[str]) -> list[str]:
    if not codes:
        raise DeploymentRuleError("qualifications", "Een medewerker heeft minstens één kwalificatie.")
    unknown = [c for c in codes if c not in QUALIFICATION_NAMES]
    if unknown:
        raise DeploymentRuleError("qualifications", f"Onbekende kwalificatie: {', '.join(unknown)}.")
    return sorted(set(codes))
