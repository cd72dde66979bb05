"""`stelsel check-threat-matrices [FILE]` and the system check: a broken configuration is named before use."""

import copy
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stelsel.intel.checks import threat_matrices_are_valid
from stelsel.intel.matrices import SHIPPED_FILE
from stelsel.intel.tests.conftest import SHIPPED


def missing_cell_file(tmp_path):
    broken = copy.deepcopy(SHIPPED)
    del broken[0]["cells"]["ernstig"]["voorstelbaar"]
    path = tmp_path / "zonder-cel.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    return path


def test_the_shipped_file_is_valid_and_its_versions_are_printed():
    out = StringIO()
    call_command("check_threat_matrices", stdout=out)
    text = out.getvalue()
    assert f"Dreigingsmatrix in orde: 1 versie(s) in {SHIPPED_FILE}" in text
    assert "- standaard-2026:" in text
    assert "(vandaag van kracht)" in text
    assert "de officiële tabellen zijn niet openbaar" in text


def test_a_file_that_misses_a_cell_is_refused_with_the_cell_named(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("check_threat_matrices", str(missing_cell_file(tmp_path)), stdout=StringIO())
    assert "NIET bruikbaar" in str(refused.value)
    assert "cel ontbreekt: ernstig × voorstelbaar" in str(refused.value)


def test_a_file_that_is_no_json_or_missing_is_named(tmp_path):
    garbled = tmp_path / "kapot.json"
    garbled.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"kapot\.json is geen geldige JSON: regel 1"):
        call_command("check_threat_matrices", str(garbled), stdout=StringIO())
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("check_threat_matrices", str(tmp_path / "bestaat-niet.json"), stdout=StringIO())


def test_the_console_script_exits_non_zero_on_a_broken_file(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stelsel.settings"}
    command = [sys.executable, "-m", "stelsel", "check-threat-matrices"]
    broken = subprocess.run(  # noqa: S603 (our own console script)
        [*command, str(missing_cell_file(tmp_path))], capture_output=True, text=True, env=env, check=False
    )
    assert broken.returncode != 0
    assert "ernstig × voorstelbaar" in broken.stderr
    shipped = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    assert shipped.returncode == 0, shipped.stderr
    assert "standaard-2026" in shipped.stdout


def test_the_system_check_reports_a_configured_file_that_cannot_be_used(settings, tmp_path):
    assert threat_matrices_are_valid() == []
    settings.STELSEL_THREAT_MATRICES_FILE = str(missing_cell_file(tmp_path))
    errors = threat_matrices_are_valid()
    assert [error.id for error in errors] == ["intel.E001"]
    assert "ernstig × voorstelbaar" in errors[0].msg
