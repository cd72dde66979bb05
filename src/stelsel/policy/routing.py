"""Where a report goes (§3.3): moments of increased risk go to the NCTV or to the RCCB of the person's unit."""

from stelsel.policy.authority import HolderKind
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

R_RISK_TO_NCTV = Reason("R37", "§3.3", "Verhoogd risicomoment van een persoon in het stelsel: aangemeld bij de NCTV.")
R_RISK_TO_RCCB = Reason(
    "R37",
    "§3.3",
    "Verhoogd risicomoment van een persoon in het lokaal domein: aangemeld bij de portefeuillehouder RCCB van de "
    "regionale eenheid waar de persoon woont.",
)

NCTV_CODE = "nctv"


class RoutingError(ValueError):
    pass


def route_risk_moment(holder: HolderKind | None, home_police_unit: str | None, version: PolicyVersion) -> Outcome[str]:
    """The organisation code the moment is reported to: the NCTV for the stelsel, else the home unit's RCCB."""
    if holder is HolderKind.NCTV:
        return Outcome(NCTV_CODE, (R_RISK_TO_NCTV,), version)
    if home_police_unit is None:
        raise RoutingError("Zonder woonadres is de regionale eenheid voor het risicomoment niet te bepalen.")
    return Outcome(f"politie-{home_police_unit}", (R_RISK_TO_RCCB,), version)
