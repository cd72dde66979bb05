from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from stelsel.access.models import User

FAILED = "Aanmelden mislukt: gebruikersnaam, wachtwoord of code uit de authenticator-app klopt niet."


class LoginForm(forms.Form):
    username = forms.CharField(label="Gebruikersnaam", max_length=150)
    password = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput)
    otp_token = forms.CharField(
        label="Code uit de authenticator-app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"min_length": "De code heeft 6 cijfers.", "max_length": "De code heeft 6 cijfers."},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.device: TOTPDevice | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        user = authenticate(self.request, username=data["username"], password=data["password"])
        if user is None:
            raise forms.ValidationError(FAILED)
        device = next(
            (d for d in TOTPDevice.objects.devices_for_user(user, confirmed=True) if d.verify_token(data["otp_token"])),
            None,
        )
        if device is None:
            # A wrong second factor counts as a failed login for the lockout, like a wrong password.
            user_login_failed.send(sender=__name__, credentials={"username": data["username"]}, request=self.request)
            raise forms.ValidationError(FAILED)
        self.user, self.device = user, device
        return data
