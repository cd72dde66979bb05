"""Private parties in a supporting role (§1.3, R47), as pure Python.

Four principles govern their deployment: the state keeps the monopoly on force; they work under the direction of,
and in support of, police or KMar with the consent of the competent authority; they meet the certification and
training demands of that authority; data provision meets the law.
"""

import re
from datetime import date

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

PRIVATE_EXECUTOR = "particulier"  # the catalogue's executor code for certified private parties
KVK_NUMBER = re.compile(r"[0-9]{8}")

R_MONOPOLY = Reason(
    "R47",
    "§1.3",
    "Het geweldsmonopolie blijft bij de overheid: een particuliere partij krijgt geen taak waarvoor geweld nodig "
    "kan zijn.",
)
R_DIRECTION = Reason(
    "R47",
    "§1.3",
    "De particuliere partij werkt onder regie van en ondersteunend aan politie of KMar, met instemming van het "
    "bevoegde gezag.",
)
R_CERTIFICATION = Reason(
    "R47",
    "§1.3",
    "De particuliere beveiliging voldoet aan de certificerings- en opleidingseisen die het bevoegde gezag stelt.",
)
R_DATA = Reason("R47", "§1.3", "Gegevensverstrekking aan de particuliere partij voldoet aan de wettelijke vereisten.")
R_PERSON_DIRECTED = Reason(
    "R21",
    "§2.3.4",
    "Persoonsbegeleiding en persoonsbeveiliging worden uitgevoerd door de Landelijke Eenheid van de politie of de "
    "KMar.",
)

PRINCIPLES: tuple[Reason, ...] = (R_MONOPOLY, R_DIRECTION, R_CERTIFICATION, R_DATA)


class PrivatePartyRuleError(ValueError):
    """A deployment R47 does not allow; the message is Dutch and names the reason, `field` the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def is_valid_kvk_number(value: str) -> bool:
    """A KvK (Chamber of Commerce) number is exactly eight digits."""
    return bool(KVK_NUMBER.fullmatch(value))


def certification_valid_on(certified_until: date, day: date) -> bool:
    """A certification is valid up to and including its last day."""
    return day <= certified_until


def check_private_assignment(
    kind_code: str,
    kind_name: str,
    kind_executors: tuple[str, ...],
    person_directed: bool,
    certified_until: date,
    starts_on: date,
    ends_on: date | None,
    version: PolicyVersion,
) -> Outcome[bool]:
    """May a certified private party support this measure for this period? Raises PrivatePartyRuleError if not."""
    if person_directed:
        raise PrivatePartyRuleError(
            "measure",
            f"{kind_name} is nooit een taak voor een particuliere partij: persoonsgerichte maatregelen kunnen geweld "
            f"vragen en het geweldsmonopolie blijft bij de overheid (§1.3, R47; §2.3.4, R21).",
        )
    if PRIVATE_EXECUTOR not in kind_executors:
        raise PrivatePartyRuleError(
            "measure",
            f"{kind_name} ({kind_code}) wordt volgens de catalogus niet door particuliere partijen uitgevoerd; "
            f"alleen politie of KMar voeren deze maatregel uit (§1.3, R47).",
        )
    if ends_on is not None and ends_on <= starts_on:
        raise PrivatePartyRuleError("ends_on", "De einddatum van de inzet moet na de begindatum liggen.")
    if not certification_valid_on(certified_until, starts_on):
        raise PrivatePartyRuleError(
            "party",
            f"De certificering van deze partij is verlopen op {certified_until:%d-%m-%Y}, vóór de begindatum van de "
            f"inzet; laat de certificering eerst verlengen ({R_CERTIFICATION.paragraph}, R47).",
        )
    if ends_on is not None and not certification_valid_on(certified_until, ends_on):
        raise PrivatePartyRuleError(
            "ends_on",
            f"De certificering van deze partij loopt af op {certified_until:%d-%m-%Y}, vóór het einde van de inzet; "
            f"kies een eerdere einddatum of laat de certificering eerst verlengen ({R_CERTIFICATION.paragraph}, R47).",
        )
    return Outcome(True, (R_MONOPOLY, R_DIRECTION, R_CERTIFICATION), version, {"certified_until": certified_until})
