"""Dutch web forms for private parties; they only parse, the services decide and name what is wrong."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from stelsel.access.models import Organisation
from stelsel.lcc.models import PrivateParty
from stelsel.lcc.queries import party_choices
from stelsel.lcc.services import DIRECTING_ORG_KINDS
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        party: PrivateParty = obj
        state = "verlopen" if party.certification_expired else "gecertificeerd"
        return f"{party.name} (KvK {party.kvk_number}, {state} tot {party.certified_until:%d-%m-%Y})"


def _directing_units() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=[kind.value for kind in DIRECTING_ORG_KINDS]).order_by("name")


class PartyForm(ServiceErrorsMixin):
    name = forms.CharField(label="Naam", required=False, max_length=200)
    kvk_number = forms.CharField(label="KvK-nummer", required=False, max_length=20, help_text="8 cijfers.")
    certification = _text(
        "Certificering",
        3,
        "Bijvoorbeeld Wpbr-vergunning beveiligingsorganisatie, met de aanvullende eisen van het gezag (§1.3).",
    )
    certified_until = forms.DateField(label="Gecertificeerd tot en met", required=False, widget=DATE_WIDGET)
    training = _text("Opleidingseisen waaraan de partij voldoet", 3)


class RenewForm(ServiceErrorsMixin):
    certified_until = forms.DateField(label="Nieuwe einddatum certificering", required=False, widget=DATE_WIDGET)
    motivation = _text("Motivering", 3, "Welke certificering en welke opleidingseisen zijn opnieuw getoetst?")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(ServiceErrorsMixin):
    party = PartyChoiceField(label="Particuliere partij", queryset=PrivateParty.objects.none(), required=False)
    directing_unit = forms.ModelChoiceField(
        label="Onder regie van",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="De eenheid van politie of de KMar die de partij aanstuurt (§1.3).",
    )
    task = _text("Ondersteunende taak", 3, "Nooit een taak waarvoor geweld nodig kan zijn: dat blijft bij de overheid.")
    starts_on = forms.DateField(label="Begint op", required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Eindigt op (optioneel)", required=False, widget=DATE_WIDGET)
    consent_motivation = _text("Motivering van de instemming van het gezag", 4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = party_choices()  # type: ignore[attr-defined]
        self.fields["directing_unit"].queryset = _directing_units()  # type: ignore[attr-defined]


class EndForm(ServiceErrorsMixin):
    motivation = _text("Motivering", 3, "Waarom eindigt de inzet van deze partij?")
