"""Threat levels from a severity x likelihood matrix (§3.1, §3.3; R33, R35), as pure Python over configuration.

The threat level rests on a double qualification: the severity (ernst) of the threat and the likelihood
(waarschijnlijkheid) that it is carried out (§3.1). The official tables are not public, so the matrix is kept as
versioned configuration (intel/data/threat_matrices.json) with a shipped default; a later version is added beside the
earlier ones and only governs levels set from its `valid_from` on. Levels already set keep their version and cell.

The level scale is the one the measures package uses: `duty_of_care.ThreatLevel` (1 laag ... 5 zeer hoog).
The authority sets the level on the whole picture (§3.3, R35); the matrix gives the level of the two inputs.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from stelsel.policy.duty_of_care import THREAT_LEVEL_LABELS, ThreatLevel
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

NOT_OFFICIAL_NOTE = "Standaardtabel: de officiële tabellen zijn niet openbaar (§3.3)."

R_DOUBLE_QUALIFICATION = Reason(
    "R33",
    "§3.1",
    "Het dreigingsniveau volgt uit een inschatting van de ernst van de dreiging en de waarschijnlijkheid dat zij "
    "wordt uitgevoerd: tabellen met een dubbele kwalificatie (ernst en waarschijnlijkheid).",
)
R_WHOLE_PICTURE = Reason(
    "R35",
    "§3.3",
    "Het gezag beoordeelt de informatie en analyses in onderlinge samenhang en stelt het niveau vast op het geheel "
    "van de informatie, op basis van een zo compleet mogelijk beeld.",
)
R_DEFAULT_TABLE = Reason("R33", "§3.1", NOT_OFFICIAL_NOTE)


class MatrixConfigError(ValueError):
    """A matrix configuration that cannot be used; the message is Dutch and names exactly what is wrong."""


class NoMatrixInForce(LookupError):
    """No matrix version applies on the day asked for."""


class ThreatLevelRuleError(ValueError):
    """Input the matrix cannot judge; the message is Dutch, `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Grade:
    """One step on the severity or likelihood scale: a stable code and its Dutch label."""

    code: str
    label: str


@dataclass(frozen=True)
class ThreatMatrix:
    """One version of the matrix. `rows[i][j]` is the level for severity i and likelihood j (both lowest first)."""

    key: str
    title: str
    valid_from: date
    severities: tuple[Grade, ...]
    likelihoods: tuple[Grade, ...]
    rows: tuple[tuple[ThreatLevel, ...], ...]
    official: bool = False

    def severity(self, code: str) -> Grade | None:
        return next((grade for grade in self.severities if grade.code == code), None)

    def likelihood(self, code: str) -> Grade | None:
        return next((grade for grade in self.likelihoods if grade.code == code), None)

    def cell(self, severity: str, likelihood: str) -> ThreatLevel:
        """The level of one cell; raises ThreatLevelRuleError naming the field for an unknown code."""
        codes_s = [grade.code for grade in self.severities]
        codes_l = [grade.code for grade in self.likelihoods]
        if severity not in codes_s:
            raise ThreatLevelRuleError(
                "severity",
                f"Onbekende ernst '{severity}' in matrix {self.key}; kies uit: {', '.join(codes_s)}.",
            )
        if likelihood not in codes_l:
            raise ThreatLevelRuleError(
                "likelihood",
                f"Onbekende waarschijnlijkheid '{likelihood}' in matrix {self.key}; kies uit: {', '.join(codes_l)}.",
            )
        return self.rows[codes_s.index(severity)][codes_l.index(likelihood)]

    def as_dict(self) -> dict[str, Any]:
        """The version as configuration: the same shape `parse_matrices` reads."""
        return {
            "key": self.key,
            "title": self.title,
            "valid_from": self.valid_from.isoformat(),
            "official": self.official,
            "severities": [{"code": g.code, "label": g.label} for g in self.severities],
            "likelihoods": [{"code": g.code, "label": g.label} for g in self.likelihoods],
            "cells": {
                s.code: {lk.code: int(level) for lk, level in zip(self.likelihoods, row, strict=True)}
                for s, row in zip(self.severities, self.rows, strict=True)
            },
        }


# --- parsing and validating the configuration --------------------------------------------------------------------


def _text(raw: Mapping[str, Any], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise MatrixConfigError(f"{where}: '{name}' ontbreekt of is leeg.")
    return value.strip()


def _date(raw: Mapping[str, Any], where: str) -> date:
    value = raw.get("valid_from")
    if not isinstance(value, str):
        raise MatrixConfigError(f"{where}: 'valid_from' ontbreekt; geef een datum als JJJJ-MM-DD.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MatrixConfigError(
            f"{where}: 'valid_from' is geen geldige datum: '{value}'; geef een datum als JJJJ-MM-DD."
        ) from None


def _grades(raw: Mapping[str, Any], name: str, what: str, where: str) -> tuple[Grade, ...]:
    items = raw.get(name)
    if not isinstance(items, list) or not items:
        raise MatrixConfigError(f"{where}: '{name}' ontbreekt; geef de niveaus van de {what}, laagste eerst.")
    grades: list[Grade] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise MatrixConfigError(f"{where}: {what} nummer {index} moet een code en een label hebben.")
        code = _text(item, "code", f"{where}, {what} nummer {index}")
        grade = Grade(code, _text(item, "label", f"{where}, {what} '{code}'"))
        if any(existing.code == grade.code for existing in grades):
            raise MatrixConfigError(f"{where}: {what} '{grade.code}' staat er dubbel in.")
        grades.append(grade)
    return tuple(grades)


def _level(value: Any, severity: Grade, likelihood: Grade, where: str) -> ThreatLevel:
    allowed = {int(level) for level in ThreatLevel}
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        scale = ", ".join(THREAT_LEVEL_LABELS.values())
        raise MatrixConfigError(
            f"{where}: cel {severity.label} × {likelihood.label} heeft onbekend niveau {value!r}; "
            f"gebruik 1 tot en met 5 ({scale})."
        )
    return ThreatLevel(value)


def _rows(
    raw: Mapping[str, Any], severities: tuple[Grade, ...], likelihoods: tuple[Grade, ...], where: str
) -> tuple[tuple[ThreatLevel, ...], ...]:
    cells = raw.get("cells")
    if not isinstance(cells, dict):
        raise MatrixConfigError(f"{where}: 'cells' ontbreekt; geef per ernst en waarschijnlijkheid het niveau.")
    unknown_s = [code for code in cells if all(code != s.code for s in severities)]
    if unknown_s:
        raise MatrixConfigError(f"{where}: 'cells' noemt onbekende ernst: {', '.join(unknown_s)}.")
    missing: list[str] = []
    for severity in severities:
        row = cells.get(severity.code)
        row = row if isinstance(row, dict) else {}
        unknown_l = [code for code in row if all(code != lk.code for lk in likelihoods)]
        if unknown_l:
            raise MatrixConfigError(
                f"{where}: rij {severity.label} noemt onbekende waarschijnlijkheid: {', '.join(unknown_l)}."
            )
        missing += [f"{severity.label} × {lk.label}" for lk in likelihoods if lk.code not in row]
    if missing:
        which = "cel" if len(missing) == 1 else "cellen"
        raise MatrixConfigError(f"{where}: {which} ontbreekt: {', '.join(missing)}. Elke cel heeft een niveau.")
    return tuple(tuple(_level(cells[s.code][lk.code], s, lk, where) for lk in likelihoods) for s in severities)


def monotony_problem(matrix: ThreatMatrix) -> str | None:
    """The first place where the level drops while severity or likelihood rises, in Dutch; None if monotone."""
    for i, severity in enumerate(matrix.severities):
        for j, likelihood in enumerate(matrix.likelihoods):
            level = matrix.rows[i][j]
            if i > 0 and level < matrix.rows[i - 1][j]:
                lower = matrix.severities[i - 1]
                return (
                    f"cel {severity.label} × {likelihood.label} ({int(level)}) is lager dan "
                    f"{lower.label} × {likelihood.label} ({int(matrix.rows[i - 1][j])}): het niveau daalt nooit "
                    "als de ernst stijgt."
                )
            if j > 0 and level < matrix.rows[i][j - 1]:
                lower = matrix.likelihoods[j - 1]
                return (
                    f"cel {severity.label} × {likelihood.label} ({int(level)}) is lager dan "
                    f"{severity.label} × {lower.label} ({int(matrix.rows[i][j - 1])}): het niveau daalt nooit "
                    "als de waarschijnlijkheid stijgt."
                )
    return None


def _matrix(raw: Any, index: int) -> ThreatMatrix:
    if not isinstance(raw, dict):
        raise MatrixConfigError(f"Versie nummer {index} is geen object met key, title, valid_from en cells.")
    key = _text(raw, "key", f"Versie nummer {index}")
    where = f"Matrix '{key}'"
    official = raw.get("official", False)
    if not isinstance(official, bool):
        raise MatrixConfigError(f"{where}: 'official' is true of false.")
    severities = _grades(raw, "severities", "ernst", where)
    likelihoods = _grades(raw, "likelihoods", "waarschijnlijkheid", where)
    matrix = ThreatMatrix(
        key=key,
        title=_text(raw, "title", where),
        valid_from=_date(raw, where),
        severities=severities,
        likelihoods=likelihoods,
        rows=_rows(raw, severities, likelihoods, where),
        official=official,
    )
    problem = monotony_problem(matrix)
    if problem:
        raise MatrixConfigError(f"{where}: {problem}")
    return matrix


def parse_matrices(raw: Any) -> tuple[ThreatMatrix, ...]:
    """Validate a matrix configuration (a list of versions); oldest first. Raises MatrixConfigError in Dutch."""
    if not isinstance(raw, list) or not raw:
        raise MatrixConfigError("De configuratie is een lijst met ten minste één matrixversie.")
    matrices: list[ThreatMatrix] = []
    for index, item in enumerate(raw, start=1):
        matrix = _matrix(item, index)
        for earlier in matrices:
            if earlier.key == matrix.key:
                raise MatrixConfigError(
                    f"Dubbele sleutel '{matrix.key}': elke matrixversie heeft een eigen sleutel (versie {index})."
                )
            if earlier.valid_from == matrix.valid_from:
                raise MatrixConfigError(
                    f"Matrix '{earlier.key}' en '{matrix.key}' gelden allebei vanaf "
                    f"{matrix.valid_from.isoformat()}; een latere versie heeft een latere ingangsdatum."
                )
        matrices.append(matrix)
    return tuple(sorted(matrices, key=lambda m: m.valid_from))


# --- choosing a version and reading a level ----------------------------------------------------------------------


def matrix_on(matrices: tuple[ThreatMatrix, ...], day: date) -> ThreatMatrix:
    """The version in force on `day`: the latest whose valid_from is on or before it."""
    applicable = [matrix for matrix in matrices if matrix.valid_from <= day]
    if not applicable:
        raise NoMatrixInForce(f"Geen dreigingsmatrix van kracht op {day:%d-%m-%Y}.")
    return max(applicable, key=lambda m: m.valid_from)


def matrix_by_key(matrices: tuple[ThreatMatrix, ...], key: str) -> ThreatMatrix | None:
    return next((matrix for matrix in matrices if matrix.key == key), None)


def level_for(matrix: ThreatMatrix, severity: str, likelihood: str, version: PolicyVersion) -> Outcome[ThreatLevel]:
    """The level of the cell, with the reasons it rests on. Raises ThreatLevelRuleError for an unknown code."""
    level = matrix.cell(severity, likelihood)
    s, lk = matrix.severity(severity), matrix.likelihood(likelihood)
    assert s is not None
    assert lk is not None
    cell = Reason(
        "R33",
        "§3.1",
        f"Ernst {s.label} × waarschijnlijkheid {lk.label} geeft in matrix {matrix.key} dreigingsniveau "
        f"{THREAT_LEVEL_LABELS[level]}.",
    )
    reasons: tuple[Reason, ...] = (R_DOUBLE_QUALIFICATION, cell, R_WHOLE_PICTURE)
    if not matrix.official:
        reasons += (R_DEFAULT_TABLE,)
    return Outcome(level, reasons, version, {"matrix": matrix.key})
