"""The local domain (§2.4; R24–R30) and the NCTV's advice on objects (§2.5; R31, R32), as pure rules.

A threat report reaches the RCCB of the unit where the threatened person lives (or the object lies). The RCCB weighs
whether the threat is serious (the framework's criteria, R14); if so the case goes to the adviser BB&C of the
responsible HOvJ, who with the HOvJ decides one of three things (R27), or first orders a threat product (R28).
Threats against the driehoek and OM staff have their own routing (§2.4.2; R29, R30). Every answer carries its reasons
with § references and the policy version.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

DEFAULT_CONFIRM_HOURS = 24  # provisional urgent measures not confirmed after this show as overdue (configurable)


class ReportStatus(StrEnum):
    REPORTED = "gemeld"  # with the RCCB, to be weighed
    WITH_ADVISER = "bij_adviseur"  # serious: with the adviser BB&C of the responsible HOvJ
    PRODUCT_ORDERED = "product_gevraagd"  # the adviser ordered a threat product (R27, R28)
    ADVICE_ORDERED = "advies_gevraagd"  # a measures advice was ordered; the HOvJ decides on it (R28)
    LOCAL_MEASURES = "lokale_maatregelen"  # extra local measures: the HOvJ decides which
    MEASURES_DECIDED = "maatregelen_besloten"
    PROPOSED_FOR_STELSEL = "voorgedragen_stelsel"  # police drafts the intake form (R27)
    BASIC_CARE = "basispolitiezorg"  # closed: nothing beyond basic police care
    TO_NCTV = "naar_nctv"  # a stelsel person or an art. 4 object: the NCTV is the authority (R11, R32)


STATUS_LABELS: dict[ReportStatus, str] = {
    ReportStatus.REPORTED: "Gemeld, weging door de RCCB",
    ReportStatus.WITH_ADVISER: "Ernstige dreiging, bij de adviseur BB&C",
    ReportStatus.PRODUCT_ORDERED: "Dreigingsproduct gevraagd",
    ReportStatus.ADVICE_ORDERED: "Maatregelenadvies gevraagd",
    ReportStatus.LOCAL_MEASURES: "Aanvullende lokale maatregelen, besluit HOvJ",
    ReportStatus.MEASURES_DECIDED: "Lokale maatregelen besloten",
    ReportStatus.PROPOSED_FOR_STELSEL: "Aangedragen voor het stelsel, intakeformulier door politie",
    ReportStatus.BASIC_CARE: "Basispolitiezorg",
    ReportStatus.TO_NCTV: "Doorgezonden naar de NCTV",
}

OPEN_STATUSES = frozenset(
    {
        ReportStatus.REPORTED,
        ReportStatus.WITH_ADVISER,
        ReportStatus.PRODUCT_ORDERED,
        ReportStatus.ADVICE_ORDERED,
        ReportStatus.LOCAL_MEASURES,
    }
)
# While the case is with the OM (after a serious weighing, before it is closed or decided), urgent measures can still
# be taken by the RCCB and confirmed by the adviser.
WITH_OM = frozenset(OPEN_STATUSES - {ReportStatus.REPORTED})


class ReportSource(StrEnum):
    REPORT = "melding"
    COMPLAINT = "aangifte"


SOURCE_LABELS: dict[ReportSource, str] = {
    ReportSource.REPORT: "Melding",
    ReportSource.COMPLAINT: "Aangifte",
}


class ThreatenedFunction(StrEnum):
    """The threatened person's function as far as §2.4.2 routes on it."""

    NONE = "geen"
    MAYOR = "burgemeester"
    POLICE_CHIEF = "politiechef"
    HOVJ = "hovj"
    OM_STAFF = "om_medewerker"  # other OM staff: the College of PGs is informed (R30)


FUNCTION_LABELS: dict[ThreatenedFunction, str] = {
    ThreatenedFunction.NONE: "Geen bijzondere functie",
    ThreatenedFunction.MAYOR: "Burgemeester",
    ThreatenedFunction.POLICE_CHIEF: "Politiechef",
    ThreatenedFunction.HOVJ: "Hoofdofficier van Justitie",
    ThreatenedFunction.OM_STAFF: "Medewerker van het OM",
}

OM_FUNCTIONS = frozenset({ThreatenedFunction.HOVJ, ThreatenedFunction.OM_STAFF})


class AdviserDecision(StrEnum):
    """R27, R28: what the adviser BB&C decides with the HOvJ."""

    LOCAL_MEASURES = "lokale_maatregelen"
    PROPOSE_STELSEL = "aandragen_stelsel"
    BASIC_CARE = "basispolitiezorg"
    ORDER_PRODUCT = "product"
    ORDER_ADVICE = "maatregelenadvies"


DECISION_LABELS: dict[AdviserDecision, str] = {
    AdviserDecision.LOCAL_MEASURES: "Aanvullende veiligheidsmaatregelen in het lokaal domein",
    AdviserDecision.PROPOSE_STELSEL: "Aandragen voor opname in het stelsel (politie stelt het intakeformulier op)",
    AdviserDecision.BASIC_CARE: "Geen aanvullende maatregelen: basispolitiezorg",
    AdviserDecision.ORDER_PRODUCT: "Opdracht voor een (dreigings)informatieproduct",
    AdviserDecision.ORDER_ADVICE: "Opdracht voor een maatregelenadvies van de politie",
}

# --- reasons -----------------------------------------------------------------------------------------------------

R_TO_RCCB = Reason(
    "R25",
    "§2.4.1",
    "Een melding of aangifte van een dreiging wordt ter kennis gebracht van de RCCB van de politie-eenheid waar de "
    "bedreigde woont of het object ligt; daar vindt de eerste weging plaats.",
)
R_SERIOUS_TO_ADVISER = Reason(
    "R25",
    "§2.4.1",
    "De dreiging voldoet aan de criteria van ernstige dreiging: de casus wordt gemeld aan de adviseur BB&C van het OM.",
)
R_NOT_SERIOUS = Reason(
    "R25",
    "§2.4.1",
    "De dreiging voldoet niet aan de criteria van ernstige dreiging: de casus valt onder de reguliere "
    "basispolitiezorg.",
)
R_HOVJ_LOCAL = Reason(
    "R24",
    "§2.4.1",
    "Buiten het stelsel worden veiligheidsmaatregelen getroffen onder verantwoordelijkheid van de HOvJ.",
)
R_HOVJ_OBJECT = Reason(
    "R31",
    "§2.5",
    "Een concrete dreiging tegen een object of dienst: strafrechtelijke handhaving van de rechtsorde, onder "
    "verantwoordelijkheid van de HOvJ.",
)
R_STELSEL_PERSON = Reason(
    "R11",
    "§2.3.1",
    "De bedreigde valt in het stelsel: de NCTV is het enige gezag; de melding gaat naar de NCTV, niet naar het lokaal "
    "domein.",
)
R_ART4_OBJECT = Reason(
    "R32",
    "§2.5",
    "Koninklijk paleis, ambtswoning MP of DNB: de NCTV is altijd het gezag; de melding gaat naar de NCTV.",
)
R_URGENT = Reason(
    "R26",
    "§2.4.1",
    "Spoedmaatregel onder verantwoordelijkheid van de portefeuillehouder RCCB, in afwachting van afstemming met de "
    "HOvJ; voorlopig tot de adviseur BB&C hem vaststelt.",
)
R_URGENT_NOT_PERSON_DIRECTED = Reason(
    "R26",
    "§2.4.1",
    "Spoedmaatregelen van de RCCB zijn nooit persoonsgericht; persoonsbegeleiding en persoonsbeveiliging bestaan "
    "alleen in het stelsel (§2.3.4, R21).",
)
R_CONFIRMED = Reason(
    "R26", "§2.4.1", "De voorlopige spoedmaatregel is afgestemd met de adviseur BB&C en daarmee vastgesteld."
)
R_NOT_CONFIRMED = Reason(
    "R26", "§2.4.1", "De adviseur BB&C stelt de voorlopige spoedmaatregel niet vast: hij wordt beëindigd."
)
R_ADVISER_DECIDES = Reason(
    "R27",
    "§2.4.1",
    "De adviseur BB&C beslist met de HOvJ: aanvullende lokale maatregelen, aandragen voor het stelsel, of geen "
    "aanvullende maatregelen bovenop de basispolitiezorg.",
)
R_PROPOSE = Reason(
    "R27",
    "§2.4.1",
    "Opname in het stelsel is passend: de adviseur BB&C geeft de politie opdracht het intakeformulier op te stellen.",
)
R_PRODUCT = Reason(
    "R28",
    "§2.4.1",
    "De adviseur BB&C geeft opdracht tot een (dreigings)informatieproduct; daarna volgt een maatregelenadvies of "
    "gaat de casus terug naar de basispolitiezorg.",
)
R_ADVICE = Reason(
    "R28", "§2.4.1", "Na het dreigingsproduct: opdracht tot een maatregelenadvies; de HOvJ besluit erover."
)
R_HOVJ_DECIDES = Reason("R28", "§2.4.1", "De HOvJ neemt het besluit over de lokale veiligheidsmaatregelen.")
R_DRIEHOEK_HOME = Reason(
    "R29",
    "§2.4.2",
    "Een bedreigde burgemeester of politiechef: de HOvJ van het arrondissement van de woonplaats beoordeelt de casus, "
    "met het toetsingskader voor triage.",
)
R_CHIEF_OTHER_UNIT = Reason(
    "R29",
    "§2.4.2",
    "De bedreigde politiechef woont in zijn eigen eenheid: dreigingsproduct en maatregelenadvies worden door een "
    "andere eenheid opgemaakt.",
)
R_HOVJ_HOME = Reason(
    "R30", "§2.4.2", "Een bedreigde HOvJ: de HOvJ van het arrondissement van de woonplaats is verantwoordelijk."
)
R_HOVJ_OTHER = Reason(
    "R30",
    "§2.4.2",
    "De bedreigde HOvJ woont en werkt in hetzelfde arrondissement: een andere HOvJ krijgt de verantwoordelijkheid.",
)
R_COLLEGE = Reason(
    "R30",
    "§2.4.2",
    "Het College van procureurs-generaal wordt altijd geïnformeerd over de dreiging en de maatregelen voor personen "
    "die werkzaam zijn bij het OM.",
)
R_OBJECT_ADVICE = Reason(
    "R31",
    "§2.5",
    "Voor objecten en diensten op de limitatieve lijst geeft de NCTV op basis van het dreigingsbeeld een advies aan "
    "het lokale gezag.",
)
R_OBJECT_ADVICE_ANSWER = Reason(
    "R31", "§2.5", "Het lokale gezag is verantwoordelijk voor het al dan niet opvolgen van het advies van de NCTV."
)


class LocalRuleError(ValueError):
    """A step the circulaire does not allow here; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# --- routing (R25, R29, R30, R11, R32) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a threatened person lives and works, or where an object lies, as district and police-unit codes."""

    home_district: str | None
    home_unit: str | None
    work_district: str | None = None
    work_unit: str | None = None


@dataclass(frozen=True)
class PartnerRules:
    """The configurable rule that picks another district or unit: configured pairs, else the next code in order."""

    partner_districts: Mapping[str, str] = field(default_factory=dict)
    partner_units: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Routing:
    to_nctv: bool
    rccb_unit: str | None  # the unit whose RCCB weighs the report
    district: str | None  # the responsible HOvJ's district
    producing_unit: str | None  # the unit whose intelligence and RCCB make the product and the advice
    notify_college: bool


def _partner(code: str, configured: Mapping[str, str], candidates: Sequence[str], what: str) -> tuple[str, str]:
    """Another district or unit than `code`, and how the rule chose it (shown with the reason)."""
    chosen = configured.get(code)
    if chosen and chosen != code and chosen in candidates:
        return chosen, f"ingestelde partner van {what} {code}"
    others = sorted(c for c in candidates if c != code)
    if not others:
        raise LocalRuleError("subject", f"Er is geen ander(e) {what} om de casus aan toe te wijzen.")
    following = [c for c in others if c > code]
    return (following or others)[0], f"standaardregel: het eerstvolgende {what} in alfabetische volgorde na {code}"


def _works_where(code: str | None, who: str, question: str, rule: str) -> str:
    """The district or unit of the work address, which the driehoek rules need (§2.4.2)."""
    if code is None:
        raise LocalRuleError(
            "threatened_function",
            f"Leg eerst het werkadres van de {who} vast: daaruit volgt of hij {question} (§2.4.2, {rule}).",
        )
    return code


def route_report(
    *,
    is_object: bool,
    function: ThreatenedFunction,
    place: Place,
    in_stelsel: bool,
    art4: bool,
    districts: Sequence[str],
    units: Sequence[str],
    rules: PartnerRules,
    version: PolicyVersion,
) -> Outcome[Routing]:
    """Which RCCB weighs the report, which HOvJ is responsible and which unit produces product and advice."""
    if is_object and function is not ThreatenedFunction.NONE:
        raise LocalRuleError("threatened_function", "Een functie hoort bij een bedreigde persoon, niet bij een object.")
    college = function in OM_FUNCTIONS
    reasons: list[Reason] = [R_TO_RCCB]
    if in_stelsel or art4:
        reasons.append(R_ART4_OBJECT if art4 else R_STELSEL_PERSON)
        if college:
            reasons.append(R_COLLEGE)
        return Outcome(Routing(True, place.home_unit, None, None, college), tuple(reasons), version)
    if place.home_district is None or place.home_unit is None:
        raise LocalRuleError(
            "subject",
            "Het object heeft geen gemeente."
            if is_object
            else "Van de bedreigde is geen woonadres bekend: leg dat eerst vast, de melding gaat naar de RCCB van de "
            "eenheid waar de persoon woont (§2.4.1).",
        )
    district, producing = place.home_district, place.home_unit
    extra: dict[str, object] = {}
    if is_object:
        reasons.append(R_HOVJ_OBJECT)
    elif function in {ThreatenedFunction.MAYOR, ThreatenedFunction.POLICE_CHIEF}:
        reasons.append(R_DRIEHOEK_HOME)
        chief = function is ThreatenedFunction.POLICE_CHIEF
        if (
            chief
            and _works_where(place.work_unit, "politiechef", "in zijn eigen eenheid woont", "R29") == place.home_unit
        ):
            producing, how = _partner(place.home_unit, rules.partner_units, units, "eenheid")
            reasons.append(R_CHIEF_OTHER_UNIT)
            extra["producing_unit_rule"] = how
    elif function is ThreatenedFunction.HOVJ:
        if _works_where(place.work_district, "HOvJ", "in hetzelfde arrondissement woont en werkt", "R30") == (
            place.home_district
        ):
            district, how = _partner(place.home_district, rules.partner_districts, districts, "arrondissement")
            reasons.append(R_HOVJ_OTHER)
            extra["district_rule"] = how
        else:
            reasons.append(R_HOVJ_HOME)
    else:
        reasons.append(R_HOVJ_LOCAL)
    if college:
        reasons.append(R_COLLEGE)
    return Outcome(Routing(False, place.home_unit, district, producing, college), tuple(reasons), version, extra)


# --- steps -------------------------------------------------------------------------------------------------------


R_DRIEHOEK_ALWAYS = Reason(
    "R29",
    "§2.4.2",
    "Een bedreigde burgemeester, politiechef of medewerker van het OM: de verantwoordelijke HOvJ beoordeelt de casus, "
    "ook als de eerste weging geen ernstige dreiging aanwijst.",
)


def weighing(
    serious: bool, criteria: Sequence[Reason], function: ThreatenedFunction, version: PolicyVersion
) -> Outcome[ReportStatus]:
    """R25: serious threat goes to the adviser BB&C, else basic police care; with the framework's criteria (R14).
    A threat against the driehoek or OM staff is always assessed by the responsible HOvJ (§2.4.2)."""
    if not serious and function is not ThreatenedFunction.NONE:
        return Outcome(ReportStatus.WITH_ADVISER, (*criteria, R_DRIEHOEK_ALWAYS), version)
    reason = R_SERIOUS_TO_ADVISER if serious else R_NOT_SERIOUS
    status = ReportStatus.WITH_ADVISER if serious else ReportStatus.BASIC_CARE
    return Outcome(status, (*criteria, reason), version)


def check_urgent_measure(person_directed: bool, name: str, status: ReportStatus) -> tuple[Reason, ...]:
    """R26: the RCCB takes urgent measures at once, on a serious threat, never person-directed ones."""
    if person_directed:
        raise LocalRuleError("kind", f"{name}: {R_URGENT_NOT_PERSON_DIRECTED.text} (§2.4.1, R26)")
    if status is ReportStatus.REPORTED:
        raise LocalRuleError(
            "report",
            "Weeg eerst of de dreiging ernstig is: spoedmaatregelen horen bij een ernstige dreiging "
            "(§2.4.1, R25, R26).",
        )
    if status not in WITH_OM:
        raise LocalRuleError("report", f"De casus is {STATUS_LABELS[status].lower()}: geen spoedmaatregelen meer.")
    return (R_URGENT,)


def confirmation_overdue(taken_at: datetime, moment: datetime, hours: int) -> bool:
    """R26: a provisional measure not aligned with the adviser BB&C within `hours` is overdue."""
    return moment - taken_at > timedelta(hours=hours)


_ALLOWED: dict[ReportStatus, frozenset[AdviserDecision]] = {
    ReportStatus.WITH_ADVISER: frozenset(
        {
            AdviserDecision.LOCAL_MEASURES,
            AdviserDecision.PROPOSE_STELSEL,
            AdviserDecision.BASIC_CARE,
            AdviserDecision.ORDER_PRODUCT,
        }
    ),
    ReportStatus.PRODUCT_ORDERED: frozenset({AdviserDecision.ORDER_ADVICE, AdviserDecision.BASIC_CARE}),
    # The HOvJ may still decide that nothing beyond basic care is needed, against the advice too (R28).
    ReportStatus.LOCAL_MEASURES: frozenset({AdviserDecision.BASIC_CARE}),
    ReportStatus.ADVICE_ORDERED: frozenset({AdviserDecision.BASIC_CARE}),
}

_NEXT: dict[AdviserDecision, tuple[ReportStatus, tuple[Reason, ...]]] = {
    AdviserDecision.LOCAL_MEASURES: (ReportStatus.LOCAL_MEASURES, (R_ADVISER_DECIDES, R_HOVJ_DECIDES)),
    AdviserDecision.PROPOSE_STELSEL: (ReportStatus.PROPOSED_FOR_STELSEL, (R_ADVISER_DECIDES, R_PROPOSE)),
    AdviserDecision.BASIC_CARE: (ReportStatus.BASIC_CARE, (R_ADVISER_DECIDES,)),
    AdviserDecision.ORDER_PRODUCT: (ReportStatus.PRODUCT_ORDERED, (R_PRODUCT,)),
    AdviserDecision.ORDER_ADVICE: (ReportStatus.ADVICE_ORDERED, (R_ADVICE,)),
}


def adviser_step(
    status: ReportStatus,
    decision: AdviserDecision,
    product_delivered: bool,
    version: PolicyVersion,
    is_object: bool = False,
) -> Outcome[ReportStatus]:
    """R27, R28: the decisions open in this state, and the state each leads to."""
    if is_object and decision in {
        AdviserDecision.ORDER_PRODUCT,
        AdviserDecision.ORDER_ADVICE,
        AdviserDecision.PROPOSE_STELSEL,
    }:
        raise LocalRuleError(
            "decision",
            "Voor een object of dienst beslist het gezag zelf over maatregelen of basispolitiezorg; het stelsel, "
            "dreigingsproducten en maatregelenadviezen gaan over personen (§2.5).",
        )
    allowed = _ALLOWED.get(status, frozenset())
    if decision not in allowed:
        options = ", ".join(DECISION_LABELS[d].lower() for d in AdviserDecision if d in allowed)
        raise LocalRuleError(
            "decision",
            f"In de stand '{STATUS_LABELS[status].lower()}' kan dit niet"
            + (f"; wel: {options} (§2.4.1, R27, R28)." if options else " (§2.4.1, R27, R28)."),
        )
    if status is ReportStatus.PRODUCT_ORDERED and not product_delivered:
        raise LocalRuleError(
            "decision", "Het gevraagde dreigingsproduct is nog niet geleverd; beslis daarna (§2.4.1, R28)."
        )
    nxt, reasons = _NEXT[decision]
    if status is ReportStatus.PRODUCT_ORDERED and decision is AdviserDecision.BASIC_CARE:
        reasons = (R_PRODUCT,)
    if status in {ReportStatus.LOCAL_MEASURES, ReportStatus.ADVICE_ORDERED}:
        reasons = (R_HOVJ_DECIDES,)
    if is_object and decision is AdviserDecision.LOCAL_MEASURES:
        # Measures at an object are the authority's own (§2.5): the decision itself records them.
        return Outcome(ReportStatus.MEASURES_DECIDED, (R_HOVJ_OBJECT, R_HOVJ_DECIDES), version)
    return Outcome(nxt, reasons, version)


def hovj_may_decide(status: ReportStatus) -> None:
    if status not in {ReportStatus.LOCAL_MEASURES, ReportStatus.ADVICE_ORDERED}:
        raise LocalRuleError(
            "report",
            "De HOvJ besluit over lokale maatregelen nadat de adviseur BB&C daartoe heeft besloten of een "
            "maatregelenadvies heeft gevraagd (§2.4.1, R27, R28).",
        )
