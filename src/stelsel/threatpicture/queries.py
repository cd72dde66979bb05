"""Reads of the integrated threat picture through the access module (R51, R52): the authority's own analysts read
their organisation's picture; the inspectorate reads the NCTV's (R46); nobody else."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from stelsel.access import rules
from stelsel.access.models import User
from stelsel.access.roles import OrgKind, Role
from stelsel.core.errors import NotFound
from stelsel.core.timeutil import now, today
from stelsel.core.worklist import WorkItem
from stelsel.intel.models import ThreatProduct
from stelsel.policy.threat_picture import (
    SCORE_LABELS,
    AchResult,
    Evidence,
    Hypothesis,
    PictureState,
    ReviewKind,
    ReviewState,
    Score,
    Verdict,
    analyse,
    missing_for_final,
)
from stelsel.registry.models import AuthorityPeriod, Person
from stelsel.threatpicture.models import PictureRelease, PictureReview, PictureStatus, ThreatPicture

# A picture's periodic review shows in the worklist this long before its date, like the measures' reviews.
REVIEW_NOTICE = timedelta(days=14)


def hypotheses_of(picture: ThreatPicture) -> list[Hypothesis]:
    return [
        Hypothesis(item["key"], item["statement"], tuple(item.get("indicators") or ())) for item in picture.hypotheses
    ]


def evidence_of(picture: ThreatPicture) -> list[Evidence]:
    return [
        Evidence(
            item["key"],
            item["description"],
            item["reliability"],
            {key: Score(value) for key, value in (item.get("scores") or {}).items()},
            item.get("product_id"),
        )
        for item in picture.evidence
    ]


def picture_state(picture: ThreatPicture) -> PictureState:
    return PictureState(
        hypotheses=hypotheses_of(picture),
        evidence=evidence_of(picture),
        assumptions=picture.assumptions,
        blind_spots=picture.blind_spots,
        soft_information=picture.soft_information,
        missing_information=picture.missing_information,
        threat=picture.threat,
        resistance=picture.resistance,
        measures_effect=picture.measures_effect,
        residual_risk=picture.residual_risk,
        review_on=picture.review_on,
        triggers=picture.triggers,
        authors=frozenset(picture.authors),
    )


def review_states(reviews: Sequence[PictureReview]) -> list[ReviewState]:
    return [
        ReviewState(
            ReviewKind(review.kind),
            review.reviewer_id,
            Verdict(review.verdict) if review.verdict else None,
            review.of_version,
        )
        for review in reviews
    ]


def document_of(picture: ThreatPicture) -> dict[str, Any]:
    """The picture's content as plain JSON values (the API answer's document and a release's snapshot)."""
    return {
        "version": picture.version,
        "status": picture.status,
        "summary": picture.summary,
        "hypotheses": picture.hypotheses,
        "evidence": picture.evidence,
        "assumptions": picture.assumptions,
        "blind_spots": picture.blind_spots,
        "soft_information": picture.soft_information,
        "missing_information": picture.missing_information,
        "threat": picture.threat,
        "resistance": picture.resistance,
        "measures_effect": picture.measures_effect,
        "residual_risk": picture.residual_risk,
        "review_on": picture.review_on.isoformat() if picture.review_on else None,
        "triggers": picture.triggers,
    }


def picture_for(user: User, person: Person) -> ThreatPicture | None:
    """The picture this user reads of a person it sees: its own organisation's, for the inspectorate the NCTV's.
    None when there is none yet; NotFound when the user may not read threat pictures of this person at all."""
    if not rules.may(user, rules.Action.VIEW_THREAT_PICTURE, person):
        raise NotFound()
    pictures = ThreatPicture.objects.filter(person=person).select_related("changed_by", "organisation", "entry")
    if user.user_role is Role.INSPECTOR:
        pictures = pictures.filter(organisation__kind=OrgKind.NCTV)
    else:
        pictures = pictures.filter(organisation_id=user.organisation_id)
    return pictures.order_by("-changed_at").first()


def reviews_of(picture: ThreatPicture) -> list[PictureReview]:
    return list(picture.reviews.select_related("reviewer", "entry").order_by("recorded_at", "id"))


def releases_of(picture: ThreatPicture) -> list[PictureRelease]:
    return list(picture.releases.select_related("finalised_by", "entry").order_by("-finalised_at", "-id"))


@dataclass(frozen=True)
class MatrixRow:
    """One evidence row of the ACH matrix as the page shows it: a cell per hypothesis, in the hypotheses' order."""

    evidence: Evidence
    cells: list[tuple[str, str, str]]  # hypothesis key, score code ('' unscored), label
    diagnostic: bool


@dataclass(frozen=True)
class PictureView:
    picture: ThreatPicture
    hypotheses: list[Hypothesis]
    rows: list[MatrixRow]
    result: AchResult
    reviews: list[PictureReview]
    releases: list[PictureRelease]
    missing: list[str]  # what still stands between this version and final (Dutch)


def picture_view(picture: ThreatPicture) -> PictureView:
    hypotheses = hypotheses_of(picture)
    evidence = evidence_of(picture)
    result = analyse(hypotheses, evidence)
    reviews = reviews_of(picture)
    rows = [
        MatrixRow(
            item,
            [
                (
                    hypothesis.key,
                    item.scores[hypothesis.key].value if hypothesis.key in item.scores else "",
                    SCORE_LABELS[item.scores[hypothesis.key]] if hypothesis.key in item.scores else "niet gescoord",
                )
                for hypothesis in hypotheses
            ],
            item.key not in result.non_diagnostic,
        )
        for item in evidence
    ]
    missing = []
    if picture.status == PictureStatus.DRAFT:
        missing = [
            str(gap)
            for gap in missing_for_final(picture_state(picture), review_states(reviews), picture.version, today())
        ]
    return PictureView(picture, hypotheses, rows, result, reviews, releases_of(picture), missing)


def work_items(user: User) -> list[WorkItem]:
    """The authority's analysts: a final picture whose review date nears or a new product arrived after it became
    final; a draft that waits only for another analyst's peer review or challenge. A fixed number of queries."""
    if not rules.role_may(user, rules.Action.EDIT_THREAT_PICTURE):
        return []
    moment = now()
    holds = AuthorityPeriod.objects.filter(
        person=OuterRef("person"), holder_id=user.organisation_id, valid_from__lte=moment
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=moment))
    newer = ThreatProduct.objects.filter(person=OuterRef("person"), delivered_at__gt=OuterRef("finalised_at"))
    pictures = (
        ThreatPicture.objects.filter(organisation_id=user.organisation_id)
        .filter(Exists(holds))
        .annotate(new_product=Exists(newer))
        .select_related("person")
        .prefetch_related("reviews")
    )
    items: list[WorkItem] = []
    for picture in pictures:
        url = reverse("threatpicture:picture", args=[picture.person_id])
        if picture.status == PictureStatus.FINAL:
            if picture.review_on is not None and picture.review_on - REVIEW_NOTICE <= today():
                items.append(
                    WorkItem(
                        "Dreigingsbeeld periodiek toetsen",
                        picture.changed_at,
                        url,
                        picture.person.full_name,
                        due_on=picture.review_on,
                    )
                )
            if picture.new_product:
                items.append(
                    WorkItem(
                        "Nieuw dreigingsproduct: dreigingsbeeld herbeoordelen",
                        picture.finalised_at or moment,
                        url,
                        picture.person.full_name,
                    )
                )
        elif user.pk not in picture.authors and _waits_only_for_review(picture):
            items.append(
                WorkItem(
                    "Peer review of tegenspraak op het dreigingsbeeld",
                    picture.changed_at,
                    url,
                    picture.person.full_name,
                    context=f"versie {picture.version}",
                )
            )
    return items


def _waits_only_for_review(picture: ThreatPicture) -> bool:
    gaps = missing_for_final(
        picture_state(picture), review_states(list(picture.reviews.all())), picture.version, today()
    )
    return bool(gaps) and all(gap.field == "reviews" for gap in gaps)
