"""Every state change of measures (§2.2, §2.3.4, §2.3.5, §3.3, §4.1, §5). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), input
validation with Dutch messages per field, then inside one transaction: lock, check state and version (409 when it
moved on), apply the policy with its reasons, change rows, write the journal entry.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from stelsel.access.models import Organisation, PersonShare, User
from stelsel.access.roles import OrgKind, Role
from stelsel.access.rules import Action, require
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import now, today
from stelsel.intel.queries import current_threat_level
from stelsel.lcc.models import PrivateAssignment
from stelsel.local.models import ThreatReport
from stelsel.measures.catalogue import catalogue
from stelsel.measures.models import (
    AdviceItem,
    AdviceStatus,
    FourWayConsultation,
    MayorNotification,
    Measure,
    MeasuresAdvice,
    MeasureStatus,
    PackageDecision,
    ReporterKind,
    Review,
    ReviewLine,
    ReviewOutcome,
    RiskMoment,
    Scenario,
    Scope,
)
from stelsel.policy.authority import Basis, HolderKind
from stelsel.policy.cooperation import Cooperation
from stelsel.policy.duty_of_care import (
    R_NO_ACQUIRED_RIGHTS,
    Facilitation,
    ItemJudgement,
    PackageContext,
    PackageItem,
    PackageRuleError,
    ThreatDuration,
    ThreatLevel,
    judge_package,
)
from stelsel.policy.measures import MeasureKind, MeasureRuleError, check_kind_for_holder, check_measure
from stelsel.policy.reasons import Reason
from stelsel.policy.routing import RoutingError, route_risk_moment
from stelsel.policy.versions import PolicyVersion, version_on
from stelsel.portal.queries import cooperation_of
from stelsel.registry.models import AuthorityPeriod, Municipality, Person, PersonAddress
from stelsel.registry.queries import current_authority, current_home
from stelsel.triage.models import CaseStatus, TriageCase

HANDOVER_WARNING = (
    "Het overdrachtsdossier van de HOvJ is nog niet binnen (§2.3.3, R19): de NCTV neemt in de praktijk pas "
    "aanvullende maatregelen als het volledige dossier er is. Bevestig dat u toch nu besluit."
)
R_ADVICE = Reason(
    "R40",
    "§4.1",
    "De adviseur B&B (politie of KMar) is het eerste aanspreekpunt van het gezag en stelt op diens verzoek het "
    "maatregelenadvies op, met advies over schaarse middelen; het gezag stelt de maatregelen vast.",
)
R_MAYOR = Reason(
    "R22",
    "§2.3.5",
    "De NCTV informeert de burgemeester tijdig als een aangewezen persoon in de gemeente woont of werkt; de NCTV "
    "bepaalt welke informatie wordt gedeeld.",
)
R_FOUR_WAY = Reason(
    "R23",
    "§2.3.5",
    "Vierhoeksoverleg: burgemeester, officier van justitie en politie met de NCTV bij een stelselcasus in de "
    "gemeente; de KMar kan aansluiten.",
)
R_RISK_DECISION = Reason(
    "R37",
    "§3.3",
    "De NCTV (stelsel) of de portefeuillehouder RCCB (lokaal domein) stelt vast of op het verhoogd risicomoment "
    "(extra) maatregelen worden geadviseerd.",
)
R_SHARED_FOR_ADVICE = Reason(
    "R51",
    "§3.2",
    "Het dossier is gedeeld met de eenheid van de adviseur B&B, voor het maatregelenadvies (need-to-know).",
)
ADVISER_ORG_KINDS = frozenset({OrgKind.POLICE_UNIT, OrgKind.KMAR})


def _policy() -> PolicyVersion:
    return version_on(today())


def _text(value: str | None) -> str:
    return (value or "").strip()


def _municipality(code: str, errors: dict[str, str], field: str = "municipality_code") -> Municipality | None:
    if not _text(code):
        errors[field] = "Gemeentecode (CBS) is verplicht, bijvoorbeeld GM0518."
        return None
    municipality = Municipality.objects.filter(code=_text(code).upper()).first()
    if municipality is None:
        errors[field] = f"Onbekende gemeentecode '{code}'."
    return municipality


# --- the authority and the package context ---------------------------------------------------------------------


def _principal_basis(period: AuthorityPeriod) -> Basis:
    """A household member's measures follow the basis of the protected person's own authority."""
    if period.via_person_id is not None:
        principal = current_authority(period.via_person) if period.via_person else None
        if principal is not None:
            return Basis(principal.basis)
    return Basis(period.basis)


def _authority_of_actor(actor: User, person: Person, what: str) -> AuthorityPeriod:
    authority = current_authority(person)
    if authority is None or authority.holder_id != actor.organisation_id:
        raise NotAllowed(f"Alleen het gezag over deze persoon {what} (§1.3, R02).")
    return authority


def handover_missing(person: Person) -> bool:
    return TriageCase.objects.filter(
        person=person, status=CaseStatus.ADMITTED, handover_received_at__isnull=True
    ).exists()


def _threat_inputs(threat_level: int | None, threat_duration: str, errors: dict[str, str]) -> tuple[int, str]:
    if threat_level not in {level.value for level in ThreatLevel}:
        errors["threat_level"] = "Kies het dreigingsniveau waarop het pakket rust (1 tot en met 5)."
    if threat_duration not in {duration.value for duration in ThreatDuration}:
        errors["threat_duration"] = "Geef de verwachte duur van de dreiging op: kort of langdurig."
    return int(threat_level or 0), threat_duration


def _context(
    person: Person, authority: AuthorityPeriod, threat_level: int, duration: str, *, beside_active: bool = True
) -> PackageContext:
    """The inputs of the duty-of-care rules; `beside_active`: the package joins the measures already running."""
    record = cooperation_of(person)
    kinds = catalogue()
    running = (
        list(Measure.objects.filter(person=person, status=MeasureStatus.ACTIVE).values_list("kind", "scope"))
        if beside_active
        else []
    )
    return PackageContext(
        holder=HolderKind(authority.holder_kind),
        basis=_principal_basis(authority),
        threat_level=ThreatLevel(threat_level),
        duration=ThreatDuration(duration),
        cooperation=Cooperation(record.status) if record else None,
        limits_accepted=bool(record and record.limits_accepted),
        active=frozenset(running),
        work_covered_elsewhere=any(
            code in kinds and kinds[code].person_directed and scope in {"werk", "beide"} for code, scope in running
        ),
    )


@dataclass(frozen=True)
class ItemInput:
    """One measure of a package as submitted (form or JSON)."""

    kind: str
    scope: str
    facilitation: str = ""
    review_on: date | None = None
    reevaluate_when: str = ""
    note: str = ""


def _parse_items(items: Sequence[ItemInput], errors: dict[str, str]) -> list[tuple[MeasureKind, ItemInput]]:
    parsed: list[tuple[MeasureKind, ItemInput]] = []
    if not items:
        errors["items"] = "Een pakket bevat ten minste één maatregel."
    for index, item in enumerate(items):
        kind = catalogue().get(item.kind)
        if kind is None:
            errors[f"items.{index}.kind"] = f"Onbekende maatregel '{item.kind}'."
        if item.scope not in Scope.values:
            errors[f"items.{index}.scope"] = "Kies werk, privé of beide."
        if item.facilitation not in {f.value for f in Facilitation}:
            errors[f"items.{index}.facilitation"] = "Kies geen, beperkte of ruime facilitering."
        if kind is not None:
            parsed.append((kind, item))
    return parsed


def _judge(
    parsed: list[tuple[MeasureKind, ItemInput]], context: PackageContext, policy: PolicyVersion
) -> tuple[tuple[ItemJudgement, ...], tuple[Reason, ...]]:
    """R21 for each item, then the duty-of-care rules for the package; errors name the item's field."""
    for index, (kind, _item) in enumerate(parsed):
        try:
            check_kind_for_holder(kind, context.holder)
        except MeasureRuleError as error:
            raise InvalidInput.for_field(f"items.{index}.{error.field}", str(error)) from None
    package = [PackageItem(kind, item.scope, Facilitation(item.facilitation)) for kind, item in parsed]
    try:
        outcome = judge_package(package, context, policy)
    except PackageRuleError as error:
        raise InvalidInput.for_field(error.field, str(error)) from None
    return outcome.value, outcome.reasons


def _reason_dicts(reasons: Sequence[Reason]) -> list[dict[str, str]]:
    unique = dict.fromkeys(reasons)
    return [reason.as_dict() for reason in unique]


# --- measures advice (R40) -----------------------------------------------------------------------------------


def request_advice(
    actor: User, person: Person, *, adviser_org: Organisation | None, question: str, due_on: date | None
) -> MeasuresAdvice:
    """The authority asks an adviser B&B (police or KMar, its single point of contact) for a measures advice."""
    require(actor, Action.REQUEST_ADVICE, person)
    return open_advice_request(actor, person, adviser_org=adviser_org, question=question, due_on=due_on)


def open_advice_request(
    actor: User, person: Person, *, adviser_org: Organisation | None, question: str, due_on: date | None
) -> MeasuresAdvice:
    """The request itself, for the authority and for the adviser BB&C acting for the HOvJ's office (R28): the caller
    has checked the actor's role; the office must hold the case."""
    errors: dict[str, str] = {}
    if adviser_org is None or adviser_org.org_kind not in ADVISER_ORG_KINDS:
        errors["adviser_org"] = "Kies een eenheid van politie of de KMar: daar werken de adviseurs B&B (§4.1)."
    if not _text(question):
        errors["question"] = "Beschrijf de vraag aan de adviseur: waarvoor is advies nodig?"
    if due_on is None:
        errors["due_on"] = "Geef op wanneer het advies er moet zijn."
    elif due_on < today():
        errors["due_on"] = "De datum voor het advies ligt in het verleden."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert adviser_org is not None
    assert due_on is not None
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _authority_of_actor(actor, locked, "vraagt een maatregelenadvies")
        advice = MeasuresAdvice.objects.create(
            person=locked,
            authority=actor.organisation,
            adviser_org=adviser_org,
            question=_text(question),
            due_on=due_on,
            requested_by=actor,
            requested_at=now(),
        )
        shared = not PersonShare.objects.filter(person=locked, organisation=adviser_org, valid_to__isnull=True).exists()
        entry = journal.record(
            actor=actor,
            action="measures.advice_requested",
            subjects=[locked, advice],
            reason=advice.question,
            policy_version=_policy().key,
            payload={
                "adviser": adviser_org.name,
                "due_on": due_on,
                "shared_with_adviser": shared,
                "reasons": [R_ADVICE.as_dict(), *([R_SHARED_FOR_ADVICE.as_dict()] if shared else [])],
            },
        )
        if shared:
            PersonShare.objects.create(
                person=locked, organisation=adviser_org, purpose="Maatregelenadvies", valid_from=now(), started_by=entry
            )
    return advice


def _locked_advice(advice: MeasuresAdvice, expected_version: int | None) -> MeasuresAdvice:
    locked = MeasuresAdvice.objects.select_for_update().select_related("person").get(pk=advice.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("Iemand anders heeft dit advies intussen gewijzigd.")
    return locked


def submit_advice(
    actor: User,
    advice: MeasuresAdvice,
    *,
    items: Sequence[ItemInput],
    threat_level: int | None,
    threat_duration: str,
    explanation: str,
    scarce_means: str = "",
    expected_version: int | None = None,
) -> MeasuresAdvice:
    """The adviser B&B drafts the package; the duty-of-care rules judge it as the authority will (R40, R50)."""
    require(actor, Action.DRAFT_ADVICE, advice.person)
    if advice.adviser_org_id != actor.organisation_id:
        raise NotAllowed("Dit advies is gevraagd aan een andere eenheid.")
    errors: dict[str, str] = {}
    level, duration = _threat_inputs(threat_level, threat_duration, errors)
    parsed = _parse_items(items, errors)
    if not _text(explanation):
        errors["explanation"] = (
            "Licht het advies toe: welke dreiging en welk weerstandsniveau liggen eraan ten grondslag?"
        )
    if errors:
        raise InvalidInput.for_fields(errors)
    policy = _policy()
    with transaction.atomic():
        locked = _locked_advice(advice, expected_version)
        if locked.status != AdviceStatus.REQUESTED:
            raise Conflict("Dit advies is al ingediend.")
        authority = current_authority(locked.person)
        if authority is None or authority.holder_id != locked.authority_id:
            raise Conflict(
                "Het gezag over deze persoon is intussen gewijzigd; het advies kan niet meer worden ingediend."
            )
        judgements, general = _judge(parsed, _context(locked.person, authority, level, duration), policy)
        for position, (judgement, (_kind, item)) in enumerate(zip(judgements, parsed, strict=True)):
            AdviceItem.objects.create(
                advice=locked,
                position=position,
                kind=item.kind,
                scope=item.scope,
                facilitation=item.facilitation,
                note=_text(item.note),
                reasons=judgement.reasons_as_dicts,
            )
        locked.threat_level, locked.threat_duration = level, duration
        locked.explanation, locked.scarce_means = _text(explanation), _text(scarce_means)
        locked.reasons, locked.policy_version = _reason_dicts([R_ADVICE, *general]), policy.key
        locked.status, locked.submitted_by, locked.submitted_at = AdviceStatus.SUBMITTED, actor, now()
        locked.version += 1
        locked.save()
        journal.record(
            actor=actor,
            action="measures.advice_submitted",
            subjects=[locked.person, locked],
            reason=locked.explanation,
            policy_version=policy.key,
            payload={
                "items": [_item_payload(j, i) for j, (_k, i) in zip(judgements, parsed, strict=True)],
                "threat_level": level,
                "threat_duration": duration,
                "scarce_means": locked.scarce_means,
                "reasons": locked.reasons,
            },
        )
    return locked


def _item_payload(judgement: ItemJudgement, item: ItemInput) -> dict[str, object]:
    return {
        "measure": judgement.item.kind.name,
        "scope": Scope(item.scope).label,
        "facilitation": item.facilitation,
        "review_on": item.review_on,
        "reevaluate_when": _text(item.reevaluate_when),
        "reasons": judgement.reasons_as_dicts,
    }


def advice_items(advice: MeasuresAdvice) -> list[ItemInput]:
    """The advised package as inputs for the decision form, with each kind's default review period."""
    kinds = catalogue()
    return [
        ItemInput(
            kind=item.kind,
            scope=item.scope,
            facilitation=item.facilitation,
            review_on=today() + timedelta(days=kinds[item.kind].review_days) if item.kind in kinds else None,
            note=item.note,
        )
        for item in advice.items.all()
    ]


# --- the decision on a package (R02, R21, R38, R50) -------------------------------------------------------------


def decide_package(
    actor: User,
    person: Person,
    *,
    items: Sequence[ItemInput],
    starts_on: date | None,
    threat_level: int | None,
    threat_duration: str,
    motivation: str,
    advice: MeasuresAdvice | None = None,
    despite_missing_handover: bool = False,
    threat_report: ThreatReport | None = None,
) -> PackageDecision:
    """The authority decides a package: each measure temporary with a review date and trigger (R38), motivated.

    A package that answers a local threat report (`threat_report`, or the report that ordered `advice`) decides that
    case in the same transaction (R28)."""
    require(actor, Action.DECIDE_MEASURE, person)
    errors: dict[str, str] = {}
    level, duration = _threat_inputs(threat_level, threat_duration, errors)
    parsed = _parse_items(items, errors)
    if starts_on is None:
        errors["starts_on"] = "Ingangsdatum is verplicht."
    if not _text(motivation):
        errors["motivation"] = "Motivering van het besluit is verplicht."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert starts_on is not None
    policy = _policy()
    # The local domain builds on measures, not the reverse: its hooks are imported here, not at module level.
    from stelsel.local.services import lock_open_cases, measures_decided

    with transaction.atomic():
        cases = lock_open_cases(advice, threat_report) if advice is not None or threat_report is not None else []
        locked = Person.objects.select_for_update().get(pk=person.pk)
        authority = _authority_of_actor(actor, locked, "besluit over maatregelen")
        if advice is not None:
            advice = _locked_advice(advice, None)
            if advice.person_id != locked.pk or advice.status != AdviceStatus.SUBMITTED:
                raise Conflict("Dit advies is niet (meer) ingediend voor deze persoon.")
            if advice.authority_id != actor.organisation_id:
                raise NotAllowed("Over dit advies besluit het gezag dat erom vroeg.")
        context = _context(locked, authority, level, duration)
        judgements, general = _judge(parsed, context, policy)
        checks = []
        for index, (kind, item) in enumerate(parsed):
            try:
                checks.append(
                    check_measure(
                        kind, context.holder, context.basis, starts_on, item.review_on, policy, item.reevaluate_when
                    )
                )
            except MeasureRuleError as error:
                raise InvalidInput.for_field(f"items.{index}.{error.field}", str(error)) from None
        if context.holder is HolderKind.NCTV and handover_missing(locked) and not despite_missing_handover:
            raise InvalidInput.for_field("despite_missing_handover", HANDOVER_WARNING)
        item_reasons = [
            _reason_dicts([*check.reasons, *judgement.reasons])
            for check, judgement in zip(checks, judgements, strict=True)
        ]
        decision = PackageDecision(
            person=locked,
            advice=advice,
            authority=actor.organisation,
            threat_level=level,
            threat_duration=duration,
            motivation=_text(motivation),
            reasons=_reason_dicts([*general, *([R_ADVICE] if advice else [])]),
            policy_version=policy.key,
            decided_by=actor,
            decided_at=now(),
        )
        decision.entry = journal.record(
            actor=actor,
            action="measure.package_decided",
            subjects=[locked, *([advice] if advice else []), *cases],
            reason=decision.motivation,
            policy_version=policy.key,
            payload={
                "items": [
                    {**_item_payload(judgement, item), "reasons": reasons}
                    for judgement, (_kind, item), reasons in zip(judgements, parsed, item_reasons, strict=True)
                ],
                "starts_on": starts_on,
                "threat_level": level,
                "assessed_threat_level": _assessed_level(locked),
                "threat_duration": duration,
                "advice": advice.pk if advice else None,
                "deviates_from_advice": _deviations(advice, parsed) if advice else [],
                "needs_municipality": [kind.name for kind, _item in parsed if kind.needs_municipality],
                "despite_missing_handover": despite_missing_handover,
                "threat_reports": [case.pk for case in cases],
                "reasons": decision.reasons,
            },
        )
        decision.save()
        for (kind, item), reasons in zip(parsed, item_reasons, strict=True):
            Measure.objects.create(
                person=locked,
                decision=decision,
                kind=kind.code,
                scope=item.scope,
                facilitation=item.facilitation,
                starts_on=starts_on,
                review_on=item.review_on,
                reevaluate_when=_text(item.reevaluate_when),
                authority=actor.organisation,
                holder_kind=authority.holder_kind,
                motivation=_text(item.note) or decision.motivation,
                reasons=reasons,
                policy_version=policy.key,
                decided_by=actor,
                decided_at=decision.decided_at,
                started_by=decision.entry,
            )
        if advice is not None:
            advice.status = AdviceStatus.DECIDED
            advice.version += 1
            advice.save(update_fields=["status", "version"])
        for case in cases:
            measures_decided(case, decision)
    return decision


def _assessed_level(person: Person) -> dict[str, object] | None:
    """The level the authority set on the whole picture (§3.3, R35), recorded beside the package's own input."""
    assessed = current_threat_level(person)
    if assessed is None:
        return None
    return {"level": assessed.level, "matrix": assessed.matrix_key, "set_at": assessed.set_at}


def _deviations(advice: MeasuresAdvice, parsed: list[tuple[MeasureKind, ItemInput]]) -> list[str]:
    """What the authority decided differently from the advice, named for the journal."""
    advised = {(item.kind, item.scope, item.facilitation) for item in advice.items.all()}
    decided = {(item.kind, item.scope, item.facilitation) for _kind, item in parsed}
    names = catalogue()

    def label(key: tuple[str, str, str]) -> str:
        kind = names.get(key[0])
        return f"{kind.name if kind else key[0]} ({Scope(key[1]).label}{', ' + key[2] if key[2] else ''})"

    return [f"toegevoegd: {label(k)}" for k in sorted(decided - advised)] + [
        f"niet overgenomen: {label(k)}" for k in sorted(advised - decided)
    ]


def decide_measure(
    actor: User,
    person: Person,
    *,
    kind: str,
    scope: str,
    starts_on: date | None,
    review_on: date | None,
    motivation: str,
    threat_level: int | None,
    threat_duration: str,
    reevaluate_when: str = "",
    facilitation: str = "",
    despite_missing_handover: bool = False,
) -> Measure:
    """One more measure for the person: a package of one, under the same rules; errors name the plain fields."""
    item = ItemInput(
        kind=kind, scope=scope, facilitation=facilitation, review_on=review_on, reevaluate_when=reevaluate_when
    )
    try:
        decision = decide_package(
            actor,
            person,
            items=[item],
            starts_on=starts_on,
            threat_level=threat_level,
            threat_duration=threat_duration,
            motivation=motivation,
            despite_missing_handover=despite_missing_handover,
        )
    except InvalidInput as error:
        fields = {name.removeprefix("items.0."): message for name, message in error.field_errors.items()}
        raise InvalidInput.for_fields(fields) from None
    return decision.measures.get()


def phase_out_measure(
    actor: User, measure: Measure, *, motivation: str, expected_version: int | None = None
) -> Measure:
    """End a measure as soon as it is no longer needed (R38), motivated, by the authority that holds it now."""
    require(actor, Action.PHASE_OUT_MEASURE, measure.person)
    if not _text(motivation):
        raise InvalidInput.for_field("motivation", "Motivering van de afbouw is verplicht.")
    with transaction.atomic():
        locked = Measure.objects.select_for_update().select_related("person").get(pk=measure.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict("Iemand anders heeft deze maatregel intussen gewijzigd.")
        if locked.status != MeasureStatus.ACTIVE:
            raise Conflict("Deze maatregel is al afgebouwd.")
        _authority_of_actor(actor, locked.person, "bouwt maatregelen af")
        entry = journal.record(
            actor=actor,
            action="measure.phased_out",
            subjects=[locked.person],
            reason=_text(motivation),
            policy_version=_policy().key,
            payload={
                "measure": locked.kind_name,
                "measure_id": locked.pk,
                "decided_at": locked.decided_at,
                "private_parties_ended": _supporting_parties([locked]),
            },
        )
        _end(locked, entry, _text(motivation))
    return locked


def _supporting_parties(measures: Sequence[Measure]) -> list[str]:
    return list(
        PrivateAssignment.objects.filter(measure__in=measures, ended_at__isnull=True).values_list(
            "party__name", flat=True
        )
    )


def _end(measure: Measure, entry: JournalEntry, motivation: str) -> None:
    """Phase the measure out; a private party's support for it ends with it (R47), in the same entry."""
    measure.status, measure.ended_at, measure.ended_by = MeasureStatus.PHASED_OUT, now(), entry
    measure.end_motivation = motivation
    measure.version += 1
    measure.save(update_fields=["status", "ended_at", "ended_by", "end_motivation", "version"])
    for assignment in PrivateAssignment.objects.select_for_update().filter(measure=measure, ended_at__isnull=True):
        assignment.ended_at, assignment.ended_by = entry.recorded_at, entry
        assignment.end_motivation = f"Maatregel afgebouwd: {motivation}"
        assignment.save(update_fields=["ended_at", "ended_by", "end_motivation"])


# --- periodic review (§3.3, R38, R50) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewChoice:
    measure_id: int
    outcome: str  # voortzetten, wijzigen, afbouwen
    next_review_on: date | None = None
    reevaluate_when: str = ""
    new_scope: str = ""
    new_facilitation: str = ""
    version: int | None = None  # the measure's version as the reviewer saw it (409 when it moved on)


def _review_errors(choices: Sequence[ReviewChoice], active: dict[int, Measure]) -> dict[str, str]:
    errors: dict[str, str] = {}
    chosen = [choice.measure_id for choice in choices]
    for missing in sorted(set(active) - set(chosen)):
        errors[f"measures.{missing}.outcome"] = (
            f"Kies voor {active[missing].kind_name}: voortzetten, wijzigen of afbouwen."
        )
    seen: set[int] = set()
    for choice in choices:
        field = f"measures.{choice.measure_id}"
        if choice.measure_id in seen:
            errors[f"{field}.outcome"] = "Deze maatregel staat twee keer in de herbeoordeling."
            continue
        seen.add(choice.measure_id)
        if choice.measure_id not in active:
            errors[f"{field}.outcome"] = "Deze maatregel is niet (meer) actief onder uw gezag."
        elif choice.outcome not in ReviewOutcome.values:
            errors[f"{field}.outcome"] = (
                f"Kies voor {active[choice.measure_id].kind_name}: voortzetten, wijzigen of afbouwen."
            )
        elif choice.outcome == ReviewOutcome.CHANGE and choice.new_scope not in Scope.values:
            errors[f"{field}.new_scope"] = "Geef aan waarvoor de gewijzigde maatregel geldt: werk, privé of beide."
        elif choice.new_facilitation not in {f.value for f in Facilitation}:
            errors[f"{field}.new_facilitation"] = "Kies geen, beperkte of ruime facilitering."
    return errors


def _check_versions(choices: Sequence[ReviewChoice], active: dict[int, Measure]) -> None:
    for choice in choices:
        if choice.version is not None and active[choice.measure_id].version != choice.version:
            raise Conflict("Iemand anders heeft een van deze maatregelen intussen gewijzigd; laad de pagina opnieuw.")


def review_package(
    actor: User,
    person: Person,
    *,
    choices: Sequence[ReviewChoice],
    threat_level: int | None,
    threat_duration: str,
    motivation: str,
) -> Review:
    """The current authority reviews every active measure of the person: continue, change or phase out.

    That includes measures an earlier authority decided (an HOvJ's before designation): whoever holds the person
    now answers for them (R38). What stays is judged afresh against today's threat: a review gives no rights to
    the earlier package (R50).
    """
    require(actor, Action.REVIEW_MEASURES, person)
    errors: dict[str, str] = {}
    level, duration = _threat_inputs(threat_level, threat_duration, errors)
    if not _text(motivation):
        errors["motivation"] = "Motivering van de herbeoordeling is verplicht."
    if errors:
        raise InvalidInput.for_fields(errors)
    policy = _policy()
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        authority = _authority_of_actor(actor, locked, "beoordeelt maatregelen opnieuw")
        active = {
            m.pk: m for m in Measure.objects.select_for_update().filter(person=locked, status=MeasureStatus.ACTIVE)
        }
        if not active:
            raise InvalidInput.for_field("measures", "Deze persoon heeft geen actieve maatregelen om te herbeoordelen.")
        errors = _review_errors(choices, active)
        if errors:
            raise InvalidInput.for_fields(errors)
        _check_versions(choices, active)
        staying = [c for c in choices if c.outcome != ReviewOutcome.PHASE_OUT]
        context = _context(locked, authority, level, duration, beside_active=False)
        judgements: dict[int, tuple[Reason, ...]] = {}
        if staying:
            parsed = [
                (
                    catalogue()[active[c.measure_id].kind],
                    ItemInput(
                        kind=active[c.measure_id].kind,
                        scope=c.new_scope if c.outcome == ReviewOutcome.CHANGE else active[c.measure_id].scope,
                        facilitation=c.new_facilitation
                        if c.outcome == ReviewOutcome.CHANGE
                        else active[c.measure_id].facilitation,
                        review_on=c.next_review_on,
                        reevaluate_when=c.reevaluate_when,
                    ),
                )
                for c in staying
            ]
            try:
                judged, _general = _judge(parsed, context, policy)
            except InvalidInput as error:
                raise _renumbered(error, staying) from None
            for choice, judgement, (kind, item) in zip(staying, judged, parsed, strict=True):
                try:
                    check = check_measure(
                        kind, context.holder, context.basis, today(), item.review_on, policy, item.reevaluate_when
                    )
                except MeasureRuleError as rule_error:
                    field = "next_review_on" if rule_error.field == "review_on" else rule_error.field
                    raise InvalidInput.for_field(f"measures.{choice.measure_id}.{field}", str(rule_error)) from None
                judgements[choice.measure_id] = (*check.reasons, *judgement.reasons, R_NO_ACQUIRED_RIGHTS)
        review = Review(
            person=locked,
            authority=actor.organisation,
            threat_level=level,
            threat_duration=duration,
            motivation=_text(motivation),
            reasons=_reason_dicts([R_NO_ACQUIRED_RIGHTS]),
            policy_version=policy.key,
            reviewed_by=actor,
            reviewed_at=now(),
        )
        review.entry = journal.record(
            actor=actor,
            action="measure.reviewed",
            subjects=[locked],
            reason=review.motivation,
            policy_version=policy.key,
            payload={
                "threat_level": level,
                "threat_duration": duration,
                "measures": [
                    {
                        "measure": active[c.measure_id].kind_name,
                        "measure_id": c.measure_id,
                        "outcome": ReviewOutcome(c.outcome).label,
                        "next_review_on": c.next_review_on if c.outcome != ReviewOutcome.PHASE_OUT else None,
                        "reasons": _reason_dicts(judgements.get(c.measure_id, (R_NO_ACQUIRED_RIGHTS,))),
                    }
                    for c in choices
                ],
                "reasons": review.reasons,
                "private_parties_ended": _supporting_parties(
                    [active[c.measure_id] for c in choices if c.outcome == ReviewOutcome.PHASE_OUT]
                ),
            },
        )
        review.save()
        for choice in choices:
            _apply_review(review, active[choice.measure_id], choice, judgements.get(choice.measure_id, ()))
    return review


def _renumbered(error: InvalidInput, staying: Sequence[ReviewChoice]) -> InvalidInput:
    """Package errors name items by position; a review names them by measure."""
    fields: dict[str, str] = {}
    for field, message in error.field_errors.items():
        parts = field.split(".")
        if parts[0] == "items" and len(parts) == 3 and parts[1].isdigit():
            name = {"kind": "outcome", "scope": "new_scope", "facilitation": "new_facilitation"}.get(parts[2], parts[2])
            fields[f"measures.{staying[int(parts[1])].measure_id}.{name}"] = message
        else:
            fields[field] = message
    return InvalidInput.for_fields(fields)


def _apply_review(review: Review, measure: Measure, choice: ReviewChoice, reasons: tuple[Reason, ...]) -> None:
    line = ReviewLine(
        review=review,
        measure=measure,
        outcome=choice.outcome,
        previous_scope=measure.scope,
        previous_facilitation=measure.facilitation,
        previous_review_on=measure.review_on,
        reasons=_reason_dicts(reasons or (R_NO_ACQUIRED_RIGHTS,)),
    )
    if choice.outcome == ReviewOutcome.PHASE_OUT:
        _end(measure, review.entry, review.motivation)
    else:
        if choice.outcome == ReviewOutcome.CHANGE:
            measure.scope, measure.facilitation = choice.new_scope, choice.new_facilitation
        measure.review_on, measure.reevaluate_when = choice.next_review_on, _text(choice.reevaluate_when)
        measure.reasons, measure.policy_version = line.reasons, review.policy_version
        measure.version += 1
        measure.save()
        line.new_scope, line.new_facilitation, line.next_review_on = (
            measure.scope,
            measure.facilitation,
            measure.review_on,
        )
    line.save()


# --- moments of increased risk (R37) ---------------------------------------------------------------------------

RISK_REPORTERS = {
    Role.PROTECTED_PERSON: {ReporterKind.PERSON},
    Role.NCTV_OFFICER: {ReporterKind.PERSON, ReporterKind.EMPLOYER, ReporterKind.POLICE},
}
POLICE_REPORTER_KINDS = {ReporterKind.PERSON, ReporterKind.EMPLOYER, ReporterKind.POLICE}


def register_risk_moment(
    actor: User,
    person: Person,
    *,
    reporter_kind: str,
    reporter_name: str,
    description: str,
    location: str,
    municipality_code: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> RiskMoment:
    """Registered by the person, the employer (through police or NCTV) or police; routed by the authority (§3.3)."""
    require(actor, Action.REPORT_RISK_MOMENT, person)
    errors: dict[str, str] = {}
    allowed = RISK_REPORTERS.get(actor.user_role, POLICE_REPORTER_KINDS)
    if reporter_kind not in ReporterKind.values or reporter_kind not in allowed:
        errors["reporter_kind"] = (
            "Kies wie het moment meldt: "
            + ", ".join(ReporterKind(kind).label.lower() for kind in sorted(allowed))
            + "."
        )
    if reporter_kind == ReporterKind.EMPLOYER and not _text(reporter_name):
        errors["reporter_name"] = "Noem de werkgever (en contactpersoon) die het moment meldt."
    if not _text(description):
        errors["description"] = "Beschrijf het optreden: wat, voor welk publiek, in welke functie."
    if not _text(location):
        errors["location"] = "Locatie is verplicht."
    municipality = _municipality(municipality_code, errors)
    if starts_at is None:
        errors["starts_at"] = "Begin is verplicht."
    if ends_at is None:
        errors["ends_at"] = "Einde is verplicht."
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "Het einde ligt vóór of op het begin."
    if starts_at is not None and ends_at is not None and ends_at < now():
        errors["ends_at"] = "Het moment is al voorbij."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert municipality is not None
    assert starts_at is not None
    assert ends_at is not None
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        authority = current_authority(locked)
        home = current_home(locked)
        try:
            outcome = route_risk_moment(
                HolderKind(authority.holder_kind) if authority else None,
                home.municipality.police_unit.code if home else None,
                _policy(),
            )
        except RoutingError as error:
            raise InvalidInput.for_field("person", str(error)) from None
        routed_to = Organisation.objects.get(code=outcome.value)
        moment = RiskMoment(
            person=locked,
            reporter_kind=reporter_kind,
            reporter_name=_text(reporter_name),
            description=_text(description),
            location=_text(location),
            municipality=municipality,
            starts_at=starts_at,
            ends_at=ends_at,
            routed_to=routed_to,
            routing_reasons=outcome.reasons_as_dicts,
            registered_by=actor,
            registered_at=now(),
        )
        moment.save()
        journal.record(
            actor=actor,
            action="measures.risk_moment_registered",
            subjects=[locked, moment],
            reason=moment.description,
            policy_version=outcome.policy_version.key,
            payload={
                "reporter": ReporterKind(reporter_kind).label,
                "location": moment.location,
                "municipality": municipality.name,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "routed_to": routed_to.name,
                "reasons": outcome.reasons_as_dicts,
            },
        )
    return moment


def decide_risk_moment(
    actor: User, moment: RiskMoment, *, extra_measures_advised: bool | None, motivation: str
) -> RiskMoment:
    """The NCTV or the RCCB portfolio holder it was routed to decides whether extra measures are advised (R37)."""
    require(actor, Action.DECIDE_RISK_MOMENT, moment.person)
    if moment.routed_to_id != actor.organisation_id:
        raise NotAllowed("Dit risicomoment is aangemeld bij een andere organisatie (§3.3, R37).")
    errors: dict[str, str] = {}
    if extra_measures_advised is None:
        errors["extra_measures_advised"] = "Geef aan of (extra) maatregelen worden geadviseerd."
    if not _text(motivation):
        errors["motivation"] = "Motivering is verplicht."
    if errors:
        raise InvalidInput.for_fields(errors)
    with transaction.atomic():
        locked = RiskMoment.objects.select_for_update().select_related("person").get(pk=moment.pk)
        if locked.decided_at is not None:
            raise Conflict("Over dit risicomoment is al besloten.")
        locked.extra_measures_advised = extra_measures_advised
        locked.decision_motivation, locked.decided_by, locked.decided_at = _text(motivation), actor, now()
        locked.save()
        journal.record(
            actor=actor,
            action="measures.risk_moment_decided",
            subjects=[locked.person, locked],
            reason=locked.decision_motivation,
            policy_version=_policy().key,
            payload={"extra_measures_advised": extra_measures_advised, "reasons": [R_RISK_DECISION.as_dict()]},
        )
    return locked


# --- informing mayors and the four-way consultation (§2.3.5, R22, R23) ------------------------------------------


def person_municipalities(person: Person) -> dict[int, Municipality]:
    """The municipalities where the person lives or works now."""
    records = PersonAddress.objects.filter(person=person, valid_to__isnull=True).select_related("address__municipality")
    return {r.address.municipality_id: r.address.municipality for r in records}


def send_mayor_notification(
    actor: User,
    person: Person,
    *,
    municipality_code: str,
    scenario: str,
    content: str,
    measure: Measure | None = None,
    risk_moment: RiskMoment | None = None,
) -> MayorNotification:
    """The authority informs a mayor, sharing only the content it chose (§2.3.5): nothing else reaches the mayor."""
    require(actor, Action.NOTIFY_MAYOR, person)
    errors: dict[str, str] = {}
    municipality = _municipality(municipality_code, errors)
    if scenario not in Scenario.values:
        errors["scenario"] = "Kies het scenario: nieuwe persoon, planbare situatie of acuut risico."
    if not _text(content):
        errors["content"] = "Schrijf wat u met de burgemeester deelt; alleen deze tekst bereikt de burgemeester."
    if measure is not None and measure.person_id != person.pk:
        errors["measure"] = "Deze maatregel hoort niet bij deze persoon."
    if risk_moment is not None and risk_moment.person_id != person.pk:
        errors["risk_moment"] = "Dit risicomoment hoort niet bij deze persoon."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert municipality is not None
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _authority_of_actor(actor, locked, "informeert de burgemeester")
        if scenario == Scenario.NEW_PERSON and municipality.pk not in person_municipalities(locked):
            raise InvalidInput.for_field(
                "municipality_code",
                f"{locked.full_name} woont of werkt niet in {municipality.name}; bij een nieuwe persoon informeert "
                "de NCTV de burgemeester van de woon- en werkgemeente (§2.3.5).",
            )
        notification = MayorNotification.objects.create(
            person=locked,
            municipality=municipality,
            scenario=scenario,
            content=_text(content),
            measure=measure,
            risk_moment=risk_moment,
            sent_by=actor,
            sent_at=now(),
        )
        journal.record(
            actor=actor,
            action="measures.mayor_informed",
            subjects=[locked, notification],
            reason=f"{Scenario(scenario).label}: burgemeester van {municipality.name} geïnformeerd.",
            policy_version=_policy().key,
            payload={
                "municipality": municipality.name,
                "scenario": Scenario(scenario).label,
                "measure": measure.kind_name if measure else None,
                "risk_moment": risk_moment.pk if risk_moment else None,
                "reasons": [R_MAYOR.as_dict()],
            },
        )
    return notification


def acknowledge_notification(actor: User, notification: MayorNotification) -> MayorNotification:
    """The mayor (of that municipality only) confirms having read the notification."""
    require(actor, Action.READ_MAYOR_NOTIFICATIONS)
    if actor.organisation.municipality_id != notification.municipality_id:
        raise NotAllowed("Deze melding is gericht aan een andere gemeente.")
    with transaction.atomic():
        locked = MayorNotification.objects.select_for_update().select_related("person").get(pk=notification.pk)
        if locked.acknowledged_at is not None:
            raise Conflict("Deze melding is al als gelezen bevestigd.")
        locked.acknowledged_by, locked.acknowledged_at = actor, now()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        journal.record(
            actor=actor,
            action="measures.mayor_acknowledged",
            subjects=[locked.person, locked],
            reason="Melding van het gezag gelezen.",
            policy_version=_policy().key,
            payload={"reasons": [R_MAYOR.as_dict()]},
        )
    return locked


def record_four_way(
    actor: User,
    person: Person,
    *,
    municipality_code: str,
    held_on: date | None,
    participants: str,
    agreements: str,
    kmar_joined: bool = False,
) -> FourWayConsultation:
    """R23: the NCTV records a four-way consultation on a stelsel case in the municipality."""
    require(actor, Action.RECORD_FOUR_WAY, person)
    errors: dict[str, str] = {}
    municipality = _municipality(municipality_code, errors)
    if held_on is None:
        errors["held_on"] = "Datum van het overleg is verplicht."
    elif held_on > today():
        errors["held_on"] = "Een overleg wordt vastgelegd nadat het is gehouden; de datum ligt in de toekomst."
    if not _text(participants):
        errors["participants"] = "Noem de deelnemers: burgemeester, officier van justitie, politie en NCTV."
    if not _text(agreements):
        errors["agreements"] = "Leg de afspraken vast."
    if errors:
        raise InvalidInput.for_fields(errors)
    assert municipality is not None
    assert held_on is not None
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        authority = _authority_of_actor(actor, locked, "legt het vierhoeksoverleg vast")
        if authority.holder_kind != HolderKind.NCTV:
            raise InvalidInput.for_field(
                "person", "Een vierhoeksoverleg gaat over een stelselcasus; deze persoon is niet in het stelsel."
            )
        if municipality.pk not in person_municipalities(locked):
            raise InvalidInput.for_field(
                "municipality_code",
                f"{locked.full_name} woont of werkt niet in {municipality.name}; het vierhoeksoverleg is dat van de "
                "gemeente waar de stelselcasus speelt (§2.3.5).",
            )
        consultation = FourWayConsultation.objects.create(
            person=locked,
            municipality=municipality,
            held_on=held_on,
            kmar_joined=kmar_joined,
            participants=_text(participants),
            agreements=_text(agreements),
            recorded_by=actor,
            recorded_at=now(),
        )
        journal.record(
            actor=actor,
            action="measures.four_way_recorded",
            subjects=[locked],
            reason=consultation.agreements,
            policy_version=_policy().key,
            payload={
                "municipality": municipality.name,
                "held_on": held_on,
                "participants": consultation.participants,
                "kmar_joined": kmar_joined,
                "reasons": [R_FOUR_WAY.as_dict()],
            },
        )
    return consultation
