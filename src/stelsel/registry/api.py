"""REST API of the registry under /api/v1/: thin views calling the same queries and services as the UI."""

from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView
from stelsel.access.gate import paginated as _paginated
from stelsel.access.gate import request_user as _user
from stelsel.access.gate import valid_data as _valid
from stelsel.access.rules import Action, journal_scope
from stelsel.access.services import share_person
from stelsel.core.api import JournalEntrySerializer
from stelsel.core.errors import InvalidInput
from stelsel.core.journal import entries_for_subject
from stelsel.core.timeutil import now
from stelsel.policy.authority import Basis
from stelsel.policy.household import RelationKind
from stelsel.registry import queries, services
from stelsel.registry.models import AuthorityPeriod, Person, PersonAddress, ProtectedObject

DATE_ERRORS: dict[str, Any] = {"invalid": "Datum heeft een verkeerde vorm; gebruik JJJJ-MM-DD, zoals 1980-05-01."}

# --- serializers ---------------------------------------------------------------------------------------------


class AddressInputSerializer(serializers.Serializer):
    street = serializers.CharField(max_length=120, allow_blank=True, default="")
    house_number = serializers.IntegerField(required=False, allow_null=True, default=None)
    house_number_addition = serializers.CharField(max_length=10, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=7, allow_blank=True, default="")
    city = serializers.CharField(max_length=80, allow_blank=True, default="")
    municipality_code = serializers.CharField(max_length=6, allow_blank=True, default="")

    def to_input(self, data: dict[str, Any]) -> services.AddressInput:
        return services.AddressInput(**data)


class AddressOutSerializer(serializers.ModelSerializer):
    kind = serializers.CharField()
    address = serializers.CharField(source="address.__str__")
    municipality_code = serializers.CharField(source="address.municipality.code")
    municipality = serializers.CharField(source="address.municipality.name")

    class Meta:
        model = PersonAddress
        fields = ["kind", "address", "municipality_code", "municipality", "valid_from", "valid_to"]


class AuthorityPeriodSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder.name")
    basis_label = serializers.CharField()
    via_person = serializers.IntegerField(source="via_person_id", allow_null=True)
    started_by_seq = serializers.IntegerField(source="started_by.seq")
    ended_by_seq = serializers.IntegerField(source="ended_by.seq", allow_null=True, default=None)

    class Meta:
        model = AuthorityPeriod
        fields = [
            "id",
            "holder",
            "holder_kind",
            "basis",
            "basis_label",
            "via_person",
            "valid_from",
            "valid_to",
            "reasons",
            "policy_version",
            "started_by_seq",
            "ended_by_seq",
        ]


class AuthorityAtSerializer(serializers.Serializer):
    moment = serializers.DateTimeField()
    authority = AuthorityPeriodSerializer(allow_null=True, help_text="null: geen gezag (basispolitiezorg)")


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField()
    addresses = AddressOutSerializer(many=True, source="current_addresses")
    current_authority = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "surname_prefix",
            "surname",
            "full_name",
            "date_of_birth",
            "version",
            "addresses",
            "current_authority",
        ]

    def get_current_authority(self, person: Person) -> dict[str, Any] | None:
        periods = getattr(person, "open_periods", [])
        return AuthorityPeriodSerializer(periods[0]).data if periods else None


class PersonCreateSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=120, allow_blank=True, default="")
    surname_prefix = serializers.CharField(max_length=20, allow_blank=True, default="")
    surname = serializers.CharField(max_length=120, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None, error_messages=DATE_ERRORS)
    home = AddressInputSerializer()
    work = AddressInputSerializer(required=False, allow_null=True, default=None)
    reason = serializers.CharField(allow_blank=True, default="")


class AddressChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PersonAddress.Kind.values)
    address = AddressInputSerializer()
    valid_from = serializers.DateField(required=False, allow_null=True, default=None, error_messages=DATE_ERRORS)
    reason = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RelationCreateSerializer(serializers.Serializer):
    relative = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[k.value for k in RelationKind])
    household = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ShareCreateSerializer(serializers.Serializer):
    organisation = serializers.CharField(max_length=60, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=200, allow_blank=True, default="")


class ShareSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    purpose = serializers.CharField()
    valid_from = serializers.DateTimeField()


class RelativeSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="relative.pk")
    name = serializers.CharField(source="relative.full_name")
    kind = serializers.CharField(source="relation.kind")
    in_household = serializers.BooleanField()
    rule = serializers.CharField()


class AuthorityAssignSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=[b.value for b in Basis])
    reason = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class AuthorityEndSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ObjectSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(source="municipality.code")
    current_authority = serializers.SerializerMethodField()

    class Meta:
        model = ProtectedObject
        fields = [
            "id",
            "name",
            "kind",
            "municipality_code",
            "on_limitative_list",
            "art4_category",
            "version",
            "current_authority",
        ]

    def get_current_authority(self, obj: ProtectedObject) -> dict[str, Any] | None:
        periods = getattr(obj, "open_periods", [])
        return AuthorityPeriodSerializer(periods[0]).data if periods else None


class ObjectCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ProtectedObject.Kind.values)
    municipality_code = serializers.CharField(max_length=6, allow_blank=True, default="")
    on_limitative_list = serializers.BooleanField(default=False)
    art4_category = serializers.ChoiceField(choices=ProtectedObject.Art4.values, default="")
    reason = serializers.CharField(allow_blank=True, default="")


# --- helpers -------------------------------------------------------------------------------------------------


def _moment(request: Request) -> datetime:
    text = request.query_params.get("moment")
    if not text:
        return now()
    moment = parse_datetime(text)
    if moment is None or moment.tzinfo is None:
        raise InvalidInput.for_field(
            "moment", "Tijdstip moet ISO 8601 met tijdzone zijn, zoals 2026-03-01T12:00:00+01:00."
        )
    return moment


# --- persons -------------------------------------------------------------------------------------------------


class PersonsView(GuardedAPIView):
    access_actions = {"GET": Action.LIST_PERSONS, "POST": Action.REGISTER_PERSON}

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="zoek op naam")],
        responses=PersonSerializer(many=True),
        summary="Personen die u mag zien",
    )
    def get(self, request: Request) -> Response:
        persons = queries.search_persons(_user(request), request.query_params.get("q", "")[:100])
        return _paginated(self, request, persons, PersonSerializer)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer}, summary="Persoon registreren")
    def post(self, request: Request) -> Response:
        data = _valid(PersonCreateSerializer, request)
        home = AddressInputSerializer().to_input(data["home"])
        work = AddressInputSerializer().to_input(data["work"]) if data.get("work") else None
        person = services.register_person(
            _user(request),
            given_names=data["given_names"],
            surname_prefix=data["surname_prefix"],
            surname=data["surname"],
            date_of_birth=data["date_of_birth"],
            home=home,
            work=work,
            reason=data["reason"],
        )
        return Response(PersonSerializer(queries.person_for(_user(request), person.pk)).data, status=201)


class PersonDetailView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PERSON}
    logs = "person"

    @extend_schema(responses=PersonSerializer, summary="Eén persoon")
    def get(self, request: Request, pk: int) -> Response:
        return Response(PersonSerializer(queries.person_for(_user(request), pk)).data)


class PersonAddressView(GuardedAPIView):
    access_actions = {"POST": Action.EDIT_PERSON}

    @extend_schema(request=AddressChangeSerializer, responses={201: PersonSerializer}, summary="Adres wijzigen")
    def post(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        data = _valid(AddressChangeSerializer, request)
        services.change_address(
            _user(request),
            person,
            kind=data["kind"],
            address=AddressInputSerializer().to_input(data["address"]),
            valid_from=data["valid_from"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(PersonSerializer(queries.person_for(_user(request), pk)).data, status=201)


class HouseholdView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PERSON}
    logs = "person"

    @extend_schema(responses=RelativeSerializer(many=True), summary="Kerngezin en familie, met de kerngezinsregel")
    def get(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        return Response(RelativeSerializer(queries.relatives_of(person), many=True).data)


class RelationCreateView(GuardedAPIView):
    access_actions = {"POST": Action.EDIT_PERSON}

    @extend_schema(request=RelationCreateSerializer, responses={201: RelativeSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        person = queries.person_for(user, pk)
        data = _valid(RelationCreateSerializer, request)
        relative = queries.person_for(user, data["relative"])
        services.link_relative(
            user,
            person,
            relative,
            kind=data["kind"],
            household=data["household"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(RelativeSerializer(queries.relatives_of(person), many=True).data, status=201)


class PersonShareView(GuardedAPIView):
    access_actions = {"POST": Action.SHARE_PERSON}

    @extend_schema(request=ShareCreateSerializer, responses={201: ShareSerializer}, summary="Dossier delen")
    def post(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        data = _valid(ShareCreateSerializer, request)
        share = share_person(_user(request), person, organisation_code=data["organisation"], purpose=data["purpose"])
        return Response(ShareSerializer(share).data, status=201)


class PersonAuthorityView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PERSON}
    logs = "person"

    @extend_schema(responses=AuthorityPeriodSerializer(many=True), summary="Gezagshistorie")
    def get(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        return Response(AuthorityPeriodSerializer(queries.authority_history(person), many=True).data)


class PersonAuthorityAtView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PERSON}
    logs = "person"

    @extend_schema(
        parameters=[OpenApiParameter("moment", str, description="ISO 8601 tijdstip; standaard nu")],
        responses=AuthorityAtSerializer,
        summary="Wie was gezag op tijdstip T",
    )
    def get(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        moment = _moment(request)
        period = queries.authority_at(person, moment)
        return Response(AuthorityAtSerializer({"moment": moment, "authority": period}).data)


class PersonAuthorityAssignView(GuardedAPIView):
    access_actions = {"POST": Action.ASSIGN_AUTHORITY}

    @extend_schema(request=AuthorityAssignSerializer, responses={201: AuthorityPeriodSerializer})
    def post(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        data = _valid(AuthorityAssignSerializer, request)
        period = services.assign_authority(
            _user(request),
            person,
            basis=data["basis"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(AuthorityPeriodSerializer(period).data, status=201)


class PersonAuthorityEndView(GuardedAPIView):
    access_actions = {"POST": Action.END_AUTHORITY}

    @extend_schema(request=AuthorityEndSerializer, responses=AuthorityPeriodSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = queries.person_for(_user(request), pk)
        data = _valid(AuthorityEndSerializer, request)
        period = services.end_authority(
            _user(request), person, reason=data["reason"], expected_version=data["expected_version"]
        )
        return Response(AuthorityPeriodSerializer(period).data)


class PersonJournalView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_JOURNAL}
    logs = "person"

    @extend_schema(responses=JournalEntrySerializer(many=True), summary="Journaal van een persoon, nieuwste eerst")
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        person = queries.person_for(user, pk)
        return _paginated(self, request, queries.person_journal(user, person), JournalEntrySerializer)


# --- objects and services ------------------------------------------------------------------------------------


class ObjectsView(GuardedAPIView):
    access_actions = {"GET": Action.LIST_OBJECTS, "POST": Action.REGISTER_OBJECT}

    @extend_schema(responses=ObjectSerializer(many=True), summary="Objecten en diensten die u mag zien")
    def get(self, request: Request) -> Response:
        return _paginated(self, request, queries.objects_for(_user(request)).order_by("name", "id"), ObjectSerializer)

    @extend_schema(request=ObjectCreateSerializer, responses={201: ObjectSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(ObjectCreateSerializer, request)
        obj = services.register_object(_user(request), **data)
        return Response(ObjectSerializer(queries.object_for(_user(request), obj.pk)).data, status=201)


class ObjectDetailView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_OBJECT}

    @extend_schema(responses=ObjectSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ObjectSerializer(queries.object_for(_user(request), pk)).data)


class ObjectAuthorityView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_OBJECT}

    @extend_schema(responses=AuthorityPeriodSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        obj = queries.object_for(_user(request), pk)
        return Response(AuthorityPeriodSerializer(queries.authority_history(obj), many=True).data)


class ObjectAuthorityAssignView(GuardedAPIView):
    access_actions = {"POST": Action.ASSIGN_AUTHORITY}

    @extend_schema(request=AuthorityAssignSerializer, responses={201: AuthorityPeriodSerializer})
    def post(self, request: Request, pk: int) -> Response:
        obj = queries.object_for(_user(request), pk)
        data = _valid(AuthorityAssignSerializer, request)
        period = services.assign_authority(
            _user(request),
            obj,
            basis=data["basis"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(AuthorityPeriodSerializer(period).data, status=201)


class ObjectJournalView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_JOURNAL}

    @extend_schema(responses=JournalEntrySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        obj = queries.object_for(user, pk)
        entries = entries_for_subject("object", obj.pk).filter(journal_scope(user))
        return _paginated(self, request, entries, JournalEntrySerializer)
