"""Shared fixtures. Tests run on the real database named by DATABASE_URL (SQLite or PostgreSQL)."""

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from stelsel.access.models import Organisation, User
from stelsel.access.roles import Role
from stelsel.registry import services
from stelsel.registry.models import Person, ProtectedObject
from stelsel.registry.reference import load_reference
from stelsel.registry.services import AddressInput

# Tests may empty the append-only tables between browser tests; production never switches this on.
settings.STELSEL_ALLOW_JOURNAL_PURGE = True
TEST_PASSWORD = "test-Wachtwoord-123"  # noqa: S105 (test fixture)

# The organisation each role belongs to in tests, unless a test names another.
DEFAULT_ORG = {
    Role.NCTV_OFFICER: "nctv",
    Role.HOVJ: "om-den-haag",
    Role.ADVISER_BBC: "om-den-haag",
    Role.OM_SECRETARIAT: "om-den-haag",
    Role.RCCB: "politie-den-haag",
    Role.POLICE_INTEL: "politie-den-haag",
    Role.ADVISER_BB: "politie-landelijke-eenheid",
    Role.LCC_COORDINATOR: "lcc",
    Role.KMAR_OFFICER: "kmar",
    Role.KMAR_INTEL: "kmar",
    Role.SERVICE_ANALYST: "aivd",
    Role.MAYOR: "gemeente-gm0518",
    Role.INSPECTOR: "inspectie-jenv",
    Role.PROTECTED_PERSON: "beveiligden",
    Role.PG_COLLEGE: "om-college",
    Role.FUNCTIONAL_ADMIN: "nctv",
}


@pytest.fixture(scope="session", autouse=True)
def _real_parts_are_present() -> None:
    """CI names the database and browser it expects, so a run can never silently fall back."""
    expected = os.environ.get("STELSEL_EXPECT_DB")
    if expected:
        assert connection.vendor == expected, f"verwacht database {expected}, maar draait op {connection.vendor}"


@pytest.fixture(scope="session", autouse=True)
def _attachments_in_a_tmp_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test ever writes product attachments to the real STELSEL_ATTACHMENT_ROOT (tests may narrow it further)."""
    settings.STELSEL_ATTACHMENT_ROOT = str(tmp_path_factory.mktemp("attachments"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference(db: None) -> None:
    """Reference data; transactional tests lose it at each flush, so load it again when missing."""
    ensure_reference()


_counter = iter(range(1, 10**9))


def create_test_user(role: Role, org: str | None = None, person: Person | None = None) -> User:
    """A user of the role's usual organisation (or `org`), with a confirmed second-factor device."""
    user = User.objects.create_user(
        username=f"{role.value}-{next(_counter)}",
        password=TEST_PASSWORD,
        first_name="Test",
        last_name=role.value,
        role=role,
        organisation=Organisation.objects.get(code=org or DEFAULT_ORG[role]),
        person=person,
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def ensure_reference() -> None:
    """Transactional tests empty the database; reference data comes back when it is missing."""
    if not Organisation.objects.filter(code="nctv").exists():
        load_reference()


@pytest.fixture
def make_user(reference: None) -> Callable[..., User]:
    return create_test_user


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verified_client(user: User) -> Client:
    """A client logged in with password and a verified second factor, as after the login page."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client


def address(
    street: str = "Spui",
    number: int = 70,
    postcode: str = "2511 BT",
    city: str = "Den Haag",
    municipality: str = "GM0518",
) -> AddressInput:
    return AddressInput(
        street=street, house_number=number, postcode=postcode, city=city, municipality_code=municipality
    )


@pytest.fixture
def nctv(make_user: Callable[..., User]) -> User:
    return make_user(Role.NCTV_OFFICER)


@pytest.fixture
def hovj(make_user: Callable[..., User]) -> User:
    return make_user(Role.HOVJ)


@pytest.fixture
def rccb(make_user: Callable[..., User]) -> User:
    return make_user(Role.RCCB)


@pytest.fixture
def make_person(rccb: User) -> Callable[..., Person]:
    def make(
        given: str = "Jan",
        surname: str = "Jansen",
        home: AddressInput | None = None,
        actor: User | None = None,
    ) -> Person:
        return services.register_person(
            actor or rccb,
            given_names=given,
            surname=surname,
            date_of_birth=date(1980, 1, 1),
            home=home or address(),
            reason="test",
        )

    return make


@pytest.fixture
def make_object(nctv: User) -> Callable[..., ProtectedObject]:
    def make(
        name: str = "Stadhuis", municipality: str = "GM0518", art4: str = "", actor: User | None = None
    ) -> ProtectedObject:
        return services.register_object(
            actor or nctv,
            name=name,
            kind="gebouw",
            municipality_code=municipality,
            art4_category=art4,
            reason="test",
        )

    return make


@pytest.fixture
def browser() -> Iterator[Any]:
    """Real headless Debian Chromium through Playwright; never a downloaded browser, never skipped."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    executable = os.environ.get("STELSEL_CHROMIUM", "/usr/bin/chromium")
    assert os.path.exists(executable), f"Chromium ontbreekt op {executable}: installeer Debian's pakket chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In CI a full run must include the browser tests; a run that lost them fails instead of passing quietly."""
    full_run = not config.option.keyword and not config.option.markexpr
    has_browser_tests = any(item.get_closest_marker("browser") for item in items)
    if os.environ.get("STELSEL_EXPECT_BROWSER") and full_run and not has_browser_tests:
        raise pytest.UsageError("STELSEL_EXPECT_BROWSER is gezet, maar er zijn geen browsertests verzameld")
