"""The journal chain verifies, and every kind of tampering is detected and named."""

import itertools
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from stelsel.core import journal
from stelsel.core.appendonly import allow_purge_on
from stelsel.core.hashing import entry_content, hash_content
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry, JournalSubject

pytestmark = pytest.mark.django_db


@contextmanager
def triggers_disabled():
    """What an attacker with database owner rights can do: switch the append-only triggers off."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # superuser: triggers no longer fire
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name LIKE 'core_journal%'")
            saved = cursor.fetchall()
            for name, _ in saved:
                cursor.execute(f"DROP TRIGGER {name}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for _, sql in saved:
                    cursor.execute(sql)


@pytest.fixture
def chain(make_person):
    """A few real entries written by services."""
    make_person("Anna")
    make_person("Bram", home=None)
    make_person("Cor")
    return list(JournalEntry.objects.order_by("seq"))


def test_an_untouched_chain_verifies_and_reports_its_head(chain):
    result = verify_chain()
    assert result.ok, result.problem
    assert result.count == JournalEntry.objects.count()
    assert result.head_hash == chain[-1].hash


def test_entries_link_each_to_the_previous_hash(chain):
    for previous, entry in itertools.pairwise(chain):
        assert entry.prev_hash == previous.hash
        assert entry.seq == previous.seq + 1


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(nctv):
    with pytest.raises(RuntimeError, match="transactie"):
        journal.record(actor=nctv, action="x", subjects=[], reason="r", policy_version="v")


def test_record_refuses_an_entry_without_reason(nctv):
    with transaction.atomic(), pytest.raises(ValueError, match="reden"):
        journal.record(actor=nctv, action="x", subjects=[], reason="  ", policy_version="v")


def test_a_changed_payload_is_detected_and_named(chain):
    target = chain[-2]
    with triggers_disabled():
        JournalEntry.objects.filter(pk=target.pk).update(payload={"name": "Iemand anders"})
    result = verify_chain()
    assert not result.ok
    assert result.bad_seq == target.seq
    assert "gewijzigd" in result.problem


def test_a_changed_reason_is_detected(chain):
    with triggers_disabled():
        JournalEntry.objects.filter(pk=chain[0].pk).update(reason="andere reden")
    assert verify_chain().bad_seq == chain[0].seq


def test_a_removed_entry_is_detected(chain):
    middle = chain[len(chain) // 2]
    with triggers_disabled():
        JournalSubject.objects.filter(entry=middle).delete()
        JournalEntry.objects.filter(pk=middle.pk).delete()
    result = verify_chain()
    assert not result.ok
    assert result.bad_seq == middle.seq
    assert "ontbreekt" in result.problem


def test_a_removed_last_entry_is_detected_through_the_head(chain):
    last = chain[-1]
    with triggers_disabled():
        JournalSubject.objects.filter(entry=last).delete()
        JournalEntry.objects.filter(pk=last.pk).delete()
    result = verify_chain()
    assert not result.ok
    assert "kop" in result.problem


def test_an_inserted_entry_is_detected(chain):
    # Insert a forged entry between two others, shifting the sequence numbers after it.
    position = chain[1]
    with triggers_disabled():
        for entry in reversed(chain[1:]):
            JournalEntry.objects.filter(pk=entry.pk).update(seq=entry.seq + 1)
        forged_fields = {
            "seq": position.seq,
            "recorded_at": position.recorded_at,
            "actor_id": None,
            "actor_label": "indringer",
            "organisation_id": None,
            "organisation_label": "",
            "action": "person.registered",
            "subjects": [],
            "payload": {},
            "reason": "vervalst",
            "policy_version": "x",
            "prev_hash": chain[0].hash,
        }
        JournalEntry.objects.create(hash=hash_content(entry_content(**forged_fields)), **forged_fields)
    result = verify_chain()
    assert not result.ok
    assert result.bad_seq == position.seq + 1
    assert "vorige hash" in result.problem


def test_a_chain_recomputed_from_scratch_is_caught_by_the_earlier_head(chain):
    anchor = (chain[-1].seq, chain[-1].hash)
    with triggers_disabled():
        # Change the first entry and rehash every entry after it, so the chain is internally consistent.
        prev = "0" * 64
        for entry in JournalEntry.objects.order_by("seq"):
            entry.reason = "herschreven" if entry.seq == 1 else entry.reason
            entry.prev_hash = prev
            entry.hash = hash_content(journal.content_of(entry))
            JournalEntry.objects.filter(pk=entry.pk).update(reason=entry.reason, prev_hash=prev, hash=entry.hash)
            prev = entry.hash
        connection.cursor().execute("UPDATE core_journalhead SET hash = %s", [prev])
    assert verify_chain().ok  # consistent on its own...
    result = verify_chain(anchor)
    assert not result.ok  # ...but it no longer extends the head the operator kept
    assert result.bad_seq == anchor[0]
    assert "ankerpunt" in result.problem


def test_an_anchor_beyond_the_chain_is_reported(chain):
    result = verify_chain((chain[-1].seq + 5, "a" * 64))
    assert not result.ok
    assert "komt niet meer" in result.problem


def test_a_changed_subject_index_is_detected(chain):
    target = next(entry for entry in chain if entry.subjects)
    with triggers_disabled():
        JournalSubject.objects.filter(entry=target).update(subject_id=999999)
    result = verify_chain()
    assert result.bad_seq == target.seq
    assert "betrokkenen" in result.problem


def test_the_database_refuses_to_update_a_journal_entry(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=chain[0].pk).update(reason="stil gewijzigd")
    assert JournalEntry.objects.get(pk=chain[0].pk).reason == chain[0].reason


def test_the_database_refuses_to_delete_a_journal_entry_in_production_mode(chain):
    target = next(entry for entry in chain if entry.subjects)
    allow_purge_on(connection, False)
    try:
        with pytest.raises(DatabaseError), transaction.atomic():
            JournalSubject.objects.filter(entry=target).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            connection.cursor().execute("DELETE FROM core_journalentry WHERE id = %s", [target.pk])
    finally:
        allow_purge_on(connection, True)
    assert JournalSubject.objects.filter(entry=target).exists()
    assert JournalEntry.objects.filter(pk=target.pk).exists()


# Emptying a whole table: PostgreSQL's TRUNCATE, and SQLite's unqualified DELETE (its "truncate optimisation").
EMPTY_TABLE = {"postgresql": "TRUNCATE {table}", "sqlite": "DELETE FROM {table}"}


@pytest.mark.parametrize("table", ["core_journalsubject", "core_journalentry"])
def test_the_database_refuses_to_empty_the_journal_in_production_mode(chain, table):
    allow_purge_on(connection, False)
    try:
        with pytest.raises(DatabaseError), transaction.atomic():
            connection.cursor().execute(EMPTY_TABLE[connection.vendor].format(table=table))
    finally:
        allow_purge_on(connection, True)
    assert JournalEntry.objects.count() == len(chain)


def test_verify_journal_command_prints_count_and_head(chain, capsys):
    call_command("verify_journal")
    out = capsys.readouterr().out
    assert f"{len(chain)} regels" in out
    assert f"{chain[-1].seq}:{chain[-1].hash}" in out


def test_verify_journal_command_fails_naming_the_first_bad_entry(chain):
    with triggers_disabled():
        JournalEntry.objects.filter(pk=chain[1].pk).update(action="iets anders")
    with pytest.raises(CommandError, match=f"eerste foute regel {chain[1].seq}"):
        call_command("verify_journal")


def test_verify_journal_command_accepts_a_kept_anchor_and_rejects_a_wrong_one(chain):
    call_command("verify_journal", anchor=f"{chain[0].seq}:{chain[0].hash}")
    with pytest.raises(CommandError, match="ankerpunt"):
        call_command("verify_journal", anchor=f"{chain[0].seq}:{'f' * 64}")
    with pytest.raises(CommandError, match="VOLGNUMMER:HASH"):
        call_command("verify_journal", anchor="nonsense")
