"""The protected person's cooperation and what it means for the package (R42, R50; circulaire §2.2, §5.1, seed 002).

Cooperation is essential to reach the resistance the threat requires (§2.2, §5.1). Without it the state can give
substance to its duty of care only in a limited way: it imposes no forced measures, and the minimum is to keep
informing the person about the threat and advising on what he or she can do (beleidslijn zorgplicht). A person who
seeks out the threat or is an integrity risk to the system is protected, but accepts more limits in daily life.

`cooperation_effect` answers, with reasons, what a recorded status means; the duty-of-care rules of a package use it.
"""

from dataclasses import dataclass
from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

SEED_002 = "beleidslijn zorgplicht"


class Cooperation(StrEnum):
    FULL = "volledig"
    PARTIAL = "gedeeltelijk"
    NONE = "geen"


COOPERATION_LABELS: dict[Cooperation, str] = {
    Cooperation.FULL: "Volledige medewerking",
    Cooperation.PARTIAL: "Gedeeltelijke medewerking",
    Cooperation.NONE: "Geen medewerking",
}

R_COOPERATION_ESSENTIAL = Reason(
    "R42",
    "§2.2",
    "Medewerking van de te beveiligen persoon is essentieel om het benodigde weerstandsniveau te bereiken; diens "
    "gedrag draagt in grote mate bij aan de eigen veiligheid en die van de beveiligers.",
)
R_FULL_COOPERATION = Reason(
    "R42",
    "§5.1",
    "De persoon werkt volledig mee: maatregelen die medewerking vragen worden aangeboden en kunnen werken zoals "
    "bedoeld.",
)
R_PARTIAL_COOPERATION = Reason(
    "R42",
    "§5.1",
    "De persoon werkt gedeeltelijk mee: maatregelen die medewerking vragen worden aangeboden, maar hun effect is "
    "beperkt; dit is vastgelegd.",
)
R_NO_COOPERATION = Reason(
    "R42",
    "§5.1",
    "Zonder medewerking vult de overheid haar zorgplicht beperkt in: zij legt geen gedwongen maatregelen op en blijft "
    "de persoon minimaal informeren over de dreiging en adviseren over handelingsperspectieven, met als doel alsnog "
    f"medewerking te krijgen ({SEED_002}).",
)
R_LIMITS_ACCEPTED = Reason(
    "R50",
    "§2.2",
    "De persoon zoekt de dreiging op of vormt een risico voor de integriteit van het stelsel: bescherming wordt "
    "geboden, maar privéactiviteiten worden beperkt gefaciliteerd en de persoon aanvaardt meer beperkingen in het "
    f"dagelijks leven ({SEED_002}).",
)


class CooperationRuleError(ValueError):
    """An unknown cooperation status; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CooperationEffect:
    """What a cooperation status means for the package. Forced measures are never part of it (R42)."""

    cooperation: Cooperation
    limits_accepted: bool
    # Measures that need the person's cooperation are part of the offer (never with no cooperation).
    offers_cooperative_measures: bool
    # They are offered, but their effect is limited, and this is recorded (partial cooperation).
    cooperative_effect_limited: bool
    # The minimum: keep informing and advising the person, to win cooperation after all (no cooperation).
    inform_and_advise_only: bool
    # Broad facilitation of private activities is not offered (the person accepts more limits).
    private_facilitation_restricted: bool

    @property
    def label(self) -> str:
        return COOPERATION_LABELS[self.cooperation]

    @property
    def summary(self) -> str:
        """One Dutch line for pages and the journal."""
        if self.inform_and_advise_only:
            text = "Geen gedwongen maatregelen; minimaal informeren en adviseren"
        elif self.cooperative_effect_limited:
            text = "Maatregelen die medewerking vragen worden aangeboden, met beperkt effect"
        else:
            text = "Maatregelen die medewerking vragen worden aangeboden"
        if self.private_facilitation_restricted:
            text += "; bescherming wel, privéactiviteiten beperkt gefaciliteerd"
        return text + "."

    def as_dict(self) -> dict[str, object]:
        return {
            "cooperation": self.cooperation.value,
            "limits_accepted": self.limits_accepted,
            "offers_cooperative_measures": self.offers_cooperative_measures,
            "cooperative_effect_limited": self.cooperative_effect_limited,
            "inform_and_advise_only": self.inform_and_advise_only,
            "private_facilitation_restricted": self.private_facilitation_restricted,
            "summary": self.summary,
        }


def parse_cooperation(status: Cooperation | str | None) -> Cooperation:
    try:
        return Cooperation(status or "")
    except ValueError:
        raise CooperationRuleError(
            "status", "Kies de medewerking: volledige, gedeeltelijke of geen medewerking."
        ) from None


def cooperation_effect(
    status: Cooperation | str, limits_accepted: bool, version: PolicyVersion
) -> Outcome[CooperationEffect]:
    """What the status means for the package, with its reasons. Raises CooperationRuleError for an unknown status."""
    cooperation = parse_cooperation(status)
    reasons = [R_COOPERATION_ESSENTIAL]
    if cooperation is Cooperation.FULL:
        reasons.append(R_FULL_COOPERATION)
    elif cooperation is Cooperation.PARTIAL:
        reasons.append(R_PARTIAL_COOPERATION)
    else:
        reasons.append(R_NO_COOPERATION)
    if limits_accepted:
        reasons.append(R_LIMITS_ACCEPTED)
    effect = CooperationEffect(
        cooperation=cooperation,
        limits_accepted=limits_accepted,
        offers_cooperative_measures=cooperation is not Cooperation.NONE,
        cooperative_effect_limited=cooperation is Cooperation.PARTIAL,
        inform_and_advise_only=cooperation is Cooperation.NONE,
        private_facilitation_restricted=limits_accepted,
    )
    return Outcome(effect, tuple(reasons), version)
