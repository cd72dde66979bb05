"""The protected person's side of a case (R42, R44, R50; circulaire §2.2, §5.1, §5.2; seed 002).

Cooperation, communication and the confidentiality declaration keep their history: every change is a new row and
the current state is the latest one. Only the employer checklist is changed in place; it carries a version and the
journal keeps what changed. Rows hold state only; every change goes through `portal.services`, which writes the
journal entry in the same transaction.
"""

from django.db import models

from stelsel.policy.cooperation import COOPERATION_LABELS, Cooperation


class CooperationStatus(models.TextChoices):
    FULL = Cooperation.FULL.value, COOPERATION_LABELS[Cooperation.FULL]
    PARTIAL = Cooperation.PARTIAL.value, COOPERATION_LABELS[Cooperation.PARTIAL]
    NONE = Cooperation.NONE.value, COOPERATION_LABELS[Cooperation.NONE]


class CooperationRecord(models.Model):
    """R42: the person's cooperation as observed, motivated; the current status is the latest record (§2.2, §5.1)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cooperation_records")
    status = models.CharField(max_length=12, choices=CooperationStatus.choices)
    # Seeks out the threat or is an integrity risk to the system: protected, but accepts more limits (seed 002).
    limits_accepted = models.BooleanField(default=False)
    note = models.TextField()
    effect = models.JSONField(default=dict)  # policy.cooperation.CooperationEffect.as_dict()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = "medewerking"
        verbose_name_plural = "medewerking (historie)"

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.recorded_at:%d-%m-%Y})"


class Channel(models.TextChoices):
    CONVERSATION = "gesprek", "Persoonlijk gesprek"
    TELEPHONE = "telefoon", "Telefoon"
    LETTER = "brief", "Brief"
    APP = "app", "App voor te beveiligen personen"


class CommunicationEntry(models.Model):
    """R44, §5.2: what the person was told about the threat and the measures, and when; never necessarily everything."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="communications")
    told_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    about_threat = models.BooleanField(default=False)
    about_measures = models.BooleanField(default=False)
    summary = models.TextField()
    # What was deliberately not told (intelligence, investigation or prosecution interests, §5.2). Never shown to
    # the person.
    withheld_note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-told_at", "-id"]
        verbose_name = "communicatie met de te beveiligen persoon"
        verbose_name_plural = "communicatielogboek"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(about_threat=True) | models.Q(about_measures=True), name="communication_has_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.told_at:%d-%m-%Y %H:%M}"

    @property
    def topics(self) -> str:
        parts = [name for flag, name in ((self.about_threat, "dreiging"), (self.about_measures, "maatregelen")) if flag]
        return " en ".join(parts)


class DeclarationStatus(models.TextChoices):
    OFFERED = "aangeboden", "Aangeboden"
    SIGNED = "ondertekend", "Ondertekend"
    DECLINED = "geweigerd", "Geweigerd"


class ConfidentialityDeclaration(models.Model):
    """§5.2: one event in the life of the confidentiality declaration: offered, signed or declined."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="confidentiality_events")
    status = models.CharField(max_length=12, choices=DeclarationStatus.choices)
    on = models.DateField()
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = "gebeurtenis geheimhoudingsverklaring"
        verbose_name_plural = "geheimhoudingsverklaring (historie)"

    def __str__(self) -> str:
        return f"{self.get_status_display()} op {self.on:%d-%m-%Y}"


# The employer's duty of care (seed 002): field name -> (label, what is expected of the employer).
EMPLOYER_DUTIES: dict[str, tuple[str, str]] = {
    "alertness": (
        "Alertheid",
        "De werkgever is zich bewust van de dreigingen die de werknemer door de functie kan krijgen.",
    ),
    "resilience": (
        "Weerbaarheid",
        "De werkgever investeert in de weerbaarheid van de werknemer: trainingen, psychosociale of maatschappelijke "
        "ondersteuning.",
    ),
    "prevention": (
        "Preventie",
        "De werkgever richt de functie zo in dat mogelijke dreigingen worden beperkt.",
    ),
    "security_measures": (
        "Beveiligingsmaatregelen (woning, werkplek, vervoer)",
        "De werkgever borgt de veiligheid op woonhuis en werkplek en van het vervoer (camera's, toezicht, poortjes, "
        "beveiliging, chauffeur).",
    ),
    "thinking_along": (
        "Meedenken met de overheid",
        "De werkgever denkt mee met de overheid en geeft invulling aan haar adviezen en aanwijzingen.",
    ),
}


class EmployerDuties(models.Model):
    """The employer's duties per person (seed 002, §2.2): one checklist, changed in place with a version."""

    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="employer_duties")
    employer_name = models.CharField(max_length=200)
    alertness = models.BooleanField(EMPLOYER_DUTIES["alertness"][0], default=False)
    resilience = models.BooleanField(EMPLOYER_DUTIES["resilience"][0], default=False)
    prevention = models.BooleanField(EMPLOYER_DUTIES["prevention"][0], default=False)
    security_measures = models.BooleanField(EMPLOYER_DUTIES["security_measures"][0], default=False)
    thinking_along = models.BooleanField(EMPLOYER_DUTIES["thinking_along"][0], default=False)
    notes = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")  # the latest change

    class Meta:
        verbose_name = "zorgplicht werkgever"
        verbose_name_plural = "zorgplicht werkgevers"

    def __str__(self) -> str:
        return f"Zorgplicht {self.employer_name}"

    @property
    def duties(self) -> list[tuple[str, str, bool]]:
        """(label, expectation, fulfilled) for each of the five duties, in the policy's order."""
        return [
            (label, expectation, bool(getattr(self, name))) for name, (label, expectation) in EMPLOYER_DUTIES.items()
        ]

    @property
    def fulfilled_count(self) -> int:
        return sum(1 for _label, _expectation, fulfilled in self.duties if fulfilled)
