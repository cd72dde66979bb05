"""Dutch web form for setting a threat level; it only parses, the service decides and names what is wrong."""

from typing import Any

from django import forms

from stelsel.policy.threat_matrix import ThreatMatrix
from stelsel.registry.forms import ServiceErrorsMixin


class ThreatLevelForm(ServiceErrorsMixin):
    severity = forms.ChoiceField(label="Ernst van de dreiging", required=False)
    likelihood = forms.ChoiceField(label="Waarschijnlijkheid dat de dreiging wordt uitgevoerd", required=False)
    motivation = forms.CharField(
        label="Motivering",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Waarom dit niveau, op het geheel van de informatie (§3.3, R35)?",
    )
    information = forms.CharField(
        label="Informatie waarop het niveau rust",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Eén informatieproduct of feit per regel, bijvoorbeeld: DI politie 12-11-2026.",
    )

    def __init__(self, *args: Any, matrix: ThreatMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "— kies —")]
        severity: forms.ChoiceField = self.fields["severity"]  # type: ignore[assignment]
        likelihood: forms.ChoiceField = self.fields["likelihood"]  # type: ignore[assignment]
        severity.choices = blank + [(grade.code, grade.label) for grade in matrix.severities]
        likelihood.choices = blank + [(grade.code, grade.label) for grade in matrix.likelihoods]
