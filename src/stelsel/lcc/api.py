"""REST API of private parties under /api/v1/: the same services and need-to-know as the UI."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, paginated, request_user, valid_data
from stelsel.access.models import Organisation
from stelsel.access.rules import Action
from stelsel.lcc import queries, services
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.measures import queries as measures_queries


class PrivatePartySerializer(serializers.ModelSerializer):
    certification_expired = serializers.BooleanField()
    registered_in = serializers.IntegerField(source="entry.seq", allow_null=True)

    class Meta:
        model = PrivateParty
        fields = [
            "id",
            "name",
            "kvk_number",
            "certification",
            "certified_until",
            "certification_expired",
            "training",
            "registered_at",
            "registered_in",
            "version",
        ]


class PartyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, default="")
    kvk_number = serializers.CharField(allow_blank=True, default="", help_text="8 cijfers")
    certification = serializers.CharField(allow_blank=True, default="")
    certified_until = serializers.DateField(required=False, allow_null=True, default=None)
    training = serializers.CharField(allow_blank=True, default="")


class RenewSerializer(serializers.Serializer):
    certified_until = serializers.DateField(required=False, allow_null=True, default=None)
    motivation = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class PrivateAssignmentSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="measure.person_id")
    measure_kind = serializers.CharField(source="measure.kind")
    party_name = serializers.CharField(source="party.name")
    directing_unit = serializers.CharField(source="directing_unit.code")
    directing_unit_name = serializers.CharField(source="directing_unit.name")
    authority = serializers.CharField(source="authority.name")
    consented_in = serializers.IntegerField(source="entry.seq")
    ended_in = serializers.IntegerField(source="ended_by.seq", allow_null=True, default=None)

    class Meta:
        model = PrivateAssignment
        fields = [
            "id",
            "measure",
            "measure_kind",
            "person",
            "party",
            "party_name",
            "directing_unit",
            "directing_unit_name",
            "task",
            "starts_on",
            "ends_on",
            "authority",
            "consent_motivation",
            "consented_at",
            "consented_in",
            "reasons",
            "policy_version",
            "ended_at",
            "ended_in",
            "end_motivation",
        ]


class AssignSerializer(serializers.Serializer):
    party = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Id van de partij")
    directing_unit = serializers.CharField(
        allow_blank=True, default="", help_text="Code van de politie-eenheid of de KMar die regie voert"
    )
    task = serializers.CharField(allow_blank=True, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    consent_motivation = serializers.CharField(allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    motivation = serializers.CharField(allow_blank=True, default="")


class PrivatePartiesView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PRIVATE_PARTIES, "POST": Action.REGISTER_PRIVATE_PARTY}

    @extend_schema(responses=PrivatePartySerializer(many=True), summary="Gecertificeerde particuliere partijen")
    def get(self, request: Request) -> Response:
        parties = queries.parties_for(request_user(request)).select_related("entry")
        return paginated(self, request, parties, PrivatePartySerializer)

    @extend_schema(
        request=PartyCreateSerializer,
        responses={201: PrivatePartySerializer},
        summary="Particuliere partij registreren",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        party = services.register_private_party(user, **valid_data(PartyCreateSerializer, request))
        return Response(PrivatePartySerializer(queries.party_for(user, party.pk)).data, status=201)


class PrivatePartyCertificationView(GuardedAPIView):
    access_actions = {"POST": Action.REGISTER_PRIVATE_PARTY}

    @extend_schema(request=RenewSerializer, responses=PrivatePartySerializer, summary="Certificering verlengen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        party = queries.party_for(user, pk)
        services.renew_certification(user, party, **valid_data(RenewSerializer, request))
        return Response(PrivatePartySerializer(queries.party_for(user, pk)).data)


class MeasurePrivateAssignmentsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PRIVATE_PARTIES, "POST": Action.ASSIGN_PRIVATE_PARTY}

    @extend_schema(
        responses=PrivateAssignmentSerializer(many=True), summary="Inzet van particuliere partijen bij een maatregel"
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = measures_queries.measure_for(user, pk)
        return Response(PrivateAssignmentSerializer(queries.assignments_of_measure(user, measure), many=True).data)

    @extend_schema(
        request=AssignSerializer,
        responses={201: PrivateAssignmentSerializer},
        summary="Instemmen met de inzet van een particuliere partij",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        measure = measures_queries.measure_for(user, pk)
        data = valid_data(AssignSerializer, request)
        party_id, unit_code = data.pop("party"), data.pop("directing_unit")
        party = queries.party_choices().filter(pk=party_id).first() if party_id is not None else None
        unit = Organisation.objects.filter(code=unit_code).first() if unit_code else None
        assignment = services.assign_private_party(user, measure, party=party, directing_unit=unit, **data)
        return Response(PrivateAssignmentSerializer(queries.assignment_for(user, assignment.pk)).data, status=201)


class PrivateAssignmentEndView(GuardedAPIView):
    access_actions = {"POST": Action.ASSIGN_PRIVATE_PARTY}

    @extend_schema(request=EndSerializer, responses=PrivateAssignmentSerializer, summary="Inzet beëindigen")
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assignment = queries.assignment_for(user, pk)
        services.end_private_assignment(user, assignment, **valid_data(EndSerializer, request))
        return Response(PrivateAssignmentSerializer(queries.assignment_for(user, pk)).data)
