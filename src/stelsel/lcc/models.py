"""Certified private parties and their supporting deployment on measures (§1.3, R47).

Rows hold state only; every change goes through `lcc.services`, which writes the journal in the same transaction.
The register of parties holds no person data; an assignment is case data (it hangs on a person's measure).
"""

from django.db import models

from stelsel.core.timeutil import today
from stelsel.policy.private_parties import certification_valid_on


class PrivateParty(models.Model):
    """A private security organisation certified to support police or KMar (§1.3, R47)."""

    journal_subject_type = "private_party"

    name = models.CharField(max_length=200)
    kvk_number = models.CharField(max_length=8, unique=True)
    certification = models.TextField()  # e.g. the Wpbr licence plus the authority's extra demands
    certified_until = models.DateField()
    training = models.TextField()  # the training demands met
    registered_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    # The registration's journal entry; set in the same transaction as the row (the entry needs the row's id).
    entry = models.ForeignKey("core.JournalEntry", null=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "particuliere partij"
        verbose_name_plural = "particuliere partijen"

    def __str__(self) -> str:
        return f"{self.name} (KvK {self.kvk_number})"

    @property
    def certification_expired(self) -> bool:
        return not certification_valid_on(self.certified_until, today())


class PrivateAssignment(models.Model):
    """A party supporting one measure under the direction of a police unit or the KMar, with the authority's consent."""

    journal_subject_type = "private_assignment"

    measure = models.ForeignKey("measures.Measure", on_delete=models.PROTECT, related_name="private_assignments")
    party = models.ForeignKey(PrivateParty, on_delete=models.PROTECT, related_name="assignments")
    directing_unit = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    task = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    # The consent of the person's authority at the time (§1.3): who, which organisation, why, on which rules.
    authority = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    consent_motivation = models.TextField()
    consented_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    consented_at = models.DateTimeField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey("core.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_motivation = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = "inzet particuliere partij"
        verbose_name_plural = "inzet particuliere partijen"

    def __str__(self) -> str:
        return f"Inzet {self.party_id} bij maatregel {self.measure_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
