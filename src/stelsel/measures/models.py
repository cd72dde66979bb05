"""Decided measures: one row per measure for a person, with its decision and, later, its phase-out."""

from django.db import models


class Scope(models.TextChoices):
    WORK = "werk", "Werk"
    PRIVATE = "prive", "Privé"
    BOTH = "beide", "Werk en privé"


class MeasureStatus(models.TextChoices):
    ACTIVE = "actief", "Actief"
    PHASED_OUT = "afgebouwd", "Afgebouwd"


class Measure(models.Model):
    journal_subject_type = "measure"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(max_length=40)  # a code from the catalogue
    scope = models.CharField(max_length=10, choices=Scope.choices)
    status = models.CharField(max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE)
    starts_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)  # none only for category I standard measures
    authority = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    holder_kind = models.CharField(max_length=20)
    motivation = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    decided_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    started_by = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey("core.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_motivation = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "starts_on", "id"]
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"

    def __str__(self) -> str:
        return f"Maatregel {self.kind} voor persoon {self.person_id}"

    @property
    def kind_name(self) -> str:
        from stelsel.measures.catalogue import catalogue

        kind = catalogue().get(self.kind)
        return kind.name if kind else self.kind
