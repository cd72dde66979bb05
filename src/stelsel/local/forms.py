"""Dutch web forms of the local domain; they only parse, the services decide and name what is wrong."""

from typing import Any

from django import forms

from stelsel.intel.models import PRODUCT_KIND_CHOICES
from stelsel.local.services import Criteria
from stelsel.measures.catalogue import kind_choices
from stelsel.measures.forms import BLANK, DATETIME_WIDGET
from stelsel.measures.models import Scope
from stelsel.policy.framework import LIFE_THREAT_LABELS
from stelsel.policy.local_domain import DECISION_LABELS, FUNCTION_LABELS, SOURCE_LABELS, AdviserDecision
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(ServiceErrorsMixin):
    threatened_function = forms.ChoiceField(
        label="Functie van de bedreigde",
        choices=[(f.value, label) for f, label in FUNCTION_LABELS.items()],
        required=False,
        help_text="Burgemeester, politiechef, HOvJ of OM-medewerker: de routering volgt §2.4.2.",
    )
    received_as = forms.ChoiceField(
        label="Binnengekomen als",
        choices=BLANK + [(src.value, label) for src, label in SOURCE_LABELS.items()],
        required=False,
    )
    occurred_at = forms.DateTimeField(label="Moment van de dreiging", required=False, widget=DATETIME_WIDGET)
    what_happened = _text("Wat is er gebeurd", 4, "De dreiging zelf: wat, hoe en via welk kanaal.")
    threatener = forms.CharField(
        label="Dreiger (indien bekend)", required=False, help_text="Leeg laten als de dreiger onbekend is."
    )


class WeighingForm(ServiceErrorsMixin):
    violent_offence = forms.BooleanField(label="(Mede)plegen van een geweldsdelict", required=False)
    max_sentence_years = forms.IntegerField(
        label="Strafmaximum van dat delict (jaren)", required=False, min_value=0, max_value=99
    )
    art285_threat = forms.BooleanField(label="Bedreiging tegen het leven (art. 285 Sr)", required=False)
    antecedent_serious_violence = forms.BooleanField(label="Antecedenten van ernstig geweld", required=False)
    antecedent_violent_group = forms.BooleanField(label="Deelname aan een gewelddadige groepering", required=False)
    antecedent_mental_disorder = forms.BooleanField(label="Psychische stoornis bij de dreiger", required=False)
    life_threat = forms.ChoiceField(
        label="Gericht tegen het leven",
        choices=BLANK + [(t.value, label) for t, label in LIFE_THREAT_LABELS.items()],
        required=False,
    )
    motivation = _text("Motivering van de weging", 4)
    version = _version()

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            violent_offence=data["violent_offence"],
            max_sentence_years=data["max_sentence_years"] or 0,
            art285_threat=data["art285_threat"],
            antecedent_serious_violence=data["antecedent_serious_violence"],
            antecedent_violent_group=data["antecedent_violent_group"],
            antecedent_mental_disorder=data["antecedent_mental_disorder"],
            life_threat=data["life_threat"],
        )


class UrgentMeasureForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label="Maatregel", choices=lambda: BLANK + kind_choices(), required=False)
    scope = forms.ChoiceField(label="Geldt voor", choices=BLANK + list(Scope.choices), required=False)
    motivation = _text("Motivering: waarom per direct", 3)
    version = _version()


def _yes_or_no(label: str, yes: str, no: str) -> forms.TypedChoiceField:
    """A required-by-the-service choice: True, False, or None when nothing was chosen (the service names it)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[*BLANK, ("ja", yes), ("nee", no)],
        coerce=lambda value: value == "ja",
        empty_value=None,
        required=False,
    )


class ConfirmForm(ServiceErrorsMixin):
    confirm = _yes_or_no("Afstemming", "Vaststellen", "Niet vaststellen: beëindigen")
    motivation = _text("Motivering", 3)
    version = _version()


class DecisionForm(ServiceErrorsMixin):
    decision = forms.ChoiceField(label="Besluit", required=False)
    motivation = _text("Motivering van het besluit", 4)
    product_kind = forms.ChoiceField(
        label="Soort product (bij opdracht voor een product)", choices=BLANK + PRODUCT_KIND_CHOICES, required=False
    )
    question = _text("Opdracht (bij een product of maatregelenadvies)", 3)
    due_on = forms.DateField(label="Uiterlijk klaar op", required=False, widget=DATE_WIDGET)
    version = _version()

    def __init__(self, *args: Any, options: list[AdviserDecision] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = options if options is not None else list(AdviserDecision)
        self.fields["decision"].choices = BLANK + [(d.value, DECISION_LABELS[d]) for d in shown]  # type: ignore[attr-defined]


class ObjectAdviceForm(ServiceErrorsMixin):
    advice = _text(
        "Advies aan het lokale gezag", 5, "Welke maatregelen de NCTV aanraadt, op basis van het dreigingsbeeld."
    )


class AnswerForm(ServiceErrorsMixin):
    followed = _yes_or_no("Opvolgen", "Ik volg het advies op", "Ik volg het advies niet op")
    motivation = _text("Motivering", 4)
    version = _version()


class RulesForm(ServiceErrorsMixin):
    confirm_within_hours = forms.IntegerField(
        label="Spoedmaatregelen vaststellen binnen (uren)",
        required=False,
        help_text="Daarna staat een voorlopige spoedmaatregel als te laat in de werkvoorraad van de adviseur BB&C.",
    )
    partner_districts = _text(
        "Partnerarrondissementen",
        4,
        "Per regel 'arrondissement = ander arrondissement', bijvoorbeeld den-haag = rotterdam.",
    )
    partner_units = _text(
        "Partnereenheden", 4, "Per regel 'eenheid = andere eenheid', bijvoorbeeld amsterdam = noord-holland."
    )
    motivation = _text("Motivering van de wijziging", 3)

    def pairs(self, name: str) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for number, line in enumerate((self.cleaned_data.get(name) or "").splitlines(), start=1):
            if not line.strip():
                continue
            if "=" not in line:
                self.add_error(name, f"Regel {number} mist '=': schrijf 'code = code'.")
                continue
            source, target = (part.strip() for part in line.split("=", 1))
            pairs[source] = target
        return pairs
