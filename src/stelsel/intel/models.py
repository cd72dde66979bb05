"""Threat levels set by the authority (§3.1, §3.3; R33, R35) and threat products with their markings (§3.2; R34, R51).

Rows hold state only; every change goes through `intel.services`, which writes the journal in the same transaction.
Each assessment is kept: the person's current level is the latest row. A row stores its inputs, the matrix version
it was read from and the level of that version's cell, so a later matrix version never rewrites it; the table is
append-only in the database as well (migration 0002).
"""

from django.db import models
from django.db.models import Q

from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS, ThreatLevel
from stelsel.policy.framework import PHENOMENON_LABELS
from stelsel.policy.products import MARKING_LABELS, PRODUCT_LABELS, Marking

THREAT_LEVEL_CHOICES = [(level.value, label) for level, label in THREAT_LEVEL_LABELS.items()]


class ThreatLevelAssessment(models.Model):
    """The authority's threat level of a person on the whole picture, read from one matrix version's cell."""

    journal_subject_type = "threat_level"

    # A person, or an object or service (§2.5, R31): exactly one of the two.
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="threat_levels"
    )
    object = models.ForeignKey(
        "registry.ProtectedObject", null=True, blank=True, on_delete=models.PROTECT, related_name="threat_levels"
    )
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
        indexes = [
            models.Index(fields=["person", "-set_at", "-id"], name="intel_level_person_latest"),
            models.Index(fields=["object", "-set_at", "-id"], name="intel_level_object_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=int(min(ThreatLevel))) & Q(level__lte=int(max(ThreatLevel))),
                name="intel_level_on_the_scale",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, object__isnull=True) | Q(person__isnull=True, object__isnull=False),
                name="intel_level_of_a_person_or_an_object",
            ),
        ]

    def __str__(self) -> str:
        subject = f"persoon {self.person_id}" if self.person_id else f"object {self.object_id}"
        return f"Dreigingsniveau {self.level} voor {subject}"

    @property
    def level_label(self) -> str:
        return THREAT_LEVEL_LABELS[ThreatLevel(self.level)]


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------

PRODUCT_KIND_CHOICES = [(kind.value, label) for kind, label in PRODUCT_LABELS.items()]
MARKING_CHOICES = [(marking.value, label) for marking, label in MARKING_LABELS.items()]
PHENOMENON_CHOICES = [(phenomenon.value, label) for phenomenon, label in PHENOMENON_LABELS.items()]


class RequestStatus(models.TextChoices):
    REQUESTED = "aangevraagd", "Aangevraagd"
    DELIVERED = "geleverd", "Geleverd"
    WITHDRAWN = "ingetrokken", "Ingetrokken"


class ProductRequest(models.Model):
    """The authority (or OM) asks an intelligence organisation for a product: who asked, for what, by when (R34)."""

    journal_subject_type = "product_request"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="product_requests")
    kind = models.CharField(max_length=20, choices=PRODUCT_KIND_CHOICES)
    requested_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    requesting_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    producer_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    requested_at = models.DateTimeField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "productverzoek"
        verbose_name_plural = "productverzoeken"
        indexes = [models.Index(fields=["producer_org", "status", "due_on"], name="intel_request_worklist")]

    def __str__(self) -> str:
        return f"Verzoek {self.get_kind_display()} voor persoon {self.person_id}"


class ThreatProduct(models.Model):
    """A delivered threat product with its need-to-know marking. Never edited: a correction is a new product."""

    journal_subject_type = "threat_product"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="threat_products")
    kind = models.CharField(max_length=20, choices=PRODUCT_KIND_CHOICES)
    producer_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    produced_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        ProductRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    body = models.TextField()
    threatened = models.TextField(blank=True, default="")
    threatener = models.TextField(blank=True, default="")
    phenomenon = models.CharField(max_length=40, blank=True, default="", choices=PHENOMENON_CHOICES)
    severity = models.CharField(max_length=40, blank=True, default="")  # a severity code of the matrix in force
    likelihood = models.CharField(max_length=40, blank=True, default="")  # a likelihood code of that matrix
    matrix_key = models.CharField(max_length=60, blank=True, default="")
    sources = models.JSONField(default=list)  # [{"description": ..., "reliability": "A".."F"}]
    marking = models.CharField(max_length=30, choices=MARKING_CHOICES)
    named_orgs = models.ManyToManyField("access.Organisation", blank=True, related_name="+")
    sanitised_summary = models.TextField(blank=True, default="")
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    delivered_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-delivered_at", "-id"]
        verbose_name = "dreigingsproduct"
        verbose_name_plural = "dreigingsproducten"
        indexes = [models.Index(fields=["person", "-delivered_at"], name="intel_product_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} voor persoon {self.person_id}"

    @property
    def marking_label(self) -> str:
        return MARKING_LABELS[Marking(self.marking)]


class ProductAttachment(models.Model):
    """A file delivered with a product (§3.2). The bytes live outside the database rows, content-addressed by their
    SHA-256 under STELSEL_ATTACHMENT_ROOT (see `intel.attachments`); the row keeps name, type, size and checksum.
    Part of the delivery, like the product itself: append-only (migration 0005), uploaded when the product was."""

    product = models.ForeignKey(ThreatProduct, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_key = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["product", "id"]
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="intel_attachment_not_empty")]

    def __str__(self) -> str:
        return f"Bijlage {self.filename} bij product {self.product_id}"
