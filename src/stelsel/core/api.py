from rest_framework import serializers

from stelsel.core.models import JournalEntry


class JournalEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = JournalEntry
        fields = [
            "seq",
            "recorded_at",
            "actor_label",
            "organisation_label",
            "action",
            "subjects",
            "payload",
            "reason",
            "policy_version",
            "prev_hash",
            "hash",
        ]
