"""Threat reports of the local domain (§2.4), the College of PGs' notifications (R30), the NCTV's advice on objects
(§2.5, R31) and the configurable rules of the local domain.

Rows hold state only; every change goes through `local.services`, which writes the journal in the same transaction.
"""

from django.db import models
from django.db.models import Q

from stelsel.policy.local_domain import (
    DECISION_LABELS,
    FUNCTION_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    AdviserDecision,
    ReportStatus,
    ThreatenedFunction,
)


class ThreatReport(models.Model):
    """A report or complaint of a threat against a person or an object, from the RCCB's weighing to the decision."""

    journal_subject_type = "threat_report"

    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="threat_reports"
    )
    object = models.ForeignKey(
        "registry.ProtectedObject", null=True, blank=True, on_delete=models.PROTECT, related_name="threat_reports"
    )
    threatened_function = models.CharField(
        max_length=20,
        choices=[(f.value, label) for f, label in FUNCTION_LABELS.items()],
        default=ThreatenedFunction.NONE,
    )
    received_as = models.CharField(max_length=10, choices=[(s.value, label) for s, label in SOURCE_LABELS.items()])
    what_happened = models.TextField()
    threatener = models.TextField(blank=True, default="")  # empty: unknown
    occurred_at = models.DateTimeField()
    status = models.CharField(
        max_length=25, choices=[(s.value, label) for s, label in STATUS_LABELS.items()], default=ReportStatus.REPORTED
    )
    # Routing (R25, R29, R30, R11, R32), decided by the system at registration.
    rccb = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    responsible_office = models.ForeignKey(
        "access.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    producing_unit = models.ForeignKey(
        "access.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notify_college = models.BooleanField(default=False)
    routing_reasons = models.JSONField(default=list)
    routing_rules = models.JSONField(default=dict)  # how a partner district or unit was chosen
    registered_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    # The RCCB's first weighing (R25, with the framework's criteria of R14).
    serious = models.BooleanField(null=True)
    weighing_criteria = models.JSONField(default=dict)
    weighing_motivation = models.TextField(blank=True, default="")
    weighing_reasons = models.JSONField(default=list)
    weighed_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    weighed_at = models.DateTimeField(null=True)
    # When the case went to the responsible office's adviser BB&C (R25; always for the driehoek and OM staff, §2.4.2).
    sent_to_office_at = models.DateTimeField(null=True)
    # The adviser BB&C's latest decision (R27, R28); the history is in the journal.
    decision = models.CharField(
        max_length=20, blank=True, default="", choices=[(d.value, label) for d, label in DECISION_LABELS.items()]
    )
    decision_motivation = models.TextField(blank=True, default="")
    decision_reasons = models.JSONField(default=list)
    decided_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True)
    product_request = models.ForeignKey(
        "intel.ProductRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    advice = models.ForeignKey(
        "measures.MeasuresAdvice", null=True, blank=True, on_delete=models.PROTECT, related_name="threat_reports"
    )
    package = models.ForeignKey(
        "measures.PackageDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    policy_version = models.CharField(max_length=40)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, object__isnull=True) | Q(person__isnull=True, object__isnull=False),
                name="threat_report_one_subject",
            )
        ]
        indexes = [models.Index(fields=["status", "registered_at"], name="local_report_status")]
        verbose_name = "dreigingsmelding"
        verbose_name_plural = "dreigingsmeldingen"

    def __str__(self) -> str:
        return f"Dreigingsmelding {self.pk}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person else self.object.name if self.object else ""

    @property
    def report_status(self) -> ReportStatus:
        return ReportStatus(self.status)

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[AdviserDecision(self.decision)] if self.decision else ""


class CollegeNotification(models.Model):
    """R30: the College of procurators general is always informed of threats and measures concerning OM staff."""

    journal_subject_type = "college_notification"

    class Kind(models.TextChoices):
        THREAT = "dreiging", "Dreiging"
        MEASURES = "maatregelen", "Maatregelen"
        DECISION = "besluit", "Besluit over de casus"

    report = models.ForeignKey(ThreatReport, on_delete=models.PROTECT, related_name="college_notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    content = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    sent_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "melding aan het College van PG's"
        verbose_name_plural = "meldingen aan het College van PG's"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} bij melding {self.report_id}"


class ObjectAdvice(models.Model):
    """R31: the NCTV's advice to the local authority over an object on the limitative list; followed or not."""

    journal_subject_type = "object_advice"

    object = models.ForeignKey("registry.ProtectedObject", on_delete=models.PROTECT, related_name="nctv_advice")
    addressed_to = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    threat_level = models.PositiveSmallIntegerField(null=True)  # the object's level the advice rests on
    advice = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    given_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    followed = models.BooleanField(null=True)
    response_motivation = models.TextField(blank=True, default="")
    responded_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = "advies NCTV over object"
        verbose_name_plural = "adviezen NCTV over objecten"

    def __str__(self) -> str:
        return f"Advies {self.pk} over object {self.object_id}"


class LocalDomainRules(models.Model):
    """The configurable rules of the local domain; the newest row is in force, each change motivated and journalled."""

    confirm_within_hours = models.PositiveIntegerField()
    partner_districts = models.JSONField(default=dict)  # {district code: district code}
    partner_units = models.JSONField(default=dict)  # {police unit code: police unit code}
    valid_from = models.DateTimeField()
    motivation = models.TextField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = "regels lokaal domein"
        verbose_name_plural = "regels lokaal domein"

    def __str__(self) -> str:
        return f"Regels lokaal domein vanaf {self.valid_from:%d-%m-%Y}"
