"""Organisations, users and the access log."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from stelsel.access.roles import ROLE_LABELS, OrgKind, Role


class Organisation(models.Model):
    kind = models.CharField(max_length=30, choices=[(k.value, k.value) for k in OrgKind])
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    # The geography an organisation answers for: a district's OM office, a police unit, a municipality.
    district = models.ForeignKey("registry.District", null=True, blank=True, on_delete=models.PROTECT)
    police_unit = models.ForeignKey("registry.PoliceUnit", null=True, blank=True, on_delete=models.PROTECT)
    municipality = models.ForeignKey("registry.Municipality", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name

    @property
    def org_kind(self) -> OrgKind:
        return OrgKind(self.kind)


class User(AbstractUser):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=30, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    # For a protected person's own account (portal): the registry person it belongs to.
    person = models.OneToOneField(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="account"
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @property
    def user_role(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.user_role]


class AccessLogEntry(models.Model):
    """Every view of a person's record, allowed or denied (BIO 8.15, Wpg). Append-only (trigger)."""

    class Result(models.TextChoices):
        ALLOWED = "toegestaan", "Toegestaan"
        DENIED = "geweigerd", "Geweigerd"

    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200)
    organisation_label = models.CharField(max_length=200)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    result = models.CharField(max_length=12, choices=Result.choices)
    origin = models.CharField(max_length=80)  # channel and client address, e.g. "ui 127.0.0.1"
    purpose = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Het toegangslog is alleen aanvullen.")
        super().save(*args, **kwargs)


class PersonShare(models.Model):
    """An organisation given sight of one person's record for a task (need-to-know made explicit, R51)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="person_shares")
    purpose = models.CharField(max_length=200)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=models.Q(valid_to__isnull=True),
                name="one_open_share_per_organisation",
            )
        ]
        verbose_name = "gedeeld dossier"
        verbose_name_plural = "gedeelde dossiers"

    def __str__(self) -> str:
        return f"persoon {self.person_id} gedeeld met {self.organisation}"
