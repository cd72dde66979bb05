"""Persons for the threat level tests, and matrix configurations written to files the settings point at."""

import json
from datetime import date

import pytest

from stelsel.conftest import address
from stelsel.intel.matrices import SHIPPED_FILE
from stelsel.registry import services as registry

SHIPPED = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path):
    """Each test stores attachments in a directory of its own, so it can see exactly what it stored."""
    root = tmp_path / "attachments"
    settings.STELSEL_ATTACHMENT_ROOT = str(root)
    return root


@pytest.fixture
def stelsel_person(nctv):
    person = registry.register_person(
        nctv,
        given_names="Pieter",
        surname_prefix="de",
        surname="Vries",
        date_of_birth=date(1968, 4, 12),
        home=address("Laan van Meerdervoort", 112, "2517AP"),
        reason="functie op de lijst",
    )
    registry.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="functie op de lijst")
    return person


@pytest.fixture
def local_person(make_person, hovj):
    person = make_person("Johan", "Visser", home=address(number=12))
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigde wethouder")
    return person


@pytest.fixture
def use_matrices(settings, tmp_path):
    """Point the configuration at a new file holding `versions`; each call writes a file of its own."""
    counter = iter(range(1, 1000))

    def use(versions) -> None:
        path = tmp_path / f"matrices-{next(counter)}.json"
        path.write_text(json.dumps(versions), encoding="utf-8")
        settings.STELSEL_THREAT_MATRICES_FILE = str(path)

    return use


def level_in(version: dict, severity: str, likelihood: str) -> int:
    """The level of one cell, read straight from the configuration (not through the code under test)."""
    return version["cells"][severity][likelihood]
