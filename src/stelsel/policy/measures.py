"""Rules for deciding measures (§2.3.4, §3.3; R21, R38), as pure Python over the catalogue's kinds."""

from dataclasses import dataclass
from datetime import date

from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion


@dataclass(frozen=True)
class MeasureKind:
    code: str
    name: str
    weight: int  # 1 light ... 5 heavy
    person_directed: bool  # personal escort or close protection (R21)
    scope: str  # werk, prive or beide: where the measure can apply
    executors: tuple[str, ...]
    needs_municipality: bool
    review_days: int
    needs_cooperation: bool = True  # the person must take part: never forced on someone who does not (R42)


class MeasureRuleError(ValueError):
    """A measure the circulaire does not allow here; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


R_AUTHORITY_DECIDES = Reason(
    "R02", "§1.3", "Het gezag besluit over maatregelen; politie en KMar adviseren en voeren uit."
)
R_PERSON_DIRECTED = Reason(
    "R21",
    "§2.3.4",
    "Persoonsgerichte maatregelen (persoonsbegeleiding, persoonsbeveiliging) bestaan alleen in het stelsel, onder "
    "gezag van de NCTV.",
)
R_TEMPORARY = Reason(
    "R38", "§3.3", "Maatregelen zijn tijdelijk en worden periodiek herbeoordeeld; zo snel mogelijk afbouwen."
)
R_CATEGORY_I = Reason(
    "R04", "§2.3.2", "Categorie I: standaardmaatregelen, ook zonder dreiging; geen herbeoordeling nodig."
)


def check_kind_for_holder(kind: MeasureKind, holder: HolderKind) -> tuple[Reason, ...]:
    """R21: person-directed measures only under the NCTV; raises MeasureRuleError on `kind` otherwise."""
    if not kind.person_directed:
        return ()
    if holder is not HolderKind.NCTV:
        raise MeasureRuleError("kind", f"{kind.name}: {R_PERSON_DIRECTED.text} ({R_PERSON_DIRECTED.paragraph}, R21)")
    return (R_PERSON_DIRECTED,)


def check_measure(
    kind: MeasureKind,
    holder: HolderKind,
    principal_basis: Basis,
    starts_on: date,
    review_on: date | None,
    version: PolicyVersion,
    reevaluate_when: str = "",
) -> Outcome[bool]:
    """May this authority take this measure, as planned? Raises MeasureRuleError with the reason if not."""
    reasons = [R_AUTHORITY_DECIDES, *check_kind_for_holder(kind, holder)]
    standing = principal_basis is Basis.LIMITATIVE_LIST_I
    if review_on is None and not standing:
        raise MeasureRuleError("review_on", f"Herbeoordelingsdatum is verplicht: {R_TEMPORARY.text} (§3.3, R38)")
    if review_on is not None and review_on <= starts_on:
        raise MeasureRuleError("review_on", "De herbeoordelingsdatum moet na de ingangsdatum liggen.")
    if review_on is not None and not reevaluate_when.strip():
        raise MeasureRuleError(
            "reevaluate_when",
            "Geef aan op welke informatie de dreiging en deze maatregel eerder worden herbeoordeeld (§3.3, R38).",
        )
    reasons.append(R_CATEGORY_I if standing and review_on is None else R_TEMPORARY)
    return Outcome(True, tuple(reasons), version)
