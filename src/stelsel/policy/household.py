"""The household rule (kerngezin, §2.3, R07, R08)."""

from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion


class RelationKind(StrEnum):
    PARTNER = "levensgezel"
    CHILD = "kind"
    STEPCHILD = "stiefkind"
    ADOPTED_CHILD = "adoptiekind"
    PARENT = "ouder"
    SIBLING = "broer_zus"
    OTHER_RELATIVE = "overig_familielid"


RELATION_LABELS: dict[RelationKind, str] = {
    RelationKind.PARTNER: "Levensgezel",
    RelationKind.CHILD: "Kind",
    RelationKind.STEPCHILD: "Stiefkind",
    RelationKind.ADOPTED_CHILD: "Adoptiekind",
    RelationKind.PARENT: "Ouder",
    RelationKind.SIBLING: "Broer of zus",
    RelationKind.OTHER_RELATIVE: "Overig familielid",
}

_KIND_REASONS: dict[RelationKind, Reason] = {
    RelationKind.PARTNER: Reason("R07", "§2.3", "Levensgezel op hetzelfde adres hoort bij het kerngezin."),
    RelationKind.CHILD: Reason("R07", "§2.3", "Inwonende kinderen, ongeacht leeftijd, horen bij het kerngezin."),
    RelationKind.STEPCHILD: Reason("R07", "§2.3", "Inwonende stiefkinderen horen bij het kerngezin."),
    RelationKind.ADOPTED_CHILD: Reason("R07", "§2.3", "Inwonende adoptiekinderen horen bij het kerngezin."),
    RelationKind.PARENT: Reason("R07", "§2.3", "Inwonende familieleden horen bij het kerngezin."),
    RelationKind.SIBLING: Reason("R07", "§2.3", "Inwonende familieleden horen bij het kerngezin."),
    RelationKind.OTHER_RELATIVE: Reason("R07", "§2.3", "Inwonende familieleden horen bij het kerngezin."),
}

NOT_RESIDENT = Reason(
    "R08",
    "§2.3",
    "Woont niet op hetzelfde adres: geen kerngezin; aanwijzing alleen per casus na een apart besluit.",
)


def is_household_member(kind: RelationKind, same_address: bool, version: PolicyVersion) -> Outcome[bool]:
    """Every listed relative who lives at the person's address is household; nobody at another address is."""
    if not same_address:
        return Outcome(False, (NOT_RESIDENT,), version)
    return Outcome(True, (_KIND_REASONS[kind],), version)
