"""The threat matrix (§3.1, §3.3; R33, R35): its configuration is validated, and a level is the cell of its version."""

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stelsel.policy.duty_of_care import ThreatLevel
from stelsel.policy.threat_matrix import (
    R_DEFAULT_TABLE,
    R_DOUBLE_QUALIFICATION,
    R_WHOLE_PICTURE,
    MatrixConfigError,
    NoMatrixInForce,
    ThreatLevelRuleError,
    level_for,
    matrix_by_key,
    matrix_on,
    monotony_problem,
    parse_matrices,
)
from stelsel.policy.versions import CIRCULAIRE_2026

SHIPPED_FILE = Path(__file__).resolve().parents[2] / "intel" / "data" / "threat_matrices.json"
SHIPPED_RAW = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
SHIPPED = parse_matrices(SHIPPED_RAW)

SEVERITIES = ["beperkt", "aanzienlijk", "ernstig", "zeer_ernstig"]
LIKELIHOODS = ["onwaarschijnlijk", "voorstelbaar", "waarschijnlijk", "zeer_waarschijnlijk"]


def raw_version(key="proef-2026", valid_from="2026-01-01", grid=None):
    """A version in the configuration's shape; `grid[i][j]` is the level for severity i and likelihood j."""
    grid = grid or [[1, 1, 2, 2], [1, 2, 3, 3], [2, 3, 4, 4], [3, 4, 5, 5]]
    return {
        "key": key,
        "title": f"Proef {key}",
        "valid_from": valid_from,
        "severities": [{"code": code, "label": code.replace("_", " ")} for code in SEVERITIES],
        "likelihoods": [{"code": code, "label": code.replace("_", " ")} for code in LIKELIHOODS],
        "cells": {s: {lk: grid[i][j] for j, lk in enumerate(LIKELIHOODS)} for i, s in enumerate(SEVERITIES)},
    }


def refused(raw) -> str:
    with pytest.raises(MatrixConfigError) as error:
        parse_matrices(raw)
    return str(error.value)


# --- the configuration is checked and every problem is named ------------------------------------------------------


def test_the_shipped_default_parses_and_is_marked_as_not_official():
    assert [m.key for m in SHIPPED] == ["standaard-2026"]
    default = SHIPPED[0]
    assert default.official is False
    assert [g.label for g in default.severities] == ["beperkt", "aanzienlijk", "ernstig", "zeer ernstig"]
    assert [g.label for g in default.likelihoods] == [
        "onwaarschijnlijk",
        "voorstelbaar",
        "waarschijnlijk",
        "zeer waarschijnlijk",
    ]
    assert default.as_dict()["cells"] == SHIPPED_RAW[0]["cells"]


def test_a_missing_cell_is_named_by_severity_and_likelihood():
    raw = raw_version()
    del raw["cells"]["ernstig"]["voorstelbaar"]
    message = refused([raw])
    assert "Matrix 'proef-2026'" in message
    assert "cel ontbreekt: ernstig × voorstelbaar" in message


def test_every_missing_cell_is_named_at_once():
    raw = raw_version()
    del raw["cells"]["ernstig"]["voorstelbaar"]
    del raw["cells"]["zeer_ernstig"]
    message = refused([raw])
    assert "cellen ontbreekt: ernstig × voorstelbaar, zeer ernstig × onwaarschijnlijk" in message
    assert "zeer ernstig × zeer waarschijnlijk" in message


@pytest.mark.parametrize("value", [7, 0, "3", 2.5, True, None])
def test_a_level_off_the_scale_is_refused_with_the_cell_and_the_value(value):
    raw = raw_version()
    raw["cells"]["aanzienlijk"]["waarschijnlijk"] = value
    message = refused([raw])
    assert f"cel aanzienlijk × waarschijnlijk heeft onbekend niveau {value!r}" in message
    assert "1 tot en met 5" in message


def test_a_duplicate_key_is_refused():
    message = refused([raw_version("a"), raw_version("a", valid_from="2027-01-01")])
    assert "Dubbele sleutel 'a'" in message


def test_two_versions_from_the_same_day_are_refused():
    assert "gelden allebei vanaf 2026-01-01" in refused([raw_version("a"), raw_version("b")])


def test_cells_that_drop_while_the_severity_rises_are_refused():
    grid = [[1, 1, 2, 2], [1, 2, 3, 3], [2, 3, 4, 4], [3, 2, 5, 5]]
    message = refused([raw_version(grid=grid)])
    assert "cel zeer ernstig × voorstelbaar (2) is lager dan ernstig × voorstelbaar (3)" in message
    assert "de ernst stijgt" in message


def test_cells_that_drop_while_the_likelihood_rises_are_refused():
    grid = [[1, 1, 2, 1], [1, 2, 3, 3], [2, 3, 4, 4], [3, 4, 5, 5]]
    message = refused([raw_version(grid=grid)])
    assert "beperkt × zeer waarschijnlijk (1) is lager dan beperkt × waarschijnlijk (2)" in message
    assert "de waarschijnlijkheid stijgt" in message


@pytest.mark.parametrize("valid_from", ["2026-13-01", "1-1-2026", "", None])
def test_a_bad_date_is_refused(valid_from):
    message = refused([raw_version(valid_from=valid_from)])
    assert "'valid_from'" in message
    assert "JJJJ-MM-DD" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda raw: raw.pop("key"), "Versie nummer 1: 'key' ontbreekt"),
        (lambda raw: raw.pop("title"), "'title' ontbreekt"),
        (lambda raw: raw.pop("likelihoods"), "'likelihoods' ontbreekt"),
        (lambda raw: raw["severities"].append({"code": "ernstig", "label": "x"}), "ernst 'ernstig' staat er dubbel"),
        (lambda raw: raw["severities"][1].pop("label"), "ernst 'aanzienlijk': 'label' ontbreekt"),
        (lambda raw: raw["cells"].update(extreem={}), "onbekende ernst: extreem"),
        (lambda raw: raw["cells"]["beperkt"].update(zeker=5), "rij beperkt noemt onbekende waarschijnlijkheid: zeker"),
        (lambda raw: raw.update(official="nee"), "'official' is true of false"),
    ],
)
def test_each_other_defect_is_named(change, expected):
    raw = raw_version()
    change(raw)
    assert expected in refused([raw])


@pytest.mark.parametrize("raw", [[], {}, "matrix", [1]])
def test_a_configuration_that_is_no_list_of_versions_is_refused(raw):
    refused(raw)


# --- choosing the version and reading the level -------------------------------------------------------------------


def test_the_version_in_force_is_the_latest_that_has_started():
    later = raw_version("later-2027", "2027-01-01", grid=[[2, 2, 2, 2], [2, 2, 3, 3], [3, 3, 4, 4], [4, 4, 5, 5]])
    versions = parse_matrices([later, raw_version()])
    assert [m.key for m in versions] == ["proef-2026", "later-2027"]
    assert matrix_on(versions, date(2026, 12, 31)).key == "proef-2026"
    assert matrix_on(versions, date(2027, 1, 1)).key == "later-2027"
    assert matrix_by_key(versions, "later-2027") is versions[1]
    assert matrix_by_key(versions, "onbekend") is None
    with pytest.raises(NoMatrixInForce, match="Geen dreigingsmatrix van kracht op 31-12-2025"):
        matrix_on(versions, date(2025, 12, 31))


def test_the_level_is_the_cell_with_the_reasons_r33_and_r35():
    outcome = level_for(SHIPPED[0], "ernstig", "waarschijnlijk", CIRCULAIRE_2026)
    assert outcome.value is ThreatLevel.HIGH
    assert outcome.policy_version is CIRCULAIRE_2026
    assert outcome.extra == {"matrix": "standaard-2026"}
    assert outcome.reasons[0] is R_DOUBLE_QUALIFICATION
    assert R_WHOLE_PICTURE in outcome.reasons
    assert R_DEFAULT_TABLE in outcome.reasons
    assert {(r.rule, r.paragraph) for r in outcome.reasons} == {("R33", "§3.1"), ("R35", "§3.3")}
    assert "Ernst ernstig × waarschijnlijkheid waarschijnlijk geeft in matrix standaard-2026" in outcome.explanation()
    assert "4 – hoog" in outcome.explanation()


def test_an_official_table_carries_no_default_table_note():
    official = parse_matrices([{**raw_version(), "official": True}])[0]
    assert R_DEFAULT_TABLE not in level_for(official, "beperkt", "voorstelbaar", CIRCULAIRE_2026).reasons


@pytest.mark.parametrize(
    ("severity", "likelihood", "field"),
    [("extreem", "voorstelbaar", "severity"), ("ernstig", "zeker", "likelihood"), ("", "", "severity")],
)
def test_an_unknown_code_is_a_rule_error_naming_the_field(severity, likelihood, field):
    with pytest.raises(ThreatLevelRuleError) as error:
        level_for(SHIPPED[0], severity, likelihood, CIRCULAIRE_2026)
    assert error.value.field == field
    assert "Onbekende" in str(error.value)


# --- properties ---------------------------------------------------------------------------------------------------

indices = st.integers(min_value=0, max_value=3)


@given(s1=indices, s2=indices, l1=indices, l2=indices)
def test_every_shipped_cell_is_on_the_scale_and_never_lower_when_severity_or_likelihood_rises(s1, s2, l1, l2):
    for matrix in SHIPPED:
        low = matrix.cell(matrix.severities[min(s1, s2)].code, matrix.likelihoods[min(l1, l2)].code)
        high = matrix.cell(matrix.severities[max(s1, s2)].code, matrix.likelihoods[max(l1, l2)].code)
        assert 1 <= int(low) <= int(high) <= 5


grids = st.lists(st.lists(st.integers(min_value=1, max_value=5), min_size=4, max_size=4), min_size=4, max_size=4)


def _monotone(grid) -> bool:
    return all(
        (i == 0 or grid[i][j] >= grid[i - 1][j]) and (j == 0 or grid[i][j] >= grid[i][j - 1])
        for i in range(4)
        for j in range(4)
    )


@given(grid=grids)
def test_the_parser_accepts_exactly_the_monotone_grids_and_keeps_their_cells(grid):
    raw = raw_version(grid=grid)
    if _monotone(grid):
        matrix = parse_matrices([copy.deepcopy(raw)])[0]
        assert monotony_problem(matrix) is None
        assert [[int(level) for level in row] for row in matrix.rows] == grid
        assert matrix.as_dict()["cells"] == raw["cells"]
    else:
        assert "daalt nooit" in refused([raw])
