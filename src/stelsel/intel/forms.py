"""Dutch web forms for threat levels and threat products; they only parse, the service decides what is wrong."""

from typing import Any

from django import forms

from stelsel.access.models import Organisation
from stelsel.intel import attachments as attachment_store
from stelsel.policy.attachments import ALLOWED_TEXT, human_size
from stelsel.policy.framework import PHENOMENON_LABELS
from stelsel.policy.products import MARKING_LABELS, PRODUCT_RULES
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


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------

PRODUCER_KINDS = ("politie_eenheid", "kmar", "aivd", "mivd")


def _kind_choices(requestable_only: bool) -> list[tuple[str, str]]:
    return [("", "— kies —")] + [
        (kind.value, rule.label) for kind, rule in PRODUCT_RULES.items() if rule.requestable or not requestable_only
    ]


class ProductRequestForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label="Soort product", required=False, choices=_kind_choices(True))
    producer_org = forms.ModelChoiceField(
        label="Op te stellen door",
        required=False,
        queryset=Organisation.objects.filter(kind__in=PRODUCER_KINDS).order_by("name"),
    )
    question = forms.CharField(label="Vraag", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    due_on = forms.DateField(label="Gereed op", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def parse_sources(text: str) -> list[dict[str, str]]:
    """One source per line as 'B: beschrijving'; the service judges the reliability grade."""
    sources = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        grade, sep, description = line.partition(":")
        if not sep:
            grade, description = "", line
        sources.append({"reliability": grade.strip(), "description": description.strip()})
    return sources


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Several files in one field; the service's rules judge them (type, size, number), not Django's FileField."""

    widget = MultipleFileInput

    def clean(self, value: Any) -> list[Any]:
        if not value:
            return []
        return [item for item in (value if isinstance(value, list | tuple) else [value]) if item]


def attachments_help() -> str:
    limits = attachment_store.limits()
    return (
        f"Optioneel: {ALLOWED_TEXT}; ten hoogste {limits.max_count} bestanden van elk ten hoogste "
        f"{human_size(limits.max_bytes)}. Ze horen bij de levering en worden daarna niet meer gewijzigd."
    )


class WithdrawRequestForm(ServiceErrorsMixin):
    verzoek = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label="Reden van intrekken", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProductForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label="Soort product", required=False, choices=_kind_choices(False))
    body = forms.CharField(label="Inhoud", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    threatened = forms.CharField(label="Bedreigde", required=False)
    threatener = forms.CharField(label="Bedreiger", required=False)
    phenomenon = forms.ChoiceField(
        label="Fenomeen",
        required=False,
        choices=[("", "— geen —")] + [(p.value, label) for p, label in PHENOMENON_LABELS.items()],
    )
    severity = forms.ChoiceField(label="Ernst", required=False)
    likelihood = forms.ChoiceField(label="Waarschijnlijkheid", required=False)
    sources = forms.CharField(
        label="Bronnen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eén bron per regel met haar betrouwbaarheid A tot en met F, bijvoorbeeld: B: informant politie.",
    )
    marking = forms.ChoiceField(
        label="Wie mag het lezen (markering, R51)",
        required=False,
        choices=[("", "— kies —")] + [(m.value, label) for m, label in MARKING_LABELS.items()],
    )
    named_orgs = forms.ModelMultipleChoiceField(
        label="Genoemde organisaties",
        required=False,
        queryset=Organisation.objects.exclude(kind="beveiligden").order_by("name"),
        help_text="Alleen bij de markering 'gezag en de genoemde organisaties'.",
    )
    sanitised_summary = forms.CharField(
        label="Geschoonde samenvatting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optioneel: voor lezers die de persoon zien maar het product niet mogen lezen.",
    )
    attachments = MultipleFileField(label="Bijlagen", required=False)

    def __init__(self, *args: Any, matrix: ThreatMatrix | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()
        blank = [("", "— geen —")]
        severity: forms.ChoiceField = self.fields["severity"]  # type: ignore[assignment]
        likelihood: forms.ChoiceField = self.fields["likelihood"]  # type: ignore[assignment]
        if matrix is not None:
            severity.choices = blank + [(grade.code, grade.label) for grade in matrix.severities]
            likelihood.choices = blank + [(grade.code, grade.label) for grade in matrix.likelihoods]
        else:
            # No usable matrix: nothing to choose; a value posted anyway goes to the service, which names the problem.
            self.fields["severity"] = forms.CharField(required=False, widget=forms.HiddenInput)
            self.fields["likelihood"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sources"] = parse_sources(data.get("sources") or "")
        data["named_orgs"] = list(data.get("named_orgs") or [])
        data["attachments"] = [attachment_store.from_uploaded_file(item) for item in data.get("attachments") or []]
        return data
