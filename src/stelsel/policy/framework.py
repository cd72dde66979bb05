"""The assessment framework for triage (toetsingskader, §2.3.3; R12–R15) as a pure decision function.

The HOvJ answers the intake form's questions; this module says which route the framework allows: direct
admission (serious threat against life from a known actor within one of the four threat phenomena), the triage
table (professional insight of police and/or KMar gives reason to discuss), or not eligible. Every answer carries
its reasons with § references and the policy version, so the form can show them live and the case can store them.
"""

from dataclasses import dataclass
from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

SERIOUS_VIOLENCE_MIN_YEARS = 6  # §2.3.3 a: violent crimes with a maximum sentence of 6 years or more


class Route(StrEnum):
    DIRECT_ADMISSION = "directe_opname"
    TRIAGE_TABLE = "triagetafel"
    NOT_ELIGIBLE = "niet_stelselwaardig"


ROUTE_LABELS: dict[Route, str] = {
    Route.DIRECT_ADMISSION: "Directe opname",
    Route.TRIAGE_TABLE: "Bespreking aan de triagetafel",
    Route.NOT_ELIGIBLE: "Niet stelselwaardig",
}


class Phenomenon(StrEnum):
    ORGANISED_CRIME = "georganiseerde_criminaliteit"
    TERRORISM_EXTREMISM = "terrorisme_extremisme"
    STATE_ACTOR = "statelijke_dreiging"
    FIXATED_LONER = "gefixeerde_eenling"
    NONE_OR_UNKNOWN = "geen_onbekend"


PHENOMENON_LABELS: dict[Phenomenon, str] = {
    Phenomenon.ORGANISED_CRIME: "Georganiseerde ondermijnende criminaliteit",
    Phenomenon.TERRORISM_EXTREMISM: "Terrorisme en extremisme",
    Phenomenon.STATE_ACTOR: "Statelijke dreiging",
    Phenomenon.FIXATED_LONER: "Gefixeerde eenling",
    Phenomenon.NONE_OR_UNKNOWN: "Geen of onbekend",
}


class LifeThreat(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    NOT_AGAINST_LIFE = "niet"


LIFE_THREAT_LABELS: dict[LifeThreat, str] = {
    LifeThreat.DIRECT: "Direct tegen het leven gericht",
    LifeThreat.INDIRECT: "Indirect tegen het leven gericht",
    LifeThreat.NOT_AGAINST_LIFE: "Niet tegen het leven gericht",
}


@dataclass(frozen=True)
class IntakeAnswers:
    """The framework's questions as the intake form asks them (§2.3.3, 'Toepassing van het toetsingskader')."""

    violent_offence: bool  # (co-)committing a violent crime
    max_sentence_years: int  # its statutory maximum; 0 when there is none
    art285_threat: bool  # threat against life, art. 285 Sr
    antecedent_serious_violence: bool
    antecedent_violent_group: bool
    antecedent_mental_disorder: bool
    life_threat: LifeThreat
    actor_known: bool
    phenomenon: Phenomenon
    phenomenon_facts: str  # the facts that place the actor in the phenomenon
    professional_insight: bool  # police and/or KMar see reason to discuss the case
    professional_insight_text: str = ""


R_SERIOUS_OFFENCE = Reason(
    "R14", "§2.3.3 a", "Ernstige dreiging: (mede)plegen van een geweldsdelict met een strafmaximum van 6 jaar of meer."
)
R_SERIOUS_285 = Reason(
    "R14",
    "§2.3.3 a",
    "Ernstige dreiging: bedreiging tegen het leven (art. 285 Sr) met antecedenten van ernstig geweld, deelname aan "
    "een gewelddadige groepering of een psychische stoornis bij de dreigende actor.",
)
R_NOT_SERIOUS = Reason(
    "R14",
    "§2.3.3 a",
    "Geen ernstige dreiging: geen geweldsdelict met een strafmaximum van 6 jaar of meer, en geen bedreiging "
    "tegen het leven (art. 285 Sr) met een van de genoemde antecedenten.",
)
R_285_WITHOUT_ANTECEDENTS = Reason(
    "R14",
    "§2.3.3 a",
    "Een bedreiging tegen het leven (art. 285 Sr) zonder antecedenten van ernstig geweld, gewelddadige groepering "
    "of psychische stoornis is geen ernstige dreiging in de zin van het toetsingskader.",
)
R_AGAINST_LIFE = Reason("R14", "§2.3.3 a", "De dreiging is direct of indirect tegen het leven gericht.")
R_NOT_AGAINST_LIFE = Reason(
    "R14", "§2.3.3 a", "De dreiging is niet direct of indirect tegen het leven gericht: geen ernstige dreiging."
)
R_ACTOR_KNOWN = Reason("R14", "§2.3.3 a", "De dreigende actor is bekend.")
R_ACTOR_UNKNOWN = Reason(
    "R14", "§2.3.3 a", "Voor directe voordracht moet de dreigende actor bekend zijn; dat is hij niet."
)
R_NO_PHENOMENON = Reason(
    "R13", "§2.3.3 b", "De dreiging komt niet (aantoonbaar) uit een van de vier dreigingsfenomenen."
)
R_PHENOMENON_WITHOUT_FACTS = Reason(
    "R13",
    "§2.3.3 b",
    "Er is een dreigingsfenomeen gekozen maar niet onderbouwd met feiten; zonder onderbouwing telt het niet.",
)
R_INSIGHT = Reason(
    "R15",
    "§2.3.3 c",
    "Professioneel inzicht van politie en/of KMar geeft reden de casus aan de triagetafel te bespreken.",
)
R_NO_INSIGHT = Reason(
    "R15",
    "§2.3.3 c",
    "Geen professioneel inzicht van politie of KMar dat reden geeft tot bespreking aan de triagetafel.",
)

# The process steps of triage (§2.3.3), cited in the journal entry of each step.
R_TABLE = Reason(
    "R16",
    "§2.3.3",
    "Alleen de partij die het gezag heeft agendeert voor de triagetafel; het OM voert het secretariaat en zit voor.",
)
R_NCTV_JUDGES = Reason(
    "R17",
    "§2.3.3",
    "Alleen de NCTV oordeelt over opname, vastgelegd en beargumenteerd met de onderliggende informatie.",
)
R_OM_INFORMED = Reason("R18", "§2.3.3", "Met het versturen van het oordeelsformulier wordt het OM geïnformeerd.")
R_HANDOVER = Reason(
    "R19",
    "§2.3.3",
    "Na het oordeel stuurt de HOvJ het overdrachtsdossier; daarmee heeft de NCTV de informatie voor aanvullende "
    "maatregelen.",
)
R_ESCALATION = Reason(
    "R20",
    "§2.3.3",
    "Escalatie: eerst de landelijk coördinerend HOvJ met de directeur NCTV, als laatste trede de portefeuillehoudend "
    "procureur-generaal met de NCTV.",
)


def _phenomenon_reason(phenomenon: Phenomenon) -> Reason:
    return Reason("R13", "§2.3.3 b", f"De dreiging komt uit het dreigingsfenomeen {PHENOMENON_LABELS[phenomenon]}.")


def serious_threat(answers: IntakeAnswers) -> tuple[bool, tuple[Reason, ...]]:
    """R14: serious threat, judged on the offence or art. 285 with antecedents, and always against life."""
    reasons: list[Reason] = []
    offence = answers.violent_offence and answers.max_sentence_years >= SERIOUS_VIOLENCE_MIN_YEARS
    antecedents = (
        answers.antecedent_serious_violence or answers.antecedent_violent_group or answers.antecedent_mental_disorder
    )
    threat_285 = answers.art285_threat and antecedents
    if offence:
        reasons.append(R_SERIOUS_OFFENCE)
    if threat_285:
        reasons.append(R_SERIOUS_285)
    if not (offence or threat_285):
        reasons.append(R_285_WITHOUT_ANTECEDENTS if answers.art285_threat else R_NOT_SERIOUS)
    against_life = answers.life_threat is not LifeThreat.NOT_AGAINST_LIFE
    reasons.append(R_AGAINST_LIFE if against_life else R_NOT_AGAINST_LIFE)
    return (offence or threat_285) and against_life, tuple(reasons)


def phenomenon_established(answers: IntakeAnswers) -> tuple[bool, Reason]:
    """R13 b: one of the four phenomena, supported by facts."""
    if answers.phenomenon is Phenomenon.NONE_OR_UNKNOWN:
        return False, R_NO_PHENOMENON
    if not answers.phenomenon_facts.strip():
        return False, R_PHENOMENON_WITHOUT_FACTS
    return True, _phenomenon_reason(answers.phenomenon)


def assess(answers: IntakeAnswers, version: PolicyVersion) -> Outcome[Route]:
    """The route the framework allows for these answers, with every reason that led there."""
    serious, reasons = serious_threat(answers)
    phenomenon_ok, phenomenon_reason = phenomenon_established(answers)
    all_reasons = [*reasons, phenomenon_reason, R_ACTOR_KNOWN if answers.actor_known else R_ACTOR_UNKNOWN]
    if serious and phenomenon_ok and answers.actor_known:
        return Outcome(Route.DIRECT_ADMISSION, tuple(all_reasons), version)
    if answers.professional_insight:
        return Outcome(Route.TRIAGE_TABLE, (*all_reasons, R_INSIGHT), version)
    return Outcome(Route.NOT_ELIGIBLE, (*all_reasons, R_NO_INSIGHT), version)


class RouteChoiceError(ValueError):
    """A route the HOvJ may not choose against the framework's outcome; the message is Dutch."""


def check_route_choice(chosen: Route, outcome: Outcome[Route]) -> None:
    """R12: the HOvJ may send a direct-admission case to the triage table, never the reverse (§2.3.3)."""
    if chosen is Route.NOT_ELIGIBLE:
        raise RouteChoiceError("Kies directe opname of de triagetafel; een niet-stelselwaardige casus stuurt u niet.")
    if chosen is Route.DIRECT_ADMISSION and outcome.value is not Route.DIRECT_ADMISSION:
        raise RouteChoiceError(
            "Directe opname kan alleen bij een ernstige dreiging tegen het leven van een bekende actor uit een van de "
            "vier dreigingsfenomenen (§2.3.3, R13/R14). Kies de triagetafel of vul het formulier aan."
        )
    if chosen is Route.TRIAGE_TABLE and outcome.value is Route.NOT_ELIGIBLE:
        raise RouteChoiceError(
            "De triagetafel vraagt professioneel inzicht van politie en/of KMar dat reden geeft tot bespreking "
            "(§2.3.3 c, R15). Leg dat inzicht vast of draag de casus niet voor."
        )
