"""Role x resource x action: every page and endpoint answers each role as written here, and nothing else exists.

The expectations are written out by hand, not derived from access.rules, so a change to the rules that widens or
narrows access shows up here as a failing row. 200/201 = allowed, 400 = allowed through the gate but the empty
input was refused (nothing changed), 403 = the role may not do this, 404 = outside need-to-know.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from stelsel.access.models import Organisation
from stelsel.access.roles import Role
from stelsel.conftest import create_test_user, ensure_reference, verified_client
from stelsel.deployment import services as deployment
from stelsel.intel import services as intel
from stelsel.intel.attachments import from_bytes
from stelsel.lcc import services as lcc
from stelsel.local import services as local
from stelsel.measures import services as measures
from stelsel.registry import services
from stelsel.threatpicture import services as pictures
from stelsel.triage import services as triage

pytestmark = pytest.mark.django_db

R = Role
ALL = frozenset(Role)
STAFF = ALL - {R.PROTECTED_PERSON}
OM = frozenset({R.HOVJ, R.ADVISER_BBC, R.OM_SECRETARIAT})
REGISTRARS = frozenset({R.NCTV_OFFICER, R.HOVJ, R.ADVISER_BBC, R.RCCB, R.POLICE_INTEL})
# Who sees the stelsel person (NCTV authority, living in The Hague, registered by the NCTV).
SEE_STELSEL_PERSON = frozenset(
    {
        R.NCTV_OFFICER,
        R.RCCB,
        R.POLICE_INTEL,
        R.ADVISER_BB,
        R.LCC_COORDINATOR,
        R.KMAR_OFFICER,
        R.INSPECTOR,
        R.PROTECTED_PERSON,
    }
)
# Who sees the royal palace in The Hague.
SEE_PALACE = frozenset({R.NCTV_OFFICER, R.INSPECTOR, R.HOVJ, R.ADVISER_BBC, R.MAYOR, R.RCCB, R.POLICE_INTEL})
OBJECT_LISTERS = frozenset(
    {R.NCTV_OFFICER, R.HOVJ, R.ADVISER_BBC, R.RCCB, R.POLICE_INTEL, R.MAYOR, R.INSPECTOR, R.ADVISER_BB}
)
JOURNAL_ROLES = frozenset(
    {
        R.NCTV_OFFICER,
        R.HOVJ,
        R.ADVISER_BBC,
        R.RCCB,
        R.POLICE_INTEL,
        R.OM_SECRETARIAT,
        R.ADVISER_BB,
        R.LCC_COORDINATOR,
        R.KMAR_OFFICER,
        R.INSPECTOR,
        R.MAYOR,
    }
)

TRIAGE_DRAFTERS = frozenset({R.RCCB, R.POLICE_INTEL, R.HOVJ})
TRIAGE_ASSESSORS = frozenset({R.RCCB, R.POLICE_INTEL, R.NCTV_OFFICER}) | OM
TRIAGE_VIEWERS = TRIAGE_ASSESSORS | {R.INSPECTOR}
DECIDERS = frozenset({R.NCTV_OFFICER, R.HOVJ})
# Executing units see measures; a mayor never does (§2.3.5); the person's own view comes with the portal (R44).
MEASURE_VIEWERS = REGISTRARS | {R.ADVISER_BB, R.LCC_COORDINATOR, R.KMAR_OFFICER, R.INSPECTOR}
NCTV = frozenset({R.NCTV_OFFICER})
# The advice the NCTV asked of the national unit: the NCTV, that unit's adviser and the inspectorate read it.
ADVICE_READERS = frozenset({R.NCTV_OFFICER, R.ADVISER_BB, R.INSPECTOR})
ADVICE_HIDDEN = frozenset({R.HOVJ, R.ADVISER_BBC})
# Moments of increased risk come from the person, the employer (through police or NCTV) or police (§3.3).
RISK_REPORTERS = frozenset({R.PROTECTED_PERSON, R.NCTV_OFFICER, R.RCCB, R.POLICE_INTEL, R.ADVISER_BB})
# The register of private parties (R47): the executing side keeps it; authorities and the inspectorate read it.
PRIVATE_PARTY_REGISTRARS = frozenset({R.LCC_COORDINATOR, R.ADVISER_BB, R.KMAR_OFFICER})
PRIVATE_PARTY_VIEWERS = PRIVATE_PARTY_REGISTRARS | {R.NCTV_OFFICER, R.HOVJ, R.ADVISER_BBC, R.INSPECTOR}
# The protected person's side (R42, R44). The stelsel person is under NCTV authority: the NCTV and the adviser B&B
# (its single point of contact, §4.1) record; the inspectorate and the person read; HOvJ and adviser BB&C could read and
# record for a local-domain person, but have no sight inside the stelsel (R11): 404. Every other role: 403.
CARE_READERS = frozenset({R.NCTV_OFFICER, R.ADVISER_BB, R.INSPECTOR, R.PROTECTED_PERSON})
CARE_RECORDERS = frozenset({R.NCTV_OFFICER, R.ADVISER_BB})
CARE_OM_HIDDEN = frozenset({R.HOVJ, R.ADVISER_BBC})
# Threat levels (§3.1, §3.3; R33, R35): NCTV and HOvJ set them as authority; advisers, police and the inspectorate
# read them. The stelsel person is under NCTV authority, so HOvJ and adviser BB&C have no sight of it (R11): 404.
# Mayor, LCC, KMar, services, the person and the functional administrator never read threat levels: 403.
THREAT_READERS = frozenset({R.NCTV_OFFICER, R.HOVJ, R.ADVISER_BBC, R.ADVISER_BB, R.RCCB, R.POLICE_INTEL, R.INSPECTOR})
THREAT_READERS_OF_STELSEL_PERSON = frozenset({R.NCTV_OFFICER, R.ADVISER_BB, R.RCCB, R.POLICE_INTEL, R.INSPECTOR})
THREAT_OM_HIDDEN = frozenset({R.HOVJ, R.ADVISER_BBC})
OBJECT_LEVEL_READERS = SEE_PALACE
# Threat products (§3.2; R34, R51). The world's DI is marked authority-only by police intelligence of The Hague: the
# NCTV (authority), the producing intelligence of that unit and the inspectorate read it; its RCCB, the national
# unit's adviser, LCC and KMar (executing units) and the AIVD get 404 as if it did not exist. The AIVD sees no person
# it was not asked about (404). A mayor, the person, the OM secretariat and the administrator never: 403.
# The KMar's intelligence (KMAR_INTEL) produces; the KMar officer only executes and reads by marking. KMAR_INTEL is
# staff (worklist, reference, OpenAPI: 200), reads products (inbox 200) and produces them (product-new, product
# requests); it has no registry, triage, measures, care, journal or threat-level sight (403 in every other row). Like
# the AIVD it sees a person only for products, but in the world the NCTV asked it for a DA on the stelsel person and
# it delivered one, so it handles that person's products (200/400 where the AIVD gets 404).
PRODUCT_READERS = frozenset(
    {
        R.NCTV_OFFICER,
        R.HOVJ,
        R.ADVISER_BBC,
        R.POLICE_INTEL,
        R.SERVICE_ANALYST,
        R.KMAR_INTEL,
        R.KMAR_OFFICER,
        R.ADVISER_BB,
        R.LCC_COORDINATOR,
        R.RCCB,
        R.INSPECTOR,
    }
)
SEE_STELSEL_PERSON_PRODUCTS = SEE_STELSEL_PERSON | {R.KMAR_INTEL}
PRODUCT_READERS_OF_STELSEL_PERSON = PRODUCT_READERS & SEE_STELSEL_PERSON_PRODUCTS
# The RCCB of the producing unit executes: it does not read what is marked for the authority only.
AUTHORITY_ONLY_READERS = frozenset({R.NCTV_OFFICER, R.POLICE_INTEL, R.INSPECTOR})
PRODUCT_REQUESTERS = frozenset({R.NCTV_OFFICER, R.HOVJ, R.ADVISER_BBC})
# The integrated threat picture weighs authority-only products: the authority's analysts and the inspectorate (R46)
# read it; HOvJ and adviser BB&C could, but not of a stelsel person (R11): 404; every other role: 403.
PICTURE_READERS = frozenset({R.NCTV_OFFICER, R.INSPECTOR})
PRODUCERS = frozenset({R.POLICE_INTEL, R.SERVICE_ANALYST, R.KMAR_INTEL})
# The KMar's DA on the stelsel person, marked for authority and execution: the NCTV (authority), the KMar's
# intelligence (its producer) and every executing unit that sees the person read it, the KMar officer included; the
# inspectorate does not: it oversees NCTV and police, not the KMar (R46, §6.2), so 404 as if it did not exist.
KMAR_PRODUCT_READERS = frozenset(
    {R.NCTV_OFFICER, R.KMAR_INTEL, R.KMAR_OFFICER, R.POLICE_INTEL, R.RCCB, R.ADVISER_BB, R.LCC_COORDINATOR}
)

# Deployment (§4.1, R39, R40): the LCC plans; advisers B&B, the KMar and the inspectorate read plans and capacity. All
# four see the stelsel person. The steering dashboard (R49) names nobody: the NCTV reads it too.
LCC = frozenset({R.LCC_COORDINATOR})
DEPLOYMENT_READERS = frozenset({R.LCC_COORDINATOR, R.ADVISER_BB, R.KMAR_OFFICER, R.INSPECTOR})
DASHBOARD_READERS = DEPLOYMENT_READERS | {R.NCTV_OFFICER}

# The local domain (§2.4; R24–R30). The world's report is about a person living in The Hague, registered by the RCCB of
# The Hague, weighed serious by it and so sent to the OM office of The Hague, with one provisional urgent measure; the
# adviser BB&C decided on extra local measures, which the HOvJ has still to decide. Police (RCCB, intelligence), the OM
# (HOvJ, adviser BB&C) and the NCTV read reports: the Hague RCCB and police intelligence see it (it reached their
# unit), the HOvJ and the adviser BB&C too (their office is responsible); the NCTV sees only reports sent to it: 404.
# The OM secretariat, though of the same office, reads no reports: 403, like every other role.
REPORT_READERS = frozenset({R.RCCB, R.POLICE_INTEL, R.ADVISER_BBC, R.HOVJ, R.NCTV_OFFICER})
SEE_REPORT = frozenset({R.RCCB, R.POLICE_INTEL, R.ADVISER_BBC, R.HOVJ})
REPORT_REGISTRARS = frozenset({R.RCCB, R.POLICE_INTEL})
RCCB = frozenset({R.RCCB})
LOCAL_DECIDERS = frozenset({R.ADVISER_BBC, R.HOVJ})
# Of the two who decide measures, only the HOvJ of the responsible office sees the local report; the NCTV: 404.
LOCAL_MEASURE_DECIDERS = frozenset({R.HOVJ})
# The NCTV's advice over an object on the limitative list in The Hague, addressed to the mayor of The Hague (R31): the
# NCTV and the inspectorate read all advice, the mayor the advice addressed to it; HOvJ and adviser BB&C read advice
# addressed to their office only: 404 for this one. The mayor answers it (the HOvJ may answer, but not this one: 404).
OBJECT_ADVICE_READERS = frozenset({R.NCTV_OFFICER, R.INSPECTOR, R.MAYOR})
OBJECT_ADVICE_HIDDEN = frozenset({R.HOVJ, R.ADVISER_BBC})
# Every role that may read object advice sees the listed object itself (on the list, in the municipality or district).
OBJECT_ADVICE_ROLES = OBJECT_ADVICE_READERS | OBJECT_ADVICE_HIDDEN


@dataclass(frozen=True)
class Row:
    name: str  # URL name
    method: str
    path: str  # with {person} / {palace} placeholders
    ok: frozenset[Role]  # answered with `ok_status`
    ok_status: int
    hidden: frozenset[Role] = frozenset()  # answered 404

    def expected(self, role: Role) -> int:
        if role in self.ok:
            return self.ok_status
        return 404 if role in self.hidden else 403


def edit_rows(name: str, path: str, roles: frozenset[Role], visible: frozenset[Role], status: int) -> Row:
    return Row(name, "POST" if path.startswith("/api/") else "GET", path, roles & visible, status, roles - visible)


ROWS = [
    # --- web pages ---
    Row(
        "registry:person-list",
        "GET",
        "/personen/",
        REGISTRARS | {R.OM_SECRETARIAT, R.ADVISER_BB, R.LCC_COORDINATOR, R.KMAR_OFFICER, R.INSPECTOR},
        200,
    ),
    Row("registry:person-create", "GET", "/personen/nieuw/", REGISTRARS, 200),
    Row("registry:person-detail", "GET", "/personen/{person}/", SEE_STELSEL_PERSON, 200, OM),
    edit_rows("registry:person-address", "/personen/{person}/adres/", REGISTRARS, SEE_STELSEL_PERSON, 200),
    edit_rows("registry:person-relation", "/personen/{person}/familielid/", REGISTRARS, SEE_STELSEL_PERSON, 200),
    edit_rows("registry:person-share", "/personen/{person}/delen/", REGISTRARS, SEE_STELSEL_PERSON, 200),
    edit_rows(
        "registry:person-authority",
        "/personen/{person}/gezag/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        SEE_STELSEL_PERSON,
        200,
    ),
    edit_rows(
        "registry:person-authority-end",
        "/personen/{person}/gezag/beeindigen/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        SEE_STELSEL_PERSON,
        200,
    ),
    Row("registry:object-list", "GET", "/objecten/", OBJECT_LISTERS, 200),
    Row(
        "registry:object-create",
        "GET",
        "/objecten/nieuw/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR, R.RCCB}),
        200,
    ),
    Row("registry:object-detail", "GET", "/objecten/{palace}/", SEE_PALACE, 200, OBJECT_LISTERS - SEE_PALACE),
    Row(
        "registry:object-authority",
        "GET",
        "/objecten/{palace}/gezag/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        200,
    ),
    Row(
        "registry:object-authority-end",
        "GET",
        "/objecten/{palace}/gezag/beeindigen/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        200,
    ),
    Row("access:access-log", "GET", "/toegangslog/", frozenset({R.INSPECTOR, R.FUNCTIONAL_ADMIN}), 200),
    Row("triage:worklist", "GET", "/werkvoorraad/", STAFF, 200),
    Row("triage:case-list", "GET", "/triage/", TRIAGE_VIEWERS, 200),
    Row("triage:assess", "GET", "/triage/toets/", TRIAGE_ASSESSORS, 200),
    Row("triage:agenda", "GET", "/triage/agenda/", TRIAGE_VIEWERS, 200),
    Row("triage:case-detail", "GET", "/triage/{case}/", TRIAGE_VIEWERS, 200),
    Row("triage:intake-edit", "GET", "/triage/{case}/intake/", TRIAGE_DRAFTERS, 200),
    Row("triage:case-sign", "GET", "/triage/{case}/ondertekenen/", frozenset({R.HOVJ}), 200),
    Row("triage:case-table", "GET", "/triage/{case}/agenderen/", frozenset({R.HOVJ}), 200),
    Row("triage:case-conclude", "GET", "/triage/{case}/conclusie/", frozenset({R.OM_SECRETARIAT}), 200),
    Row("triage:case-judge", "GET", "/triage/{case}/oordeel/", frozenset({R.NCTV_OFFICER}), 200),
    Row("triage:case-handover", "GET", "/triage/{case}/overdrachtsdossier/", frozenset({R.HOVJ}), 200),
    Row("triage:case-escalate", "GET", "/triage/{case}/escaleren/", frozenset({R.HOVJ}), 200),
    Row("triage:escalation-decide", "GET", "/triage/escalaties/{escalation}/", frozenset({R.NCTV_OFFICER}), 200),
    edit_rows("triage:intake-new", "/personen/{person}/intake/", TRIAGE_DRAFTERS, SEE_STELSEL_PERSON, 200),
    Row("triage:person-emergency", "GET", "/personen/{person}/spoedaanwijzing/", frozenset({R.NCTV_OFFICER}), 200),
    Row("triage:person-leave", "GET", "/personen/{person}/uit-stelsel/", frozenset({R.NCTV_OFFICER}), 200),
    edit_rows("measures:decide", "/personen/{person}/maatregel/", DECIDERS, SEE_STELSEL_PERSON, 200),
    edit_rows("measures:phase-out", "/maatregelen/{measure}/afbouwen/", DECIDERS, SEE_STELSEL_PERSON, 200),
    edit_rows("measures:advice-request", "/personen/{person}/maatregelenadvies/", DECIDERS, SEE_STELSEL_PERSON, 200),
    Row("measures:advice-detail", "GET", "/maatregelenadvies/{advice}/", ADVICE_READERS, 200, ADVICE_HIDDEN),
    Row("measures:advice-draft", "GET", "/maatregelenadvies/{advice}/opstellen/", frozenset({R.ADVISER_BB}), 200),
    # The world's advice is still with the adviser: the authority is sent back to it until it is submitted.
    Row("measures:advice-decide", "GET", "/maatregelenadvies/{advice}/besluiten/", NCTV, 302, frozenset({R.HOVJ})),
    edit_rows("measures:review", "/personen/{person}/herbeoordeling/", DECIDERS, SEE_STELSEL_PERSON, 200),
    edit_rows("measures:risk-moment-new", "/personen/{person}/risicomoment/", RISK_REPORTERS, SEE_STELSEL_PERSON, 200),
    # Reported to the NCTV: an RCCB decides the moments routed to its own unit only (403 here).
    Row("measures:risk-moment-decide", "GET", "/risicomomenten/{risk}/", NCTV, 200),
    Row("measures:notify-mayor", "GET", "/personen/{person}/burgemeester/", NCTV, 200),
    Row("measures:four-way", "GET", "/personen/{person}/vierhoeksoverleg/", NCTV, 200),
    Row("measures:mayor-inbox", "GET", "/meldingen/", frozenset({R.MAYOR}), 200),
    Row("measures:mayor-notification", "GET", "/meldingen/{notification}/", frozenset({R.MAYOR}), 200),
    # --- the protected person's side (portal): pages and API ---
    Row("portal:person-care", "GET", "/personen/{person}/beveiligde/", CARE_READERS, 200, CARE_OM_HIDDEN),
    Row("portal:cooperation", "GET", "/personen/{person}/beveiligde/medewerking/", CARE_RECORDERS, 200, CARE_OM_HIDDEN),
    Row(
        "portal:communication",
        "GET",
        "/personen/{person}/beveiligde/communicatie/",
        CARE_RECORDERS,
        200,
        CARE_OM_HIDDEN,
    ),
    Row(
        "portal:confidentiality",
        "GET",
        "/personen/{person}/beveiligde/geheimhouding/",
        CARE_RECORDERS,
        200,
        CARE_OM_HIDDEN,
    ),
    Row("portal:employer", "GET", "/personen/{person}/beveiligde/werkgever/", CARE_RECORDERS, 200, CARE_OM_HIDDEN),
    Row("api:person-care", "GET", "/api/v1/persons/{person}/care/", CARE_READERS, 200, CARE_OM_HIDDEN),
    Row("api:person-cooperation", "POST", "/api/v1/persons/{person}/cooperation/", CARE_RECORDERS, 400, CARE_OM_HIDDEN),
    Row(
        "api:person-communications",
        "POST",
        "/api/v1/persons/{person}/communications/",
        CARE_RECORDERS,
        400,
        CARE_OM_HIDDEN,
    ),
    Row(
        "api:person-confidentiality",
        "POST",
        "/api/v1/persons/{person}/confidentiality/",
        CARE_RECORDERS,
        400,
        CARE_OM_HIDDEN,
    ),
    Row(
        "api:person-employer-duties",
        "POST",
        "/api/v1/persons/{person}/employer-duties/",
        CARE_RECORDERS,
        400,
        CARE_OM_HIDDEN,
    ),
    # --- API ---
    Row("api:openapi", "GET", "/api/v1/openapi.json", STAFF, 200),
    Row(
        "api:persons",
        "GET",
        "/api/v1/persons/",
        REGISTRARS | {R.OM_SECRETARIAT, R.ADVISER_BB, R.LCC_COORDINATOR, R.KMAR_OFFICER, R.INSPECTOR},
        200,
    ),
    Row("api:persons", "POST", "/api/v1/persons/", REGISTRARS, 400),
    Row("api:person", "GET", "/api/v1/persons/{person}/", SEE_STELSEL_PERSON, 200, OM),
    edit_rows("api:person-addresses", "/api/v1/persons/{person}/addresses/", REGISTRARS, SEE_STELSEL_PERSON, 400),
    Row("api:person-household", "GET", "/api/v1/persons/{person}/household/", SEE_STELSEL_PERSON, 200, OM),
    edit_rows("api:person-relations", "/api/v1/persons/{person}/relations/", REGISTRARS, SEE_STELSEL_PERSON, 400),
    Row(
        "api:person-authority-periods",
        "GET",
        "/api/v1/persons/{person}/authority-periods/",
        SEE_STELSEL_PERSON,
        200,
        OM,
    ),
    Row(
        "api:person-authority-at",
        "GET",
        "/api/v1/persons/{person}/authority-at/",
        SEE_STELSEL_PERSON,
        200,
        OM,
    ),
    edit_rows(
        "api:person-authority-assign",
        "/api/v1/persons/{person}/authority/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        SEE_STELSEL_PERSON,
        400,
    ),
    edit_rows(
        "api:person-authority-end",
        "/api/v1/persons/{person}/authority/end/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        SEE_STELSEL_PERSON,
        400,
    ),
    edit_rows("api:person-shares", "/api/v1/persons/{person}/shares/", REGISTRARS, SEE_STELSEL_PERSON, 400),
    Row(
        "api:person-journal",
        "GET",
        "/api/v1/persons/{person}/journal/",
        JOURNAL_ROLES & SEE_STELSEL_PERSON,
        200,
        JOURNAL_ROLES - SEE_STELSEL_PERSON,
    ),
    Row("api:objects", "GET", "/api/v1/objects/", OBJECT_LISTERS, 200),
    Row("api:objects", "POST", "/api/v1/objects/", frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR, R.RCCB}), 400),
    Row("api:object", "GET", "/api/v1/objects/{palace}/", SEE_PALACE, 200, OBJECT_LISTERS - SEE_PALACE),
    Row(
        "api:object-authority-periods",
        "GET",
        "/api/v1/objects/{palace}/authority-periods/",
        SEE_PALACE,
        200,
        OBJECT_LISTERS - SEE_PALACE,
    ),
    Row(
        "api:object-authority-assign",
        "POST",
        "/api/v1/objects/{palace}/authority/",
        frozenset({R.NCTV_OFFICER, R.HOVJ, R.MAYOR}),
        400,
    ),
    Row(
        "api:object-journal",
        "GET",
        "/api/v1/objects/{palace}/journal/",
        JOURNAL_ROLES & SEE_PALACE,
        200,
        JOURNAL_ROLES - SEE_PALACE,
    ),
    Row("api:access-log", "GET", "/api/v1/access-log/", frozenset({R.INSPECTOR, R.FUNCTIONAL_ADMIN}), 200),
    # --- triage API (all triage roles see the signed Den Haag case: its district, its drafters, NCTV) ---
    Row("api:worklist", "GET", "/api/v1/worklist/", STAFF, 200),
    Row("api:triage-assessment", "POST", "/api/v1/triage/assessment/", TRIAGE_ASSESSORS, 400),
    Row("api:triage-cases", "GET", "/api/v1/triage/cases/", TRIAGE_VIEWERS, 200),
    Row("api:triage-cases", "POST", "/api/v1/triage/cases/", TRIAGE_DRAFTERS, 400),
    Row("api:triage-case", "GET", "/api/v1/triage/cases/{case}/", TRIAGE_VIEWERS, 200),
    Row("api:triage-intake", "POST", "/api/v1/triage/cases/{case}/intake/", TRIAGE_DRAFTERS, 400),
    Row("api:triage-sign", "POST", "/api/v1/triage/cases/{case}/sign/", frozenset({R.HOVJ}), 400),
    Row("api:triage-table", "POST", "/api/v1/triage/cases/{case}/table/", frozenset({R.HOVJ}), 400),
    Row(
        "api:triage-table-conclusion",
        "POST",
        "/api/v1/triage/cases/{case}/table-conclusion/",
        frozenset({R.OM_SECRETARIAT}),
        400,
    ),
    Row("api:triage-judgement", "POST", "/api/v1/triage/cases/{case}/judgement/", frozenset({R.NCTV_OFFICER}), 400),
    Row("api:triage-handover", "POST", "/api/v1/triage/cases/{case}/handover/", frozenset({R.HOVJ}), 400),
    Row("api:triage-escalate", "POST", "/api/v1/triage/cases/{case}/escalations/", frozenset({R.HOVJ}), 400),
    Row(
        "api:triage-escalation-decision",
        "POST",
        "/api/v1/triage/escalations/{escalation}/decision/",
        frozenset({R.NCTV_OFFICER}),
        400,
    ),
    Row(
        "api:person-emergency-designation",
        "POST",
        "/api/v1/persons/{person}/emergency-designation/",
        frozenset({R.NCTV_OFFICER}),
        400,
    ),
    Row(
        "api:person-measures",
        "GET",
        "/api/v1/persons/{person}/measures/",
        MEASURE_VIEWERS & SEE_STELSEL_PERSON,
        200,
        MEASURE_VIEWERS - SEE_STELSEL_PERSON,
    ),
    edit_rows("api:person-measures", "/api/v1/persons/{person}/measures/", DECIDERS, SEE_STELSEL_PERSON, 400),
    edit_rows("api:measure-phase-out", "/api/v1/measures/{measure}/phase-out/", DECIDERS, SEE_STELSEL_PERSON, 400),
    edit_rows("api:person-packages", "/api/v1/persons/{person}/packages/", DECIDERS, SEE_STELSEL_PERSON, 400),
    Row("api:person-advice", "GET", "/api/v1/persons/{person}/measures-advice/", ADVICE_READERS, 200, ADVICE_HIDDEN),
    edit_rows("api:person-advice", "/api/v1/persons/{person}/measures-advice/", DECIDERS, SEE_STELSEL_PERSON, 400),
    Row("api:advice", "GET", "/api/v1/measures-advice/{advice}/", ADVICE_READERS, 200, ADVICE_HIDDEN),
    Row(
        "api:advice-submission",
        "POST",
        "/api/v1/measures-advice/{advice}/submission/",
        frozenset({R.ADVISER_BB}),
        400,
    ),
    edit_rows("api:person-reviews", "/api/v1/persons/{person}/reviews/", DECIDERS, SEE_STELSEL_PERSON, 400),
    Row(
        "api:person-risk-moments",
        "GET",
        "/api/v1/persons/{person}/risk-moments/",
        MEASURE_VIEWERS & SEE_STELSEL_PERSON,
        200,
        MEASURE_VIEWERS - SEE_STELSEL_PERSON,
    ),
    edit_rows(
        "api:person-risk-moments", "/api/v1/persons/{person}/risk-moments/", RISK_REPORTERS, SEE_STELSEL_PERSON, 400
    ),
    # The moment went to the NCTV: the RCCB may decide moments, but not this one (403).
    Row("api:risk-moment-decision", "POST", "/api/v1/risk-moments/{risk}/decision/", NCTV, 400),
    Row("api:person-mayor-notifications", "POST", "/api/v1/persons/{person}/mayor-notifications/", NCTV, 400),
    Row("api:mayor-notifications", "GET", "/api/v1/mayor-notifications/", frozenset({R.MAYOR}), 200),
    Row(
        "api:mayor-notification-ack",
        "POST",
        "/api/v1/mayor-notifications/{notification}/acknowledgement/",
        frozenset({R.MAYOR}),
        200,
    ),
    Row("api:person-four-way", "POST", "/api/v1/persons/{person}/four-way-consultations/", NCTV, 400),
    # --- private parties (§1.3, R47): the register is role-only; a deployment is case data of the measure's person ---
    Row("lcc:party-list", "GET", "/particuliere-partijen/", PRIVATE_PARTY_VIEWERS, 200),
    Row("lcc:party-create", "GET", "/particuliere-partijen/nieuw/", PRIVATE_PARTY_REGISTRARS, 200),
    Row("lcc:party-renew", "GET", "/particuliere-partijen/{party}/certificering/", PRIVATE_PARTY_REGISTRARS, 200),
    edit_rows("lcc:measure-assign", "/maatregelen/{measure}/particuliere-partij/", DECIDERS, SEE_STELSEL_PERSON, 200),
    edit_rows("lcc:assignment-end", "/particuliere-inzet/{assignment}/beeindigen/", DECIDERS, SEE_STELSEL_PERSON, 200),
    Row("api:private-parties", "GET", "/api/v1/private-parties/", PRIVATE_PARTY_VIEWERS, 200),
    Row("api:private-parties", "POST", "/api/v1/private-parties/", PRIVATE_PARTY_REGISTRARS, 400),
    Row(
        "api:private-party-certification",
        "POST",
        "/api/v1/private-parties/{party}/certification/",
        PRIVATE_PARTY_REGISTRARS,
        400,
    ),
    Row(
        "api:measure-private-assignments",
        "GET",
        "/api/v1/measures/{measure}/private-assignments/",
        PRIVATE_PARTY_VIEWERS & SEE_STELSEL_PERSON,
        200,
        PRIVATE_PARTY_VIEWERS - SEE_STELSEL_PERSON,
    ),
    edit_rows(
        "api:measure-private-assignments",
        "/api/v1/measures/{measure}/private-assignments/",
        DECIDERS,
        SEE_STELSEL_PERSON,
        400,
    ),
    edit_rows(
        "api:private-assignment-end",
        "/api/v1/private-assignments/{assignment}/end/",
        DECIDERS,
        SEE_STELSEL_PERSON,
        400,
    ),
    Row(
        "api:person-leave-stelsel",
        "POST",
        "/api/v1/persons/{person}/leave-stelsel/",
        frozenset({R.NCTV_OFFICER}),
        400,
    ),
    # --- deployment of capacity (§4.1, §1.4; R39, R40, R49): the LCC plans; the executing side and the inspectorate
    # read plans; the steering table reads the dashboard, which names nobody ---
    Row("deployment:day", "GET", "/inzet/planning/", DEPLOYMENT_READERS, 200),
    Row("deployment:run-start", "GET", "/inzet/planning/starten/", LCC, 200),
    Row("deployment:run", "GET", "/inzet/runs/{run}/", DEPLOYMENT_READERS, 200),
    Row("deployment:run-progress", "GET", "/inzet/runs/{run}/voortgang/", DEPLOYMENT_READERS, 200),
    Row("deployment:run-cancel", "GET", "/inzet/runs/{run}/annuleren/", LCC, 200),
    Row("deployment:capacity", "GET", "/inzet/capaciteit/", DEPLOYMENT_READERS, 200),
    Row("deployment:absence", "GET", "/inzet/medewerkers/{staff}/afwezigheid/", LCC, 200),
    Row("deployment:fit", "GET", "/inzet/afwezigheden/{absence}/beter/", LCC, 200),
    Row("deployment:dashboard", "GET", "/inzet/dashboard/", DASHBOARD_READERS, 200),
    Row("deployment:concept", "GET", "/personen/{person}/inzetconcept/", LCC, 200),
    Row("deployment:activity-new", "GET", "/personen/{person}/activiteit/", LCC, 200),
    Row("api:deployment-runs", "GET", "/api/v1/deployment/runs/", DEPLOYMENT_READERS, 200),
    # Empty input names the first day (400); nothing starts.
    Row("api:deployment-runs", "POST", "/api/v1/deployment/runs/", LCC, 400),
    Row("api:deployment-run", "GET", "/api/v1/deployment/runs/{run}/", DEPLOYMENT_READERS, 200),
    # The world's run is queued: the LCC cancels it (200).
    Row("api:deployment-run-cancel", "POST", "/api/v1/deployment/runs/{run}/cancel/", LCC, 200),
    Row("api:deployment-absences", "POST", "/api/v1/deployment/staff/{staff}/absences/", LCC, 400),
    # Without a moment nothing ends (400).
    Row("api:deployment-fit", "POST", "/api/v1/deployment/absences/{absence}/fit/", LCC, 400),
    Row("api:deployment-dashboard", "GET", "/api/v1/deployment/dashboard/", DASHBOARD_READERS, 200),
    Row("api:person-activities", "GET", "/api/v1/persons/{person}/activities/", DEPLOYMENT_READERS, 200),
    # The stelsel person has no concept (no person-directed measure): 400, nothing recorded.
    Row("api:person-activities", "POST", "/api/v1/persons/{person}/activities/", LCC, 400),
    Row(
        "api:person-deployment-concepts",
        "GET",
        "/api/v1/persons/{person}/deployment-concepts/",
        DEPLOYMENT_READERS,
        200,
    ),
    Row("api:person-deployment-concepts", "POST", "/api/v1/persons/{person}/deployment-concepts/", LCC, 400),
    # --- threat levels (intel) ---
    Row(
        "intel:threat-level",
        "GET",
        "/personen/{person}/dreigingsniveau/",
        THREAT_READERS_OF_STELSEL_PERSON,
        200,
        THREAT_OM_HIDDEN,
    ),
    Row(
        "api:person-threat-levels",
        "GET",
        "/api/v1/persons/{person}/threat-levels/",
        THREAT_READERS_OF_STELSEL_PERSON,
        200,
        THREAT_OM_HIDDEN,
    ),
    # Only the current authority sets a level: the NCTV here; the HOvJ may set levels but cannot see this person.
    Row("api:person-threat-levels", "POST", "/api/v1/persons/{person}/threat-levels/", NCTV, 400, frozenset({R.HOVJ})),
    Row("api:threat-matrices", "GET", "/api/v1/threat-matrices/", THREAT_READERS, 200),
    # The palace's level (§2.5, R32): the NCTV sets it; the local authorities, police, the inspectorate and the mayor
    # read it; the national unit's adviser B&B does not see this object (404).
    Row(
        "intel:object-threat-level",
        "GET",
        "/objecten/{palace}/dreigingsniveau/",
        OBJECT_LEVEL_READERS,
        200,
        frozenset({R.ADVISER_BB}),
    ),
    Row(
        "api:object-threat-levels",
        "GET",
        "/api/v1/objects/{palace}/threat-levels/",
        OBJECT_LEVEL_READERS,
        200,
        frozenset({R.ADVISER_BB}),
    ),
    # The HOvJ may set levels and sees the palace, but the NCTV sets this one: 403.
    Row("api:object-threat-levels", "POST", "/api/v1/objects/{palace}/threat-levels/", NCTV, 400),
    # --- threat products (intel) ---
    Row("intel:inbox", "GET", "/dreigingsinformatie/", PRODUCT_READERS, 200),
    Row(
        "intel:product",
        "GET",
        "/dreigingsinformatie/{threat_product}/",
        AUTHORITY_ONLY_READERS,
        200,
        PRODUCT_READERS - AUTHORITY_ONLY_READERS,
    ),
    edit_rows(
        "intel:request-new", "/personen/{person}/product-aanvragen/", PRODUCT_REQUESTERS, SEE_STELSEL_PERSON, 200
    ),
    Row(
        "intel:product",
        "GET",
        "/dreigingsinformatie/{kmar_product}/",
        KMAR_PRODUCT_READERS,
        200,
        PRODUCT_READERS - KMAR_PRODUCT_READERS,
    ),
    edit_rows("intel:product-new", "/personen/{person}/product/nieuw/", PRODUCERS, SEE_STELSEL_PERSON_PRODUCTS, 200),
    Row(
        "api:person-threat-products",
        "GET",
        "/api/v1/persons/{person}/threat-products/",
        PRODUCT_READERS_OF_STELSEL_PERSON,
        200,
        PRODUCT_READERS - SEE_STELSEL_PERSON_PRODUCTS,
    ),
    edit_rows(
        "api:person-threat-products",
        "/api/v1/persons/{person}/threat-products/",
        PRODUCERS,
        SEE_STELSEL_PERSON_PRODUCTS,
        400,
    ),
    Row(
        "api:threat-product",
        "GET",
        "/api/v1/threat-products/{threat_product}/",
        AUTHORITY_ONLY_READERS,
        200,
        PRODUCT_READERS - AUTHORITY_ONLY_READERS,
    ),
    Row(
        "api:threat-product",
        "GET",
        "/api/v1/threat-products/{kmar_product}/",
        KMAR_PRODUCT_READERS,
        200,
        PRODUCT_READERS - KMAR_PRODUCT_READERS,
    ),
    # Attachments follow their product's readers exactly: the same 200 / 404 / 403 as the product itself.
    Row(
        "intel:product-attachment",
        "GET",
        "/dreigingsinformatie/{threat_product}/bijlagen/{attachment}/",
        AUTHORITY_ONLY_READERS,
        200,
        PRODUCT_READERS - AUTHORITY_ONLY_READERS,
    ),
    Row(
        "intel:product-attachment",
        "GET",
        "/dreigingsinformatie/{kmar_product}/bijlagen/{kmar_attachment}/",
        KMAR_PRODUCT_READERS,
        200,
        PRODUCT_READERS - KMAR_PRODUCT_READERS,
    ),
    Row(
        "api:threat-product-attachment",
        "GET",
        "/api/v1/threat-products/{threat_product}/attachments/{attachment}/",
        AUTHORITY_ONLY_READERS,
        200,
        PRODUCT_READERS - AUTHORITY_ONLY_READERS,
    ),
    Row(
        "api:threat-product-attachment",
        "GET",
        "/api/v1/threat-products/{kmar_product}/attachments/{kmar_attachment}/",
        KMAR_PRODUCT_READERS,
        200,
        PRODUCT_READERS - KMAR_PRODUCT_READERS,
    ),
    edit_rows(
        "api:person-product-requests",
        "/api/v1/persons/{person}/product-requests/",
        PRODUCT_REQUESTERS,
        SEE_STELSEL_PERSON,
        400,
    ),
    Row("api:product-requests", "GET", "/api/v1/product-requests/", PRODUCERS, 200),
    # Only the requesting organisation withdraws (the NCTV's open IRD request; empty input: 400); the OM's
    # requesters get 404 as if it did not exist; every other role may not request, so may not withdraw: 403.
    Row(
        "api:product-request-withdraw",
        "POST",
        "/api/v1/product-requests/{product_request}/withdraw/",
        NCTV,
        400,
        PRODUCT_REQUESTERS - NCTV,
    ),
    # --- the integrated threat picture (R52): the NCTV's analysts keep it, the inspectorate reads it ---
    Row("threatpicture:picture", "GET", "/personen/{person}/dreigingsbeeld/", PICTURE_READERS, 200, THREAT_OM_HIDDEN),
    Row("threatpicture:edit", "GET", "/personen/{person}/dreigingsbeeld/bewerken/", NCTV, 200, THREAT_OM_HIDDEN),
    # A second NCTV analyst reviews; the empty form names the missing kind of review (400).
    Row("threatpicture:review", "POST", "/personen/{person}/dreigingsbeeld/toetsing/", NCTV, 400, THREAT_OM_HIDDEN),
    Row("threatpicture:finalise", "POST", "/personen/{person}/dreigingsbeeld/definitief/", NCTV, 400, THREAT_OM_HIDDEN),
    Row(
        "api:person-threat-picture",
        "GET",
        "/api/v1/persons/{person}/threat-picture/",
        PICTURE_READERS,
        200,
        THREAT_OM_HIDDEN,
    ),
    # An empty document starts from version 0 while version 1 exists: a conflict, nothing saved.
    Row("api:person-threat-picture", "PUT", "/api/v1/persons/{person}/threat-picture/", NCTV, 409, THREAT_OM_HIDDEN),
    Row(
        "api:threat-picture-reviews",
        "POST",
        "/api/v1/persons/{person}/threat-picture/reviews/",
        NCTV,
        400,
        THREAT_OM_HIDDEN,
    ),
    Row(
        "api:threat-picture-finalise",
        "POST",
        "/api/v1/persons/{person}/threat-picture/finalise/",
        NCTV,
        400,
        THREAT_OM_HIDDEN,
    ),
    # --- the local domain (§2.4; R24–R30): police registers, the RCCB weighs and takes urgent measures, the adviser
    # BB&C confirms them and decides with the HOvJ, the HOvJ decides the measures ---
    Row("local:report-list", "GET", "/lokaal/meldingen/", REPORT_READERS, 200),
    Row("local:report", "GET", "/lokaal/meldingen/{report}/", SEE_REPORT, 200, REPORT_READERS - SEE_REPORT),
    # The form pages answer a GET whatever the report's status; only their own role, and only for a visible report.
    Row("local:weigh", "GET", "/lokaal/meldingen/{report}/weging/", RCCB, 200),
    Row("local:urgent", "GET", "/lokaal/meldingen/{report}/spoedmaatregel/", RCCB, 200),
    Row("local:decide", "GET", "/lokaal/meldingen/{report}/besluit/", LOCAL_DECIDERS, 200),
    Row("local:measures", "GET", "/lokaal/meldingen/{report}/maatregelen/", LOCAL_MEASURE_DECIDERS, 200, NCTV),
    Row(
        "local:confirm",
        "GET",
        "/lokaal/spoedmaatregelen/{urgent_measure}/afstemmen/",
        frozenset({R.ADVISER_BBC}),
        200,
    ),
    Row("local:rules", "GET", "/lokaal/regels/", frozenset({R.FUNCTIONAL_ADMIN}), 200),
    # Both police roles that register reports see the local person (it lives in their unit) and the listed object.
    Row("local:report-new-person", "GET", "/personen/{local_person}/dreigingsmelding/", REPORT_REGISTRARS, 200),
    Row("local:report-new-object", "GET", "/objecten/{listed_object}/dreigingsmelding/", REPORT_REGISTRARS, 200),
    Row("local:object-advice-new", "GET", "/objecten/{listed_object}/advies-nctv/", NCTV, 200),
    Row(
        "local:object-advice",
        "GET",
        "/objectadviezen/{object_advice}/",
        OBJECT_ADVICE_READERS,
        200,
        OBJECT_ADVICE_HIDDEN,
    ),
    # R30: the College reads its own inbox (empty in the world: no report concerns OM staff); nobody else does.
    Row("local:college", "GET", "/college/meldingen/", frozenset({R.PG_COLLEGE}), 200),
    Row("api:local-reports", "GET", "/api/v1/local/reports/", REPORT_READERS, 200),
    # No person and no object: "kies de bedreigde" (400), nothing registered.
    Row("api:local-reports", "POST", "/api/v1/local/reports/", REPORT_REGISTRARS, 400),
    Row("api:local-report", "GET", "/api/v1/local/reports/{report}/", SEE_REPORT, 200, REPORT_READERS - SEE_REPORT),
    # Empty criteria (no answer on the threat to life): 400, nothing weighed.
    Row("api:local-weighing", "POST", "/api/v1/local/reports/{report}/weighing/", RCCB, 400),
    Row("api:local-urgent", "POST", "/api/v1/local/reports/{report}/urgent-measures/", RCCB, 400),
    Row("api:local-decision", "POST", "/api/v1/local/reports/{report}/decision/", LOCAL_DECIDERS, 400),
    Row(
        "api:local-measures",
        "POST",
        "/api/v1/local/reports/{report}/measures/",
        LOCAL_MEASURE_DECIDERS,
        400,
        NCTV,
    ),
    Row(
        "api:local-confirmation",
        "POST",
        "/api/v1/local/urgent-measures/{urgent_measure}/confirmation/",
        frozenset({R.ADVISER_BBC}),
        400,
    ),
    Row("api:local-rules", "GET", "/api/v1/local/rules/", frozenset({R.FUNCTIONAL_ADMIN}), 200),
    # No number of hours and no motivation: 400, the rules stay as they are.
    Row("api:local-rules", "PUT", "/api/v1/local/rules/", frozenset({R.FUNCTIONAL_ADMIN}), 400),
    Row("api:college-notifications", "GET", "/api/v1/college/notifications/", frozenset({R.PG_COLLEGE}), 200),
    # --- the NCTV's advice over objects on the limitative list (§2.5, R31) ---
    # The listed object's advice, as each reader may: the HOvJ and the adviser BB&C see the object (their district)
    # and get the advice addressed to their office: none here, an empty list (200).
    Row(
        "api:object-nctv-advice",
        "GET",
        "/api/v1/objects/{listed_object}/nctv-advice/",
        OBJECT_ADVICE_ROLES,
        200,
    ),
    # Empty advice: 400, nothing given.
    Row("api:object-nctv-advice", "POST", "/api/v1/objects/{listed_object}/nctv-advice/", NCTV, 400),
    Row(
        "api:object-advice",
        "GET",
        "/api/v1/object-advice/{object_advice}/",
        OBJECT_ADVICE_READERS,
        200,
        OBJECT_ADVICE_HIDDEN,
    ),
    # The mayor it is addressed to answers; without an answer or motivation: 400. The HOvJ may answer advice, but does
    # not see this one: 404.
    Row(
        "api:object-advice-answer",
        "POST",
        "/api/v1/object-advice/{object_advice}/answer/",
        frozenset({R.MAYOR}),
        400,
        frozenset({R.HOVJ}),
    ),
]

PUBLIC = {"access:login", "access:logout", "home"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back after it; every test runs in a
    savepoint within it (as Django's TestCase.setUpTestData does), so no test sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_reference()
        yield _build_world()
        transaction.set_rollback(True)


def _build_world():
    nctv = create_test_user(R.NCTV_OFFICER)
    person = services.register_person(
        nctv,
        given_names="Pieter",
        surname_prefix="de",
        surname="Vries",
        date_of_birth=date(1968, 4, 12),
        home=services.AddressInput("Laan van Meerdervoort", 112, "2517AP", "Den Haag", "GM0518"),
        reason="lijst",
    )
    services.assign_authority(nctv, person, basis="limitatieve_lijst_2", reason="functie op de lijst")
    palace = services.register_object(
        nctv,
        name="Paleis Noordeinde",
        kind="gebouw",
        municipality_code="GM0518",
        art4_category="koninklijk_paleis",
        reason="paleis",
    )
    services.assign_authority(nctv, palace, basis="art4_politiewet", reason="paleis")
    users = {role: create_test_user(role, person=person if role is R.PROTECTED_PERSON else None) for role in Role}
    case = _signed_case(users, "Karin", 20)
    declined = _signed_case(users, "Joost", 22)
    triage.judge(
        users[R.NCTV_OFFICER], declined, admitted=False, motivation="Nee", information="Intake", expected_version=None
    )
    escalation = triage.escalate(users[R.HOVJ], declined, motivation="Oneens", expected_version=None)
    measure = measures.decide_measure(
        nctv,
        person,
        kind="camera",
        scope="prive",
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=90),
        reevaluate_when="nieuwe informatie",
        motivation="camera bij woning",
        threat_level=3,
        threat_duration="langdurig",
    )
    advice = measures.request_advice(
        nctv,
        person,
        adviser_org=Organisation.objects.get(code="politie-landelijke-eenheid"),
        question="Pakket na herbeoordeling",
        due_on=date.today() + timedelta(days=7),
    )
    start = timezone.now() + timedelta(days=3)
    risk = measures.register_risk_moment(
        nctv,
        person,
        reporter_kind="werkgever",
        reporter_name="Ministerie",
        description="Toespraak",
        location="Plein",
        municipality_code="GM0518",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    notification = measures.send_mayor_notification(
        nctv, person, municipality_code="GM0518", scenario="nieuwe_persoon", content="Nieuwe persoon."
    )
    party = lcc.register_private_party(
        users[R.LCC_COORDINATOR],
        name="Wachtdienst BV",
        kvk_number="12345678",
        certification="Wpbr-vergunning beveiligingsorganisatie",
        certified_until=timezone.localdate() + timedelta(days=365),
        training="Beveiliger 2",
    )
    assignment = lcc.assign_private_party(
        nctv,
        measure,
        party=party,
        directing_unit=Organisation.objects.get(code="politie-den-haag"),
        task="Camerabeelden uitlezen op verzoek van de eenheid",
        starts_on=timezone.localdate(),
        consent_motivation="Ondersteuning van de eenheid bij de camera",
    )
    den_haag_police = Organisation.objects.get(code="politie-den-haag")
    product_request = intel.request_product(
        nctv,
        person,
        kind="ird",
        producer_org=den_haag_police,
        question="IRD na nieuwe bedreiging",
        due_on=date.today() + timedelta(days=5),
    )
    threat_product = intel.deliver_product(
        users[R.POLICE_INTEL],
        person,
        kind="di",
        body="Dreigingsinschatting",
        marking="alleen_gezag",
        attachments=[from_bytes("bronnen.txt", b"Bronnenoverzicht")],  # stored under the session's tmp root
    )
    kmar_request = intel.request_product(
        nctv,
        person,
        kind="da",
        producer_org=Organisation.objects.get(code="kmar"),
        question="DA voor het stelsel",
        due_on=date.today() + timedelta(days=5),
    )
    kmar_product = intel.deliver_product(
        users[R.KMAR_INTEL],
        person,
        kind="da",
        request=kmar_request,
        body="Dreigingsanalyse KMar",
        marking="gezag_en_uitvoering",
        attachments=[from_bytes("analyse.txt", b"Dreigingsanalyse KMar, bijlage")],
    )
    pictures.save_picture(nctv, person, version=0, summary="Eerste beeld", hypotheses=[{"statement": "Wraak"}])
    staff, run, absence = _deployment(users)
    local_person, report, urgent_measure = _local_case(users)
    listed_object, object_advice = _object_advice(users)
    return {
        "local_person": local_person.pk,
        "report": report.pk,
        "urgent_measure": urgent_measure.pk,
        "listed_object": listed_object.pk,
        "object_advice": object_advice.pk,
        "staff": staff.pk,
        "absence": absence.pk,
        "run": run.pk,
        "threat_product": threat_product.pk,
        "kmar_product": kmar_product.pk,
        "attachment": threat_product.attachments.get().pk,
        "kmar_attachment": kmar_product.attachments.get().pk,
        "product_request": product_request.pk,
        "advice": advice.pk,
        "risk": risk.pk,
        "notification": notification.pk,
        "person": person.pk,
        "palace": palace.pk,
        "case": case.pk,
        "escalation": escalation.pk,
        "measure": measure.pk,
        "party": party.pk,
        "assignment": assignment.pk,
        "users": users,
    }


def _deployment(users):
    """A second stelsel person under personal escort, a unit with one rostered officer, and a queued planner run."""
    nctv, coordinator = users[R.NCTV_OFFICER], users[R.LCC_COORDINATOR]
    escorted = services.register_person(
        nctv,
        given_names="Karel",
        surname="Hoekstra",
        date_of_birth=date(1971, 2, 3),
        home=services.AddressInput("Javastraat", 40, "2585AP", "Den Haag", "GM0518"),
        reason="lijst",
    )
    services.assign_authority(nctv, escorted, basis="limitatieve_lijst_1", reason="functie op de lijst")
    measures.decide_measure(
        nctv,
        escorted,
        kind="personal_escort",
        scope="werk",
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=60),
        reevaluate_when="nieuwe informatie",
        motivation="begeleiding",
        threat_level=4,
        threat_duration="kort",
    )
    unit = deployment.register_unit(
        coordinator, code="le-dkdb", name="DKDB", kind="landelijk", base_municipality="GM0518"
    )
    officers = [
        deployment.register_staff(coordinator, unit, number=f"DK{n}", name="Agent", qualifications=["escort", "driver"])
        for n in range(3)
    ]
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(9)))
    deployment.set_roster(
        coordinator,
        [deployment.ShiftInput(o, start - timedelta(hours=2), start + timedelta(hours=8)) for o in officers],
        "rooster",
    )
    deployment.register_concept(coordinator, escorted, unit=unit, team=None, motivation="DKDB")
    deployment.register_activity(
        coordinator,
        escorted,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Binnenhof",
        municipality="GM0518",
        kind="work",
    )
    # The world's transaction never commits, so the run stays queued: no background thread starts.
    run = deployment.start_run(coordinator, first_day=tomorrow, days=1, time_limit=5)
    absence, _ = deployment.report_absence(coordinator, officers[2], kind="ziek", starts_at=start + timedelta(days=2))
    return officers[0], run, absence


def _local_case(users):
    """A person living in The Hague with a threat report the Hague RCCB weighed serious (the OM office of The Hague is
    now the authority), one provisional urgent measure, and the adviser BB&C's decision on extra local measures."""
    rccb = users[R.RCCB]
    threatened = services.register_person(
        rccb,
        given_names="Sanne",
        surname="Visser",
        date_of_birth=date(1980, 6, 1),
        home=services.AddressInput("Prinsegracht", 15, "2512EW", "Den Haag", "GM0518"),
        reason="melding",
    )
    report = local.register_report(
        rccb,
        person=threatened,
        obj=None,
        threatened_function="geen",
        received_as="melding",
        what_happened="Bedreigd bij de voordeur",
        threatener="",
        occurred_at=timezone.now(),
    )
    report = local.weigh_report(
        rccb,
        report,
        criteria=local.Criteria(violent_offence=True, max_sentence_years=8, life_threat="direct"),
        motivation="Doodsbedreiging met geweldsdelict",
    )
    urgent = local.take_urgent_measure(rccb, report, kind="camera", scope="prive", motivation="Camera per direct")
    report = local.decide_case(
        users[R.ADVISER_BBC], report, decision="lokale_maatregelen", motivation="Aanvullende maatregelen nodig"
    )
    return threatened, report, urgent


def _object_advice(users):
    """An object on the limitative list in The Hague and the NCTV's advice over it, addressed to the mayor (R31)."""
    nctv = users[R.NCTV_OFFICER]
    listed = services.register_object(
        nctv,
        name="Ministerie aan de Turfmarkt",
        kind="gebouw",
        municipality_code="GM0518",
        on_limitative_list=True,
        reason="limitatieve lijst",
    )
    return listed, local.give_object_advice(nctv, listed, advice="Camera en toegangscontrole bij de ingang")


def _signed_case(users, name: str, number: int):
    threatened = services.register_person(
        users[R.RCCB],
        given_names=name,
        surname="Bakker",
        date_of_birth=date(1975, 1, 1),
        home=services.AddressInput("Spui", number, "2511BT", "Den Haag", "GM0518"),
        reason="melding",
    )
    form = triage.IntakeInput(
        threat_summary="Doodsbedreiging",
        life_threat="direct",
        violent_offence=True,
        max_sentence_years=12,
        actor_known=True,
        actor_description="CSV",
        phenomenon="georganiseerde_criminaliteit",
        phenomenon_facts="Vonnis",
    )
    case = triage.draft_intake(users[R.RCCB], threatened, form)
    return triage.sign_intake(users[R.HOVJ], case, route="directe_opname", motivation="ja", expected_version=None)


def _call(client: Client, row: Row, world) -> int:
    path = row.path.format(**{key: value for key, value in world.items() if key != "users"})
    if row.method == "GET":
        return client.get(path).status_code
    send = client.put if row.method == "PUT" else client.post
    return send(path, data=json.dumps({}), content_type="application/json").status_code


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method} {r.name}")
def test_each_role_gets_exactly_the_written_answer(row, world):
    answers = {role.value: _call(verified_client(world["users"][role]), row, world) for role in Role}
    expected = {role.value: row.expected(role) for role in Role}
    assert answers == expected


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method} {r.name}")
def test_anonymous_callers_are_sent_to_login_or_get_401(row, world):
    status = _call(Client(), row, world)
    assert status == (401 if row.path.startswith("/api/") else 302)


def test_a_login_without_second_factor_is_not_enough(world):
    client = Client()
    client.force_login(world["users"][R.NCTV_OFFICER])
    assert client.get(f"/personen/{world['person']}/").status_code == 302
    assert client.get(f"/api/v1/persons/{world['person']}/").status_code == 401


def _all_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _all_patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", pattern.callback


def test_every_url_is_in_the_table_and_declares_its_access_action():
    covered = {row.name for row in ROWS}
    for name, callback in _all_patterns():
        if name in PUBLIC or name.startswith("None") or callback.__module__.startswith("django.views.static"):
            continue
        assert name in covered, f"{name} staat niet in de rol x actie-tabel"
        declares = hasattr(callback, "access_action") or hasattr(getattr(callback, "cls", None), "access_actions")
        assert declares, f"{name} declareert geen toegangsactie"


def test_every_method_of_every_api_view_is_in_the_table():
    from rest_framework.views import APIView

    covered = {(row.name, row.method) for row in ROWS}
    for name, callback in _all_patterns():
        view_class = getattr(callback, "cls", None)
        if view_class is None or not issubclass(view_class, APIView) or name in PUBLIC:
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view_class, method):
                assert (name, method.upper()) in covered, f"{method.upper()} {name} staat niet in de tabel"
