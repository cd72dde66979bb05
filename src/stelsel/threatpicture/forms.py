"""Dutch web forms of the threat picture. They only parse; the service and the policy decide what is wrong.

The editor is one form for the whole document: a row per hypothesis and per evidence item, plus blank rows for new
ones. Blank hypothesis rows get the next free keys up front, so an analyst can add a hypothesis and score the evidence
against it in the same save.
"""

from typing import Any

from django import forms

from stelsel.policy.threat_picture import RELIABILITY_WEIGHTS, REVIEW_LABELS, SCORE_LABELS, VERDICT_LABELS
from stelsel.registry.forms import ServiceErrorsMixin
from stelsel.threatpicture.models import ThreatPicture

NEW_HYPOTHESIS_ROWS = 2
NEW_EVIDENCE_ROWS = 2
LINES_HELP = "Eén per regel; schrijf 'geen' als er geen zijn."


def _lines_field(label: str, help_text: str = LINES_HELP) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text)


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text)


def _next_keys(prefix: str, used: set[str], count: int) -> list[str]:
    """Keys for blank rows above every key in use, so a new row never takes the key of one removed earlier."""
    first = max((int(key[1:]) for key in used if key[1:].isdigit()), default=0) + 1
    return [f"{prefix}{number}" for number in range(first, first + count)]


class PictureForm(ServiceErrorsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    summary = _text_field("Samenvatting", "Het beeld in enkele zinnen, voor het gezag.")
    assumptions = _lines_field("Aannames")
    blind_spots = _lines_field("Blinde vlekken")
    soft_information = _lines_field("Zachte informatie", "Informatie van beperkte of onbekende betrouwbaarheid.")
    missing_information = _lines_field("Ontbrekende informatie", "Wat we niet weten en graag zouden weten.")
    threat = _text_field("Dreiging")
    resistance = _text_field("Weerstand", "Hoe goed de huidige situatie de scenario's weerstaat.")
    measures_effect = _text_field("Maatregelen en hun effect")
    residual_risk = _text_field("Restrisico", "Wat overblijft na de maatregelen (§3.1, R36).")
    review_on = forms.DateField(label="Toetsdatum", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    triggers = _lines_field("Eerder herbeoordelen als …", "Eén gebeurtenis of informatie per regel.")

    def __init__(self, *args: Any, picture: ThreatPicture | None, products: list[tuple[int, str]], **kwargs: Any):
        given: dict[str, Any] = kwargs.pop("initial", None) or {}
        kwargs["initial"] = {**_initial_of(picture), **given} if picture is not None else given
        super().__init__(*args, **kwargs)
        hypotheses = list(picture.hypotheses) if picture is not None else []
        evidence = list(picture.evidence) if picture is not None else []
        used = {item["key"] for item in hypotheses}
        self.hypothesis_rows: list[dict[str, Any]] = []
        for key in [item["key"] for item in hypotheses] + _next_keys("H", used, NEW_HYPOTHESIS_ROWS):
            self._add_hypothesis_row(key, next((h for h in hypotheses if h["key"] == key), None))
        self.hypothesis_keys = [row["key"] for row in self.hypothesis_rows]
        product_choices = [("", "— geen —")] + [(str(pk), label) for pk, label in products]
        used_evidence = {item["key"] for item in evidence}
        self.evidence_rows: list[dict[str, Any]] = []
        for key in [item["key"] for item in evidence] + _next_keys("E", used_evidence, NEW_EVIDENCE_ROWS):
            self._add_evidence_row(key, next((e for e in evidence if e["key"] == key), None), product_choices)

    def _add_hypothesis_row(self, key: str, existing: dict[str, Any] | None) -> None:
        self.fields[f"h_{key}_statement"] = forms.CharField(
            label=f"{key}: stelling", required=False, initial=existing["statement"] if existing else ""
        )
        self.fields[f"h_{key}_indicators"] = forms.CharField(
            label=f"{key}: indicatoren",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial="\n".join(existing.get("indicators") or []) if existing else "",
            help_text="Wat zouden we zien als deze hypothese klopt? Eén per regel.",
        )
        row = {
            "key": key,
            "new": existing is None,
            "statement": f"h_{key}_statement",
            "indicators": f"h_{key}_indicators",
        }
        if existing is not None:
            self.fields[f"h_{key}_remove"] = forms.BooleanField(label=f"{key} verwijderen", required=False)
            row["remove"] = f"h_{key}_remove"
        self.hypothesis_rows.append(row)

    def _add_evidence_row(
        self, key: str, existing: dict[str, Any] | None, product_choices: list[tuple[str, str]]
    ) -> None:
        self.fields[f"e_{key}_description"] = forms.CharField(
            label=f"{key}: bewijsstuk", required=False, initial=existing["description"] if existing else ""
        )
        self.fields[f"e_{key}_product"] = forms.ChoiceField(
            label=f"{key}: product",
            required=False,
            choices=product_choices,
            initial=str(existing.get("product_id") or "") if existing else "",
        )
        self.fields[f"e_{key}_reliability"] = forms.ChoiceField(
            label=f"{key}: betrouwbaarheid",
            required=False,
            choices=[("", "—")] + [(grade, grade) for grade in RELIABILITY_WEIGHTS],
            initial=existing["reliability"] if existing else "",
        )
        score_choices = [("", "—")] + [(score.value, label) for score, label in SCORE_LABELS.items()]
        scores = (existing or {}).get("scores") or {}
        row: dict[str, Any] = {"key": key, "new": existing is None, "scores": []}
        for hypothesis in self.hypothesis_keys:
            name = f"e_{key}_score_{hypothesis}"
            self.fields[name] = forms.ChoiceField(
                label=f"{key} tegen {hypothesis}",
                required=False,
                choices=score_choices,
                initial=scores.get(hypothesis, ""),
            )
            row["scores"].append(name)
        if existing is not None:
            self.fields[f"e_{key}_remove"] = forms.BooleanField(label=f"{key} verwijderen", required=False)
            row["remove"] = f"e_{key}_remove"
        row.update(description=f"e_{key}_description", product=f"e_{key}_product", reliability=f"e_{key}_reliability")
        self.evidence_rows.append(row)

    def document(self) -> dict[str, Any]:
        """The service's arguments: blank new rows and removed rows left out, scores only for kept hypotheses."""
        data = self.cleaned_data
        hypotheses = []
        for row in self.hypothesis_rows:
            statement = (data.get(row["statement"]) or "").strip()
            if row.get("remove") and data.get(row["remove"]):
                continue
            if row["new"] and not statement:
                continue
            hypotheses.append(
                {"key": row["key"], "statement": statement, "indicators": data.get(row["indicators"]) or ""}
            )
        kept = {item["key"] for item in hypotheses}
        evidence = []
        for row in self.evidence_rows:
            description = (data.get(row["description"]) or "").strip()
            if row.get("remove") and data.get(row["remove"]):
                continue
            if row["new"] and not description and not data.get(row["reliability"]):
                continue
            scores = {
                name.rsplit("_", 1)[1]: data.get(name)
                for name in row["scores"]
                if name.rsplit("_", 1)[1] in kept and data.get(name)
            }
            product = data.get(row["product"])
            evidence.append(
                {
                    "key": row["key"],
                    "description": description,
                    "reliability": data.get(row["reliability"]) or "",
                    "product_id": int(product) if product else None,
                    "scores": scores,
                }
            )
        plain = {
            name: data.get(name)
            for name in (
                "summary",
                "assumptions",
                "blind_spots",
                "soft_information",
                "missing_information",
                "threat",
                "resistance",
                "measures_effect",
                "residual_risk",
                "review_on",
                "triggers",
            )
        }
        return {"version": data.get("version") or 0, "hypotheses": hypotheses, "evidence": evidence, **plain}

    def bound_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The rows with bound fields, for the template."""

        def bind(row: dict[str, Any]) -> dict[str, Any]:
            bound: dict[str, Any] = {
                name: self[value] for name, value in row.items() if isinstance(value, str) and value in self.fields
            }
            bound["key"], bound["new"] = row["key"], row["new"]
            if "scores" in row:
                bound["scores"] = [self[name] for name in row["scores"]]
            return bound

        return [bind(row) for row in self.hypothesis_rows], [bind(row) for row in self.evidence_rows]


def _initial_of(picture: ThreatPicture) -> dict[str, Any]:
    return {
        "version": picture.version,
        "summary": picture.summary,
        "assumptions": "\n".join(picture.assumptions),
        "blind_spots": "\n".join(picture.blind_spots),
        "soft_information": "\n".join(picture.soft_information),
        "missing_information": "\n".join(picture.missing_information),
        "threat": picture.threat,
        "resistance": picture.resistance,
        "measures_effect": picture.measures_effect,
        "residual_risk": picture.residual_risk,
        "review_on": picture.review_on,
        "triggers": "\n".join(picture.triggers),
    }


class ReviewForm(ServiceErrorsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label="Soort toetsing",
        required=False,
        choices=[("", "— kies —")] + [(kind.value, label) for kind, label in REVIEW_LABELS.items()],
    )
    verdict = forms.ChoiceField(
        label="Oordeel (bij peer review)",
        required=False,
        choices=[("", "— kies —")] + [(verdict.value, label) for verdict, label in VERDICT_LABELS.items()],
    )
    text = forms.CharField(
        label="Bevindingen of tegenspraak",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Bij tegenspraak: welke andere lezing of welk minder voorstelbaar scenario is getoetst, en met welke "
        "uitkomst?",
    )


class FinaliseForm(ServiceErrorsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
