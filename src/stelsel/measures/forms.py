"""Dutch web forms for measures; they only parse, the services decide and name what is wrong."""

from typing import Any

from django import forms

from stelsel.access.models import Organisation
from stelsel.access.roles import OrgKind
from stelsel.measures.catalogue import kind_choices
from stelsel.measures.models import (
    DURATION_CHOICES,
    FACILITATION_CHOICES,
    THREAT_LEVEL_CHOICES,
    ReporterKind,
    ReviewOutcome,
    Scenario,
    Scope,
)
from stelsel.measures.services import ItemInput, ReviewChoice
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
BLANK = [("", "– kies –")]


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def threat_fields() -> dict[str, forms.Field]:
    return {
        "threat_level": forms.TypedChoiceField(
            label="Dreigingsniveau",
            choices=BLANK + [(str(value), label) for value, label in THREAT_LEVEL_CHOICES],
            coerce=int,
            empty_value=None,
            required=False,
            help_text="Het niveau waarop het pakket rust (§3.3). Maatregelen bouwen op in zwaarte met het niveau.",
        ),
        "threat_duration": forms.ChoiceField(
            label="Verwachte duur van de dreiging",
            choices=BLANK + DURATION_CHOICES,
            required=False,
            help_text="Aard en duur wegen mee voor het faciliteren van privéactiviteiten (beleidslijn zorgplicht).",
        ),
    }


class ThreatForm(ServiceErrorsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The threat the package rests on comes first: the rest is weighed against it.
        self.fields = {**threat_fields(), **self.fields}


class DecideForm(ThreatForm):
    kind = forms.ChoiceField(label="Maatregel", choices=kind_choices)
    scope = forms.ChoiceField(label="Geldt voor", choices=Scope.choices)
    facilitation = forms.ChoiceField(
        label="Facilitering privéactiviteiten", choices=FACILITATION_CHOICES, required=False
    )
    starts_on = forms.DateField(label="Ingangsdatum", required=False, widget=DATE_WIDGET)
    review_on = forms.DateField(
        label="Herbeoordelen op",
        required=False,
        widget=DATE_WIDGET,
        help_text="Maatregelen zijn tijdelijk (§3.3); alleen standaardmaatregelen van categorie I hebben geen datum.",
    )
    reevaluate_when = _text("Eerder herbeoordelen als", 2, "De informatie die tot een nieuwe afweging leidt (R38).")
    motivation = _text("Motivering")
    despite_missing_handover = forms.BooleanField(
        label="Ik besluit nu, ook al ontbreekt het overdrachtsdossier nog", required=False
    )


class PhaseOutForm(ServiceErrorsMixin):
    motivation = _text("Motivering van de afbouw")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _adviser_orgs() -> Any:
    return Organisation.objects.filter(kind__in=[OrgKind.POLICE_UNIT, OrgKind.KMAR]).order_by("kind", "name")


class AdviceRequestForm(ServiceErrorsMixin):
    adviser_org = forms.ModelChoiceField(
        label="Adviseur B&B van",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Het eerste aanspreekpunt van het gezag: het landelijk adviesteam van de politie of de KMar (§4.1).",
    )
    question = _text("Vraag aan de adviseur")
    due_on = forms.DateField(label="Advies gewenst uiterlijk", required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser_org"].queryset = _adviser_orgs()  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    """One measure of a package. A row without a measure is left out."""

    kind = forms.ChoiceField(label="Maatregel", choices=lambda: BLANK + kind_choices(), required=False)
    scope = forms.ChoiceField(label="Geldt voor", choices=BLANK + list(Scope.choices), required=False)
    facilitation = forms.ChoiceField(label="Facilitering privé", choices=FACILITATION_CHOICES, required=False)
    review_on = forms.DateField(label="Herbeoordelen op", required=False, widget=DATE_WIDGET)
    reevaluate_when = forms.CharField(label="Eerder herbeoordelen als", required=False, max_length=500)
    note = forms.CharField(label="Toelichting", required=False, max_length=1000)

    def item_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            kind=data.get("kind") or "",
            scope=data.get("scope") or "",
            facilitation=data.get("facilitation") or "",
            review_on=data.get("review_on"),
            reevaluate_when=data.get("reevaluate_when") or "",
            note=data.get("note") or "",
        )


class AdviceItemForm(ItemForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["review_on"], self.fields["reevaluate_when"]


ItemFormSet = forms.formset_factory(ItemForm, extra=2)
AdviceItemFormSet = forms.formset_factory(AdviceItemForm, extra=5)


def package_items(formset: forms.BaseFormSet) -> list[ItemInput]:
    """The filled-in rows, in order; the services validate each and name the row in their errors."""
    return [form.item_input() for form in formset.forms if form.is_valid() and form.cleaned_data.get("kind")]


def put_item_errors(formset: forms.BaseFormSet, field_errors: dict[str, str], form: ServiceErrorsMixin) -> None:
    """`items.N.field` errors from a service go on the N-th filled-in row; others on the main form."""
    filled = [f for f in formset.forms if f.is_valid() and f.cleaned_data.get("kind")]
    for name, message in field_errors.items():
        parts = name.split(".")
        if parts[0] == "items" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(filled):
            row = filled[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, message)
        else:
            form.add_error(name if name in form.fields else None, message)


class AdviceDraftForm(ThreatForm):
    explanation = _text("Toelichting: dreiging en benodigd weerstandsniveau", 4)
    scarce_means = _text(
        "Advies over schaarse middelen",
        3,
        "Welke schaarse capaciteit het pakket vraagt en hoe die tussen gezagen kan worden verdeeld (§4.1).",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PackageDecisionForm(ThreatForm):
    starts_on = forms.DateField(label="Ingangsdatum", required=False, widget=DATE_WIDGET)
    motivation = _text("Motivering van het besluit", 4)
    despite_missing_handover = forms.BooleanField(
        label="Ik besluit nu, ook al ontbreekt het overdrachtsdossier nog", required=False
    )


class ReviewForm(ThreatForm):
    motivation = _text("Motivering van de herbeoordeling", 4)


REVIEW_OUTCOMES = BLANK + list(ReviewOutcome.choices)


def review_fields(measure_id: int) -> dict[str, forms.Field]:
    prefix = f"measures_{measure_id}"
    return {
        f"{prefix}_outcome": forms.ChoiceField(label="Uitkomst", choices=REVIEW_OUTCOMES, required=False),
        f"{prefix}_next_review_on": forms.DateField(
            label="Volgende herbeoordeling", required=False, widget=DATE_WIDGET
        ),
        f"{prefix}_reevaluate_when": forms.CharField(label="Eerder herbeoordelen als", required=False),
        f"{prefix}_new_scope": forms.ChoiceField(
            label="Geldt voortaan voor",
            choices=BLANK + list(Scope.choices),
            required=False,
            help_text="Alleen bij wijzigen, net als de facilitering hieronder.",
        ),
        f"{prefix}_new_facilitation": forms.ChoiceField(
            label="Facilitering privé", choices=FACILITATION_CHOICES, required=False
        ),
        f"{prefix}_version": forms.IntegerField(required=False, widget=forms.HiddenInput),
    }


def review_choices(form: forms.Form, measure_ids: list[int]) -> list[ReviewChoice]:
    data = form.cleaned_data
    return [
        ReviewChoice(
            measure_id=pk,
            outcome=data.get(f"measures_{pk}_outcome") or "",
            next_review_on=data.get(f"measures_{pk}_next_review_on"),
            reevaluate_when=data.get(f"measures_{pk}_reevaluate_when") or "",
            new_scope=data.get(f"measures_{pk}_new_scope") or "",
            new_facilitation=data.get(f"measures_{pk}_new_facilitation") or "",
            version=data.get(f"measures_{pk}_version"),
        )
        for pk in measure_ids
        if data.get(f"measures_{pk}_outcome")
    ]


class RiskMomentForm(ServiceErrorsMixin):
    reporter_kind = forms.ChoiceField(label="Gemeld door", choices=BLANK + list(ReporterKind.choices), required=False)
    reporter_name = forms.CharField(label="Naam melder (werkgever)", required=False, max_length=200)
    description = _text("Optreden", 3, "Een optreden in de functie op een voor breed publiek toegankelijke plaats.")
    location = forms.CharField(label="Locatie", required=False, max_length=200)
    municipality_code = forms.CharField(label="Gemeentecode (CBS)", required=False, max_length=6)
    starts_at = forms.DateTimeField(label="Begin", required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label="Einde", required=False, widget=DATETIME_WIDGET)


class RiskDecisionForm(ServiceErrorsMixin):
    extra_measures_advised = forms.TypedChoiceField(
        label="(Extra) maatregelen adviseren?",
        choices=[("", "– kies –"), ("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
    )
    motivation = _text("Motivering")


class NotifyMayorForm(ServiceErrorsMixin):
    municipality_code = forms.CharField(label="Gemeentecode (CBS)", required=False, max_length=6)
    scenario = forms.ChoiceField(label="Scenario", choices=BLANK + list(Scenario.choices), required=False)
    content = _text(
        "Wat u met de burgemeester deelt",
        5,
        "Alleen deze tekst bereikt de burgemeester; deel wat de openbare orde raakt (§2.3.5).",
    )
    measure = forms.IntegerField(required=False, widget=forms.HiddenInput)
    risk_moment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FourWayForm(ServiceErrorsMixin):
    municipality_code = forms.CharField(label="Gemeentecode (CBS)", required=False, max_length=6)
    held_on = forms.DateField(label="Gehouden op", required=False, widget=DATE_WIDGET)
    participants = _text("Deelnemers", 2)
    kmar_joined = forms.BooleanField(label="De KMar nam deel", required=False)
    agreements = _text("Afspraken", 4)
