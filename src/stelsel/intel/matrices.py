"""The threat matrix configuration: the shipped default (data/threat_matrices.json) or the file named in settings.

Kept as data, not code (R33): a new version is added to the file beside the earlier ones and governs levels set
from its `valid_from` on. The parsed file is cached per path and modification time, so an edited file is read anew.
"""

import json
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from stelsel.core.timeutil import today
from stelsel.policy.threat_matrix import MatrixConfigError, NoMatrixInForce, ThreatMatrix, matrix_on, parse_matrices

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "threat_matrices.json"
logger = logging.getLogger(__name__)


class MatrixUnavailable(Exception):
    """No matrix can be used now: the configured file is broken, or no version is in force today. The message is
    Dutch, for the user, and names the problem; a broken file is also logged for the administrator."""


def configured_file() -> Path:
    """STELSEL_THREAT_MATRICES_FILE when set, else the shipped default."""
    return Path(getattr(settings, "STELSEL_THREAT_MATRICES_FILE", "") or SHIPPED_FILE)


def load_matrices(path: Path) -> tuple[ThreatMatrix, ...]:
    """Read and validate one file; raises MatrixConfigError (Dutch) naming what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise MatrixConfigError(f"Het bestand {path} kan niet worden gelezen: {error.strerror}.") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise MatrixConfigError(
            f"{path.name} is geen geldige JSON: regel {error.lineno}, kolom {error.colno}: {error.msg}."
        ) from None
    return parse_matrices(raw)


@lru_cache(maxsize=8)
def _cached(path: str, modified_ns: int) -> tuple[ThreatMatrix, ...]:
    return load_matrices(Path(path))


def matrices() -> tuple[ThreatMatrix, ...]:
    """Every configured version, oldest first."""
    path = configured_file()
    try:
        modified = path.stat().st_mtime_ns
    except OSError as error:
        raise MatrixConfigError(f"Het bestand {path} kan niet worden gelezen: {error.strerror}.") from None
    return _cached(str(path), modified)


def matrix_in_force(day: date | None = None) -> ThreatMatrix:
    """The version that governs a level set on `day` (today by default); raises NoMatrixInForce."""
    return matrix_on(matrices(), day or today())


def usable_matrices() -> tuple[ThreatMatrix, ...]:
    """`matrices` for pages, API and services: a file that became unusable while the server runs (start-up checks
    it, `stelsel check`) is logged as an error and raised as MatrixUnavailable with a Dutch message, so a user gets
    that message instead of a server error."""
    try:
        return matrices()
    except MatrixConfigError as error:
        logger.error("Dreigingsmatrix onbruikbaar, configuratie %s: %s", configured_file(), error)
        raise MatrixUnavailable(
            f"De dreigingsmatrix is onjuist geconfigureerd: {error} Tot het functioneel beheer dit herstelt, kan er "
            "geen ernst en waarschijnlijkheid worden gekozen en geen dreigingsniveau worden vastgesteld (§3.1, R33)."
        ) from None


def usable_matrix(day: date | None = None) -> ThreatMatrix:
    """`matrix_in_force` for pages, API and services; raises MatrixUnavailable (Dutch, logged) as above, also when
    no version is in force on the day."""
    versions = usable_matrices()
    try:
        return matrix_on(versions, day or today())
    except NoMatrixInForce as error:
        logger.warning("Geen dreigingsmatrix van kracht, configuratie %s: %s", configured_file(), error)
        raise MatrixUnavailable(f"{error} Er kan nu geen dreigingsniveau worden vastgesteld (§3.1, R33).") from None
