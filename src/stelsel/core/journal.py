"""Writing to and verifying the journal. `record` is called by every service inside its transaction."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import QuerySet

from stelsel.core.hashing import GENESIS_HASH, entry_content, hash_content
from stelsel.core.models import JournalEntry, JournalHead, JournalSubject
from stelsel.core.timeutil import now

if TYPE_CHECKING:
    from stelsel.access.models import User


class Subject(Protocol):
    """Anything with a journal subject type and an id (persons, objects, cases...)."""

    pk: Any
    journal_subject_type: str


def subject_ref(subject: Subject) -> dict[str, Any]:
    return {"type": subject.journal_subject_type, "id": int(subject.pk)}


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    # Dates, decimals and UUIDs become strings once, so the stored JSON and the hashed JSON are identical.
    result: dict[str, Any] = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return result


def _label_of(actor: "User | None") -> str:
    if actor is None:
        return "systeem"
    return actor.get_full_name() or actor.get_username()


def record(
    *,
    actor: "User | None",
    action: str,
    subjects: Iterable[Subject],
    reason: str,
    policy_version: str,
    payload: dict[str, Any] | None = None,
) -> JournalEntry:
    """Append one entry. Must run inside the service's transaction, so the change and its entry commit together."""
    if not connection.in_atomic_block:
        raise RuntimeError("journal.record moet binnen de transactie van een service worden aangeroepen.")
    if not reason.strip():
        raise ValueError("Een journaalregel heeft altijd een reden.")
    head, _ = JournalHead.objects.select_for_update().get_or_create(id=1)
    refs = [subject_ref(s) for s in subjects]
    organisation = getattr(actor, "organisation", None) if actor else None
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        # Microsecond precision in UTC so the value read back from any database hashes the same.
        "recorded_at": now().astimezone(UTC),
        "actor_id": actor.pk if actor else None,
        "actor_label": _label_of(actor),
        "organisation_id": organisation.pk if organisation else None,
        "organisation_label": organisation.name if organisation else "",
        "action": action,
        "subjects": refs,
        "payload": _plain(payload or {}),
        "reason": reason,
        "policy_version": policy_version,
        "prev_hash": head.hash or GENESIS_HASH,
    }
    digest = hash_content(entry_content(**fields))
    entry = JournalEntry.objects.create(hash=digest, **fields)
    JournalSubject.objects.bulk_create(
        JournalSubject(entry=entry, subject_type=ref["type"], subject_id=ref["id"]) for ref in refs
    )
    head.seq, head.hash = entry.seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry


def content_of(entry: JournalEntry) -> dict[str, Any]:
    return entry_content(
        seq=entry.seq,
        recorded_at=entry.recorded_at.astimezone(UTC),
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        organisation_id=entry.organisation_id,
        organisation_label=entry.organisation_label,
        action=entry.action,
        subjects=entry.subjects,
        payload=entry.payload,
        reason=entry.reason,
        policy_version=entry.policy_version,
        prev_hash=entry.prev_hash,
    )


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    problem: str = ""
    bad_seq: int | None = None


def _entries_in_order(batch: int = 2000) -> Iterator[JournalEntry]:
    yield from JournalEntry.objects.order_by("seq").iterator(chunk_size=batch)


def _links_by_entry() -> dict[int, list[tuple[str, int]]]:
    links: dict[int, list[tuple[str, int]]] = {}
    for entry_id, subject_type, subject_id in JournalSubject.objects.values_list(
        "entry_id", "subject_type", "subject_id"
    ).iterator(chunk_size=5000):
        links.setdefault(entry_id, []).append((subject_type, subject_id))
    return links


def verify_chain(anchor: tuple[int, str] | None = None) -> Verification:
    """Recompute the chain from the start. `anchor` is an earlier (seq, hash) head the chain must still extend."""
    links = _links_by_entry()
    prev_hash, expected_seq, count, anchor_seen = GENESIS_HASH, 1, 0, anchor is None

    def fail(seq: int, problem: str) -> Verification:
        return Verification(False, count, expected_seq - 1, prev_hash, problem, seq)

    for entry in _entries_in_order():
        if entry.seq != expected_seq:
            what = "ontbreekt" if entry.seq > expected_seq else "staat dubbel of buiten volgorde"
            return fail(expected_seq, f"regel {expected_seq} {what} (gevonden: {entry.seq})")
        if entry.prev_hash != prev_hash:
            return fail(entry.seq, f"regel {entry.seq}: vorige hash klopt niet; een regel is verwijderd of ingevoegd")
        if hash_content(content_of(entry)) != entry.hash:
            return fail(entry.seq, f"regel {entry.seq}: inhoud is gewijzigd (hash klopt niet)")
        expected_links = sorted((ref["type"], int(ref["id"])) for ref in entry.subjects)
        if sorted(links.get(entry.pk, [])) != expected_links:
            return fail(entry.seq, f"regel {entry.seq}: de index van betrokkenen is gewijzigd")
        if anchor is not None and entry.seq == anchor[0]:
            if entry.hash != anchor[1]:
                return fail(entry.seq, f"regel {entry.seq}: hash wijkt af van het eerder bewaarde ankerpunt")
            anchor_seen = True
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    if anchor is not None and not anchor_seen:
        return fail(anchor[0], f"het ankerpunt {anchor[0]} komt niet meer in de keten voor")
    head = JournalHead.objects.filter(id=1).first()
    if head is not None and (head.seq, head.hash or GENESIS_HASH) != (count, prev_hash):
        return fail(count + 1, "de kop van het journaal wijst niet naar de laatste regel; regels zijn verwijderd")
    return Verification(True, count, count, prev_hash)


def entries_for_subject(subject_type: str, subject_id: int) -> QuerySet[JournalEntry]:
    return (
        JournalEntry.objects.filter(subject_links__subject_type=subject_type, subject_links__subject_id=subject_id)
        .select_related("actor", "organisation")
        .order_by("-seq")
    )
