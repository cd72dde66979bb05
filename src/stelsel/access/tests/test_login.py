"""Login with password and TOTP, lockout after repeated failures, and session lifetimes."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone

from stelsel.access.middleware import SESSION_STARTED_KEY
from stelsel.conftest import TEST_PASSWORD, current_code

pytestmark = pytest.mark.django_db


def login(client, user, password=TEST_PASSWORD, code=None):
    return client.post(
        "/aanmelden/",
        {"username": user.username, "password": password, "otp_token": code or current_code(user)},
    )


def test_password_and_current_code_log_in_with_a_verified_second_factor(rccb):
    client = Client()
    response = login(client, rccb)
    assert response.status_code == 302
    assert client.get("/personen/").status_code == 200
    assert client.get("/api/v1/persons/").status_code == 200


def test_a_wrong_code_does_not_log_in_and_says_why_in_dutch(rccb):
    client = Client()
    response = login(client, rccb, code="000000" if current_code(rccb) != "000000" else "111111")
    assert response.status_code == 400
    assert "Aanmelden mislukt" in response.content.decode()
    assert client.get("/personen/").status_code == 302


def test_a_malformed_code_is_named(rccb):
    response = login(Client(), rccb, code="12")
    assert "De code heeft 6 cijfers." in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password_later(rccb):
    client = Client()
    for _ in range(3):
        login(client, rccb, password="fout-wachtwoord")
    response = login(client, rccb)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert client.get("/personen/").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_wrong_second_factors_count_towards_the_lockout(rccb):
    client = Client()
    wrong = "000000" if current_code(rccb) != "000000" else "111111"
    for _ in range(2):
        login(client, rccb, code=wrong)
    assert login(client, rccb).status_code == 429


def test_a_session_ends_after_the_idle_limit_and_each_request_renews_it(rccb, settings):
    client = Client()
    login(client, rccb)
    assert client.get("/personen/").status_code == 200
    stored = Session.objects.get(session_key=client.session.session_key)
    remaining = (stored.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_IDLE_SECONDS == 15 * 60
    assert settings.SESSION_IDLE_SECONDS - 60 < remaining <= settings.SESSION_IDLE_SECONDS
    # Fifteen idle minutes later the server no longer knows the session.
    Session.objects.filter(pk=stored.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/personen/").status_code == 302


def test_a_session_ends_after_the_absolute_maximum(rccb, settings):
    client = Client()
    login(client, rccb)
    assert client.get("/personen/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get("/personen/").status_code == 302


def test_logout_ends_the_session(rccb):
    client = Client()
    login(client, rccb)
    client.post("/afmelden/")
    assert client.get("/personen/").status_code == 302
