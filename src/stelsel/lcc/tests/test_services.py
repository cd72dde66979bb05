"""Private parties (R47, §1.3): the register, renewals, the authority's consent and ending, with the journal."""

from datetime import timedelta

import pytest

from stelsel.access.roles import Role
from stelsel.conftest import address
from stelsel.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from stelsel.core.models import JournalEntry
from stelsel.core.timeutil import today
from stelsel.lcc import queries, services
from stelsel.lcc.models import PrivateAssignment, PrivateParty
from stelsel.lcc.tests.conftest import consent, decide, org, register
from stelsel.measures import services as measures
from stelsel.policy.versions import version_on
from stelsel.registry import services as registry

pytestmark = pytest.mark.django_db


def _rules(entry: JournalEntry) -> set[tuple[str, str]]:
    return {(r["rule"], r["paragraph"]) for r in entry.payload["reasons"]}


class Unchanged:
    """Nothing stored: the journal, the parties and the assignments stay as they were."""

    def __enter__(self):
        self.before = (JournalEntry.objects.count(), PrivateParty.objects.count(), PrivateAssignment.objects.count())
        return self

    def __exit__(self, *exc):
        after = (JournalEntry.objects.count(), PrivateParty.objects.count(), PrivateAssignment.objects.count())
        assert after == self.before
        return False


# --- the register ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.LCC_COORDINATOR, Role.ADVISER_BB, Role.KMAR_OFFICER])
def test_the_executing_side_registers_a_party_in_one_journal_entry(make_user, role):
    actor = make_user(role)
    before = JournalEntry.objects.count()
    party = register(actor, kvk=" 1234 5678 ")
    assert party.kvk_number == "12345678"
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert party.entry_id == entry.pk
    assert entry.action == "lcc.private_party_registered"
    assert entry.subjects == [{"type": "private_party", "id": party.pk}]
    assert _rules(entry) == {("R47", "§1.3")}
    assert entry.policy_version == version_on(today()).key
    assert entry.actor_id == actor.pk


@pytest.mark.parametrize("role", [Role.NCTV_OFFICER, Role.HOVJ, Role.MAYOR, Role.RCCB, Role.INSPECTOR])
def test_others_do_not_register_parties(make_user, role):
    with Unchanged(), pytest.raises(NotAllowed):
        register(make_user(role))


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "", "KvK 12345678"])
def test_a_bad_kvk_number_gets_a_dutch_message_and_nothing_is_stored(lcc, kvk):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        register(lcc, kvk=kvk)
    assert refused.value.field_errors == {"kvk_number": "Het KvK-nummer bestaat uit precies 8 cijfers."}


def test_a_kvk_number_is_registered_once(lcc, party):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        register(lcc, kvk=party.kvk_number, name="Andere naam BV")
    assert "al een partij" in refused.value.field_errors["kvk_number"]


def test_registration_needs_a_valid_certification_and_the_training_met(lcc):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        services.register_private_party(
            lcc, name="", kvk_number="12345678", certification=" ", certified_until=None, training=""
        )
    assert set(refused.value.field_errors) == {"name", "certification", "certified_until", "training"}
    with Unchanged(), pytest.raises(InvalidInput) as expired:
        register(lcc, until=today() - timedelta(days=1))
    assert "verlopen" in expired.value.field_errors["certified_until"]
    assert "R47" in expired.value.field_errors["certified_until"]


def test_a_renewal_moves_the_date_and_the_history_stays_in_the_journal(lcc, party):
    first = party.certified_until
    renewed = services.renew_certification(
        lcc, party, first + timedelta(days=365), "Nieuwe Wpbr-vergunning getoetst", expected_version=party.version
    )
    assert renewed.certified_until == first + timedelta(days=365)
    assert renewed.version == party.version + 1
    ref = {"type": "private_party", "id": party.pk}
    entries = [e for e in JournalEntry.objects.order_by("seq") if ref in e.subjects]
    assert [e.action for e in entries] == ["lcc.private_party_registered", "lcc.private_party_certification_renewed"]
    assert entries[1].payload["previous_certified_until"] == first.isoformat()
    assert entries[1].reason == "Nieuwe Wpbr-vergunning getoetst"
    assert _rules(entries[1]) == {("R47", "§1.3")}


def test_a_renewal_must_extend_be_motivated_and_not_overwrite_a_newer_one(lcc, party):
    with Unchanged(), pytest.raises(InvalidInput) as earlier:
        services.renew_certification(lcc, party, party.certified_until, "Zelfde datum")
    assert "na de huidige einddatum" in earlier.value.field_errors["certified_until"]
    with Unchanged(), pytest.raises(InvalidInput) as unmotivated:
        services.renew_certification(lcc, party, party.certified_until + timedelta(days=1), "  ")
    assert set(unmotivated.value.field_errors) == {"motivation"}
    services.renew_certification(lcc, party, party.certified_until + timedelta(days=1), "Verlengd", party.version)
    with Unchanged(), pytest.raises(Conflict):
        services.renew_certification(lcc, party, party.certified_until + timedelta(days=9), "Verlengd", party.version)


# --- consent and deployment ------------------------------------------------------------------------------------------


def test_the_authority_consents_in_one_journal_entry_with_reasons(nctv, stelsel_person, camera, party):
    before = JournalEntry.objects.count()
    assignment = consent(nctv, camera, party, ends_on=today() + timedelta(days=60))
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert assignment.entry_id == entry.pk
    assert entry.action == "lcc.private_party_assigned"
    assert entry.subjects == [{"type": "person", "id": stelsel_person.pk}, {"type": "private_party", "id": party.pk}]
    assert entry.reason == "De eenheid heeft capaciteit nodig voor de camerabewaking."
    assert _rules(entry) == {("R47", "§1.3")}
    assert entry.policy_version == version_on(today()).key == assignment.policy_version
    assert {r["rule"] for r in assignment.reasons} == {"R47"}
    assert assignment.authority.code == "nctv"
    assert assignment.consented_by == nctv
    assert assignment.directing_unit.code == "politie-den-haag"


def test_the_kmar_may_direct_a_party_too(nctv, camera, party):
    assert consent(nctv, camera, party, directing_unit=org("kmar")).directing_unit.code == "kmar"


@pytest.mark.parametrize(
    ("kind", "scope"), [("close_protection", "werk"), ("personal_escort", "werk"), ("guard_container", "prive")]
)
def test_no_party_for_person_directed_measures_or_the_guard_container(nctv, stelsel_person, party, kind, scope):
    measure = decide(nctv, stelsel_person, kind, scope)
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, measure, party)
    assert set(refused.value.field_errors) == {"measure"}
    message = refused.value.field_errors["measure"]
    assert "R47" in message
    assert "§1.3" in message
    assert measure.kind_name in message


def test_an_expired_certification_is_refused(nctv, camera, party):
    # Time has passed since the registration: the certificate ran out yesterday.
    PrivateParty.objects.filter(pk=party.pk).update(certified_until=today() - timedelta(days=1))
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party)
    assert "verlopen" in refused.value.field_errors["party"]
    assert "R47" in refused.value.field_errors["party"]


def test_a_certification_not_valid_on_a_later_start_is_refused(nctv, camera, lcc):
    party = register(lcc, until=today() + timedelta(days=10))
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party, starts_on=today() + timedelta(days=11))
    assert set(refused.value.field_errors) == {"party"}


def test_a_certification_that_expires_before_the_end_is_refused(nctv, camera, lcc):
    party = register(lcc, until=today() + timedelta(days=10))
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party, ends_on=today() + timedelta(days=11))
    assert "vóór het einde van de inzet" in refused.value.field_errors["ends_on"]
    assert consent(nctv, camera, party, ends_on=today() + timedelta(days=10)).ends_on == today() + timedelta(days=10)


@pytest.mark.parametrize("code", ["om-den-haag", "gemeente-gm0518", "nctv", "lcc"])
def test_only_a_police_unit_or_the_kmar_directs_a_party(nctv, camera, party, code):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party, directing_unit=org(code))
    assert set(refused.value.field_errors) == {"directing_unit"}
    assert "politie of de KMar" in refused.value.field_errors["directing_unit"]


def test_consent_without_motivation_is_refused(nctv, camera, party):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party, consent_motivation="   ")
    assert set(refused.value.field_errors) == {"consent_motivation"}
    assert "instemming" in refused.value.field_errors["consent_motivation"]


def test_every_missing_input_is_named(nctv, camera):
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        services.assign_private_party(
            nctv, camera, party=None, directing_unit=None, task="", starts_on=None, consent_motivation=""
        )
    assert set(refused.value.field_errors) == {"party", "directing_unit", "task", "starts_on", "consent_motivation"}


def test_no_consent_backwards_in_time_and_the_end_after_the_start(nctv, camera, party):
    with Unchanged(), pytest.raises(InvalidInput) as backwards:
        consent(nctv, camera, party, starts_on=today() - timedelta(days=1))
    assert set(backwards.value.field_errors) == {"starts_on"}
    with Unchanged(), pytest.raises(InvalidInput) as reversed_:
        consent(nctv, camera, party, ends_on=today())
    assert set(reversed_.value.field_errors) == {"ends_on"}


def test_a_phased_out_measure_gets_no_party(nctv, camera, party):
    measures.phase_out_measure(nctv, camera, motivation="Dreiging voorbij")
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party)
    assert "afgebouwd" in refused.value.field_errors["measure"]


def test_the_same_party_is_not_deployed_twice_on_one_measure(nctv, camera, party):
    consent(nctv, camera, party)
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        consent(nctv, camera, party)
    assert "al" in refused.value.field_errors["party"]


@pytest.mark.parametrize("role", [Role.LCC_COORDINATOR, Role.ADVISER_BB, Role.KMAR_OFFICER])
def test_the_executing_side_sees_the_person_but_cannot_consent(make_user, camera, party, role):
    with Unchanged(), pytest.raises(NotAllowed):
        consent(make_user(role), camera, party)


@pytest.mark.parametrize(("role", "org_code"), [(Role.MAYOR, None), (Role.HOVJ, "om-amsterdam")])
def test_a_mayor_or_an_hovj_elsewhere_does_not_even_see_the_person(make_user, camera, party, role, org_code):
    with Unchanged(), pytest.raises(NotFound):
        consent(make_user(role, org_code), camera, party)


@pytest.fixture
def local_case(make_user, nctv, hovj):
    """Registered by the NCTV (so it sees the person) but under the HOvJ's local authority."""
    person = registry.register_person(
        nctv,
        given_names="Johan",
        surname="Visser",
        date_of_birth=today().replace(year=1970),
        home=address(number=5),
        reason="melding",
    )
    registry.assign_authority(hovj, person, basis="lokaal_domein", reason="bedreigd wethouder")
    return person, decide(hovj, person, "alarm", "beide")


def test_only_the_current_authority_consents(make_user, nctv, hovj, local_case, party):
    _person, alarm = local_case
    with Unchanged(), pytest.raises(NotAllowed) as refused:
        consent(nctv, alarm, party)
    assert "§1.3" in refused.value.detail
    with Unchanged(), pytest.raises(NotFound):
        consent(make_user(Role.HOVJ, "om-amsterdam"), alarm, party)
    assert consent(hovj, alarm, party).authority.code == "om-den-haag"


# --- ending ----------------------------------------------------------------------------------------------------------


def test_the_authority_ends_a_deployment_in_one_journal_entry(nctv, stelsel_person, camera, party):
    assignment = consent(nctv, camera, party)
    before = JournalEntry.objects.count()
    ended = services.end_private_assignment(nctv, assignment, "Capaciteit van de eenheid is weer op orde.")
    assert JournalEntry.objects.count() == before + 1
    entry = JournalEntry.objects.latest("seq")
    assert ended.ended_by_id == entry.pk
    assert ended.ended_at is not None
    assert ended.end_motivation == "Capaciteit van de eenheid is weer op orde."
    assert entry.action == "lcc.private_assignment_ended"
    assert entry.subjects == [{"type": "person", "id": stelsel_person.pk}, {"type": "private_party", "id": party.pk}]
    assert _rules(entry) == {("R47", "§1.3")}
    assert entry.policy_version == version_on(today()).key
    with Unchanged(), pytest.raises(Conflict):
        services.end_private_assignment(nctv, ended, "Nogmaals")
    # Ended, the same party may be deployed again on the measure.
    assert consent(nctv, camera, party).is_open


def test_ending_needs_a_motivation_and_the_authority(nctv, make_user, camera, party):
    assignment = consent(nctv, camera, party)
    with Unchanged(), pytest.raises(InvalidInput) as refused:
        services.end_private_assignment(nctv, assignment, "")
    assert set(refused.value.field_errors) == {"motivation"}
    with Unchanged(), pytest.raises(NotAllowed):
        services.end_private_assignment(make_user(Role.LCC_COORDINATOR), assignment, "Wij stoppen")
    with Unchanged(), pytest.raises(NotFound):
        services.end_private_assignment(make_user(Role.HOVJ), assignment, "Wij stoppen")


# --- who sees deployments ----------------------------------------------------------------------------------------


def test_deployments_are_seen_only_through_the_person(make_user, nctv, stelsel_person, camera, party):
    assignment = consent(nctv, camera, party)
    for role in (Role.NCTV_OFFICER, Role.LCC_COORDINATOR, Role.KMAR_OFFICER, Role.ADVISER_BB, Role.INSPECTOR):
        assert queries.assignments_for(make_user(role), stelsel_person) == [assignment]
    # The RCCB sees the person but has no business with private parties; the HOvJ does not see a stelsel person.
    for role in (Role.RCCB, Role.HOVJ, Role.MAYOR, Role.PROTECTED_PERSON):
        assert queries.assignments_for(make_user(role), stelsel_person) == []
    with pytest.raises(NotFound):
        queries.assignment_for(make_user(Role.HOVJ), assignment.pk)
