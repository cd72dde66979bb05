"""Every state change of the integrated threat picture (R52). One transaction and one journal entry each.

The order of a service: the access module's check (404 outside need-to-know, 403 for the wrong role), then the
authority check (only the organisation that holds the case keeps its picture), input validation with Dutch messages
per field, then inside one transaction: lock, check the version, apply the method's rules, write the journal entry and
the rows.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from stelsel.access.models import User
from stelsel.access.rules import Action, require, role_may
from stelsel.core import journal
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed
from stelsel.core.timeutil import now, today
from stelsel.intel.queries import products_for
from stelsel.policy.reasons import Reason
from stelsel.policy.threat_picture import (
    REVIEW_LABELS,
    Evidence,
    Hypothesis,
    PictureRuleError,
    analyse,
    check_evidence,
    check_final,
    check_hypotheses,
    check_review,
)
from stelsel.policy.versions import version_on
from stelsel.registry.models import Person
from stelsel.registry.queries import holds_now
from stelsel.threatpicture.models import PictureRelease, PictureReview, PictureStatus, ThreatPicture
from stelsel.threatpicture.queries import document_of, picture_state, review_states

LIST_FIELDS = ("assumptions", "blind_spots", "soft_information", "missing_information", "triggers")
TEXT_FIELDS = ("summary", "threat", "resistance", "measures_effect", "residual_risk")


def _lines(value: Sequence[str] | str | None) -> list[str]:
    if value is None:
        return []
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [str(line).strip() for line in items if str(line).strip()]


def _check_authority(actor: User, person: Person) -> None:
    if not holds_now(actor, person):
        raise NotAllowed(
            "Alleen het huidige gezag over deze persoon houdt het geïntegreerde dreigingsbeeld bij (§3.3, R35, R52)."
        )


def may_edit_picture(actor: User, person: Person) -> bool:
    """Whether the page offers editing, review and finalising: the role may, and the actor's organisation holds the
    case now."""
    return role_may(actor, Action.EDIT_THREAT_PICTURE) and holds_now(actor, person)


def _hypotheses_as_dicts(hypotheses: Sequence[Hypothesis]) -> list[dict[str, Any]]:
    return [{"key": h.key, "statement": h.statement, "indicators": list(h.indicators)} for h in hypotheses]


def _evidence_as_dicts(evidence: Sequence[Evidence]) -> list[dict[str, Any]]:
    return [
        {
            "key": item.key,
            "description": item.description,
            "reliability": item.reliability,
            "product_id": item.product_id,
            "scores": {key: score.value for key, score in item.scores.items()},
        }
        for item in evidence
    ]


def _check_products(actor: User, person: Person, evidence: Sequence[Evidence]) -> dict[str, str]:
    """Evidence may cite only products of this person that the actor reads in full."""
    cited = {item.product_id for item in evidence if item.product_id is not None}
    if not cited:
        return {}
    readable = {entry.product.pk for entry in products_for(actor, person) if entry.readable}
    unknown = sorted(cited - readable)
    if unknown:
        return {
            "evidence": f"Product {', '.join(str(pk) for pk in unknown)} hoort niet bij deze persoon of u kunt het "
            "niet lezen; een bewijsstuk verwijst alleen naar producten die u kunt lezen (R51)."
        }
    return {}


def save_picture(
    actor: User,
    person: Person,
    *,
    version: int | None,
    summary: str = "",
    hypotheses: Any = None,
    evidence: Any = None,
    assumptions: Sequence[str] | str | None = None,
    blind_spots: Sequence[str] | str | None = None,
    soft_information: Sequence[str] | str | None = None,
    missing_information: Sequence[str] | str | None = None,
    threat: str = "",
    resistance: str = "",
    measures_effect: str = "",
    residual_risk: str = "",
    review_on: date | None = None,
    triggers: Sequence[str] | str | None = None,
) -> ThreatPicture:
    """The authority's analyst saves the whole picture (R52). A final picture that is changed becomes a draft of the
    next version, which needs its own peer review and challenge; `version` is the version the analyst started from
    (0 or None for a new picture)."""
    require(actor, Action.EDIT_THREAT_PICTURE, person)
    _check_authority(actor, person)
    errors: dict[str, str] = {}
    checked_hypotheses: list[Hypothesis] = []
    checked_evidence: list[Evidence] = []
    existing = ThreatPicture.objects.filter(person=person, organisation=actor.organisation).first()
    try:
        checked_hypotheses = check_hypotheses(hypotheses, _keys(existing, "hypotheses"))
        checked_evidence = check_evidence(evidence, checked_hypotheses, _keys(existing, "evidence"))
    except PictureRuleError as error:
        errors[error.field] = str(error)
    errors.update(_check_products(actor, person, checked_evidence))
    if review_on is not None and review_on <= today():
        errors["review_on"] = "De toetsdatum ligt niet in de toekomst; kies een datum na vandaag."
    if errors:
        raise InvalidInput.for_fields(errors)
    fields: dict[str, Any] = {
        "summary": (summary or "").strip(),
        "hypotheses": _hypotheses_as_dicts(checked_hypotheses),
        "evidence": _evidence_as_dicts(checked_evidence),
        "threat": (threat or "").strip(),
        "resistance": (resistance or "").strip(),
        "measures_effect": (measures_effect or "").strip(),
        "residual_risk": (residual_risk or "").strip(),
        "review_on": review_on,
        **{
            name: _lines(value)
            for name, value in zip(
                LIST_FIELDS,
                (assumptions, blind_spots, soft_information, missing_information, triggers),
                strict=True,
            )
        },
    }
    policy = version_on(today())
    with transaction.atomic():
        locked_person = Person.objects.select_for_update().get(pk=person.pk)
        _check_authority(actor, locked_person)
        picture = (
            ThreatPicture.objects.select_for_update()
            .filter(person=locked_person, organisation=actor.organisation)
            .first()
        )
        started_from = version or 0
        current = picture.version if picture is not None else 0
        if started_from != current:
            raise Conflict(
                f"Het dreigingsbeeld is intussen gewijzigd (versie {current}, u werkte op versie {started_from}); "
                "open het opnieuw."
            )
        changed = _changed_sections(picture, fields)
        if picture is not None and not changed:
            return picture
        next_version = current + 1
        result = analyse(checked_hypotheses, checked_evidence)
        moment = now()
        subjects: list[Any] = [locked_person] + ([picture] if picture is not None else [])
        entry = journal.record(
            actor=actor,
            action="threatpicture.saved",
            subjects=subjects,
            reason=f"Dreigingsbeeld versie {next_version} opgeslagen ({', '.join(changed)})",
            policy_version=policy.key,
            payload={
                "version": next_version,
                "changed": changed,
                "hypotheses": len(checked_hypotheses),
                "evidence": len(checked_evidence),
                "least_refuted": list(result.least_refuted),
                "review_on": review_on,
            },
        )
        if picture is None:
            picture = ThreatPicture(person=locked_person, organisation=actor.organisation, created_at=moment)
        for name, value in fields.items():
            setattr(picture, name, value)
        # A new round of authors starts after a final version; within a draft every saver is an author.
        earlier = [] if picture.status == PictureStatus.FINAL or picture.pk is None else list(picture.authors)
        picture.authors = sorted(set(earlier) | {actor.pk})
        picture.version = next_version
        picture.status = PictureStatus.DRAFT
        picture.changed_by = actor
        picture.changed_at = moment
        picture.entry = entry
        picture.save()
        return picture


def _keys(picture: ThreatPicture | None, section: str) -> set[str]:
    return {item["key"] for item in getattr(picture, section)} if picture is not None else set()


def _changed_sections(picture: ThreatPicture | None, fields: dict[str, Any]) -> list[str]:
    if picture is None:
        return ["nieuw"]
    return [name for name, value in fields.items() if getattr(picture, name) != value]


def _locked_picture(actor: User, picture: ThreatPicture, version: int | None) -> ThreatPicture:
    """Lock the picture and check the actor still holds the case and read the version it acts on."""
    Person.objects.select_for_update().get(pk=picture.person_id)
    locked = ThreatPicture.objects.select_for_update().select_related("person").get(pk=picture.pk)
    if locked.organisation_id != actor.organisation_id:
        raise NotAllowed("Dit dreigingsbeeld is van een andere organisatie.")
    _check_authority(actor, locked.person)
    if version != locked.version:
        raise Conflict(
            f"Het dreigingsbeeld is intussen gewijzigd (nu versie {locked.version}); lees het opnieuw voordat u verder "
            "gaat."
        )
    return locked


def record_review(
    actor: User, picture: ThreatPicture, *, kind: str, verdict: str = "", text: str, version: int | None
) -> PictureReview:
    """A second analyst of the authority records a peer review (with a verdict) or a challenge of this version of
    the picture (seed 004: scenario thinking and contradiction; R52). The author of the version does neither."""
    require(actor, Action.EDIT_THREAT_PICTURE, picture.person)
    _check_authority(actor, picture.person)
    if picture.organisation_id != actor.organisation_id:
        raise NotAllowed("Dit dreigingsbeeld is van een andere organisatie.")
    try:
        chosen, checked_verdict = check_review(
            (kind or "").strip(), (verdict or "").strip(), text or "", actor.pk, frozenset(picture.authors)
        )
    except PictureRuleError as error:
        raise InvalidInput.for_field(error.field, str(error)) from None
    if version is None:
        raise InvalidInput.for_field("version", "Geef de versie van het dreigingsbeeld die u toetste.")
    policy = version_on(today())
    with transaction.atomic():
        locked = _locked_picture(actor, picture, version)
        if locked.status != PictureStatus.DRAFT:
            raise Conflict("Deze versie is al definitief; toetsen gebeurt op een conceptversie.")
        if actor.pk in locked.authors:  # the authors may have changed since the form was opened
            raise InvalidInput.for_field("kind", "U bewerkte deze versie zelf; een andere analist toetst haar (R52).")
        entry = journal.record(
            actor=actor,
            action="threatpicture.reviewed",
            subjects=[locked.person, locked],
            reason=f"{REVIEW_LABELS[chosen]} op versie {locked.version}: {text.strip()}",
            policy_version=policy.key,
            payload={
                "version": locked.version,
                "kind": chosen.value,
                "verdict": checked_verdict.value if checked_verdict else "",
                "reasons": [
                    Reason(
                        "R52",
                        "§3.3",
                        "Peer review en tegenspraak (scenariodenken) toetsen het dreigingsbeeld voordat het "
                        "definitief wordt (seed 004).",
                    ).as_dict()
                ],
            },
        )
        return PictureReview.objects.create(
            picture=locked,
            of_version=locked.version,
            kind=chosen.value,
            verdict=checked_verdict.value if checked_verdict else "",
            text=text.strip(),
            reviewer=actor,
            recorded_at=entry.recorded_at,
            entry=entry,
        )


def finalise_picture(actor: User, picture: ThreatPicture, *, version: int | None) -> PictureRelease:
    """Make this version final: every element of the method is there, with a peer review and a challenge of this very
    version (R52). The release keeps the whole document, so later versions never rewrite what was decided on."""
    require(actor, Action.EDIT_THREAT_PICTURE, picture.person)
    _check_authority(actor, picture.person)
    if picture.organisation_id != actor.organisation_id:
        raise NotAllowed("Dit dreigingsbeeld is van een andere organisatie.")
    if version is None:
        raise InvalidInput.for_field("version", "Geef de versie van het dreigingsbeeld die u definitief maakt.")
    policy = version_on(today())
    with transaction.atomic():
        locked = _locked_picture(actor, picture, version)
        if locked.status == PictureStatus.FINAL:
            raise Conflict(f"Versie {locked.version} is al definitief.")
        reviews = list(locked.reviews.select_related("reviewer"))
        try:
            outcome = check_final(picture_state(locked), review_states(reviews), locked.version, today(), policy)
        except PictureRuleError as error:
            raise InvalidInput.for_field(error.field, str(error)) from None
        snapshot = {
            **document_of(locked),
            "least_refuted": list(outcome.value.least_refuted),
            "reviews": [
                {
                    "kind": review.kind,
                    "verdict": review.verdict,
                    "text": review.text,
                    "reviewer": review.reviewer.get_full_name(),
                    "recorded_at": review.recorded_at.isoformat(),
                }
                for review in reviews
                if review.of_version == locked.version
            ],
        }
        entry = journal.record(
            actor=actor,
            action="threatpicture.finalised",
            subjects=[locked.person, locked],
            reason=f"Dreigingsbeeld versie {locked.version} definitief; minst weerlegde hypothese "
            f"{', '.join(outcome.value.least_refuted)}",
            policy_version=policy.key,
            payload={
                "version": locked.version,
                "least_refuted": list(outcome.value.least_refuted),
                "review_on": locked.review_on,
                "triggers": locked.triggers,
                "reasons": outcome.reasons_as_dicts,
            },
        )
        locked.status = PictureStatus.FINAL
        locked.finalised_at = entry.recorded_at
        locked.save(update_fields=["status", "finalised_at"])
        return PictureRelease.objects.create(
            picture=locked,
            version=locked.version,
            snapshot=snapshot,
            reasons=outcome.reasons_as_dicts,
            policy_version=policy.key,
            finalised_by=actor,
            finalised_at=entry.recorded_at,
            entry=entry,
        )
