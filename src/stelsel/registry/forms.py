"""Dutch web forms. They only parse; every rule lives in the services, whose errors come back per field."""

from typing import Any

from django import forms

from stelsel.core.errors import DomainError
from stelsel.policy.authority import BASIS_LABELS, Basis
from stelsel.policy.household import RELATION_LABELS, RelationKind
from stelsel.registry.models import PersonAddress, ProtectedObject
from stelsel.registry.services import AddressInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reason_field() -> forms.CharField:
    return forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ServiceErrorsMixin(forms.Form):
    """Put a service's field errors (API field names, Dutch messages) on the matching form fields."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, error: DomainError) -> None:
        if not error.field_errors:
            self.add_error(None, error.detail)
        for name, message in error.field_errors.items():
            field = self.field_map.get(name, name.replace(".", "_"))
            self.add_error(field if field in self.fields else None, message)


class AddressFields(forms.Form):
    street = forms.CharField(label="Straat", max_length=120, required=False)
    house_number = forms.IntegerField(label="Huisnummer", required=False, min_value=1)
    house_number_addition = forms.CharField(label="Toevoeging", max_length=10, required=False)
    postcode = forms.CharField(label="Postcode", max_length=7, required=False)
    city = forms.CharField(label="Woonplaats", max_length=80, required=False)
    municipality_code = forms.CharField(label="Gemeentecode (CBS)", max_length=6, required=False)

    def address_input(self, prefix: str = "") -> AddressInput:
        data = self.cleaned_data
        return AddressInput(
            street=data.get(f"{prefix}street") or "",
            house_number=data.get(f"{prefix}house_number"),
            house_number_addition=data.get(f"{prefix}house_number_addition") or "",
            postcode=data.get(f"{prefix}postcode") or "",
            city=data.get(f"{prefix}city") or "",
            municipality_code=data.get(f"{prefix}municipality_code") or "",
        )


class PersonForm(ServiceErrorsMixin, AddressFields):
    given_names = forms.CharField(label="Voornamen", max_length=120, required=False)
    surname_prefix = forms.CharField(label="Tussenvoegsel", max_length=20, required=False)
    surname = forms.CharField(label="Achternaam", max_length=120, required=False)
    date_of_birth = forms.DateField(label="Geboortedatum", required=False, widget=DATE_WIDGET)
    reason = reason_field()

    field_map = {f"home.{name}": name for name in AddressFields.base_fields}

    field_order = [
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        *AddressFields.base_fields,
        "reason",
    ]


class AddressForm(ServiceErrorsMixin, AddressFields):
    kind = forms.ChoiceField(label="Soort adres", choices=PersonAddress.Kind.choices)
    valid_from = forms.DateField(label="Ingangsdatum", required=False, widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field()

    field_map = {f"address.{name}": name for name in AddressFields.base_fields}


class RelationForm(ServiceErrorsMixin):
    relative = forms.TypedChoiceField(label="Familielid", coerce=int)
    kind = forms.ChoiceField(label="Relatie", choices=[(k.value, RELATION_LABELS[k]) for k in RelationKind])
    household = forms.TypedChoiceField(
        label="Woont op hetzelfde adres?",
        choices=[("1", "Ja, lid van het kerngezin"), ("0", "Nee, niet-inwonend familielid")],
        coerce=lambda value: value == "1",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field()

    def __init__(self, *args: Any, relatives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relative"].choices = relatives  # type: ignore[attr-defined]


class AuthorityForm(ServiceErrorsMixin):
    basis = forms.ChoiceField(label="Grondslag")
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field()

    def __init__(self, *args: Any, bases: list[Basis], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [(b.value, BASIS_LABELS[b]) for b in bases]  # type: ignore[attr-defined]


class EndAuthorityForm(ServiceErrorsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field()


class ObjectForm(ServiceErrorsMixin):
    name = forms.CharField(label="Naam", max_length=200, required=False)
    kind = forms.ChoiceField(label="Soort", choices=ProtectedObject.Kind.choices)
    municipality_code = forms.CharField(label="Gemeentecode (CBS)", max_length=6, required=False)
    on_limitative_list = forms.BooleanField(label="Op de limitatieve lijst", required=False)
    art4_category = forms.ChoiceField(
        label="Art. 4 Politiewet 2012", choices=ProtectedObject.Art4.choices, required=False
    )
    reason = reason_field()


class ShareForm(ServiceErrorsMixin):
    organisation = forms.ChoiceField(label="Organisatie")
    purpose = forms.CharField(label="Doel (voor welke taak)", max_length=200, required=False)

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
