from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stelsel.core.journal import verify_chain


def parse_anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError("Ankerpunt moet de vorm VOLGNUMMER:HASH hebben, zoals verify-journal het afdrukt.")
    return int(seq), digest.lower()


class Command(BaseCommand):
    help = "Controleert de hashketen van het journaal; met --anchor ook dat de keten een eerder hoofd voortzet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", help="eerder bewaard hoofd, als VOLGNUMMER:HASH")

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = parse_anchor(options["anchor"]) if options["anchor"] else None
        result = verify_chain(anchor)
        if not result.ok:
            raise CommandError(f"Journaal NIET intact: eerste foute regel {result.bad_seq}: {result.problem}")
        self.stdout.write(f"Journaal intact: {result.count} regels; hoofd {result.head_seq}:{result.head_hash}")
        self.stdout.write("Bewaar dit hoofd buiten het systeem en geef het later mee met --anchor.")
