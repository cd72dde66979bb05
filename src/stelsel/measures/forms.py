"""Dutch web forms for measures; they only parse, the services decide."""

from django import forms

from stelsel.measures.catalogue import kind_choices
from stelsel.measures.models import Scope
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin


class DecideForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label="Maatregel", choices=kind_choices)
    scope = forms.ChoiceField(label="Geldt voor", choices=Scope.choices)
    starts_on = forms.DateField(label="Ingangsdatum", required=False, widget=DATE_WIDGET)
    review_on = forms.DateField(
        label="Herbeoordelen op",
        required=False,
        widget=DATE_WIDGET,
        help_text="Maatregelen zijn tijdelijk (§3.3); alleen standaardmaatregelen van categorie I hebben geen datum.",
    )
    motivation = forms.CharField(label="Motivering", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    despite_missing_handover = forms.BooleanField(
        label="Ik besluit nu, ook al ontbreekt het overdrachtsdossier nog", required=False
    )


class PhaseOutForm(ServiceErrorsMixin):
    motivation = forms.CharField(
        label="Motivering van de afbouw", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
