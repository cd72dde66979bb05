"""Measures advice, package decisions, measures, reviews, moments of increased risk and mayor notifications.

Rows hold state only; every change goes through `measures.services`, which writes the journal in the same
transaction.
"""

from django.db import models

from stelsel.policy.duty_of_care import (
    DURATION_LABELS,
    FACILITATION_LABELS,
    THREAT_LEVEL_LABELS,
    Facilitation,
)

THREAT_LEVEL_CHOICES = [(level.value, label) for level, label in THREAT_LEVEL_LABELS.items()]
DURATION_CHOICES = [(duration.value, label) for duration, label in DURATION_LABELS.items()]
FACILITATION_CHOICES = [(f.value, label) for f, label in FACILITATION_LABELS.items()]


class Scope(models.TextChoices):
    WORK = "werk", "Werk"
    PRIVATE = "prive", "Privé"
    BOTH = "beide", "Werk en privé"


class MeasureStatus(models.TextChoices):
    ACTIVE = "actief", "Actief"
    PHASED_OUT = "afgebouwd", "Afgebouwd"


class AdviceStatus(models.TextChoices):
    REQUESTED = "gevraagd", "Gevraagd, bij de adviseur B&B"
    SUBMITTED = "ingediend", "Ingediend, bij het gezag"
    DECIDED = "besloten", "Besloten"


class MeasuresAdvice(models.Model):
    """R40: on the authority's request an adviser B&B drafts a package, with advice on scarce means (§4.1)."""

    journal_subject_type = "measures_advice"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="measures_advice")
    authority = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    adviser_org = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AdviceStatus.choices, default=AdviceStatus.REQUESTED)
    question = models.TextField()
    due_on = models.DateField()
    requested_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    # The adviser's draft: the threat it rests on, the package with its reasons, and scarce means.
    threat_level = models.PositiveSmallIntegerField(null=True, choices=THREAT_LEVEL_CHOICES)
    threat_duration = models.CharField(max_length=10, blank=True, default="", choices=DURATION_CHOICES)
    explanation = models.TextField(blank=True, default="")
    scarce_means = models.TextField(blank=True, default="")
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40, blank=True, default="")
    submitted_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "maatregelenadvies"
        verbose_name_plural = "maatregelenadviezen"

    def __str__(self) -> str:
        return f"Maatregelenadvies {self.pk}"


class AdviceItem(models.Model):
    advice = models.ForeignKey(MeasuresAdvice, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=40)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    facilitation = models.CharField(max_length=10, blank=True, default="", choices=FACILITATION_CHOICES)
    note = models.TextField(blank=True, default="")
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["advice", "position"]
        verbose_name = "onderdeel maatregelenadvies"
        verbose_name_plural = "onderdelen maatregelenadvies"

    def __str__(self) -> str:
        return f"{self.kind} ({self.scope})"

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)


class PackageDecision(models.Model):
    """The authority's decision on a package of measures (R02, R40), motivated, with the rules it follows."""

    journal_subject_type = "measures_decision"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="package_decisions")
    advice = models.ForeignKey(
        MeasuresAdvice, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    authority = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    threat_level = models.PositiveSmallIntegerField(choices=THREAT_LEVEL_CHOICES)
    threat_duration = models.CharField(max_length=10, choices=DURATION_CHOICES)
    motivation = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    decided_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "besluit maatregelenpakket"
        verbose_name_plural = "besluiten maatregelenpakket"

    def __str__(self) -> str:
        return f"Besluit {self.pk} voor persoon {self.person_id}"


class Measure(models.Model):
    journal_subject_type = "measure"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="measures")
    decision = models.ForeignKey(
        PackageDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    kind = models.CharField(max_length=40)  # a code from the catalogue
    scope = models.CharField(max_length=10, choices=Scope.choices)
    facilitation = models.CharField(max_length=10, blank=True, default="", choices=FACILITATION_CHOICES)
    # R38: the information on which the threat and this measure are re-evaluated before the review date.
    reevaluate_when = models.TextField(blank=True, default="")
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
    # R26: an urgent measure the RCCB took for a local threat report is provisional until the adviser BB&C confirms it.
    threat_report = models.ForeignKey(
        "local.ThreatReport", null=True, blank=True, on_delete=models.PROTECT, related_name="urgent_measures"
    )
    provisional = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey("access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "starts_on", "id"]
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"

    def __str__(self) -> str:
        return f"Maatregel {self.kind} voor persoon {self.person_id}"

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)

    @property
    def facilitation_label(self) -> str:
        return FACILITATION_LABELS[Facilitation(self.facilitation)] if self.facilitation else ""


def kind_name(code: str) -> str:
    from stelsel.measures.catalogue import catalogue

    kind = catalogue().get(code)
    return kind.name if kind else code


class ReviewOutcome(models.TextChoices):
    CONTINUE = "voortzetten", "Voortzetten"
    CHANGE = "wijzigen", "Wijzigen"
    PHASE_OUT = "afbouwen", "Afbouwen"


class Review(models.Model):
    """A periodic review of a person's package (§3.3, R38): each measure continued, changed or phased out."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="measure_reviews")
    authority = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    threat_level = models.PositiveSmallIntegerField(choices=THREAT_LEVEL_CHOICES)
    threat_duration = models.CharField(max_length=10, choices=DURATION_CHOICES)
    motivation = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    reviewed_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = "herbeoordeling"
        verbose_name_plural = "herbeoordelingen"

    def __str__(self) -> str:
        return f"Herbeoordeling {self.pk}"


class ReviewLine(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="lines")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="review_lines")
    outcome = models.CharField(max_length=12, choices=ReviewOutcome.choices)
    previous_scope = models.CharField(max_length=10)
    new_scope = models.CharField(max_length=10, blank=True, default="")
    previous_facilitation = models.CharField(max_length=10, blank=True, default="")
    new_facilitation = models.CharField(max_length=10, blank=True, default="")
    previous_review_on = models.DateField(null=True)
    next_review_on = models.DateField(null=True)
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["review", "id"]
        verbose_name = "regel herbeoordeling"
        verbose_name_plural = "regels herbeoordeling"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} maatregel {self.measure_id}"


class ReporterKind(models.TextChoices):
    PERSON = "persoon", "De te beveiligen persoon"
    EMPLOYER = "werkgever", "De werkgever"
    POLICE = "politie", "Politie"


class RiskMoment(models.Model):
    """R37: a public appearance in one's function where a risk can be assumed; routed to NCTV or RCCB (§3.3)."""

    journal_subject_type = "risk_moment"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="risk_moments")
    reporter_kind = models.CharField(max_length=10, choices=ReporterKind.choices)
    reporter_name = models.CharField(max_length=200, blank=True, default="")
    description = models.TextField()
    location = models.CharField(max_length=200)
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    routed_to = models.ForeignKey("access.Organisation", on_delete=models.PROTECT, related_name="+")
    routing_reasons = models.JSONField(default=list)
    registered_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    extra_measures_advised = models.BooleanField(null=True)
    decision_motivation = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "verhoogd risicomoment"
        verbose_name_plural = "verhoogde risicomomenten"

    def __str__(self) -> str:
        return f"Risicomoment {self.pk} ({self.starts_at:%d-%m-%Y})"


class Scenario(models.TextChoices):
    NEW_PERSON = "nieuwe_persoon", "Nieuwe te beveiligen persoon opgenomen"
    PLANNED = "planbaar", "Planbare veiligheidssituatie"
    ACUTE = "acuut", "Acuut veiligheidsrisico"


class MayorNotification(models.Model):
    """§2.3.5, R22: the NCTV informs the mayor, sharing only what it chose; the mayor sees nothing else."""

    journal_subject_type = "mayor_notification"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="mayor_notifications")
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    scenario = models.CharField(max_length=20, choices=Scenario.choices)
    content = models.TextField()  # what the NCTV decided to share, and nothing more
    # What prompted it, for the NCTV's own record; never shown to the mayor.
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    risk_moment = models.ForeignKey(RiskMoment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "melding aan burgemeester"
        verbose_name_plural = "meldingen aan burgemeesters"

    def __str__(self) -> str:
        return f"Melding {self.pk} aan burgemeester van {self.municipality_id}"


class FourWayConsultation(models.Model):
    """R23: mayor, prosecutor and police plus the NCTV (and the KMar when involved) on a stelsel case (§2.3.5)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="four_way_consultations")
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    kmar_joined = models.BooleanField(default=False)
    participants = models.TextField()
    agreements = models.TextField()
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "vierhoeksoverleg"
        verbose_name_plural = "vierhoeksoverleggen"

    def __str__(self) -> str:
        return f"Vierhoeksoverleg {self.held_on:%d-%m-%Y}"
