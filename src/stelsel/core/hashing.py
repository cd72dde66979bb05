"""Canonical serialisation and hashing of journal entries (SHA-256)."""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_content(
    *,
    seq: int,
    recorded_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    organisation_label: str,
    action: str,
    subjects: list[dict[str, Any]],
    payload: dict[str, Any],
    reason: str,
    policy_version: str,
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "recorded_at": recorded_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organisation_id": organisation_id,
        "organisation_label": organisation_label,
        "action": action,
        "subjects": subjects,
        "payload": payload,
        "reason": reason,
        "policy_version": policy_version,
        "prev_hash": prev_hash,
    }


def hash_content(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
