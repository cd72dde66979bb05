"""REST API of the integrated threat picture under /api/v1/: the same services, rules and need-to-know as the UI."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.models import User
from stelsel.access.rules import Action
from stelsel.core.errors import NotFound
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person
from stelsel.threatpicture import queries, services
from stelsel.threatpicture.models import PictureRelease, PictureReview, ThreatPicture


class HypothesisSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, help_text="H1, H2, …; leeg voor een nieuwe")
    statement = serializers.CharField(allow_blank=True)
    indicators = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)


class EvidenceSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, help_text="E1, E2, …; leeg voor een nieuw")
    description = serializers.CharField(allow_blank=True)
    reliability = serializers.CharField(allow_blank=True, help_text="Betrouwbaarheid van de bron, A tot en met F")
    product_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        default=dict,
        help_text="Per hypothesesleutel: C (consistent), I (inconsistent) of NVT (niet van toepassing)",
    )


class PictureInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, default=0, help_text="De versie waarop u verder werkt; 0 voor een nieuw dreigingsbeeld"
    )
    summary = serializers.CharField(allow_blank=True, default="")
    hypotheses = HypothesisSerializer(many=True, default=list)
    evidence = EvidenceSerializer(many=True, default=list)
    assumptions = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)
    blind_spots = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)
    soft_information = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)
    missing_information = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)
    threat = serializers.CharField(allow_blank=True, default="")
    resistance = serializers.CharField(allow_blank=True, default="")
    measures_effect = serializers.CharField(allow_blank=True, default="")
    residual_risk = serializers.CharField(allow_blank=True, default="")
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    triggers = serializers.ListField(child=serializers.CharField(allow_blank=True), default=list)


class PictureReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_full_name")
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = PictureReview
        fields = ["id", "of_version", "kind", "verdict", "text", "reviewer", "recorded_at", "entry"]


class PictureReleaseSerializer(serializers.ModelSerializer):
    finalised_by = serializers.CharField(source="finalised_by.get_full_name")
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = PictureRelease
        fields = ["id", "version", "snapshot", "reasons", "policy_version", "finalised_by", "finalised_at", "entry"]


class HypothesisStandingSerializer(serializers.Serializer):
    key = serializers.CharField()
    inconsistency = serializers.FloatField(help_text="Gewogen inconsistentie")
    inconsistent = serializers.IntegerField()
    consistent = serializers.IntegerField()
    unscored = serializers.IntegerField()


class PictureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField()
    organisation = serializers.CharField()
    document = serializers.DictField()
    standings = HypothesisStandingSerializer(many=True)
    least_refuted = serializers.ListField(child=serializers.CharField())
    non_diagnostic = serializers.ListField(child=serializers.CharField())
    missing_for_final = serializers.ListField(child=serializers.CharField())
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField()
    reviews = PictureReviewSerializer(many=True)
    releases = PictureReleaseSerializer(many=True)


class PictureReviewInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.CharField(allow_blank=True, default="", help_text="peer_review of tegenspraak")
    verdict = serializers.CharField(allow_blank=True, default="", help_text="Bij peer review: akkoord of bezwaren")
    text = serializers.CharField(allow_blank=True, default="")


class FinaliseInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


def _picture_data(picture: ThreatPicture) -> dict[str, Any]:
    view = queries.picture_view(picture)
    return {
        "id": picture.pk,
        "person": picture.person_id,
        "organisation": picture.organisation.name,
        "document": queries.document_of(picture),
        "standings": [standing.__dict__ for standing in view.result.standings],
        "least_refuted": list(view.result.least_refuted),
        "non_diagnostic": list(view.result.non_diagnostic),
        "missing_for_final": view.missing,
        "changed_by": picture.changed_by.get_full_name(),
        "changed_at": picture.changed_at,
        "reviews": view.reviews,
        "releases": view.releases,
    }


def _existing(user: User, person: Person) -> ThreatPicture:
    found = queries.picture_for(user, person)
    if found is None:
        raise NotFound("Er is nog geen dreigingsbeeld van uw organisatie over deze persoon.")
    return found


class PersonThreatPictureView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_THREAT_PICTURE, "PUT": Action.EDIT_THREAT_PICTURE}
    logs = "person"

    @extend_schema(responses=PictureSerializer, summary="Geïntegreerd dreigingsbeeld van een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(PictureSerializer(_picture_data(_existing(user, person))).data)

    @extend_schema(
        request=PictureInputSerializer,
        responses={200: PictureSerializer},
        summary="Dreigingsbeeld opslaan als concept (het hele document, met de versie waarop u verder werkt)",
    )
    def put(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        saved = services.save_picture(user, person, **valid_data(PictureInputSerializer, request))
        return Response(PictureSerializer(_picture_data(saved)).data)


class ThreatPictureReviewsView(GuardedAPIView):
    access_actions = {"POST": Action.EDIT_THREAT_PICTURE}

    @extend_schema(
        request=PictureReviewInputSerializer,
        responses={201: PictureReviewSerializer},
        summary="Peer review of tegenspraak vastleggen op een versie",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        made = services.record_review(
            user, _existing(user, person), **valid_data(PictureReviewInputSerializer, request)
        )
        return Response(PictureReviewSerializer(made).data, status=201)


class ThreatPictureFinaliseView(GuardedAPIView):
    access_actions = {"POST": Action.EDIT_THREAT_PICTURE}

    @extend_schema(
        request=FinaliseInputSerializer,
        responses={201: PictureReleaseSerializer},
        summary="Een versie van het dreigingsbeeld definitief maken",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        release = services.finalise_picture(
            user, _existing(user, person), **valid_data(FinaliseInputSerializer, request)
        )
        return Response(PictureReleaseSerializer(release).data, status=201)
