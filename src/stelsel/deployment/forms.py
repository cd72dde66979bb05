"""Dutch web forms of the LCC's deployment; they only parse, the services decide and name what is wrong."""

from typing import Any

from django import forms

from stelsel.deployment.models import AbsenceKind, ActivityKind, DeploymentUnit
from stelsel.measures.forms import DATETIME_WIDGET
from stelsel.planner.model import QUALIFICATION_LABELS
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin


class RunForm(ServiceErrorsMixin):
    first_day = forms.DateField(label="Eerste dag", required=False, widget=DATE_WIDGET)
    days = forms.IntegerField(label="Aantal dagen", required=False, min_value=1, max_value=7, initial=1)
    time_limit = forms.IntegerField(
        label="Rekentijd (seconden)",
        required=False,
        initial=20,
        help_text="De planner stopt uiterlijk dan; een kleine dag is meestal veel eerder klaar.",
    )


class CancelForm(ServiceErrorsMixin):
    motivation = forms.CharField(label="Waarom annuleren?", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AbsenceForm(ServiceErrorsMixin):
    kind = forms.ChoiceField(label="Soort", choices=AbsenceKind.choices, initial=AbsenceKind.SICK, required=False)
    starts_at = forms.DateTimeField(label="Afwezig vanaf", required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(
        label="Afwezig tot", required=False, widget=DATETIME_WIDGET, help_text="Leeg bij ziekte: tot de betermelding."
    )
    note = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    replan = forms.BooleanField(
        label="Direct herplannen (de plannen waarin de medewerker is ingezet)", required=False, initial=True
    )


class FitForm(ServiceErrorsMixin):
    fit_at = forms.DateTimeField(label="Weer inzetbaar vanaf", required=False, widget=DATETIME_WIDGET)


def _team_fields() -> dict[str, forms.IntegerField]:
    return {
        f"team_{q.value}": forms.IntegerField(label=f"Aantal {label}", required=False, min_value=0, max_value=12)
        for q, label in QUALIFICATION_LABELS.items()
    }


class TeamMixin(ServiceErrorsMixin):
    field_map = {"team": "team_close_protection"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_team_fields())

    def team(self) -> dict[str, int] | None:
        """The team as entered, or None when every count is left empty (then the concept's team applies)."""
        counts = {
            name.removeprefix("team_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("team_") and value is not None
        }
        return counts or None


class ConceptForm(TeamMixin):
    unit = forms.ModelChoiceField(
        label="Uitvoerende eenheid", queryset=DeploymentUnit.objects.order_by("name"), required=False
    )
    motivation = forms.CharField(label="Motivering", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(TeamMixin):
    starts_at = forms.DateTimeField(label="Begin", required=False, widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label="Einde", required=False, widget=DATETIME_WIDGET)
    place = forms.CharField(label="Plaats", required=False, max_length=200)
    municipality = forms.CharField(label="Gemeentecode (CBS)", required=False, max_length=6, initial="GM0518")
    kind = forms.ChoiceField(label="Soort", choices=ActivityKind.choices, required=False)
    replan = forms.BooleanField(label="Het plan van die dag herplannen", required=False)
