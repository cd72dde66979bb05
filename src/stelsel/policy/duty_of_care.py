"""The duty-of-care policy (beleidslijn zorgplicht, seed 002; circulaire §2.2, §5.1) as rules over a package.

A package of measures is judged as a whole and item by item. Every item comes back with the reasons it rests on,
so the adviser and the authority see which rule each choice follows; a choice the policy does not allow raises
`PackageRuleError` naming the field and the rule.

The threat level is the authority's judgement of the whole picture (§3.3, R35). Until the threat-information
issue (#5) sets levels from its severity x likelihood matrix, the level is entered with the package on this scale.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.cooperation import (
    R_LIMITS_ACCEPTED,
    R_NO_COOPERATION,
    R_PARTIAL_COOPERATION,
    SEED_002,
    Cooperation,
)
from stelsel.policy.measures import MeasureKind
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion


class ThreatLevel(IntEnum):
    LOW = 1
    LIMITED = 2
    SUBSTANTIAL = 3
    HIGH = 4
    VERY_HIGH = 5


THREAT_LEVEL_LABELS: dict[ThreatLevel, str] = {
    ThreatLevel.LOW: "1 – laag",
    ThreatLevel.LIMITED: "2 – beperkt",
    ThreatLevel.SUBSTANTIAL: "3 – aanzienlijk",
    ThreatLevel.HIGH: "4 – hoog",
    ThreatLevel.VERY_HIGH: "5 – zeer hoog",
}

# Measures build up in weight with the threat (seed 002): the heaviest weight each level carries.
MAX_WEIGHT: dict[ThreatLevel, int] = {
    ThreatLevel.LOW: 2,
    ThreatLevel.LIMITED: 3,
    ThreatLevel.SUBSTANTIAL: 4,
    ThreatLevel.HIGH: 5,
    ThreatLevel.VERY_HIGH: 5,
}


class ThreatDuration(StrEnum):
    SHORT = "kort"  # the cause can plausibly be taken away on a relatively short term
    LONG = "langdurig"  # no prospect of the threat decreasing


DURATION_LABELS: dict[ThreatDuration, str] = {
    ThreatDuration.SHORT: "Van beperkte duur (oorzaak op korte termijn weg te nemen)",
    ThreatDuration.LONG: "Langdurig, zonder zicht op afname",
}


class Facilitation(StrEnum):
    """How far a person-directed measure makes private activities possible."""

    NONE = ""
    LIMITED = "beperkt"
    BROAD = "ruim"


FACILITATION_LABELS: dict[Facilitation, str] = {
    Facilitation.NONE: "n.v.t.",
    Facilitation.LIMITED: "Beperkt: alleen noodzakelijke, vooraf aangemelde privéactiviteiten",
    Facilitation.BROAD: "Ruim: ook andere privéactiviteiten",
}


R_SAFETY_FIRST = Reason(
    "R50",
    "§2.2",
    "Veiligheid staat voorop; het benodigde weerstandsniveau is leidend. Werk- en privéactiviteiten mogelijk maken "
    f"is aanvullend ({SEED_002}).",
)
R_LAYERED = Reason(
    "R50",
    "§2.2",
    "Gelaagde verantwoordelijkheid: eerst de persoon en de werkgever; de overheid vult aan wat zij redelijkerwijs "
    "niet zelf kunnen.",
)
R_OFFER = Reason(
    "R50", "§2.2", "Het pakket is een maatwerkaanbod en niet onderhandelbaar; absolute veiligheid bestaat niet."
)
R_WEIGHT = Reason(
    "R50", "§2.2", f"Maatregelen bouwen op in zwaarte met het dreigingsniveau (proportionaliteit, {SEED_002})."
)
R_WORK_FIRST = Reason("R50", "§2.2", f"Werkactiviteiten gaan voor privéactiviteiten ({SEED_002}).")
R_DURATION = Reason(
    "R50",
    "§2.2",
    "Aard en duur van de dreiging wegen mee voor privéactiviteiten: bij een dreiging van beperkte duur is tijdelijk "
    f"een grotere beperking aanvaardbaar; bij langdurige dreiging wordt ruimer gefaciliteerd ({SEED_002}).",
)
R_STANDARD_PACKAGE = Reason(
    "R04", "§2.3.2", "Categorie I: standaardmaatregelen, ook zonder dreiging; de zwaarte volgt niet het niveau."
)
R_NO_ACQUIRED_RIGHTS = Reason(
    "R50",
    "§3.3",
    f"Het pakket wordt periodiek herzien; aan een eerder pakket worden geen rechten ontleend ({SEED_002}).",
)


class PackageRuleError(ValueError):
    """A choice the duty-of-care policy does not allow; the message is Dutch and names the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PackageItem:
    kind: MeasureKind
    scope: str  # werk, prive or beide
    facilitation: Facilitation = Facilitation.NONE

    @property
    def covers_work(self) -> bool:
        return self.scope in {"werk", "beide"}

    @property
    def covers_private(self) -> bool:
        return self.scope in {"prive", "beide"}


@dataclass(frozen=True)
class PackageContext:
    holder: HolderKind
    basis: Basis  # the protected person's own basis (a household member's follows the person)
    threat_level: ThreatLevel
    duration: ThreatDuration
    cooperation: Cooperation | None = None  # None: not recorded yet, judged as full cooperation
    limits_accepted: bool = False
    # The person's measures that stay active beside this package: (catalogue code, scope) pairs.
    active: frozenset[tuple[str, str]] = frozenset()
    work_covered_elsewhere: bool = False  # an active person-directed measure already covers work


@dataclass(frozen=True)
class ItemJudgement:
    item: PackageItem
    reasons: tuple[Reason, ...]

    @property
    def reasons_as_dicts(self) -> list[dict[str, str]]:
        return [reason.as_dict() for reason in self.reasons]


def _fail(index: int, field: str, kind: MeasureKind, reason: Reason, why: str) -> PackageRuleError:
    return PackageRuleError(f"items.{index}.{field}", f"{kind.name}: {why} ({reason.paragraph}, {reason.rule})")


SCOPE_LABELS = {"werk": "werk", "prive": "privé", "beide": "werk en privé"}


def _judge_item(index: int, item: PackageItem, context: PackageContext, work_covered: bool) -> tuple[Reason, ...]:
    kind, reasons = item.kind, [R_SAFETY_FIRST]
    if kind.scope != "beide" and item.scope != kind.scope:
        raise PackageRuleError(
            f"items.{index}.scope", f"{kind.name} geldt alleen voor {SCOPE_LABELS.get(kind.scope, kind.scope)}."
        )
    if (kind.code, item.scope) in context.active:
        raise PackageRuleError(
            f"items.{index}.kind", f"{kind.name} ({SCOPE_LABELS.get(item.scope, item.scope)}) is al actief."
        )
    if context.basis is Basis.LIMITATIVE_LIST_I:
        reasons.append(R_STANDARD_PACKAGE)
    else:
        ceiling = MAX_WEIGHT[context.threat_level]
        if kind.weight > ceiling:
            raise _fail(
                index,
                "kind",
                kind,
                R_WEIGHT,
                f"zwaarte {kind.weight} gaat boven wat dreigingsniveau {THREAT_LEVEL_LABELS[context.threat_level]} "
                f"draagt (ten hoogste {ceiling}); maatregelen bouwen op in zwaarte",
            )
        reasons.append(R_WEIGHT)
    if context.cooperation is Cooperation.NONE and kind.needs_cooperation:
        raise _fail(
            index,
            "kind",
            kind,
            R_NO_COOPERATION,
            "de persoon werkt niet mee en deze maatregel vraagt medewerking; geen gedwongen maatregelen, minimaal "
            "informeren en adviseren",
        )
    if context.cooperation is Cooperation.PARTIAL and kind.needs_cooperation:
        reasons.append(R_PARTIAL_COOPERATION)
    reasons.extend(_judge_facilitation(index, item, context, work_covered))
    return tuple(reasons)


def _judge_facilitation(index: int, item: PackageItem, context: PackageContext, work_covered: bool) -> list[Reason]:
    kind = item.kind
    if not (kind.person_directed and item.covers_private):
        if item.facilitation is not Facilitation.NONE:
            raise PackageRuleError(
                f"items.{index}.facilitation",
                f"{kind.name}: facilitering van privéactiviteiten geldt alleen voor persoonsgerichte maatregelen "
                "in de privésfeer.",
            )
        return [R_WORK_FIRST] if kind.person_directed else []
    if item.facilitation is Facilitation.NONE:
        raise PackageRuleError(
            f"items.{index}.facilitation",
            f"{kind.name}: kies hoe ver privéactiviteiten worden gefaciliteerd (beperkt of ruim); "
            f"{R_DURATION.text} ({R_DURATION.paragraph}, {R_DURATION.rule})",
        )
    if item.scope == "prive" and not work_covered:
        raise _fail(
            index,
            "scope",
            kind,
            R_WORK_FIRST,
            "privéactiviteiten worden pas gefaciliteerd als het pakket de werkactiviteiten dekt; werk gaat voor privé",
        )
    reasons = [R_WORK_FIRST, R_DURATION]
    if item.facilitation is Facilitation.BROAD:
        if context.limits_accepted:
            raise _fail(index, "facilitation", kind, R_LIMITS_ACCEPTED, "alleen beperkte facilitering")
        if context.duration is ThreatDuration.SHORT:
            raise _fail(
                index,
                "facilitation",
                kind,
                R_DURATION,
                "bij een dreiging van beperkte duur is tijdelijk een grotere beperking aanvaardbaar: alleen beperkte "
                "facilitering",
            )
    if context.limits_accepted:
        reasons.append(R_LIMITS_ACCEPTED)
    return reasons


def judge_package(
    items: Sequence[PackageItem], context: PackageContext, version: PolicyVersion
) -> Outcome[tuple[ItemJudgement, ...]]:
    """Judge a package: each item with its reasons, the package with the general ones. Raises PackageRuleError."""
    if not items:
        raise PackageRuleError("items", "Een pakket bevat ten minste één maatregel.")
    codes = [item.kind.code for item in items]
    for index, code in enumerate(codes):
        if code in codes[:index] and items[index].scope == items[codes.index(code)].scope:
            raise PackageRuleError(f"items.{index}.kind", f"{items[index].kind.name} staat al in het pakket.")
    work_covered = context.work_covered_elsewhere or any(
        item.kind.person_directed and item.covers_work for item in items
    )
    judgements = tuple(
        ItemJudgement(item, _judge_item(index, item, context, work_covered)) for index, item in enumerate(items)
    )
    general = [R_SAFETY_FIRST, R_LAYERED, R_OFFER]
    if context.cooperation is Cooperation.NONE:
        general.append(R_NO_COOPERATION)
    return Outcome(judgements, tuple(general), version)
