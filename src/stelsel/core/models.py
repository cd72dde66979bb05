"""The journal: append-only, hash-chained record of every state change."""

from django.conf import settings
from django.db import models


class JournalHead(models.Model):
    """One row, locked for every append so that appends are serialised and the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="journal_head_single_row")]

    def __str__(self) -> str:
        return f"hoofd {self.seq}:{self.hash}"


class JournalEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200)
    organisation = models.ForeignKey("access.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    organisation_label = models.CharField(max_length=200)
    action = models.CharField(max_length=100)
    subjects = models.JSONField(default=list)  # [{"type": "person", "id": 3}, ...] in a fixed order
    payload = models.JSONField(default=dict)
    reason = models.TextField()
    policy_version = models.CharField(max_length=50)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = "journaalregel"
        verbose_name_plural = "journaal"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class JournalSubject(models.Model):
    """Index from a subject to the entries that concern it; its content is covered by the entry's hash."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="subject_links")
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id", "entry"])]
        constraints = [
            models.UniqueConstraint(fields=["entry", "subject_type", "subject_id"], name="journal_subject_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.subject_type}:{self.subject_id}"
