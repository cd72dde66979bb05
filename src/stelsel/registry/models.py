"""Persons, households, objects and services, reference geography, and authority over time."""

from django.db import models
from django.db.models import Q

from stelsel.policy.authority import BASIS_LABELS, HOLDER_LABELS, Basis, HolderKind
from stelsel.policy.household import RELATION_LABELS, RelationKind


class District(models.Model):
    """Arrondissement: one HOvJ each."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "arrondissement"
        verbose_name_plural = "arrondissementen"

    def __str__(self) -> str:
        return self.name


class PoliceUnit(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    is_national = models.BooleanField(default=False)

    class Meta:
        ordering = ["is_national", "name"]
        verbose_name = "politie-eenheid"
        verbose_name_plural = "politie-eenheden"

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(max_length=6, unique=True)  # CBS code, e.g. GM0363
    name = models.CharField(max_length=100)
    province = models.CharField(max_length=40)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    police_unit = models.ForeignKey(PoliceUnit, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    street = models.CharField(max_length=120)
    house_number = models.PositiveIntegerField()
    house_number_addition = models.CharField(max_length=10, blank=True, default="")
    postcode = models.CharField(max_length=6)  # normalised: 1234AB
    city = models.CharField(max_length=80)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="addresses")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_number_addition"], name="address_unique_location"
            )
        ]
        verbose_name = "adres"
        verbose_name_plural = "adressen"

    def __str__(self) -> str:
        number = f"{self.house_number}{('-' + self.house_number_addition) if self.house_number_addition else ''}"
        return f"{self.street} {number}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


class Person(models.Model):
    journal_subject_type = "person"

    given_names = models.CharField(max_length=120)
    surname_prefix = models.CharField(max_length=20, blank=True, default="")
    surname = models.CharField(max_length=120)
    date_of_birth = models.DateField()
    registered_at = models.DateTimeField()
    registered_by_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: every service that changes the person's case bumps it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["surname", "given_names", "id"]
        indexes = [models.Index(fields=["surname", "given_names"])]
        verbose_name = "persoon"
        verbose_name_plural = "personen"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.surname_prefix, self.surname) if part)


class PersonAddress(models.Model):
    class Kind(models.TextChoices):
        HOME = "woonadres", "Woonadres"
        WORK = "werkadres", "Werkadres"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(valid_to__isnull=True),
                name="one_current_address_per_kind",
            )
        ]
        verbose_name = "adres van persoon"
        verbose_name_plural = "adressen van personen"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} van persoon {self.person_id}"


class Relation(models.Model):
    """A relative of a person. Whether it is household is derived (R07): listed kind and the same home address."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations")
    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relative_of")
    kind = models.CharField(max_length=20, choices=[(k.value, RELATION_LABELS[k]) for k in RelationKind])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="relation_unique_pair"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="relation_not_self"),
        ]
        verbose_name = "relatie"
        verbose_name_plural = "relaties"

    def __str__(self) -> str:
        return f"{self.kind_label} van persoon {self.person_id}"

    @property
    def kind_label(self) -> str:
        return RELATION_LABELS[RelationKind(self.kind)]


class ProtectedObject(models.Model):
    """An object or service (R31, R32)."""

    journal_subject_type = "object"

    class Kind(models.TextChoices):
        BUILDING = "gebouw", "Gebouw"
        SITE = "terrein", "Terrein"
        SERVICE = "dienst", "Dienst"

    class Art4(models.TextChoices):
        NONE = "", "Geen"
        ROYAL_PALACE = "koninklijk_paleis", "Koninklijk paleis"
        PM_RESIDENCE = "ambtswoning_mp", "Terrein ambtswoning minister-president"
        DNB = "dnb", "De Nederlandsche Bank N.V."

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="objects_services")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    on_limitative_list = models.BooleanField(default=False)
    art4_category = models.CharField(max_length=20, choices=Art4.choices, blank=True, default="")
    registered_at = models.DateTimeField()
    registered_by_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = "object of dienst"
        verbose_name_plural = "objecten en diensten"

    def __str__(self) -> str:
        return self.name

    @property
    def is_art4(self) -> bool:
        return bool(self.art4_category)


class AuthorityPeriod(models.Model):
    """A period in which an authority (gezag) held a person or object, with its basis and journal entries."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="authority_periods"
    )
    object = models.ForeignKey(
        ProtectedObject, null=True, blank=True, on_delete=models.PROTECT, related_name="authority_periods"
    )
    holder = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="authority_periods")
    holder_kind = models.CharField(max_length=15, choices=[(k.value, HOLDER_LABELS[k]) for k in HolderKind])
    basis = models.CharField(max_length=30, choices=[(b.value, BASIS_LABELS[b]) for b in Basis])
    # For household members: the protected person whose authority they follow (R07).
    via_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=50)
    started_by = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey("core.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, object__isnull=True) | Q(person__isnull=True, object__isnull=False)),
                name="authority_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="authority_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True, person__isnull=False),
                name="one_open_period_person",
            ),
            models.UniqueConstraint(
                fields=["object"],
                condition=Q(valid_to__isnull=True, object__isnull=False),
                name="one_open_period_object",
            ),
        ]
        verbose_name = "gezagsperiode"
        verbose_name_plural = "gezagsperiodes"

    def __str__(self) -> str:
        return f"{self.holder_label}: {self.basis_label}"

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[Basis(self.basis)]

    @property
    def holder_label(self) -> str:
        return f"{HOLDER_LABELS[HolderKind(self.holder_kind)]} ({self.holder.name})"
