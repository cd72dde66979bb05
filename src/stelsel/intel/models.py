"""Threat levels set by the authority (§3.1, §3.3; R33, R35).

Rows hold state only; every change goes through `intel.services`, which writes the journal in the same transaction.
Each assessment is kept: the person's current level is the latest row. A row stores its inputs, the matrix version
it was read from and the level of that version's cell, so a later matrix version never rewrites it; the table is
append-only in the database as well (migration 0002).
"""

from django.db import models
from django.db.models import Q

from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS, ThreatLevel

THREAT_LEVEL_CHOICES = [(level.value, label) for level, label in THREAT_LEVEL_LABELS.items()]


class ThreatLevelAssessment(models.Model):
    """The authority's threat level of a person on the whole picture, read from one matrix version's cell."""

    journal_subject_type = "threat_level"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="threat_levels")
    severity = models.CharField(max_length=40)  # a severity code of the matrix version
    severity_label = models.CharField(max_length=80)
    likelihood = models.CharField(max_length=40)  # a likelihood code of the matrix version
    likelihood_label = models.CharField(max_length=80)
    level = models.PositiveSmallIntegerField(choices=THREAT_LEVEL_CHOICES)
    matrix_key = models.CharField(max_length=60)
    motivation = models.TextField()
    information = models.JSONField(default=list)  # the products and facts it rests on, one line each
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    set_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    set_by_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = "dreigingsniveau"
        verbose_name_plural = "dreigingsniveaus"
        indexes = [models.Index(fields=["person", "-set_at", "-id"], name="intel_level_person_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=int(min(ThreatLevel))) & Q(level__lte=int(max(ThreatLevel))),
                name="intel_level_on_the_scale",
            )
        ]

    def __str__(self) -> str:
        return f"Dreigingsniveau {self.level} voor persoon {self.person_id}"

    @property
    def level_label(self) -> str:
        return THREAT_LEVEL_LABELS[ThreatLevel(self.level)]
