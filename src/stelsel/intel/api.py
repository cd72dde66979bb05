"""REST API of threat levels and threat products under /api/v1/: the same services, rules and need-to-know as the UI."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from stelsel.access.gate import GuardedAPIView, request_user, valid_data
from stelsel.access.models import Organisation, User
from stelsel.access.rules import Action
from stelsel.core.errors import InvalidInput
from stelsel.core.problems import problem
from stelsel.core.timeutil import today
from stelsel.intel import attachments as attachment_store
from stelsel.intel import queries, services
from stelsel.intel.matrices import MatrixUnavailable, usable_matrices
from stelsel.intel.models import ProductAttachment, ProductRequest, ThreatLevelAssessment, ThreatProduct
from stelsel.policy.attachments import human_size
from stelsel.policy.threat_matrix import NOT_OFFICIAL_NOTE, NoMatrixInForce, matrix_on
from stelsel.registry import queries as registry_queries
from stelsel.registry.models import Person, ProtectedObject


class ThreatLevelSerializer(serializers.ModelSerializer):
    # The measures package's scale (1 laag ... 5 zeer hoog); a plain integer, so the schema keeps one enum for it.
    level = serializers.IntegerField(min_value=1, max_value=5)
    level_label = serializers.CharField()
    set_by = serializers.CharField(source="set_by.get_full_name")
    set_by_org = serializers.CharField(source="set_by_org.name")
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = ThreatLevelAssessment
        fields = [
            "id",
            "person",
            "object",
            "severity",
            "severity_label",
            "likelihood",
            "likelihood_label",
            "level",
            "level_label",
            "matrix_key",
            "motivation",
            "information",
            "reasons",
            "policy_version",
            "set_by",
            "set_by_org",
            "set_at",
            "entry",
        ]


class SetThreatLevelSerializer(serializers.Serializer):
    severity = serializers.CharField(allow_blank=True, default="", help_text="Code van de ernst in de matrix")
    likelihood = serializers.CharField(
        allow_blank=True, default="", help_text="Code van de waarschijnlijkheid in de matrix"
    )
    motivation = serializers.CharField(allow_blank=True, default="")
    information = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        default=list,
        help_text="De informatieproducten en feiten waarop het niveau rust, één per regel",
    )


class GradeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label; DRF allows it


class ThreatMatrixSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    valid_from = serializers.DateField()
    official = serializers.BooleanField()
    in_force = serializers.BooleanField(help_text="Deze versie geldt vandaag voor nieuw vast te stellen niveaus")
    note = serializers.CharField(allow_blank=True)
    severities = GradeSerializer(many=True)
    likelihoods = GradeSerializer(many=True)
    cells = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Per ernst-code per waarschijnlijkheid-code het dreigingsniveau 1 tot en met 5",
    )


class _ThreatLevelsView(GuardedAPIView):
    """The history of levels of a person or an object, and setting one: the same service and rules for both."""

    def subject_for(self, user: User, pk: int) -> Person | ProtectedObject:
        raise NotImplementedError

    @extend_schema(responses=ThreatLevelSerializer(many=True), summary="Dreigingsniveaus, nieuwste eerst")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        subject = self.subject_for(user, pk)
        return Response(ThreatLevelSerializer(queries.threat_levels_of(user, subject), many=True).data)

    @extend_schema(
        request=SetThreatLevelSerializer,
        responses={201: ThreatLevelSerializer},
        summary="Dreigingsniveau vaststellen (het gezag dat het vaststelt; bij objecten op de lijst de NCTV)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        subject = self.subject_for(user, pk)
        assessment = services.set_threat_level(user, subject, **valid_data(SetThreatLevelSerializer, request))
        return Response(ThreatLevelSerializer(assessment).data, status=201)


class PersonThreatLevelsView(_ThreatLevelsView):
    access_actions = {"GET": Action.VIEW_THREAT_LEVEL, "POST": Action.SET_THREAT_LEVEL}
    logs = "person"

    def subject_for(self, user: User, pk: int) -> Person:
        return registry_queries.person_for(user, pk)


class ObjectThreatLevelsView(_ThreatLevelsView):
    access_actions = {"GET": Action.VIEW_OBJECT_THREAT_LEVEL, "POST": Action.SET_THREAT_LEVEL}

    def subject_for(self, user: User, pk: int) -> ProtectedObject:
        return registry_queries.object_for(user, pk)


class ThreatMatricesView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_THREAT_LEVEL}

    @extend_schema(
        responses={
            200: ThreatMatrixSerializer(many=True),
            503: OpenApiResponse(description="Matrix onjuist ingesteld"),
        },
        summary="Versies van de dreigingsmatrix",
    )
    def get(self, request: Request) -> Response:
        try:
            versions = usable_matrices()
        except MatrixUnavailable as error:  # a broken configuration: the Dutch problem, not a server error
            return problem(503, str(error))
        try:
            in_force = matrix_on(versions, today()).key
        except NoMatrixInForce:
            in_force = ""
        rows: list[dict[str, Any]] = [
            {
                **matrix.as_dict(),
                "in_force": matrix.key == in_force,
                "note": "" if matrix.official else NOT_OFFICIAL_NOTE,
            }
            for matrix in versions
        ]
        return Response(ThreatMatrixSerializer(rows, many=True).data)


# --- threat products (§3.2; R34, R51) ------------------------------------------------------------------------


class SourceSerializer(serializers.Serializer):
    description = serializers.CharField()
    reliability = serializers.CharField(help_text="Betrouwbaarheid A tot en met F")


class ProductAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="Downloadadres; dezelfde leesregel als het product")

    class Meta:
        model = ProductAttachment
        fields = ["id", "filename", "content_type", "size", "sha256", "uploaded_at", "download_url"]

    def get_download_url(self, attachment: ProductAttachment) -> str:
        return reverse("api:threat-product-attachment", args=[attachment.product_id, attachment.pk])


class ThreatProductSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="Soort product (§3.2): melding, ird, signaalrapportage, di, da, ra, wa")
    marking = serializers.CharField(help_text="alleen_gezag, gezag_en_uitvoering of benoemde_organisaties (R51)")
    phenomenon = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    producer_org = serializers.CharField(source="producer_org.name")
    produced_by = serializers.CharField(source="produced_by.get_full_name")
    marking_label = serializers.CharField()
    named_orgs = serializers.SlugRelatedField[Organisation](slug_field="code", many=True, read_only=True)
    sources = SourceSerializer(many=True)
    attachments = ProductAttachmentSerializer(many=True, read_only=True)
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = ThreatProduct
        fields = [
            "id",
            "person",
            "kind",
            "kind_label",
            "producer_org",
            "produced_by",
            "request",
            "body",
            "threatened",
            "threatener",
            "phenomenon",
            "severity",
            "likelihood",
            "matrix_key",
            "sources",
            "marking",
            "marking_label",
            "named_orgs",
            "sanitised_summary",
            "attachments",
            "reasons",
            "policy_version",
            "delivered_at",
            "entry",
        ]


class ProductEntrySerializer(serializers.Serializer):
    """A product in a person's list: what it is, and for who may not read it only the sanitised summary."""

    id = serializers.IntegerField(source="product.pk")
    kind = serializers.CharField(source="product.kind")
    kind_label = serializers.CharField(source="product.get_kind_display")
    delivered_at = serializers.DateTimeField(source="product.delivered_at")
    readable = serializers.BooleanField(help_text="Mag de lezer het hele product lezen (via threat-products/<id>/)")
    producer_org = serializers.SerializerMethodField()
    marking = serializers.SerializerMethodField()
    sanitised_summary = serializers.CharField(source="product.sanitised_summary")

    def get_producer_org(self, entry: queries.ProductEntry) -> str:
        return entry.product.producer_org.name if entry.readable else ""

    def get_marking(self, entry: queries.ProductEntry) -> str:
        return entry.product.marking if entry.readable else ""


class AttachmentUploadSerializer(serializers.Serializer):
    filename = serializers.CharField(allow_blank=True, default="", help_text="Bestandsnaam met extensie")
    content_base64 = serializers.CharField(
        allow_blank=True, default="", trim_whitespace=False, help_text="De inhoud van het bestand in base64"
    )


class DeliverProductSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="")
    request = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Id van het verzoek")
    body = serializers.CharField(allow_blank=True, default="")
    threatened = serializers.CharField(allow_blank=True, default="")
    threatener = serializers.CharField(allow_blank=True, default="")
    phenomenon = serializers.CharField(allow_blank=True, default="")
    severity = serializers.CharField(allow_blank=True, default="")
    likelihood = serializers.CharField(allow_blank=True, default="")
    sources = serializers.ListField(child=serializers.DictField(), default=list)
    marking = serializers.CharField(allow_blank=True, default="")
    named_orgs = serializers.ListField(
        child=serializers.CharField(), default=list, help_text="Codes van de organisaties die het mogen lezen"
    )
    sanitised_summary = serializers.CharField(allow_blank=True, default="")
    attachments = serializers.ListField(
        child=AttachmentUploadSerializer(),
        default=list,
        help_text="Bijlagen: PDF, PNG, JPEG of platte tekst (UTF-8), elk met naam en inhoud in base64",
    )


class ProductRequestSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="Soort product (§3.2)")
    status = serializers.CharField(help_text="aangevraagd, geleverd of ingetrokken")
    kind_label = serializers.CharField(source="get_kind_display")
    requesting_org = serializers.CharField(source="requesting_org.name")
    producer_org = serializers.CharField(source="producer_org.code")
    requested_by = serializers.CharField(source="requested_by.get_full_name")
    entry = serializers.IntegerField(source="entry.seq")

    class Meta:
        model = ProductRequest
        fields = [
            "id",
            "person",
            "kind",
            "kind_label",
            "requesting_org",
            "requested_by",
            "producer_org",
            "question",
            "due_on",
            "status",
            "requested_at",
            "withdrawn_at",
            "withdrawal_reason",
            "version",
            "reasons",
            "policy_version",
            "entry",
        ]


class NewProductRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, default="")
    producer_org = serializers.CharField(allow_blank=True, default="", help_text="Code van de producerende organisatie")
    question = serializers.CharField(allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


def _organisations(codes: list[str], field: str) -> list[Organisation]:
    found = {org.code: org for org in Organisation.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise InvalidInput.for_field(field, f"Onbekende organisatie: {', '.join(unknown)}.")
    return [found[code] for code in codes]


class PersonThreatProductsView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PRODUCTS, "POST": Action.DELIVER_PRODUCT}
    logs = "person"

    @extend_schema(responses=ProductEntrySerializer(many=True), summary="Dreigingsproducten over een persoon")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = queries.product_person_for(user, pk)
        return Response(ProductEntrySerializer(queries.products_for(user, person), many=True).data)

    @extend_schema(
        request=DeliverProductSerializer,
        responses={201: ThreatProductSerializer},
        summary="Dreigingsproduct leveren (politie, KMar, AIVD, MIVD)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = queries.product_person_for(user, pk)
        try:
            data = valid_data(DeliverProductSerializer, request)
        except RequestDataTooBig:
            raise InvalidInput.for_field(
                "attachments",
                f"Het verzoek is groter dan {human_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}; lever grote of veel "
                "bijlagen via het formulier, of verklein ze.",
            ) from None
        request_id = data.pop("request")
        product_request = None
        if request_id is not None:
            product_request = ProductRequest.objects.filter(pk=request_id, producer_org=user.organisation).first()
            if product_request is None:
                raise InvalidInput.for_field("request", "Onbekend verzoek, of niet aan uw organisatie gericht.")
        data["named_orgs"] = _organisations(data["named_orgs"], "named_orgs")
        data["attachments"] = [
            attachment_store.from_base64(item["filename"], item["content_base64"]) for item in data["attachments"]
        ]
        product = services.deliver_product(user, person, request=product_request, **data)
        return Response(ThreatProductSerializer(product).data, status=201)


class ThreatProductView(GuardedAPIView):
    access_actions = {"GET": Action.VIEW_PRODUCTS}
    logs = "threat_product"

    @extend_schema(responses=ThreatProductSerializer, summary="Eén dreigingsproduct (volgens de markering)")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ThreatProductSerializer(queries.product_for(request_user(request), pk)).data)


class FirstRendererNegotiation(BaseContentNegotiation):
    """A download answers with the file's own type whatever the client accepts; errors stay problem+json."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        return (renderers[0], renderers[0].media_type)


class ThreatProductAttachmentView(GuardedAPIView):
    """Exactly the product's read rule; 404 for unknown and not-allowed alike; every attempt in the access log."""

    access_actions = {"GET": Action.VIEW_PRODUCTS}
    logs = "product_attachment"
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="Het bestand"),
            409: OpenApiResponse(description="Het opgeslagen bestand klopt niet meer met de controlesom"),
        },
        summary="Bijlage van een dreigingsproduct downloaden (volgens de markering van het product)",
    )
    def get(self, request: Request, product: int, pk: int) -> HttpResponseBase:
        attachment = queries.attachment_for(request_user(request), product, pk)
        return attachment_store.download_response(attachment, attachment_store.open_verified(attachment))


class PersonProductRequestsView(GuardedAPIView):
    access_actions = {"POST": Action.REQUEST_PRODUCT}

    @extend_schema(
        request=NewProductRequestSerializer,
        responses={201: ProductRequestSerializer},
        summary="Dreigingsproduct aanvragen (gezag)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        person = registry_queries.person_for(user, pk)
        data = valid_data(NewProductRequestSerializer, request)
        code = data.pop("producer_org")
        data["producer_org"] = _organisations([code], "producer_org")[0] if code else None
        made = services.request_product(user, person, **data)
        return Response(ProductRequestSerializer(made).data, status=201)


class WithdrawRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="", help_text="Waarom het verzoek wordt ingetrokken")
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="De versie van het verzoek zoals u die zag"
    )


class WithdrawProductRequestView(GuardedAPIView):
    access_actions = {"POST": Action.REQUEST_PRODUCT}

    @extend_schema(
        request=WithdrawRequestSerializer,
        responses={200: ProductRequestSerializer},
        summary="Productverzoek intrekken (de aanvragende organisatie)",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        found = queries.own_request(user, pk)
        withdrawn = services.withdraw_request(user, found, **valid_data(WithdrawRequestSerializer, request))
        return Response(ProductRequestSerializer(withdrawn).data)


class ProductRequestsView(GuardedAPIView):
    access_actions = {"GET": Action.DELIVER_PRODUCT}

    @extend_schema(responses=ProductRequestSerializer(many=True), summary="Open verzoeken aan mijn organisatie")
    def get(self, request: Request) -> Response:
        items = queries.requests_for_producer(request_user(request)).select_related("entry")
        return Response(ProductRequestSerializer(items, many=True).data)
