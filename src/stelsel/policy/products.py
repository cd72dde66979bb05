"""Threat information products and their need-to-know markings (§3.2; R34, R51). Pure rules, no Django.

Organisation kinds are passed as their plain string values (the access module's OrgKind values), holder kinds as
the authority module's HolderKind values, so this module depends on nothing outside the policy package.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from stelsel.policy.authority import HolderKind
from stelsel.policy.reasons import Outcome, Reason
from stelsel.policy.versions import PolicyVersion

# Organisation kinds (values of stelsel.access.roles.OrgKind).
POLICE = "politie_eenheid"
KMAR = "kmar"
AIVD = "aivd"
MIVD = "mivd"
LCC = "lcc"
NCTV = "nctv"
OM_DISTRICT = "om_arrondissement"
MUNICIPALITY = "gemeente"
INSPECTORATE = "inspectie"

STELSEL = "stelsel"
LOCAL = "lokaal"

# Units that execute measures (§4.1): they read what is marked for authority and execution, never authority-only.
EXECUTING_KINDS = frozenset({POLICE, KMAR, LCC})
# Kinds with a role in a case, which a producer may name in a marking (R51); never a municipality.
NAMEABLE_KINDS = frozenset({NCTV, OM_DISTRICT, POLICE, KMAR, LCC, AIVD, MIVD})
# Oversight (R46, §6.2): the Inspectorate JenV oversees how the NCTV exercises the minister's tasks in the stelsel
# and, under art. 65 Politiewet 2012, how the police carry out the authority's orders. It has no legal basis to
# oversee the KMar, no power over the OM (that is the procurator general at the Supreme Court) and none over the
# services (that is the CTIVD). So of the products it reads only those the police drew up; of the others it sees
# at most a sanitised summary, like any reader without the right.
OVERSIGHT_PRODUCERS: Mapping[str, frozenset[str]] = {INSPECTORATE: frozenset({POLICE})}
OVERSIGHT_KINDS = frozenset(OVERSIGHT_PRODUCERS)

R11 = "R11"
R34 = "R34"
R51 = "R51"
PARAGRAPH = "§3.2"


class ProductKind(StrEnum):
    MELDING = "melding"
    IRD = "ird"
    SIGNAL_REPORT = "signaalrapportage"
    DI = "di"
    DA = "da"
    RA = "ra"
    WA = "wa"


class Marking(StrEnum):
    AUTHORITY_ONLY = "alleen_gezag"
    AUTHORITY_AND_EXECUTING = "gezag_en_uitvoering"
    NAMED_ORGANISATIONS = "benoemde_organisaties"


MARKING_LABELS: dict[Marking, str] = {
    Marking.AUTHORITY_ONLY: "Alleen het gezag",
    Marking.AUTHORITY_AND_EXECUTING: "Gezag en uitvoerende eenheden (politie, KMar, LCC)",
    Marking.NAMED_ORGANISATIONS: "Gezag en de genoemde organisaties",
}

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")


@dataclass(frozen=True)
class ProductRule:
    label: str
    producers: frozenset[str]  # organisation kinds that draw it up
    requestable: bool  # may it be asked for at all
    request_required: bool  # only on a request or order
    authority_request_only: bool  # only the current authority of the case may ask
    requesters_by_domain: Mapping[str, frozenset[str]]  # holder kinds that may ask, per domain (empty: any authority)
    text: str  # the circulaire's rule, Dutch


INTELLIGENCE = frozenset({POLICE, KMAR, AIVD, MIVD})
AUTHORITIES = frozenset({HolderKind.NCTV.value, HolderKind.HOVJ.value})
BY_DOMAIN = {STELSEL: frozenset({HolderKind.NCTV.value}), LOCAL: frozenset({HolderKind.HOVJ.value})}

PRODUCT_RULES: dict[ProductKind, ProductRule] = {
    ProductKind.MELDING: ProductRule(
        "Melding van de dreiging",
        INTELLIGENCE,
        requestable=True,
        request_required=False,
        authority_request_only=False,
        requesters_by_domain={},
        text="Een melding wordt gevraagd en ongevraagd verstrekt door politie, KMar en de diensten.",
    ),
    ProductKind.IRD: ProductRule(
        "Informatierapport dreiging (IRD)",
        frozenset({POLICE, KMAR}),
        requestable=True,
        request_required=True,
        authority_request_only=True,
        requesters_by_domain=BY_DOMAIN,
        text="Een IRD wordt uitsluitend in opdracht van het gezag opgesteld.",
    ),
    ProductKind.SIGNAL_REPORT: ProductRule(
        "Signaalrapportage",
        frozenset({POLICE}),
        requestable=False,
        request_required=False,
        authority_request_only=False,
        requesters_by_domain={},
        text="Een signaalrapport stelt de intelligenceorganisatie van de politie eigenstandig op.",
    ),
    ProductKind.DI: ProductRule(
        "Dreigingsinschatting (DI)",
        INTELLIGENCE,
        requestable=True,
        request_required=False,
        authority_request_only=False,
        requesters_by_domain={},
        text="Een dreigingsinschatting wordt gevraagd en ongevraagd verstrekt.",
    ),
    ProductKind.DA: ProductRule(
        "Dreigingsanalyse (DA)",
        INTELLIGENCE,
        requestable=True,
        request_required=True,
        authority_request_only=True,
        requesters_by_domain=BY_DOMAIN,
        text="Een dreigingsanalyse wordt op verzoek van het gezag opgesteld (stelsel: NCTV, lokaal: HOvJ).",
    ),
    ProductKind.RA: ProductRule(
        "Risicoanalyse (RA)",
        frozenset({AIVD}),
        requestable=True,
        request_required=False,
        authority_request_only=False,
        requesters_by_domain={},
        text="Een risicoanalyse stelt de AIVD op, met informatie van de andere diensten.",
    ),
    ProductKind.WA: ProductRule(
        "Weerstandsanalyse (WA)",
        frozenset({AIVD}),
        requestable=True,
        request_required=True,
        authority_request_only=True,
        requesters_by_domain=BY_DOMAIN,
        text="Een weerstandsanalyse stelt de AIVD op, op verzoek van de NCTV (stelsel) of de HOvJ (lokaal).",
    ),
}

PRODUCT_LABELS: dict[ProductKind, str] = {kind: rule.label for kind, rule in PRODUCT_RULES.items()}
ORG_KIND_NAMES = {POLICE: "de politie", KMAR: "de KMar", AIVD: "de AIVD", MIVD: "de MIVD"}


class ProductRuleError(ValueError):
    """A request, product or marking §3.2 / R34 / R51 does not allow; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _kind(kind: str) -> ProductKind:
    try:
        return ProductKind(kind)
    except ValueError:
        raise ProductRuleError("kind", f"Onbekend soort product '{kind}'; kies een product uit §3.2.") from None


def _names(kinds: Collection[str]) -> str:
    names = sorted(ORG_KIND_NAMES.get(kind, kind) for kind in kinds)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


def check_request(
    kind: str, requester_holder: str | None, case_domain: str, version: PolicyVersion
) -> Outcome[ProductKind]:
    """May this requester ask for this product? `requester_holder` is the holder kind when the requesting
    organisation is the current authority of the case, else None; `case_domain` is "stelsel" or "lokaal"."""
    product = _kind(kind)
    rule = PRODUCT_RULES[product]
    reason = Reason(R34, PARAGRAPH, rule.text)
    if not rule.requestable:
        raise ProductRuleError(
            "kind", f"Een {rule.label} kan niet worden aangevraagd: {rule.text} ({PARAGRAPH}, {R34})."
        )
    if requester_holder == HolderKind.MAYOR.value:
        raise ProductRuleError(
            "kind",
            f"Een burgemeester vraagt geen dreigingsproducten aan en ziet ze niet; een {rule.label} vraagt het "
            f"gezag van de zaak aan ({PARAGRAPH}, {R34}, {R51}).",
        )
    # Every product is asked for by the person's current authority only: the NCTV for a stelsel person, the HOvJ
    # locally. Not only an IRD, DA or WA: inside the stelsel the OM has no role at all (R11), so an OM office that
    # still sees a person the NCTV now holds asks for nothing, not even a Melding, DI or RA.
    who = "de NCTV" if case_domain == STELSEL else "de HOvJ"
    allowed = rule.requesters_by_domain.get(case_domain) or BY_DOMAIN.get(case_domain, AUTHORITIES)
    if requester_holder is None or requester_holder not in allowed:
        stelsel = "; binnen het stelsel heeft het OM geen rol" if case_domain == STELSEL else ""
        raise ProductRuleError(
            "kind",
            (f"{rule.text} " if rule.authority_request_only else "")
            + f"Alleen het huidige gezag van deze persoon ({who}) kan een {rule.label} aanvragen{stelsel} "
            f"({PARAGRAPH}, {R34}, {R11}).",
        )
    reasons = [reason, Reason(R34, PARAGRAPH, f"Aangevraagd door het huidige gezag van de persoon ({who}).")]
    if case_domain == STELSEL:
        reasons.append(Reason(R11, "§2.3.1", "Binnen het stelsel is de NCTV het enige gezag; het OM heeft geen rol."))
    return Outcome(product, tuple(reasons), version, {"domain": case_domain})


def check_production(
    kind: str, producer_org_kind: str, has_order: bool, version: PolicyVersion
) -> Outcome[ProductKind]:
    """May an organisation of this kind draw up this product, with or without a request (order)?"""
    product = _kind(kind)
    rule = PRODUCT_RULES[product]
    if producer_org_kind not in rule.producers:
        raise ProductRuleError(
            "kind", f"Een {rule.label} wordt opgesteld door {_names(rule.producers)} ({PARAGRAPH}, {R34})."
        )
    if rule.request_required and not has_order:
        raise ProductRuleError(
            "request",
            f"{rule.text} Kies het verzoek van het gezag waarop u dit product levert ({PARAGRAPH}, {R34}).",
        )
    if not rule.requestable and has_order:
        raise ProductRuleError("request", f"{rule.text} Het hoort bij geen verzoek ({PARAGRAPH}, {R34}).")
    reasons = [Reason(R34, PARAGRAPH, rule.text)]
    if not has_order:
        reasons.append(Reason(R34, PARAGRAPH, "Ongevraagd verstrekt, op eigen initiatief van de producent."))
    return Outcome(product, tuple(reasons), version)


def _marking(marking: str) -> Marking:
    try:
        return Marking(marking)
    except ValueError:
        raise ProductRuleError("marking", "Kies wie het product mag lezen (markering, R51).") from None


def check_marking(marking: str, named_org_kinds: Sequence[str], version: PolicyVersion) -> Outcome[Marking]:
    """A marking the producer may set: named organisations only with 'benoemde organisaties', at least one, and
    only of kinds with a role in the case; never a municipality (R51: a mayor sees none of it)."""
    chosen = _marking(marking)
    if chosen is Marking.NAMED_ORGANISATIONS and not named_org_kinds:
        raise ProductRuleError("named_orgs", "Noem ten minste één organisatie die het product mag lezen (R51).")
    if chosen is not Marking.NAMED_ORGANISATIONS and named_org_kinds:
        raise ProductRuleError(
            "named_orgs", "Organisaties noemen kan alleen bij de markering 'gezag en de genoemde organisaties' (R51)."
        )
    if MUNICIPALITY in named_org_kinds:
        raise ProductRuleError(
            "named_orgs",
            "Een gemeente (burgemeester) mag geen dreigingsproducten lezen; dat zou de toegang verder verruimen dan "
            "de producent mag (R51).",
        )
    outside = sorted(set(named_org_kinds) - NAMEABLE_KINDS)
    if outside:
        raise ProductRuleError(
            "named_orgs",
            f"Organisaties van soort {', '.join(outside)} hebben geen rol in deze zaak; die mag de producent geen "
            "toegang geven (R51).",
        )
    return Outcome(chosen, (Reason(R51, PARAGRAPH, f"Markering: {MARKING_LABELS[chosen]}."),), version)


@dataclass(frozen=True)
class ReadRight:
    """What a reader of one organisation kind may read in full (R51, R46), as data: `may_read` applies it to one
    product, and the database filter of the inbox (intel.queries.readable_products_q) is built from the same value,
    so the two cannot drift apart. A reader may read a product when any of these holds."""

    as_authority: bool  # its organisation is the current authority of the product's person
    producer_kinds: frozenset[str]  # the product was drawn up by an organisation of one of these kinds (oversight)
    markings: frozenset[Marking]  # the product carries one of these markings
    when_named: bool  # the product is marked for named organisations and names the reader's organisation


NO_READ_RIGHT = ReadRight(as_authority=False, producer_kinds=frozenset(), markings=frozenset(), when_named=False)


def read_right(reader_org_kind: str) -> ReadRight:
    """The read right of an organisation kind (R51): a mayor none at all, not even as authority (the NCTV informs
    the mayor, §2.3.5); everyone else as authority of the case and when named; executing units (police, KMar, LCC)
    also what is marked for execution; the inspectorate also what the police drew up (R46, §6.2)."""
    if reader_org_kind == MUNICIPALITY:
        return NO_READ_RIGHT
    return ReadRight(
        as_authority=True,
        producer_kinds=OVERSIGHT_PRODUCERS.get(reader_org_kind, frozenset()),
        markings=frozenset({Marking.AUTHORITY_AND_EXECUTING}) if reader_org_kind in EXECUTING_KINDS else frozenset(),
        when_named=True,
    )


def may_read(
    marking: str,
    producer_org_kind: str,
    reader_org_kind: str,
    reader_is_authority: bool,
    named_org_ids: Collection[int],
    reader_org_id: int,
) -> bool:
    """May a reader of this organisation read a product with this marking, drawn up by an organisation of
    `producer_org_kind` (R51, R46)? A mayor never; the authority of the case always; executing units only what is
    marked for execution or names them; the inspectorate what the police drew up (not KMar, OM or services)."""
    right = read_right(reader_org_kind)
    chosen = Marking(marking)
    return (
        (right.as_authority and reader_is_authority)
        or producer_org_kind in right.producer_kinds
        or chosen in right.markings
        or (right.when_named and chosen is Marking.NAMED_ORGANISATIONS and reader_org_id in named_org_ids)
    )


def check_sources(sources: object) -> list[dict[str, str]]:
    """Sources as a list of {description, reliability A–F}; raises a Dutch error naming the wrong line."""
    if sources is None or sources == "":
        return []
    if not isinstance(sources, list):
        raise ProductRuleError("sources", "Bronnen moeten een lijst zijn van beschrijving en betrouwbaarheid (A–F).")
    cleaned: list[dict[str, str]] = []
    for number, source in enumerate(sources, start=1):
        if not isinstance(source, dict):
            raise ProductRuleError("sources", f"Bron {number}: geef een beschrijving en een betrouwbaarheid (A–F).")
        description = str(source.get("description") or "").strip()
        reliability = str(source.get("reliability") or "").strip().upper()
        if not description:
            raise ProductRuleError("sources", f"Bron {number}: de beschrijving ontbreekt.")
        if reliability not in RELIABILITY_GRADES:
            raise ProductRuleError(
                "sources", f"Bron {number}: betrouwbaarheid '{reliability}' is onbekend; kies A tot en met F."
            )
        cleaned.append({"description": description, "reliability": reliability})
    return cleaned
