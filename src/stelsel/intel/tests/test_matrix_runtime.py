"""A threat matrix file that breaks while the server runs: pages and API answer with a clear Dutch message naming the
problem (never a server error), store nothing, and the problem is logged for the administrator (§3.1, R33)."""

import json
import logging
import os

import pytest

from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import InvalidInput
from stelsel.core.models import JournalEntry
from stelsel.intel import services
from stelsel.intel.models import ThreatLevelAssessment, ThreatProduct
from stelsel.intel.tests.conftest import SHIPPED
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db

LEVEL = {
    "severity": "ernstig",
    "likelihood": "waarschijnlijk",
    "motivation": "Concrete dreiging.",
    "information": "DI politie",
}


def _missing_cell() -> str:
    broken = json.loads(json.dumps(SHIPPED))
    del broken[0]["cells"]["ernstig"]["voorstelbaar"]
    return json.dumps(broken)


# Each broken file and the words of the problem the user must be told.
BROKEN = {
    "geen-json": ("[{ niet json", "geen geldige JSON"),
    "cel-ontbreekt": (_missing_cell(), "ernstig × voorstelbaar"),
    "weg": (None, "kan niet worden gelezen"),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request, settings, tmp_path):
    """Point the configuration at a broken file, as an administrator's edit of a running server would; returns the
    words naming the problem."""
    text, words = BROKEN[request.param]
    path = tmp_path / f"{request.param}.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    settings.STELSEL_THREAT_MATRICES_FILE = str(path)
    return words


@pytest.fixture
def police(make_user):
    return make_user(Role.POLICE_INTEL)


def stored():
    return ThreatLevelAssessment.objects.count(), ThreatProduct.objects.count(), JournalEntry.objects.count()


def logged_problem(caplog) -> bool:
    return any(
        record.levelno == logging.ERROR and record.name == "stelsel.intel.matrices" and "Dreigingsmatrix" in record.msg
        for record in caplog.records
    )


def test_the_threat_level_page_shows_the_problem_and_offers_no_form(broken, nctv, stelsel_person, client_for, caplog):
    caplog.set_level(logging.WARNING)
    page = client_for(nctv).get(f"/personen/{stelsel_person.pk}/dreigingsniveau/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="matrix-probleem"' in html
    assert "De dreigingsmatrix is onjuist geconfigureerd" in html
    assert broken in html
    assert 'data-testid="dreigingsniveau-vaststellen"' not in html
    assert '<select name="severity"' not in html
    assert logged_problem(caplog)


def test_posting_a_level_on_the_page_answers_400_with_the_problem(broken, nctv, stelsel_person, client_for):
    before = stored()
    answer = client_for(nctv).post(f"/personen/{stelsel_person.pk}/dreigingsniveau/", LEVEL)
    assert answer.status_code == 400
    assert broken in answer.content.decode()
    assert stored() == before


def test_a_reader_posting_on_the_page_is_still_refused_403(broken, make_user, stelsel_person, client_for):
    answer = client_for(make_user(Role.POLICE_INTEL)).post(f"/personen/{stelsel_person.pk}/dreigingsniveau/", LEVEL)
    assert answer.status_code == 403


def test_setting_a_level_by_api_answers_400_naming_the_problem(broken, nctv, stelsel_person, client_for, caplog):
    caplog.set_level(logging.WARNING)
    before = stored()
    answer = client_for(nctv).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-levels/",
        data=json.dumps({**LEVEL, "information": ["DI politie"]}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["invalid-params"][0]["name"] == "severity"
    assert "De dreigingsmatrix is onjuist geconfigureerd" in body["invalid-params"][0]["reason"]
    assert broken in body["detail"]
    assert stored() == before
    assert logged_problem(caplog)


def test_the_service_refuses_a_level_with_the_field_named(broken, nctv, stelsel_person):
    with pytest.raises(InvalidInput) as error:
        services.set_threat_level(nctv, stelsel_person, **LEVEL)
    assert broken in error.value.field_errors["severity"]


def test_the_matrix_versions_api_answers_503_with_a_dutch_problem(broken, nctv, client_for):
    answer = client_for(nctv).get("/api/v1/threat-matrices/")
    assert answer.status_code == 503
    assert answer["Content-Type"].startswith("application/problem+json")
    assert answer.json()["title"] == "Niet beschikbaar"
    assert broken in answer.json()["detail"]


def test_delivering_a_product_with_a_severity_answers_a_field_error(broken, police, stelsel_person, client_for):
    before = stored()
    with pytest.raises(InvalidInput) as error:
        services.deliver_product(
            police, stelsel_person, kind="di", body="Dreiging", severity="ernstig", marking="alleen_gezag"
        )
    assert broken in error.value.field_errors["severity"]
    with pytest.raises(InvalidInput) as error:
        services.deliver_product(
            police, stelsel_person, kind="di", body="Dreiging", likelihood="waarschijnlijk", marking="alleen_gezag"
        )
    assert broken in error.value.field_errors["likelihood"]
    answer = client_for(police).post(
        f"/api/v1/persons/{stelsel_person.pk}/threat-products/",
        data=json.dumps({"kind": "di", "body": "Dreiging", "severity": "ernstig", "marking": "alleen_gezag"}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert [param["name"] for param in answer.json()["invalid-params"]] == ["severity"]
    assert stored() == before
    # Without grades a product needs no matrix: it is delivered as usual.
    made = services.deliver_product(police, stelsel_person, kind="di", body="Dreiging", marking="alleen_gezag")
    assert made.matrix_key == ""


def test_the_delivery_page_shows_the_problem_and_names_it_on_a_posted_severity(
    broken, police, stelsel_person, client_for
):
    client = client_for(police)
    url = f"/personen/{stelsel_person.pk}/product/nieuw/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="matrix-probleem"' in page.content.decode()
    assert '<select name="severity"' not in page.content.decode()
    before = stored()
    answer = client.post(url, {"kind": "di", "body": "Dreiging", "marking": "alleen_gezag", "severity": "ernstig"})
    assert answer.status_code == 400
    errors = answer.content.decode()
    errors = errors[errors.index('role="alert"') :]
    assert broken in errors
    assert stored() == before


def test_a_repaired_file_is_used_again_without_a_restart(settings, tmp_path, nctv, stelsel_person, client_for):
    path = tmp_path / "matrices.json"
    path.write_text("[{ niet json", encoding="utf-8")
    settings.STELSEL_THREAT_MATRICES_FILE = str(path)
    client = client_for(nctv)
    assert client.get("/api/v1/threat-matrices/").status_code == 503
    path.write_text(json.dumps(SHIPPED), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a new modification time: read anew
    assert client.get("/api/v1/threat-matrices/").status_code == 200
    assert client.post(f"/personen/{stelsel_person.pk}/dreigingsniveau/", LEVEL).status_code == 302


def test_a_local_person_page_for_the_hovj_shows_the_problem_too(broken, hovj, make_person, client_for):
    person = make_person("Johan", "Visser", home=address(number=12))
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigde wethouder")
    page = client_for(hovj).get(f"/personen/{person.pk}/dreigingsniveau/")
    assert page.status_code == 200
    assert broken in page.content.decode()
