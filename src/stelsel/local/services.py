"""Every state change of the local domain and of the NCTV's object advice (§2.4, §2.5; R24–R32). One transaction each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state and the actor's unit or
office, apply the policy with its reasons, change rows, write the journal entry.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.timezone import localtime

from stelsel.access.models import Organisation, PersonShare, User
from stelsel.access.roles import OrgKind, Role
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.intel.models import ProductRequest, RequestStatus
from stelsel.local.models import CollegeNotification, LocalDomainRules, ObjectAdvice, ThreatReport
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import Measure, MeasuresAdvice, MeasureStatus, PackageDecision, Scope
from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.framework import IntakeAnswers, LifeThreat, Phenomenon, serious_threat
from stelsel.policy.local_domain import (
    DECISION_LABELS,
    DEFAULT_CONFIRM_HOURS,
    FUNCTION_LABELS,
    OPEN_STATUSES,
    R_CONFIRMED,
    R_NOT_CONFIRMED,
    R_OBJECT_ADVICE,
    R_OBJECT_ADVICE_ANSWER,
    STATUS_LABELS,
    AdviserDecision,
    LocalRuleError,
    PartnerRules,
    Place,
    ReportSource,
    ReportStatus,
    Routing,
    ThreatenedFunction,
    adviser_step,
    check_urgent_measure,
    hovj_may_decide,
    route_report,
    weighing,
)
from stelsel.policy.measures import R_TEMPORARY
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.registry.models import (
    AuthorityPeriod,
    District,
    Person,
    PersonAddress,
    PoliceUnit,
    ProtectedObject,
)
from stelsel.registry.queries import current_address, current_authority
from stelsel.registry.services import give_up_authority, take_up_authority


def _policy() -> PolicyVersion:
    return version_on(today())


def _text(value: str | None) -> str:
    return (value or "").strip()


def _reason_dicts(reasons: Sequence[Reason]) -> list[dict[str, str]]:
    return [reason.as_dict() for reason in dict.fromkeys(reasons)]


# --- configurable rules ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalRules:
    confirm_within_hours: int = DEFAULT_CONFIRM_HOURS
    partner_districts: Mapping[str, str] = field(default_factory=dict)
    partner_units: Mapping[str, str] = field(default_factory=dict)
    motivation: str = "Standaardregels (nog niet ingesteld)"
    valid_from: datetime | None = None

    @property
    def partners(self) -> PartnerRules:
        return PartnerRules(dict(self.partner_districts), dict(self.partner_units))


def current_rules() -> LocalRules:
    row = LocalDomainRules.objects.first()
    if row is None:
        return LocalRules()
    return LocalRules(
        row.confirm_within_hours, row.partner_districts, row.partner_units, row.motivation, row.valid_from
    )


def _check_pairs(pairs: Mapping[str, str] | None, known: set[str], field_name: str, what: str) -> dict[str, str]:
    checked: dict[str, str] = {}
    for source, target in (pairs or {}).items():
        if source not in known or target not in known:
            raise InvalidInput.for_field(field_name, f"Onbekend(e) {what} in '{source} = {target}'.")
        if source == target:
            raise InvalidInput.for_field(field_name, f"Een {what} kan niet zijn eigen partner zijn ({source}).")
        checked[source] = target
    return checked


def set_rules(
    actor: User,
    *,
    confirm_within_hours: int | None,
    partner_districts: Mapping[str, str] | None,
    partner_units: Mapping[str, str] | None,
    motivation: str,
) -> LocalDomainRules:
    """The functional administrator sets the rules: hours to confirm urgent measures, partner districts and units."""
    require(actor, Action.MANAGE_LOCAL_RULES)
    errors: dict[str, str] = {}
    if confirm_within_hours is None or not 1 <= confirm_within_hours <= 24 * 14:
        errors["confirm_within_hours"] = "Geef een aantal uren van 1 tot en met 336."
    if not _text(motivation):
        errors["motivation"] = "Motiveer de wijziging van de regels."
    if errors:
        raise InvalidInput.for_fields(errors)
    districts = _check_pairs(
        partner_districts, set(District.objects.values_list("code", flat=True)), "partner_districts", "arrondissement"
    )
    units = _check_pairs(
        partner_units,
        set(PoliceUnit.objects.filter(is_national=False).values_list("code", flat=True)),
        "partner_units",
        "regionale eenheid",
    )
    assert confirm_within_hours is not None
    with transaction.atomic():
        entry = journal.record(
            actor=actor,
            action="local.rules_set",
            subjects=[],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={
                "confirm_within_hours": confirm_within_hours,
                "partner_districts": districts,
                "partner_units": units,
            },
        )
        return LocalDomainRules.objects.create(
            confirm_within_hours=confirm_within_hours,
            partner_districts=districts,
            partner_units=units,
            valid_from=entry.recorded_at,
            motivation=_text(motivation),
            entry=entry,
        )


# --- registering a report (R25, R29, R30, R11, R32) -----------------------------------------------------------------


def _place(person: Person | None, obj: ProtectedObject | None) -> Place:
    if obj is not None:
        municipality = obj.municipality
        return Place(municipality.district.code, municipality.police_unit.code)
    assert person is not None
    home, work = current_address(person, PersonAddress.Kind.HOME), current_address(person, PersonAddress.Kind.WORK)
    return Place(
        home.municipality.district.code if home else None,
        home.municipality.police_unit.code if home else None,
        work.municipality.district.code if work else None,
        work.municipality.police_unit.code if work else None,
    )


def _office(district_code: str) -> Organisation:
    office = Organisation.objects.filter(kind=OrgKind.OM_DISTRICT, district__code=district_code).first()
    if office is None:
        raise InvalidInput.for_field("subject", f"Er is geen arrondissementsparket voor {district_code}.")
    return office


def _unit_org(unit_code: str) -> Organisation:
    org = Organisation.objects.filter(kind=OrgKind.POLICE_UNIT, police_unit__code=unit_code).first()
    if org is None:
        raise InvalidInput.for_field("subject", f"Er is geen politie-eenheid {unit_code} met een RCCB.")
    return org


def _route(person: Person | None, obj: ProtectedObject | None, function: ThreatenedFunction) -> Outcome[Routing]:
    authority = current_authority(person) if person is not None else None
    try:
        return route_report(
            is_object=obj is not None,
            function=function,
            place=_place(person, obj),
            in_stelsel=authority is not None and authority.holder_kind == HolderKind.NCTV,
            art4=obj is not None and obj.is_art4,
            districts=sorted(District.objects.values_list("code", flat=True)),
            units=sorted(PoliceUnit.objects.filter(is_national=False).values_list("code", flat=True)),
            rules=current_rules().partners,
            version=_policy(),
        )
    except LocalRuleError as error:
        raise InvalidInput.for_field(error.field, str(error)) from None


def register_report(
    actor: User,
    *,
    person: Person | None,
    obj: ProtectedObject | None,
    threatened_function: str,
    received_as: str,
    what_happened: str,
    threatener: str = "",
    occurred_at: datetime | None,
) -> ThreatReport:
    """Police registers a report or complaint; the system routes it to the RCCB of the unit where the threatened
    person lives or the object lies, and names the responsible HOvJ and producing unit (R25, R29, R30)."""
    require(actor, Action.REGISTER_REPORT, person or obj)
    errors: dict[str, str] = {}
    if (person is None) == (obj is None):
        errors["subject"] = "Kies de bedreigde: één persoon of één object of dienst (§2.4.1)."
    if threatened_function not in {f.value for f in ThreatenedFunction}:
        errors["threatened_function"] = "Kies de functie van de bedreigde (of 'geen bijzondere functie')."
    if received_as not in {s.value for s in ReportSource}:
        errors["received_as"] = "Kies melding of aangifte."
    if not _text(what_happened):
        errors["what_happened"] = "Beschrijf wat er is gebeurd: de dreiging zelf."
    if occurred_at is None:
        errors["occurred_at"] = "Geef op wanneer de dreiging zich voordeed."
    elif occurred_at > now() + timedelta(minutes=5):
        errors["occurred_at"] = "Het moment van de dreiging ligt in de toekomst."
    if errors:
        raise InvalidInput.for_fields(errors)
    function = ThreatenedFunction(threatened_function)
    with transaction.atomic():
        if person is not None:
            person = Person.objects.select_for_update().get(pk=person.pk)
        outcome = _route(person, obj, function)
        routing = outcome.value
        assert occurred_at is not None
        report = ThreatReport(
            person=person,
            object=obj,
            threatened_function=function,
            received_as=received_as,
            what_happened=_text(what_happened),
            threatener=_text(threatener),
            occurred_at=occurred_at,
            status=ReportStatus.TO_NCTV if routing.to_nctv else ReportStatus.REPORTED,
            # A stelsel person without a home address: the registering unit keeps the report for the NCTV (R11).
            rccb=_unit_org(routing.rccb_unit) if routing.rccb_unit else actor.organisation,
            responsible_office=_office(routing.district) if routing.district else None,
            producing_unit=_unit_org(routing.producing_unit) if routing.producing_unit else None,
            notify_college=routing.notify_college,
            routing_reasons=outcome.reasons_as_dicts,
            routing_rules=dict(outcome.extra),
            registered_by=actor,
            registered_at=now(),
            policy_version=outcome.policy_version.key,
        )
        report.save()
        entry = journal.record(
            actor=actor,
            action="local.report_registered",
            subjects=[s for s in (person, obj, report) if s is not None],
            reason=report.what_happened,
            policy_version=report.policy_version,
            payload={
                "received_as": received_as,
                "function": FUNCTION_LABELS[function],
                "threatener": report.threatener or "onbekend",
                "rccb": report.rccb.name,
                "responsible_office": report.responsible_office.name if report.responsible_office else None,
                "producing_unit": report.producing_unit.name if report.producing_unit else None,
                "status": STATUS_LABELS[ReportStatus(report.status)],
                "rules": report.routing_rules,
                "reasons": report.routing_reasons,
            },
        )
        if report.notify_college:
            _notify_college(report, CollegeNotification.Kind.THREAT, _threat_summary(report), entry)
    return report


# --- the College of PGs (R30) ----------------------------------------------------------------------------------------


def _threat_summary(report: ThreatReport) -> str:
    function = FUNCTION_LABELS[ThreatenedFunction(report.threatened_function)]
    office = report.responsible_office.name if report.responsible_office else "de NCTV"
    return (
        f"Dreiging tegen {report.subject_name} ({function}), gemeld {localtime(report.registered_at):%d-%m-%Y %H:%M}: "
        f"{report.what_happened}\nVerantwoordelijk: {office}."
    )


def _notify_college(report: ThreatReport, kind: str, content: str, entry: JournalEntry) -> CollegeNotification:
    """R30: in the same transaction and under the same journal entry as the step it reports."""
    from stelsel.policy.local_domain import R_COLLEGE

    return CollegeNotification.objects.create(
        report=report,
        kind=kind,
        content=content,
        reasons=[R_COLLEGE.as_dict()],
        policy_version=entry.policy_version,
        sent_at=entry.recorded_at,
        entry=entry,
    )


# --- the RCCB's weighing (R25, R14) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """The framework's criteria of serious threat (§2.3.3 a, R14), as the RCCB answers them."""

    violent_offence: bool = False
    max_sentence_years: int = 0
    art285_threat: bool = False
    antecedent_serious_violence: bool = False
    antecedent_violent_group: bool = False
    antecedent_mental_disorder: bool = False
    life_threat: str = ""


def _criteria_errors(criteria: Criteria) -> dict[str, str]:
    errors: dict[str, str] = {}
    if criteria.life_threat not in {t.value for t in LifeThreat}:
        errors["life_threat"] = "Geef aan of de dreiging direct, indirect of niet tegen het leven is gericht (R14)."
    if criteria.violent_offence and criteria.max_sentence_years <= 0:
        errors["max_sentence_years"] = "Geef het strafmaximum van het geweldsdelict in jaren."
    if criteria.max_sentence_years < 0 or criteria.max_sentence_years > 99:
        errors["max_sentence_years"] = "Het strafmaximum ligt tussen 0 en 99 jaar."
    return errors


def _criteria_answers(criteria: Criteria) -> IntakeAnswers:
    return IntakeAnswers(
        violent_offence=criteria.violent_offence,
        max_sentence_years=criteria.max_sentence_years,
        art285_threat=criteria.art285_threat,
        antecedent_serious_violence=criteria.antecedent_serious_violence,
        antecedent_violent_group=criteria.antecedent_violent_group,
        antecedent_mental_disorder=criteria.antecedent_mental_disorder,
        life_threat=LifeThreat(criteria.life_threat),
        actor_known=False,
        phenomenon=Phenomenon.NONE_OR_UNKNOWN,
        phenomenon_facts="",
        professional_insight=False,
    )


def _locked_report(report: ThreatReport, expected_version: int | None) -> ThreatReport:
    locked = (
        ThreatReport.objects.select_for_update(of=("self",))
        .select_related("person", "object", "rccb", "responsible_office", "producing_unit")
        .get(pk=report.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("Iemand anders heeft deze melding intussen gewijzigd; laad de pagina opnieuw.")
    return locked


def _bump(report: ThreatReport, *fields: str) -> None:
    report.version += 1
    report.save(update_fields=[*fields, "version"])


def _require_rccb(actor: User, report: ThreatReport) -> None:
    if report.rccb_id != actor.organisation_id:
        raise NotAllowed(
            f"Deze melding is binnengekomen bij de RCCB van {report.rccb.name}; alleen die RCCB weegt haar en neemt "
            "spoedmaatregelen (§2.4.1, R25, R26)."
        )


def weigh_report(
    actor: User,
    report: ThreatReport,
    *,
    criteria: Criteria,
    motivation: str,
    expected_version: int | None = None,
) -> ThreatReport:
    """The RCCB's first weighing (R25): a serious threat goes to the responsible HOvJ's adviser BB&C, who from then on
    holds the case (R24, or R29/R30 for the driehoek); otherwise the case stays with basic police care."""
    require(actor, Action.WEIGH_REPORT, report.person or report.object)
    errors = _criteria_errors(criteria)
    if not _text(motivation):
        errors["motivation"] = "Motiveer de weging: waarom is de dreiging (niet) ernstig?"
    if errors:
        raise InvalidInput.for_fields(errors)
    serious, criteria_reasons = serious_threat(_criteria_answers(criteria))
    policy = _policy()
    outcome = weighing(serious, criteria_reasons, ThreatenedFunction(report.threatened_function), policy)
    to_office = outcome.value is ReportStatus.WITH_ADVISER
    with transaction.atomic():
        locked = _locked_report(report, expected_version)
        _require_rccb(actor, locked)
        if locked.status != ReportStatus.REPORTED:
            raise Conflict(f"Deze melding is al gewogen ({STATUS_LABELS[locked.report_status].lower()}).")
        locked.status = outcome.value
        locked.serious = serious
        locked.weighing_criteria = {**criteria.__dict__}
        locked.weighing_motivation = _text(motivation)
        locked.weighing_reasons = outcome.reasons_as_dicts
        locked.weighed_by, locked.weighed_at = actor, now()
        locked.sent_to_office_at = locked.weighed_at if to_office else None
        subjects = [s for s in (locked.person, locked.object, locked) if s is not None]
        payload = {
            "serious": serious,
            "status": STATUS_LABELS[outcome.value],
            "responsible_office": locked.responsible_office.name if to_office and locked.responsible_office else None,
            "reasons": locked.weighing_reasons,
        }
        if to_office:
            entry = _to_responsible_office(actor, locked, subjects, payload)
        else:
            entry = journal.record(
                actor=actor,
                action="local.report_weighed",
                subjects=subjects,
                reason=locked.weighing_motivation,
                policy_version=policy.key,
                payload=payload,
            )
        _bump(
            locked,
            "status",
            "serious",
            "weighing_criteria",
            "weighing_motivation",
            "weighing_reasons",
            "weighed_by",
            "weighed_at",
            "sent_to_office_at",
        )
        if to_office and locked.producing_unit_id not in {None, locked.rccb_id} and locked.person is not None:
            _share(locked.person, locked.producing_unit, SHARE_PURPOSE, entry)
    return locked


def _to_responsible_office(
    actor: User, report: ThreatReport, subjects: Sequence[journal.Subject], payload: dict[str, object]
) -> JournalEntry:
    """The responsible HOvJ becomes the authority over the person (local domain) or object (criminal law), in the
    weighing's own journal entry, unless that office holds it already."""
    office = report.responsible_office
    if office is None:
        raise Conflict("Voor deze melding is geen verantwoordelijke HOvJ bepaald.")
    subject = report.person or report.object
    assert subject is not None
    current = current_authority(subject)
    if current is not None and current.holder_kind == HolderKind.NCTV:
        raise Conflict("De bedreigde valt intussen onder gezag van de NCTV (§2.3.1, R11); de melding gaat daarheen.")
    if current is not None and current.holder_kind == HolderKind.HOVJ and current.holder_id != office.pk:
        # One authority (R11): another HOvJ holds the case; it hands over first, no RCCB takes it from it.
        raise Conflict(
            f"Het gezag over de bedreigde ligt bij {current.holder.name}; die HOvJ draagt de casus eerst over aan "
            f"{office.name} voordat de weging wordt vastgelegd (§2.4, R24)."
        )
    if current is not None and current.holder_id == office.pk:
        return journal.record(
            actor=actor,
            action="local.report_weighed",
            subjects=subjects,
            reason=report.weighing_motivation,
            policy_version=_policy().key,
            payload={**payload, "authority": f"{office.name} was al gezag"},
        )
    basis = Basis.CRIMINAL_LAW if report.object_id else Basis.LOCAL_DOMAIN
    _period, entry = take_up_authority(
        actor,
        subject,
        basis=basis,
        reason=report.weighing_motivation,
        action="local.report_weighed",
        extra_subjects=[report],
        extra_payload={**payload, "routing": report.routing_reasons},
        routed_to=office,
    )
    return entry


SHARE_PURPOSE = "Dreigingsproduct en maatregelenadvies (§2.4.2, R29)"


def _case_share(report: ThreatReport) -> QuerySet[PersonShare]:
    """The producing unit's sight of the person for this case; it ends with the case (need-to-know, R51)."""
    if report.person is None or report.producing_unit_id in {None, report.rccb_id}:
        return PersonShare.objects.none()
    return PersonShare.objects.filter(
        person=report.person, organisation=report.producing_unit, purpose=SHARE_PURPOSE, valid_to__isnull=True
    )


def _share(person: Person, org: Organisation | None, purpose: str, entry: JournalEntry) -> None:
    if org is None or PersonShare.objects.filter(person=person, organisation=org, valid_to__isnull=True).exists():
        return
    PersonShare.objects.create(person=person, organisation=org, purpose=purpose, valid_from=now(), started_by=entry)


# --- urgent measures (R26) ---------------------------------------------------------------------------------------


def take_urgent_measure(
    actor: User,
    report: ThreatReport,
    *,
    kind: str,
    scope: str,
    motivation: str,
    expected_version: int | None = None,
) -> Measure:
    """The RCCB portfolio holder takes a provisional measure at once, never a person-directed one (R26, R21)."""
    require(actor, Action.TAKE_URGENT_MEASURE, report.person or report.object)
    errors: dict[str, str] = {}
    measure_kind = catalogue().get(_text(kind))
    if measure_kind is None:
        errors["kind"] = "Kies een maatregel uit de catalogus."
    if scope not in Scope.values:
        errors["scope"] = "Kies werk, privé of beide."
    if not _text(motivation):
        errors["motivation"] = "Motiveer de spoedmaatregel: waarom moet er per direct worden gehandeld?"
    if report.person_id is None:
        errors["report"] = (
            "Spoedmaatregelen legt Stelsel vast voor bedreigde personen; bij een object beslist het gezag."
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    assert measure_kind is not None
    with transaction.atomic():
        locked = _locked_report(report, expected_version)
        _require_rccb(actor, locked)
        try:
            reasons = check_urgent_measure(measure_kind.person_directed, measure_kind.name, locked.report_status)
        except LocalRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        assert locked.person is not None
        assert locked.responsible_office is not None
        _require_authority(locked)
        person = Person.objects.select_for_update().get(pk=locked.person.pk)
        policy = _policy()
        starts = today()
        entry = journal.record(
            actor=actor,
            action="local.urgent_measure_taken",
            subjects=[person, locked],
            reason=_text(motivation),
            policy_version=policy.key,
            payload={
                "kind": measure_kind.name,
                "scope": scope,
                "provisional": True,
                "authority": locked.responsible_office.name,
                "reasons": _reason_dicts([*reasons, R_TEMPORARY]),
            },
        )
        measure = Measure.objects.create(
            person=person,
            kind=measure_kind.code,
            scope=scope,
            starts_on=starts,
            review_on=starts + timedelta(days=max(measure_kind.review_days, 1)),
            reevaluate_when="Bij afstemming met de adviseur BB&C (voorlopige spoedmaatregel, §2.4.1).",
            authority=locked.responsible_office,
            holder_kind=HolderKind.HOVJ,
            motivation=_text(motivation),
            reasons=_reason_dicts([*reasons, R_TEMPORARY]),
            policy_version=policy.key,
            decided_by=actor,
            decided_at=entry.recorded_at,
            started_by=entry,
            threat_report=locked,
            provisional=True,
        )
        _bump(locked)
        if locked.notify_college:
            _notify_college(
                locked,
                CollegeNotification.Kind.MEASURES,
                f"Voorlopige spoedmaatregel van de RCCB voor {person.full_name}: {measure_kind.name}.",
                entry,
            )
    return measure


def confirm_urgent_measure(
    actor: User, measure: Measure, *, confirm: bool | None, motivation: str, expected_version: int | None = None
) -> Measure:
    """The adviser BB&C aligns a provisional measure: confirmed, it is the HOvJ's; not confirmed, it ends (R26)."""
    require(actor, Action.CONFIRM_URGENT_MEASURE, measure.person)
    errors: dict[str, str] = {}
    if confirm is None:
        errors["confirm"] = "Kies vaststellen of niet vaststellen."
    if not _text(motivation):
        errors["motivation"] = "Motiveer de afstemming over de spoedmaatregel."
    if errors:
        raise InvalidInput.for_fields(errors)
    with transaction.atomic():
        locked = (
            Measure.objects.select_for_update(of=("self",)).select_related("threat_report", "person").get(pk=measure.pk)
        )
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("Iemand anders heeft deze maatregel intussen gewijzigd.")
        if not locked.provisional or locked.status != MeasureStatus.ACTIVE:
            raise Conflict("Deze spoedmaatregel is al afgestemd of beëindigd.")
        if locked.authority_id != actor.organisation_id:
            raise NotAllowed(
                "Deze spoedmaatregel valt onder een andere HOvJ; alleen de adviseur BB&C van dat parket stemt hem af "
                "(§2.4.1, R26)."
            )
        if locked.threat_report is not None:
            _require_authority(locked.threat_report)
        reason = R_CONFIRMED if confirm else R_NOT_CONFIRMED
        entry = journal.record(
            actor=actor,
            action="local.urgent_measure_confirmed" if confirm else "local.urgent_measure_not_confirmed",
            subjects=[s for s in (locked.person, locked, locked.threat_report) if s is not None],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={"kind": locked.kind_name, "confirmed": bool(confirm), "reasons": [reason.as_dict()]},
        )
        locked.provisional = False
        locked.confirmed_by, locked.confirmed_at = actor, entry.recorded_at
        locked.reasons = [*locked.reasons, reason.as_dict()]
        fields = ["provisional", "confirmed_by", "confirmed_at", "reasons", "version"]
        if not confirm:
            locked.status, locked.ended_at, locked.ended_by = MeasureStatus.PHASED_OUT, entry.recorded_at, entry
            locked.end_motivation = _text(motivation)
            fields += ["status", "ended_at", "ended_by", "end_motivation"]
        locked.version += 1
        locked.save(update_fields=fields)
    return locked


# --- the adviser BB&C with the HOvJ (R27, R28) ---------------------------------------------------------------------


def _require_office(actor: User, report: ThreatReport) -> None:
    if report.responsible_office_id != actor.organisation_id:
        office = report.responsible_office.name if report.responsible_office else "de NCTV"
        raise NotAllowed(
            f"Over deze casus beslist {office}; u werkt voor {actor.organisation.name} (§2.4.1, §2.4.2, R27, R30)."
        )


def _require_authority(report: ThreatReport) -> None:
    """One authority (R11): a case is acted on only while its responsible HOvJ still holds the person or object."""
    subject = report.person or report.object
    current = current_authority(subject) if subject is not None else None
    if current is None or current.holder_id != report.responsible_office_id:
        where = f"bij {current.holder.name}" if current is not None else "nergens meer (basispolitiezorg)"
        raise Conflict(
            f"Het gezag over de bedreigde ligt {where}, niet bij de HOvJ van deze melding; hier kan niets meer "
            "worden besloten (§2.3.1, R11)."
        )


def _product_delivered(report: ThreatReport) -> bool:
    return report.product_request is not None and report.product_request.status == RequestStatus.DELIVERED


def decide_case(
    actor: User,
    report: ThreatReport,
    *,
    decision: str,
    motivation: str,
    product_kind: str = "",
    question: str = "",
    due_on: date | None = None,
    expected_version: int | None = None,
) -> ThreatReport:
    """The adviser BB&C with the HOvJ decides (R27): local measures, propose for the stelsel, basic care, or first a
    threat product; after the product, a measures advice or basic care (R28)."""
    require(actor, Action.DECIDE_LOCAL_CASE, report.person or report.object)
    errors: dict[str, str] = {}
    if decision not in {d.value for d in AdviserDecision}:
        errors["decision"] = "Kies een besluit."
    if not _text(motivation):
        errors["motivation"] = "Motiveer het besluit (§2.4.1, R27)."
    needs_order = decision in {AdviserDecision.ORDER_PRODUCT, AdviserDecision.ORDER_ADVICE}
    if needs_order and not _text(question):
        errors["question"] = "Beschrijf de opdracht: waarover moet het product of het advies gaan?"
    if needs_order and due_on is None:
        errors["due_on"] = "Geef op wanneer het product of het advies er moet zijn."
    if decision == AdviserDecision.ORDER_PRODUCT and not _text(product_kind):
        errors["product_kind"] = "Kies het soort (dreigings)informatieproduct (§3.2)."
    if errors:
        raise InvalidInput.for_fields(errors)
    chosen = AdviserDecision(decision)
    with transaction.atomic():
        locked = _locked_report(report, expected_version)
        _require_office(actor, locked)
        try:
            outcome = adviser_step(
                locked.report_status,
                chosen,
                _product_delivered(locked),
                _policy(),
                is_object=locked.object_id is not None,
            )
        except LocalRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        if outcome.value is ReportStatus.MEASURES_DECIDED and actor.user_role is not Role.HOVJ:
            raise NotAllowed("Over maatregelen bij een object besluit de HOvJ zelf (§2.5, R31).")
        _require_authority(locked)
        subjects = [s for s in (locked.person, locked.object, locked) if s is not None]
        payload: dict[str, object] = {"decision": chosen.value, "status": STATUS_LABELS[outcome.value]}
        if chosen is AdviserDecision.BASIC_CARE:
            entry = _close_to_basic_care(actor, locked, subjects, motivation, outcome.reasons_as_dicts, payload)
        else:
            entry = journal.record(
                actor=actor,
                action=f"local.decided_{chosen.value}",
                subjects=subjects,
                reason=_text(motivation),
                policy_version=outcome.policy_version.key,
                payload={**payload, "reasons": outcome.reasons_as_dicts},
            )
        if chosen is AdviserDecision.ORDER_PRODUCT:
            locked.product_request = _order_product(actor, locked, product_kind, question, due_on)
        if chosen is AdviserDecision.ORDER_ADVICE:
            locked.advice = _order_advice(actor, locked, question, due_on)
        if locked.notify_college:
            _notify_college(
                locked,
                CollegeNotification.Kind.DECISION,
                f"Besluit over de casus van {locked.subject_name}: {DECISION_LABELS[chosen].lower()}. "
                f"{_text(motivation)}",
                entry,
            )
        locked.status = outcome.value
        locked.decision, locked.decision_motivation = chosen.value, _text(motivation)
        locked.decision_reasons = outcome.reasons_as_dicts
        locked.decided_by, locked.decided_at = actor, entry.recorded_at
        _bump(
            locked,
            "status",
            "decision",
            "decision_motivation",
            "decision_reasons",
            "decided_by",
            "decided_at",
            "product_request",
            "advice",
        )
    return locked


def _order_product(actor: User, report: ThreatReport, kind: str, question: str, due_on: date | None) -> ProductRequest:
    from stelsel.intel.services import request_product  # intel builds on registry; imported late like measures

    assert report.person is not None
    return request_product(
        actor, report.person, kind=kind, producer_org=report.producing_unit, question=question, due_on=due_on
    )


def _order_advice(actor: User, report: ThreatReport, question: str, due_on: date | None) -> MeasuresAdvice:
    from stelsel.measures.services import open_advice_request  # measures.services calls back into this module

    assert report.person is not None
    return open_advice_request(
        actor, report.person, adviser_org=report.producing_unit, question=question, due_on=due_on
    )


def _office_still_needed(report: ThreatReport) -> bool:
    """Another open case of the office about the same person or object, or a measure of the office that still runs
    for the person or a household member who follows the person (R07): then the office keeps its authority."""
    same_subject = Q(person=report.person) if report.person else Q(object=report.object)
    if (
        ThreatReport.objects.filter(
            same_subject, responsible_office=report.responsible_office, status__in=OPEN_STATUSES
        )
        .exclude(pk=report.pk)
        .exists()
    ):
        return True
    if report.person is None:
        return False
    following = AuthorityPeriod.objects.filter(via_person=report.person, valid_to__isnull=True).values("person")
    return (
        Measure.objects.filter(status=MeasureStatus.ACTIVE, authority=report.responsible_office)
        .filter(Q(person=report.person) | Q(person__in=following))
        .exclude(threat_report=report)
        .exists()
    )


def _close_to_basic_care(
    actor: User,
    report: ThreatReport,
    subjects: Sequence[journal.Subject],
    motivation: str,
    reasons: list[dict[str, str]],
    payload: dict[str, object],
) -> JournalEntry:
    """Nothing beyond basic police care: the report's urgent measures end, and so does the office's authority when no
    other measure of it runs for the person (R27)."""
    running = list(Measure.objects.select_for_update().filter(threat_report=report, status=MeasureStatus.ACTIVE))
    subject = report.person or report.object
    assert subject is not None
    current = current_authority(subject)
    others = _office_still_needed(report)
    # The producing unit keeps its sight while another case of the office about the person is still open.
    share = _case_share(report) if not others else PersonShare.objects.none()
    sharing = share.exists()
    payload = {
        **payload,
        "ended_measures": [m.kind_name for m in running],
        "share_ended": report.producing_unit.name if sharing and report.producing_unit else None,
        "reasons": reasons,
    }
    if current is not None and current.holder_id == actor.organisation_id and not others:
        _period, entry = give_up_authority(
            actor,
            subject,
            reason=_text(motivation),
            action="local.decided_basispolitiezorg",
            extra_subjects=[report],
            extra_payload=payload,
            for_office=True,
        )
    else:
        entry = journal.record(
            actor=actor,
            action="local.decided_basispolitiezorg",
            subjects=subjects,
            reason=_text(motivation),
            policy_version=_policy().key,
            payload=payload,
        )
    share.update(valid_to=entry.recorded_at)
    for measure in running:
        measure.status, measure.ended_at, measure.ended_by = MeasureStatus.PHASED_OUT, entry.recorded_at, entry
        measure.end_motivation, measure.provisional = _text(motivation), False
        measure.version += 1
        measure.save(update_fields=["status", "ended_at", "ended_by", "end_motivation", "provisional", "version"])
    return entry


def decide_local_measures(actor: User, report: ThreatReport, **package: object) -> PackageDecision:
    """The HOvJ decides the local measures (R24, R28): a package under the measures rules (never person-directed,
    R21), on the measures advice when one was ordered; the case is decided in the same transaction."""
    from stelsel.measures.services import decide_package  # measures.services calls back into this module

    require(actor, Action.DECIDE_MEASURE, report.person or report.object)
    if actor.user_role is not Role.HOVJ:
        raise NotAllowed("Alleen de HOvJ besluit over de lokale maatregelen (§2.4.1, R28).")
    _require_office(actor, report)
    if report.person is None:
        raise InvalidInput.for_field("report", "Maatregelenpakketten gaan over personen.")
    advice = report.advice if report.report_status is ReportStatus.ADVICE_ORDERED else None
    return decide_package(actor, report.person, advice=advice, threat_report=report, **package)  # type: ignore[arg-type]


def lock_open_cases(advice: MeasuresAdvice | None, report: ThreatReport | None) -> list[ThreatReport]:
    """For `measures.services.decide_package`, before it locks the person (one lock order: report, then person): the
    local cases the package answers, each still waiting for the HOvJ's decision (R28)."""
    ids = {report.pk} if report is not None else set()
    if advice is not None:
        ids |= set(ThreatReport.objects.filter(advice=advice).values_list("pk", flat=True))
    locked = list(ThreatReport.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))
    for case in locked:
        try:
            hovj_may_decide(case.report_status)
        except LocalRuleError as error:
            raise Conflict(f"{error} De casus is nu: {STATUS_LABELS[case.report_status].lower()}.") from None
        _require_authority(case)
    return locked


def measures_decided(report: ThreatReport, decision: PackageDecision) -> None:
    """Called by `measures.services.decide_package` inside its transaction, with `report` locked by
    `lock_open_cases`, under the package's own journal entry (which names the report)."""
    report.status, report.package = ReportStatus.MEASURES_DECIDED, decision
    _bump(report, "status", "package")
    if report.notify_college:
        names = ", ".join(m.kind_name for m in decision.measures.all())
        _notify_college(
            report,
            CollegeNotification.Kind.MEASURES,
            f"De HOvJ ({decision.authority.name}) besloot over lokale maatregelen voor {report.subject_name}: {names}.",
            decision.entry,
        )


# --- the NCTV's advice on objects (R31, R32) ------------------------------------------------------------------------


def _addressee(obj: ProtectedObject) -> Organisation:
    """The local authority over the object now, else the mayor of its municipality (public order, R31)."""
    current = current_authority(obj)
    if current is not None and current.holder_kind in {HolderKind.MAYOR, HolderKind.HOVJ}:
        return current.holder
    mayor = Organisation.objects.filter(kind=OrgKind.MUNICIPALITY, municipality=obj.municipality).first()
    if mayor is None:
        raise InvalidInput.for_field("object", f"Er is geen burgemeester van {obj.municipality.name} in Stelsel.")
    return mayor


def give_object_advice(actor: User, obj: ProtectedObject, *, advice: str) -> ObjectAdvice:
    """R31: for an object on the limitative list the NCTV advises the local authority, on its threat picture."""
    from stelsel.intel.models import ThreatLevelAssessment

    require(actor, Action.GIVE_OBJECT_ADVICE, obj)
    if obj.is_art4:
        raise InvalidInput.for_field(
            "object", "Voor dit object is de NCTV zelf altijd het gezag en bepaalt zij de maatregelen (§2.5, R32)."
        )
    if not obj.on_limitative_list:
        raise InvalidInput.for_field(
            "object", "De NCTV adviseert het lokale gezag alleen over objecten op de limitatieve lijst (§2.5, R31)."
        )
    if not _text(advice):
        raise InvalidInput.for_field("advice", "Beschrijf het advies: welke maatregelen raadt de NCTV aan, en waarom?")
    with transaction.atomic():
        locked = ProtectedObject.objects.select_for_update().get(pk=obj.pk)
        addressee = _addressee(locked)
        level = ThreatLevelAssessment.objects.filter(object=locked).order_by("-set_at", "-id").first()
        entry = journal.record(
            actor=actor,
            action="object_advice.given",
            subjects=[locked],
            reason=_text(advice),
            policy_version=_policy().key,
            payload={
                "addressed_to": addressee.name,
                "threat_level": level.level if level else None,
                "reasons": [R_OBJECT_ADVICE.as_dict()],
            },
        )
        return ObjectAdvice.objects.create(
            object=locked,
            addressed_to=addressee,
            threat_level=level.level if level else None,
            advice=_text(advice),
            reasons=[R_OBJECT_ADVICE.as_dict()],
            policy_version=entry.policy_version,
            given_by=actor,
            given_at=entry.recorded_at,
        )


def answer_object_advice(
    actor: User, advice: ObjectAdvice, *, followed: bool | None, motivation: str, expected_version: int | None = None
) -> ObjectAdvice:
    """R31: the local authority follows the NCTV's advice or not, and says why."""
    require(actor, Action.ANSWER_OBJECT_ADVICE, advice.object)
    errors: dict[str, str] = {}
    if followed is None:
        errors["followed"] = "Kies of u het advies opvolgt of niet."
    if not _text(motivation):
        errors["motivation"] = "Motiveer waarom u het advies (niet) opvolgt (§2.5, R31)."
    if errors:
        raise InvalidInput.for_fields(errors)
    with transaction.atomic():
        locked = ObjectAdvice.objects.select_for_update().select_related("object").get(pk=advice.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("Iemand anders heeft dit advies intussen beantwoord.")
        if locked.addressed_to_id != actor.organisation_id:
            raise NotAllowed("Dit advies is gericht aan een ander gezag.")
        if locked.followed is not None:
            raise Conflict("Op dit advies is al geantwoord.")
        entry = journal.record(
            actor=actor,
            action="object_advice.answered",
            subjects=[locked.object, locked],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={"followed": followed, "reasons": [R_OBJECT_ADVICE_ANSWER.as_dict()]},
        )
        locked.followed, locked.response_motivation = followed, _text(motivation)
        locked.responded_by, locked.responded_at = actor, entry.recorded_at
        locked.version += 1
        locked.save(update_fields=["followed", "response_motivation", "responded_by", "responded_at", "version"])
    return locked
