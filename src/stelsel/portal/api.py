"""REST API of the protected person's side under /api/v1/: the same queries, services and need-to-know as the UI."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.rules import Action
from stelsel.portal import queries, services
from stelsel.portal.models import CommunicationEntry, ConfidentialityDeclaration, CooperationRecord, EmployerDuties
from stelsel.registry import queries as registry_queries

# --- serializers ---------------------------------------------------------------------------------------------


class CooperationRecordSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    recorded_by = serializers.CharField(source="recorded_by.get_full_name")
    journal_seq = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = CooperationRecord
        fields = [
            "id",
            "status",
            "status_label",
            "limits_accepted",
            "note",
            "effect",
            "reasons",
            "policy_version",
            "recorded_by",
            "recorded_at",
            "journal_seq",
        ]


class OwnCommunicationSerializer(serializers.ModelSerializer):
    """What the protected person sees of the log: what was told, when and how."""

    channel_label = serializers.CharField(source="get_channel_display")

    class Meta:
        model = CommunicationEntry
        fields = ["id", "told_at", "channel", "channel_label", "about_threat", "about_measures", "summary"]


class CommunicationSerializer(OwnCommunicationSerializer):
    recorded_by = serializers.CharField(source="recorded_by.get_full_name")
    journal_seq = serializers.IntegerField(source="entry.seq")

    class Meta(OwnCommunicationSerializer.Meta):
        fields = [*OwnCommunicationSerializer.Meta.fields, "withheld_note", "recorded_by", "recorded_at", "journal_seq"]


class OwnDeclarationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ConfidentialityDeclaration
        fields = ["id", "status", "status_label", "on"]


class DeclarationSerializer(OwnDeclarationSerializer):
    recorded_by = serializers.CharField(source="recorded_by.get_full_name")
    journal_seq = serializers.IntegerField(source="entry.seq")

    class Meta(OwnDeclarationSerializer.Meta):
        fields = [*OwnDeclarationSerializer.Meta.fields, "note", "recorded_by", "recorded_at", "journal_seq"]


class EmployerDutiesSerializer(serializers.ModelSerializer):
    updated_by = serializers.CharField(source="updated_by.get_full_name")
    journal_seq = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = EmployerDuties
        fields = [
            "employer_name",
            "alertness",
            "resilience",
            "prevention",
            "security_measures",
            "thinking_along",
            "notes",
            "version",
            "updated_by",
            "updated_at",
            "journal_seq",
        ]


class CareSerializer(serializers.Serializer):
    """The care overview. For the protected person the working notes are null and the notes are left out."""

    person = serializers.IntegerField()
    shows_working_notes = serializers.BooleanField()
    cooperation = CooperationRecordSerializer(allow_null=True)
    cooperation_history = CooperationRecordSerializer(many=True, allow_null=True)
    communications = CommunicationSerializer(many=True)
    confidentiality = DeclarationSerializer(allow_null=True)
    confidentiality_events = DeclarationSerializer(many=True)
    employer_duties = EmployerDutiesSerializer(allow_null=True)


def _care_data(overview: queries.CareOverview) -> dict[str, Any]:
    if not overview.shows_working_notes:
        return {
            "person": overview.person.pk,
            "shows_working_notes": False,
            "cooperation": None,
            "cooperation_history": None,
            "communications": OwnCommunicationSerializer(overview.communications, many=True).data,
            "confidentiality": OwnDeclarationSerializer(overview.declaration).data if overview.declaration else None,
            "confidentiality_events": OwnDeclarationSerializer(overview.declaration_events, many=True).data,
            "employer_duties": None,
        }
    duties = overview.employer_duties
    return {
        "person": overview.person.pk,
        "shows_working_notes": True,
        "cooperation": CooperationRecordSerializer(overview.cooperation).data if overview.cooperation else None,
        "cooperation_history": CooperationRecordSerializer(overview.cooperation_history, many=True).data,
        "communications": CommunicationSerializer(overview.communications, many=True).data,
        "confidentiality": DeclarationSerializer(overview.declaration).data if overview.declaration else None,
        "confidentiality_events": DeclarationSerializer(overview.declaration_events, many=True).data,
        "employer_duties": EmployerDutiesSerializer(duties).data if duties else None,
    }


class CooperationInput(serializers.Serializer):
    status = serializers.CharField(allow_blank=True, default="")
    limits_accepted = serializers.BooleanField(default=False)
    note = serializers.CharField(allow_blank=True, default="")


class CommunicationInput(serializers.Serializer):
    told_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    channel = serializers.CharField(allow_blank=True, default="")
    about_threat = serializers.BooleanField(default=False)
    about_measures = serializers.BooleanField(default=False)
    summary = serializers.CharField(allow_blank=True, default="")
    withheld_note = serializers.CharField(allow_blank=True, default="")


class ConfidentialityInput(serializers.Serializer):
    status = serializers.CharField(allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(allow_blank=True, default="")


class EmployerDutiesInput(serializers.Serializer):
    employer_name = serializers.CharField(allow_blank=True, default="")
    alertness = serializers.BooleanField(default=False)
    resilience = serializers.BooleanField(default=False)
    prevention = serializers.BooleanField(default=False)
    security_measures = serializers.BooleanField(default=False)
    thinking_along = serializers.BooleanField(default=False)
    notes = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="De bewerkte versie; 0 voor een nieuwe checklist."
    )


# --- views ---------------------------------------------------------------------------------------------------


class PersonCareView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_CARE}
    logs = "person"

    @extend_schema(responses=CareSerializer, summary="Te beveiligen persoon: medewerking, communicatie, geheimhouding")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        return Response(_care_data(queries.care_overview(user, person)))


class CooperationView(GuardedAPIView):
    access_actions = {"POST": Action.RECORD_CARE}

    @extend_schema(
        request=CooperationInput, responses={201: CooperationRecordSerializer}, summary="Medewerking vastleggen"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        record = services.record_cooperation(user, person, **valid_data(CooperationInput, request))
        return Response(CooperationRecordSerializer(record).data, status=201)


class CommunicationsView(GuardedAPIView):
    access_actions = {"POST": Action.RECORD_CARE}

    @extend_schema(
        request=CommunicationInput, responses={201: CommunicationSerializer}, summary="Communicatie vastleggen"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        entry = services.record_communication(user, person, **valid_data(CommunicationInput, request))
        return Response(CommunicationSerializer(entry).data, status=201)


class ConfidentialityView(GuardedAPIView):
    access_actions = {"POST": Action.RECORD_CARE}

    @extend_schema(
        request=ConfidentialityInput, responses={201: DeclarationSerializer}, summary="Geheimhoudingsverklaring"
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        event = services.record_confidentiality(user, person, **valid_data(ConfidentialityInput, request))
        return Response(DeclarationSerializer(event).data, status=201)


class EmployerDutiesView(GuardedAPIView):
    access_actions = {"POST": Action.RECORD_CARE}

    @extend_schema(
        request=EmployerDutiesInput,
        responses={200: EmployerDutiesSerializer, 201: EmployerDutiesSerializer},
        summary="Zorgplicht werkgever vastleggen of wijzigen",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        duties = services.update_employer_duties(user, person, **valid_data(EmployerDutiesInput, request))
        return Response(EmployerDutiesSerializer(duties).data, status=201 if duties.version == 1 else 200)
