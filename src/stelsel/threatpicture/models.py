"""The integrated threat picture of a case (seeds 001, 004; §3.3; R52): one living document per person and authority.

Rows hold state only; every change goes through `threatpicture.services`, which writes the journal in the same
transaction. The document is edited as a whole (hypotheses, evidence with its ACH scores, the named assumptions and
gaps, threat/resistance/measures/residual risk) and carries an optimistic version. Reviews and challenges point at the
version they read and are never changed; every final version is kept as a release with a snapshot (both append-only).
"""

from django.db import models

from stelsel.policy.threat_picture import REVIEW_LABELS, VERDICT_LABELS


class PictureStatus(models.TextChoices):
    DRAFT = "concept", "Concept"
    FINAL = "definitief", "Definitief"


class ThreatPicture(models.Model):
    """The authority's integrated threat picture of a person. The authority that holds the case keeps it; a later
    authority starts its own (R11: the OM does not work on stelsel cases)."""

    journal_subject_type = "threat_picture"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="threat_pictures")
    organisation = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=PictureStatus.choices, default=PictureStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    summary = models.TextField(blank=True, default="")
    hypotheses = models.JSONField(default=list)  # [{key, statement, indicators: [...]}]
    evidence = models.JSONField(default=list)  # [{key, description, reliability, product_id, scores: {H1: C}}]
    assumptions = models.JSONField(default=list)
    blind_spots = models.JSONField(default=list)
    soft_information = models.JSONField(default=list)
    missing_information = models.JSONField(default=list)
    threat = models.TextField(blank=True, default="")
    resistance = models.TextField(blank=True, default="")
    measures_effect = models.TextField(blank=True, default="")
    residual_risk = models.TextField(blank=True, default="")
    review_on = models.DateField(null=True, blank=True)
    triggers = models.JSONField(default=list)  # "herbeoordelen als ..."
    changed_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    # Who saved it since its last final version: none of them reviews or challenges the current version (R52).
    authors = models.JSONField(default=list)
    changed_at = models.DateTimeField()
    created_at = models.DateTimeField()
    finalised_at = models.DateTimeField(null=True, blank=True)  # the last time a version became final
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "dreigingsbeeld"
        verbose_name_plural = "dreigingsbeelden"
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="threatpicture_one_per_authority")
        ]

    def __str__(self) -> str:
        return f"Dreigingsbeeld van persoon {self.person_id} ({self.get_status_display()}, versie {self.version})"


class PictureReview(models.Model):
    """A peer review or a challenge (tegenspraak) of one version of a threat picture. Never changed."""

    journal_subject_type = "threat_picture_review"

    KIND_CHOICES = [(kind.value, label) for kind, label in REVIEW_LABELS.items()]
    VERDICT_CHOICES = [(verdict.value, label) for verdict, label in VERDICT_LABELS.items()]

    picture = models.ForeignKey(ThreatPicture, on_delete=models.PROTECT, related_name="reviews")
    of_version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    verdict = models.CharField(max_length=12, choices=VERDICT_CHOICES, blank=True, default="")
    text = models.TextField()
    reviewer = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = "toetsing dreigingsbeeld"
        verbose_name_plural = "toetsingen dreigingsbeeld"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} op versie {self.of_version} van dreigingsbeeld {self.picture_id}"


class PictureRelease(models.Model):
    """A version of the picture as it was made final: the whole document, its ACH result and reviews. Never changed."""

    picture = models.ForeignKey(ThreatPicture, on_delete=models.PROTECT, related_name="releases")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    finalised_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-finalised_at", "-id"]
        verbose_name = "definitieve versie dreigingsbeeld"
        verbose_name_plural = "definitieve versies dreigingsbeeld"
        constraints = [models.UniqueConstraint(fields=["picture", "version"], name="threatpicture_release_once")]

    def __str__(self) -> str:
        return f"Definitieve versie {self.version} van dreigingsbeeld {self.picture_id}"
