"""Operator commands: reference import with clear errors, and the demo set-up."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stelsel.access.models import Organisation, User
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry
from stelsel.local.models import ThreatReport
from stelsel.registry.models import AuthorityPeriod, District, Municipality, Person, PoliceUnit
from stelsel.registry.reference import MUNICIPALITIES_CSV, read_municipalities

pytestmark = pytest.mark.django_db


def test_the_shipped_reference_data_has_11_districts_11_units_and_complete_municipalities(reference):
    assert District.objects.count() == 11
    assert PoliceUnit.objects.count() == 11
    assert PoliceUnit.objects.filter(is_national=True).count() == 1
    rows = list(read_municipalities(MUNICIPALITIES_CSV))
    assert Municipality.objects.count() == len(rows)
    assert Organisation.objects.filter(kind="om_arrondissement").count() == 11
    assert Organisation.objects.filter(kind="gemeente").count() == len(rows)
    the_hague = Municipality.objects.get(code="GM0518")
    assert (the_hague.district.code, the_hague.police_unit.code) == ("den-haag", "den-haag")


def test_importing_a_municipality_list_updates_and_adds(reference, tmp_path):
    csv = tmp_path / "gemeenten.csv"
    csv.write_text(
        "code,name,province,district,police_unit\n"
        "GM0518,'s-Gravenhage,Zuid-Holland,den-haag,den-haag\n"
        "GM9001,Nieuwegemeente,Utrecht,midden-nederland,midden-nederland\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_municipalities", str(csv), stdout=out)
    assert "1 nieuw, 1 bijgewerkt" in out.getvalue()
    assert Municipality.objects.get(code="GM9001").district.code == "midden-nederland"
    assert JournalEntry.objects.filter(action="reference.municipalities_imported").count() == 2


def test_a_bad_municipality_list_names_each_bad_line_and_changes_nothing(reference, tmp_path):
    csv = tmp_path / "gemeenten.csv"
    csv.write_text(
        "code,name,province,district,police_unit\n"
        "GM9001,Nieuwegemeente,Utrecht,midden-nederland,midden-nederland\n"
        "XX1,Fout,Utrecht,midden-nederland,midden-nederland\n"
        "GM9002,Fout,Utrecht,nergens,midden-nederland\n",
        encoding="utf-8",
    )
    before = Municipality.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_municipalities", str(csv))
    assert "regel 3: code 'XX1' is geen CBS-gemeentecode" in str(caught.value)
    assert "regel 4: onbekend arrondissement 'nergens'" in str(caught.value)
    assert Municipality.objects.count() == before


def test_a_file_with_missing_columns_is_refused(reference, tmp_path):
    csv = tmp_path / "gemeenten.csv"
    csv.write_text("code,naam\nGM0001,X\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Kolommen ontbreken"):
        call_command("import_municipalities", str(csv))


def test_demo_without_serving_creates_data_through_services_and_prints_logins(db):
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    printed = out.getvalue()
    assert "nctv" in printed
    assert "otpauth://" in printed
    assert User.objects.count() >= 15
    assert Person.objects.count() >= 10
    # Every change went through the services: the journal verifies and tells the story.
    assert verify_chain().ok
    assert AuthorityPeriod.objects.filter(basis="kerngezin").exists()
    assert AuthorityPeriod.objects.filter(basis="aanwijzing").exists()
    assert AuthorityPeriod.objects.filter(basis="lokaal_domein").exists()
    # The local domain: a report with a provisional urgent measure, and a threatened HOvJ assigned elsewhere.
    assert ThreatReport.objects.filter(status="bij_adviseur", urgent_measures__provisional=True).exists()
    assert ThreatReport.objects.filter(threatened_function="hovj", responsible_office__code="om-gelderland").exists()
    again = StringIO()
    call_command("demo", no_serve=True, stdout=again)
    assert "bestaan al" in again.getvalue()


def test_totp_command_refuses_outside_demo_mode(db, settings):
    settings.STELSEL_DEMO = False
    with pytest.raises(CommandError, match="demomodus"):
        call_command("totp", "nctv")
