"""Dutch web forms of the protected person's side; they only parse, the services decide and name what is wrong."""

from typing import Any

from django import forms

from stelsel.portal.models import EMPLOYER_DUTIES, Channel, CooperationStatus, DeclarationStatus
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
BLANK = [("", "– kies –")]


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class CareForm(ServiceErrorsMixin):
    """`fieldsets` groups fields under a legend on the page: [(legend or "", [field names])]."""

    fieldsets: list[tuple[str, list[str]]] = []

    def groups(self) -> list[tuple[str, list[Any]]]:
        if not self.fieldsets:
            return [("", list(self.visible_fields()))]
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class CooperationForm(CareForm):
    status = forms.ChoiceField(
        label="Medewerking",
        choices=BLANK + list(CooperationStatus.choices),
        required=False,
        help_text="Medewerking is essentieel (§2.2, §5.1); zonder medewerking worden geen maatregelen opgelegd.",
    )
    limits_accepted = forms.BooleanField(
        label="De persoon zoekt de dreiging op of vormt een risico voor de integriteit van het stelsel",
        required=False,
        help_text="Bescherming wordt geboden, maar de persoon aanvaardt meer beperkingen in het dagelijks leven "
        "(beleidslijn zorgplicht).",
    )
    note = _text("Motivering", help_text="Wat is waargenomen of besproken; alleen zichtbaar voor professionals.")


class CommunicationForm(CareForm):
    told_at = forms.DateTimeField(label="Geïnformeerd op", required=False, widget=DATETIME_WIDGET)
    channel = forms.ChoiceField(label="Hoe", choices=BLANK + list(Channel.choices), required=False)
    about_threat = forms.BooleanField(label="Over de aard van de dreiging", required=False)
    about_measures = forms.BooleanField(label="Over de getroffen maatregelen", required=False)
    summary = _text("Wat is de persoon verteld", 4)
    withheld_note = _text(
        "Bewust niet verteld (optioneel)",
        help_text="De persoon wordt niet te allen tijde over iedere dreiging geïnformeerd (§5.2). Nooit zichtbaar "
        "voor de persoon zelf.",
    )

    fieldsets = [
        ("", ["told_at", "channel"]),
        ("Waarover is de persoon geïnformeerd?", ["about_threat", "about_measures"]),
        ("", ["summary", "withheld_note"]),
    ]


class ConfidentialityForm(CareForm):
    status = forms.ChoiceField(
        label="Gebeurtenis",
        choices=BLANK + list(DeclarationStatus.choices),
        required=False,
        help_text="Eerst aanbieden; daarna ondertekend of geweigerd. Na een weigering kan opnieuw worden aangeboden.",
    )
    on = forms.DateField(label="Datum", required=False, widget=DATE_WIDGET)
    note = _text("Toelichting (optioneel)", 2, "Alleen zichtbaar voor professionals.")


class EmployerDutiesForm(CareForm):
    employer_name = forms.CharField(label="Werkgever", max_length=200, required=False)
    notes = _text("Toelichting (optioneel)")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_map = {"expected_version": "version"}
    fieldsets = [
        ("", ["employer_name"]),
        ("Wat de werkgever invult (beleidslijn zorgplicht)", list(EMPLOYER_DUTIES)),
        ("", ["notes"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, expectation) in EMPLOYER_DUTIES.items():
            self.fields[name] = forms.BooleanField(label=label, required=False, help_text=expectation)
