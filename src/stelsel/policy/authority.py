"""Who holds authority (gezag) over persons and objects, and on what basis (§1.3, §2.3, §2.4, §2.5)."""

from enum import StrEnum

from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion


class HolderKind(StrEnum):
    NCTV = "nctv"
    HOVJ = "hovj"
    MAYOR = "burgemeester"


class SubjectKind(StrEnum):
    PERSON = "person"
    OBJECT = "object"


class Basis(StrEnum):
    LIMITATIVE_LIST_I = "limitatieve_lijst_1"
    LIMITATIVE_LIST_II = "limitatieve_lijst_2"
    LAW = "wet"  # members of the Royal House
    DESIGNATION = "aanwijzing"  # art. 42 Politiewet 2012, after triage
    EMERGENCY_DESIGNATION = "spoedaanwijzing"
    HOUSEHOLD = "kerngezin"  # follows the protected person's authority (R07)
    LOCAL_DOMAIN = "lokaal_domein"
    PUBLIC_ORDER = "openbare_orde"  # mayor over objects and services
    CRIMINAL_LAW = "strafrechtelijke_handhaving"  # HOvJ over objects and services
    LAW_ART4 = "art4_politiewet"  # royal palaces, PM residence grounds, DNB (R32)


BASIS_LABELS: dict[Basis, str] = {
    Basis.LIMITATIVE_LIST_I: "Limitatieve lijst, categorie I",
    Basis.LIMITATIVE_LIST_II: "Limitatieve lijst, categorie II",
    Basis.LAW: "Volgt uit de wet (Koninklijk Huis)",
    Basis.DESIGNATION: "Aanwijzing na triage (art. 42 Politiewet 2012)",
    Basis.EMERGENCY_DESIGNATION: "Aanwijzing buiten triage (spoed)",
    Basis.HOUSEHOLD: "Kerngezin van een te beveiligen persoon",
    Basis.LOCAL_DOMAIN: "Lokaal domein",
    Basis.PUBLIC_ORDER: "Openbare orde",
    Basis.CRIMINAL_LAW: "Strafrechtelijke handhaving van de rechtsorde",
    Basis.LAW_ART4: "Art. 4 Politiewet 2012 (koninklijke paleizen, ambtswoning MP, DNB)",
}

HOLDER_LABELS: dict[HolderKind, str] = {
    HolderKind.NCTV: "NCTV",
    HolderKind.HOVJ: "HOvJ",
    HolderKind.MAYOR: "Burgemeester",
}

# Which holder a basis puts in charge, and for which kind of subject, with the paragraph it rests on.
_BASIS_RULES: dict[Basis, tuple[HolderKind, SubjectKind, Reason]] = {
    Basis.LIMITATIVE_LIST_I: (
        HolderKind.NCTV,
        SubjectKind.PERSON,
        Reason("R04", "§2.3.2", "Categorie I: standaard maatregelen door de Rijksoverheid, ook zonder dreiging."),
    ),
    Basis.LIMITATIVE_LIST_II: (
        HolderKind.NCTV,
        SubjectKind.PERSON,
        Reason(
            "R04",
            "§2.3.2",
            "Categorie II: maatregelen door de Rijksoverheid op basis van dreiging en risico.",
        ),
    ),
    Basis.LAW: (
        HolderKind.NCTV,
        SubjectKind.PERSON,
        Reason("R03", "§2.3", "Leden van het Koninklijk Huis: de NCTV is van meet af aan gezag."),
    ),
    Basis.DESIGNATION: (
        HolderKind.NCTV,
        SubjectKind.PERSON,
        Reason("R05", "§2.3", "Na aanwijzing door de NCTV (art. 42 Politiewet 2012) is de NCTV gezag."),
    ),
    Basis.EMERGENCY_DESIGNATION: (
        HolderKind.NCTV,
        SubjectKind.PERSON,
        Reason("R06", "§2.3", "Onmiddellijke aanwijzing door de NCTV op telefonisch verzoek van de HOvJ."),
    ),
    Basis.LOCAL_DOMAIN: (
        HolderKind.HOVJ,
        SubjectKind.PERSON,
        Reason("R24", "§2.4.1", "Buiten het stelsel is de HOvJ gezag over maatregelen voor bedreigde personen."),
    ),
    Basis.PUBLIC_ORDER: (
        HolderKind.MAYOR,
        SubjectKind.OBJECT,
        Reason("R31", "§2.5", "De burgemeester is gezag over objecten en diensten voor de openbare orde."),
    ),
    Basis.CRIMINAL_LAW: (
        HolderKind.HOVJ,
        SubjectKind.OBJECT,
        Reason("R31", "§2.5", "Bij strafrechtelijke handhaving van de rechtsorde is de HOvJ gezag."),
    ),
    Basis.LAW_ART4: (
        HolderKind.NCTV,
        SubjectKind.OBJECT,
        Reason("R32", "§2.5", "Koninklijke paleizen, ambtswoning MP en DNB: de NCTV is altijd gezag."),
    ),
}

HOUSEHOLD_FOLLOWS = Reason("R07", "§2.3", "Het kerngezin gaat mee met het gezag over de te beveiligen persoon.")
ONE_AUTHORITY = Reason("R11", "§2.3.1", "In het stelsel is er één gezag: de NCTV; de HOvJ heeft er geen gezagsrol.")


class AuthorityRuleError(ValueError):
    """A requested authority assignment the circulaire does not allow; the message is Dutch."""


def holder_for(basis: Basis, subject: SubjectKind, version: PolicyVersion) -> Outcome[HolderKind]:
    """The holder kind a basis puts in charge, refusing a basis that does not fit the subject."""
    if basis not in _BASIS_RULES:
        raise AuthorityRuleError(f"{HOUSEHOLD_FOLLOWS.text} Kies een andere grondslag (§2.3, R07).")
    holder, subject_kind, reason = _BASIS_RULES[basis]
    if subject_kind is not subject:
        raise AuthorityRuleError(
            f"Grondslag '{BASIS_LABELS[basis]}' geldt niet voor een "
            f"{'persoon' if subject is SubjectKind.PERSON else 'object of dienst'} ({reason.paragraph})."
        )
    reasons = (reason, ONE_AUTHORITY) if holder is HolderKind.NCTV and subject is SubjectKind.PERSON else (reason,)
    return Outcome(holder, reasons, version)


def object_basis_is_fixed(art4_object: bool, basis: Basis) -> None:
    """R32: an art. 4 object is always under the NCTV; no other object is (§2.5)."""
    if art4_object and basis is not Basis.LAW_ART4:
        raise AuthorityRuleError(
            "Dit object valt onder art. 4 Politiewet 2012: de NCTV is altijd het gezag (§2.5, R32)."
        )
    if not art4_object and basis is Basis.LAW_ART4:
        raise AuthorityRuleError(
            "Alleen koninklijke paleizen, het terrein van de ambtswoning van de minister-president en DNB "
            "vallen onder art. 4 Politiewet 2012 (§2.5, R32)."
        )


def household_follows(principal_basis: Basis) -> bool:
    """R07: household members are designated with the person and move back with the person."""
    return principal_basis in {
        Basis.DESIGNATION,
        Basis.EMERGENCY_DESIGNATION,
        Basis.LIMITATIVE_LIST_I,
        Basis.LIMITATIVE_LIST_II,
        Basis.LAW,
        Basis.LOCAL_DOMAIN,
    }


def bases_for(holder: HolderKind, subject: SubjectKind) -> list[Basis]:
    """The bases on which a holder can take up authority over this kind of subject."""
    return [basis for basis, (who, kind, _) in _BASIS_RULES.items() if who is holder and kind is subject]


def object_level_setter(
    on_limitative_list: bool, art4: bool, holder: HolderKind | None, version: PolicyVersion
) -> Outcome[HolderKind]:
    """Who sets an object's threat level (§2.5; R31, R32, R33). For objects on the limitative list the NCTV sets it,
    periodically, even though the local authority decides on the measures; for the art. 4 objects the NCTV is the
    authority. Under the HOvJ (criminal law) the HOvJ sets it on the whole picture (§3.3). A mayor decides on public
    order measures but sets no threat levels: those rest on intelligence a mayor does not read (R51)."""
    if on_limitative_list or art4 or holder is HolderKind.NCTV:
        why = (
            "Object op de limitatieve lijst: de NCTV stelt (periodiek) het dreigingsniveau vast; het lokale gezag "
            "beslist over de maatregelen."
            if on_limitative_list
            else "Object onder gezag van de NCTV (art. 4 Politiewet 2012)."
        )
        return Outcome(HolderKind.NCTV, (Reason("R31" if on_limitative_list else "R32", "§2.5", why),), version)
    if holder is HolderKind.HOVJ:
        return Outcome(
            HolderKind.HOVJ,
            (
                Reason(
                    "R35", "§3.3", "Het gezag (HOvJ, strafrechtelijke handhaving) stelt het niveau vast op het geheel."
                ),
            ),
            version,
        )
    raise AuthorityRuleError(
        "Voor dit object stelt niemand in Stelsel een dreigingsniveau vast: alleen voor objecten op de limitatieve "
        "lijst (NCTV) of onder gezag van de HOvJ; een burgemeester beslist op advies (§2.5, R31)."
    )
