"""Triage cases (§2.3.3): the intake form, the triage table, the NCTV's judgement, the handover file, escalation.

One `TriageCase` carries a proposed person from the police's draft to the NCTV's judgement. Rows hold state only;
every change goes through `triage.services`, which writes the journal entry in the same transaction.
"""

from django.db import models

from stelsel.policy.framework import LIFE_THREAT_LABELS, PHENOMENON_LABELS, ROUTE_LABELS, LifeThreat, Phenomenon, Route


class CaseStatus(models.TextChoices):
    DRAFT = "concept", "Concept (politie)"
    SIGNED = "ondertekend", "Ondertekend door HOvJ, bij NCTV"
    ON_TABLE = "triagetafel", "Geagendeerd voor de triagetafel"
    DISCUSSED = "besproken", "Besproken aan de triagetafel, bij NCTV"
    ADMITTED = "opgenomen", "Opgenomen in het stelsel"
    DECLINED = "afgewezen", "Niet opgenomen"
    ESCALATED = "geescaleerd", "Geëscaleerd"
    CLOSED = "gesloten", "Afgesloten"


# A case under way: not yet decided for good (the same states as the one-open-case constraint below).
UNDER_WAY = frozenset(
    {CaseStatus.DRAFT, CaseStatus.SIGNED, CaseStatus.ON_TABLE, CaseStatus.DISCUSSED, CaseStatus.ESCALATED}
)


class TriageCase(models.Model):
    journal_subject_type = "triage_case"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="triage_cases")
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)

    # The intake form's answers (toetsingskader, §2.3.3).
    threat_summary = models.TextField()
    violent_offence = models.BooleanField(default=False)
    max_sentence_years = models.PositiveSmallIntegerField(default=0)
    art285_threat = models.BooleanField(default=False)
    antecedent_serious_violence = models.BooleanField(default=False)
    antecedent_violent_group = models.BooleanField(default=False)
    antecedent_mental_disorder = models.BooleanField(default=False)
    life_threat = models.CharField(
        max_length=10, choices=[(k.value, LIFE_THREAT_LABELS[k]) for k in LifeThreat], default=LifeThreat.DIRECT.value
    )
    actor_known = models.BooleanField(default=False)
    actor_description = models.TextField(blank=True, default="")
    phenomenon = models.CharField(
        max_length=30,
        choices=[(k.value, PHENOMENON_LABELS[k]) for k in Phenomenon],
        default=Phenomenon.NONE_OR_UNKNOWN.value,
    )
    phenomenon_facts = models.TextField(blank=True, default="")
    professional_insight = models.BooleanField(default=False)
    professional_insight_text = models.TextField(blank=True, default="")

    drafted_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()

    # The framework's outcome at signing, kept with the case (R13, R14): route, reasons, policy version.
    framework_route = models.CharField(max_length=20, choices=[(r.value, ROUTE_LABELS[r]) for r in Route], blank=True)
    framework_reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40, blank=True, default="")
    chosen_route = models.CharField(max_length=20, choices=[(r.value, ROUTE_LABELS[r]) for r in Route], blank=True)
    signed_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True)
    signing_motivation = models.TextField(blank=True, default="")

    handover_received_at = models.DateTimeField(null=True)
    handover_contents = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-drafted_at", "-id"]
        constraints = [
            # A person has at most one triage case under way.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["concept", "ondertekend", "triagetafel", "besproken", "geescaleerd"]),
                name="one_open_triage_case_per_person",
            )
        ]
        verbose_name = "triagezaak"
        verbose_name_plural = "triagezaken"

    def __str__(self) -> str:
        return f"Triagezaak {self.pk}"

    @property
    def handover_missing(self) -> bool:
        return self.status == CaseStatus.ADMITTED and self.handover_received_at is None


class TableItem(models.Model):
    """A case on the triage table's agenda (R15, R16): put on by the authority, concluded by the OM chair."""

    case = models.ForeignKey(TriageCase, on_delete=models.PROTECT, related_name="table_items")
    meeting_date = models.DateField()
    added_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    conclusion = models.TextField(blank=True, default="")
    participants = models.TextField(blank=True, default="")
    concluded_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    concluded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["meeting_date", "id"]
        verbose_name = "agendapunt triagetafel"
        verbose_name_plural = "agenda triagetafel"

    def __str__(self) -> str:
        return f"Agendapunt {self.pk} ({self.meeting_date})"


class Judgement(models.Model):
    """The NCTV's judgement form (R17, R18): the decision, its motivation and the information it rests on."""

    case = models.ForeignKey(TriageCase, on_delete=models.PROTECT, related_name="judgements")
    admitted = models.BooleanField()
    motivation = models.TextField()
    information = models.JSONField(default=list)  # the documents and facts the judgement rests on
    judged_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField()
    policy_version = models.CharField(max_length=40)
    # The OM learns of the judgement in the HOvJ's worklist; it stays there until the HOvJ has taken note.
    seen_by_om_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-judged_at", "-id"]
        verbose_name = "oordeelsformulier"
        verbose_name_plural = "oordeelsformulieren"

    def __str__(self) -> str:
        return f"Oordeel {'opname' if self.admitted else 'geen opname'} zaak {self.case_id}"


class EscalationStep(models.TextChoices):
    COORDINATING_HOVJ = "coordinerend_hovj", "Landelijk coördinerend HOvJ met de directeur NCTV"
    PORTFOLIO_PG = "portefeuille_pg", "Portefeuillehoudend procureur-generaal met de NCTV"


class Escalation(models.Model):
    """R20: the HOvJ disagrees with a decline; each step is recorded with its outcome."""

    case = models.ForeignKey(TriageCase, on_delete=models.PROTECT, related_name="escalations")
    step = models.CharField(max_length=20, choices=EscalationStep.choices)
    raised_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    motivation = models.TextField()
    outcome = models.TextField(blank=True, default="")
    upheld_decline = models.BooleanField(null=True)
    decided_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["raised_at", "id"]
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"

    def __str__(self) -> str:
        return f"Escalatie {self.get_step_display()} zaak {self.case_id}"


class EmergencyRequest(models.Model):
    """R06: the HOvJ's telephone request for immediate designation, as recorded by the NCTV."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="emergency_requests")
    caller = models.CharField(max_length=200)
    called_at = models.DateTimeField()
    information = models.TextField()
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-called_at", "-id"]
        verbose_name = "spoedverzoek"
        verbose_name_plural = "spoedverzoeken"

    def __str__(self) -> str:
        return f"Spoedverzoek {self.pk} door {self.caller}"
