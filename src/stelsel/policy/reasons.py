"""Reasons and outcomes: the shape in which every rule answers."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from stelsel.policy.versions import PolicyVersion

T = TypeVar("T")


@dataclass(frozen=True)
class Reason:
    rule: str  # stable rule name from DOMAIN.md, e.g. "R07"
    paragraph: str  # circulaire paragraph, e.g. "§2.3"
    text: str  # Dutch, shown to users

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "paragraph": self.paragraph, "text": self.text}

    def __str__(self) -> str:
        return f"{self.text} ({self.paragraph}, {self.rule})"


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T
    reasons: tuple[Reason, ...]
    policy_version: PolicyVersion
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def reasons_as_dicts(self) -> list[dict[str, str]]:
        return [reason.as_dict() for reason in self.reasons]

    def explanation(self) -> str:
        return "; ".join(str(reason) for reason in self.reasons)
