"""Persons for the portal tests: one in the stelsel (NCTV authority), one in the local domain (HOvJ Den Haag)."""

from datetime import date

import pytest

from stelsel.conftest import address
from stelsel.registry import services as registry


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
