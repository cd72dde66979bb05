from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from stelsel.access.models import User
from stelsel.demo import DEMO_PASSWORD, create_demo_data, demo_logins


class Command(BaseCommand):
    help = "Migreert, laadt demogegevens (eenmalig), drukt de demo-aanmeldgegevens af en start de server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="niet serveren, alleen opzetten")
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        if User.objects.exists():
            self.stdout.write("Demogegevens bestaan al; ze worden niet opnieuw aangemaakt.")
        else:
            create_demo_data()
            self.stdout.write("Demogegevens aangemaakt.")
        self.stdout.write(f"\nDemo-aanmeldgegevens (wachtwoord voor iedereen: {DEMO_PASSWORD})")
        self.stdout.write("Tweede factor: voeg de otpauth-URL toe aan een authenticator-app, of vraag de code")
        self.stdout.write("op met: stelsel totp GEBRUIKERSNAAM (alleen in demomodus).\n")
        for username, role, organisation, url in demo_logins():
            self.stdout.write(f"  {username:<22} {role:<40} {organisation}")
            self.stdout.write(f"  {'':<22} {url}")
        if not options["no_serve"]:
            self.stdout.write(f"\nStelsel draait op http://{options['addr']}/  (stoppen: Ctrl+C)")
            call_command("runserver", options["addr"], use_reloader=False)
