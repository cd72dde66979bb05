"""Capacity, demand and planner runs of the LCC (§4.1, §1.4; R39, R40, R49).

Rows hold state only; every change goes through `deployment.services`, which writes the journal in the same
transaction. Capacity (units, staff, shifts, absences) holds no case data; demand (deployment concepts and
activities) hangs on a stelsel person; a planner run keeps its inputs and its result, so it can be reproduced.
"""

from django.db import models

from stelsel.planner.model import QUALIFICATION_LABELS

QUALIFICATION_CHOICES = [(q.value, label) for q, label in QUALIFICATION_LABELS.items()]


class UnitKind(models.TextChoices):
    NATIONAL = "landelijk", "Landelijke Eenheid politie"
    KMAR = "kmar", "KMar"
    REGIONAL = "regionaal", "Regionale eenheid politie"


class DeploymentUnit(models.Model):
    """A unit that executes person-directed measures: the national unit, a KMar contingent or a regional unit."""

    journal_subject_type = "deployment_unit"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=UnitKind.choices)
    base_municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "inzeteenheid"
        verbose_name_plural = "inzeteenheden"

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    journal_subject_type = "staff_member"

    unit = models.ForeignKey(DeploymentUnit, on_delete=models.PROTECT, related_name="staff")
    number = models.CharField(max_length=20, unique=True)  # the service number, not the name, goes into plans
    name = models.CharField(max_length=120)
    qualifications = models.JSONField(default=list)  # codes of planner.model.Qualification, at least one
    base_municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit", "number"]
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def qualification_labels(self) -> list[str]:
        labels = dict(QUALIFICATION_CHOICES)
        return [labels.get(code, code) for code in self.qualifications]


class Shift(models.Model):
    """A roster window in which the staff member is on duty and can be deployed."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "staff"]
        verbose_name = "dienst"
        verbose_name_plural = "diensten"
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_order")
        ]

    def __str__(self) -> str:
        return f"Dienst {self.staff_id} {self.starts_at:%d-%m %H:%M}"


class AbsenceKind(models.TextChoices):
    SICK = "ziek", "Ziek"
    LEAVE = "verlof", "Verlof"


class Absence(models.Model):
    journal_subject_type = "absence"

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="absences")
    kind = models.CharField(max_length=10, choices=AbsenceKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)  # open: until reported fit
    note = models.TextField(blank=True, default="")
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "afwezigheid"
        verbose_name_plural = "afwezigheden"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.staff_id} vanaf {self.starts_at:%d-%m %H:%M}"


class WorkingTimeRules(models.Model):
    """The working-time limits the planner keeps; the newest row is in force (configurable, R39)."""

    max_shift_minutes = models.PositiveIntegerField(default=600)
    min_rest_minutes = models.PositiveIntegerField(default=660)
    max_week_minutes = models.PositiveIntegerField(default=2880)
    normal_shift_minutes = models.PositiveIntegerField(default=480)
    valid_from = models.DateTimeField()
    motivation = models.TextField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = "arbeidstijdregels"
        verbose_name_plural = "arbeidstijdregels"

    def __str__(self) -> str:
        return f"Arbeidstijdregels vanaf {self.valid_from:%d-%m-%Y}"


class DeploymentConcept(models.Model):
    """Which unit executes a person's person-directed measure, and with what team per activity (R39)."""

    journal_subject_type = "deployment_concept"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="deployment_concepts")
    measure = models.ForeignKey("measures.Measure", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(DeploymentUnit, on_delete=models.PROTECT, related_name="concepts")
    team = models.JSONField()  # {qualification: count}, the default for the person's activities
    threat_level = models.PositiveSmallIntegerField()  # the level of the decision the measure rests on
    motivation = models.TextField()
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey("core.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["person", "-id"]
        verbose_name = "inzetconcept"
        verbose_name_plural = "inzetconcepten"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(ended_by__isnull=True), name="one_open_concept_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Inzetconcept {self.person_id} ({self.unit_id})"


class ActivityKind(models.TextChoices):
    WORK = "work", "Werk"
    PRIVATE = "private", "Privé"


class Activity(models.Model):
    """One item of the person's agenda: it leads the deployment (seed 001)."""

    journal_subject_type = "activity"

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="activities")
    concept = models.ForeignKey(DeploymentConcept, on_delete=models.PROTECT, related_name="activities")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    municipality = models.ForeignKey("registry.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
    team = models.JSONField()
    entry = models.ForeignKey("core.JournalEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_order")
        ]

    def __str__(self) -> str:
        return f"Activiteit {self.pk} ({self.starts_at:%d-%m %H:%M})"


class RunKind(models.TextChoices):
    PLAN = "plannen", "Plannen"
    REPLAN = "herplannen", "Herplannen"


class RunStatus(models.TextChoices):
    QUEUED = "wachtrij", "In de wachtrij"
    RUNNING = "bezig", "Bezig"
    DONE = "voltooid", "Voltooid"
    FAILED = "mislukt", "Mislukt"
    CANCELLED = "geannuleerd", "Geannuleerd"


OPEN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class PlanRun(models.Model):
    """One run of the planner over whole days; only a finished run is put in force."""

    journal_subject_type = "plan_run"

    kind = models.CharField(max_length=12, choices=RunKind.choices)
    first_day = models.DateField()
    days = models.PositiveSmallIntegerField()
    time_limit = models.PositiveSmallIntegerField()  # seconds
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # When the plan this run derives from was started (its own start for a full plan): per day, the plan in force
    # with the newest origin counts, so re-planning an older plan never overrides a newer plan for that day.
    origin_at = models.DateTimeField()
    change = models.JSONField(default=dict)  # for a re-plan: what changed (a sick call)
    inputs = models.JSONField()  # the planner instance (format stelsel-planner/1), so the run can be reproduced
    result = models.JSONField(null=True, blank=True)  # the plan with uncovered, advice and utilisation
    diff = models.JSONField(null=True, blank=True)  # for a re-plan: what changed against `based_on`
    summary = models.JSONField(default=dict)
    message = models.TextField(blank=True, default="")  # why it failed or was cancelled
    in_force = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    policy_version = models.CharField(max_length=40)
    started_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # The start's journal entry; set in the same transaction as the row (the entry names the run).
    entry = models.ForeignKey("core.JournalEntry", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "planningsrun"
        verbose_name_plural = "planningsruns"

    def __str__(self) -> str:
        return f"Planningsrun {self.pk} ({self.first_day:%d-%m-%Y}, {self.days} dag(en))"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
