"""Dutch web forms of triage. They only parse; the services judge, and their errors come back per field."""

from typing import Any

from django import forms

from stelsel.policy.framework import LIFE_THREAT_LABELS, PHENOMENON_LABELS, ROUTE_LABELS, LifeThreat, Phenomenon, Route
from stelsel.registry.forms import DATE_WIDGET, ServiceErrorsMixin
from stelsel.triage.services import IntakeInput


def _text(label: str, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(required=False, widget=forms.HiddenInput)


class IntakeForm(ServiceErrorsMixin):
    threat_summary = _text("Omschrijving van de dreiging", 4)
    violent_offence = forms.BooleanField(label="(Mede)plegen van een geweldsdelict", required=False)
    max_sentence_years = forms.IntegerField(
        label="Strafmaximum van dat delict (jaren)", required=False, min_value=0, max_value=99
    )
    art285_threat = forms.BooleanField(label="Bedreiging tegen het leven (art. 285 Sr)", required=False)
    antecedent_serious_violence = forms.BooleanField(label="Antecedenten: ernstige vormen van geweld", required=False)
    antecedent_violent_group = forms.BooleanField(
        label="Antecedenten: deelname aan gewelddadige groepering", required=False
    )
    antecedent_mental_disorder = forms.BooleanField(label="Psychische stoornis bij de dreigende actor", required=False)
    life_threat = forms.ChoiceField(
        label="Gericht tegen het leven",
        choices=[("", "Kies…"), *((k.value, LIFE_THREAT_LABELS[k]) for k in LifeThreat)],
        required=False,
    )
    actor_known = forms.BooleanField(label="De dreigende actor is bekend", required=False)
    actor_description = _text("Wie is de dreigende actor?", 2)
    phenomenon = forms.ChoiceField(
        label="Dreigingsfenomeen", choices=[(k.value, PHENOMENON_LABELS[k]) for k in Phenomenon]
    )
    phenomenon_facts = _text("Feiten die de actor in dit fenomeen plaatsen", 2)
    professional_insight = forms.BooleanField(
        label="Professioneel inzicht van politie en/of KMar geeft reden tot bespreking", required=False
    )
    professional_insight_text = _text("Toelichting professioneel inzicht", 2)
    version = _version()

    def intake_input(self) -> IntakeInput:
        data = self.cleaned_data
        fields = IntakeInput.__dataclass_fields__
        values: dict[str, Any] = {key: data.get(key) for key in fields}
        values["max_sentence_years"] = data.get("max_sentence_years") or 0
        for key in ("threat_summary", "actor_description", "phenomenon_facts", "professional_insight_text"):
            values[key] = data.get(key) or ""
        return IntakeInput(**values)


class SignForm(ServiceErrorsMixin):
    route = forms.ChoiceField(
        label="Voordragen voor",
        choices=[(r.value, ROUTE_LABELS[r]) for r in (Route.DIRECT_ADMISSION, Route.TRIAGE_TABLE)],
        widget=forms.RadioSelect,
    )
    motivation = _text("Motivering van de HOvJ")
    version = _version()


class TableForm(ServiceErrorsMixin):
    meeting_date = forms.DateField(label="Datum triagetafel", required=False, widget=DATE_WIDGET)
    version = _version()


class ConclusionForm(ServiceErrorsMixin):
    conclusion = _text("Conclusie van de triagetafel")
    participants = _text("Deelnemers", 2, "Organisaties en namen van wie aan tafel zaten.")
    version = _version()


YES_NO = [("ja", "Ja"), ("nee", "Nee")]


class JudgeForm(ServiceErrorsMixin):
    admitted = forms.ChoiceField(label="Opnemen in het stelsel", choices=YES_NO, widget=forms.RadioSelect)
    motivation = _text("Motivering (afwegingen)", 4)
    information = _text("Informatie waarop het oordeel rust", 3, "Eén document of bron per regel.")
    version = _version()


class HandoverForm(ServiceErrorsMixin):
    contents = _text("Inhoud van het overdrachtsdossier", 4)
    version = _version()


class EscalateForm(ServiceErrorsMixin):
    motivation = _text("Waarom hoort de casus toch bij de NCTV?", 4)
    version = _version()


class EscalationDecisionForm(ServiceErrorsMixin):
    admit = forms.ChoiceField(label="Alsnog opnemen", choices=YES_NO, widget=forms.RadioSelect)
    outcome = _text("Uitkomst van het overleg", 4)
    version = _version()


class EmergencyForm(ServiceErrorsMixin):
    caller = forms.CharField(label="Beller (HOvJ of namens de HOvJ)", max_length=200, required=False)
    called_at = forms.DateTimeField(
        label="Tijdstip van het verzoek",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    information = _text("Gedeelde informatie", 4)


class LeaveForm(ServiceErrorsMixin):
    reason = _text("Reden", 3)
    return_to_hovj = forms.BooleanField(
        label="Gezag terug naar de HOvJ van het woonarrondissement (anders basispolitiezorg)", required=False
    )


def version_of(form: forms.Form) -> Any:
    return form.cleaned_data.get("version")
