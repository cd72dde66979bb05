"""Domain errors raised by services; views turn them into form errors, the API into problem+json."""


class DomainError(Exception):
    status = 400
    title = "Ongeldige invoer"

    def __init__(self, detail: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field_errors = field_errors or {}


class InvalidInput(DomainError):
    """Bad input: names each field and the reason (Dutch); nothing was changed."""

    @classmethod
    def for_field(cls, field: str, message: str) -> "InvalidInput":
        return cls(message, {field: message})

    @classmethod
    def for_fields(cls, field_errors: dict[str, str]) -> "InvalidInput":
        return cls("; ".join(f"{field}: {message}" for field, message in field_errors.items()), field_errors)


class NotAllowed(DomainError):
    """The user may see the object but not do this to it."""

    status = 403
    title = "Niet toegestaan"


class NotFound(DomainError):
    """Unknown, or outside the user's need-to-know: both answer the same, so existence does not leak."""

    status = 404
    title = "Niet gevonden"

    def __init__(self, detail: str = "Niet gevonden.") -> None:
        super().__init__(detail)


class Conflict(DomainError):
    """Someone else changed the case first."""

    status = 409
    title = "Conflict"
