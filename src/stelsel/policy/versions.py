"""Policy versions: each circulaire is one version with its validity dates; a later one is added beside it."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PolicyVersion:
    key: str
    title: str
    effective_from: date
    in_force_from: date
    effective_until: date | None = None

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


CIRCULAIRE_2026 = PolicyVersion(
    key="circulaire-bb-2026",
    title="Circulaire bewaken en beveiligen van personen, objecten en diensten 2026",
    effective_from=date(2026, 1, 1),
    in_force_from=date(2026, 2, 24),
)

VERSIONS: tuple[PolicyVersion, ...] = (CIRCULAIRE_2026,)


class NoPolicyVersion(LookupError):
    pass


def version_on(day: date) -> PolicyVersion:
    """The version that governs decisions taken on `day`."""
    for version in sorted(VERSIONS, key=lambda v: v.effective_from, reverse=True):
        if version.applies_on(day):
            return version
    raise NoPolicyVersion(f"Geen beleidsversie van toepassing op {day.isoformat()}.")
