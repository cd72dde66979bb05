"""Every view of a person's record, allowed or denied, UI or API, is in the access log with its purpose."""

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from stelsel.access.models import AccessLogEntry
from stelsel.access.roles import Role

pytestmark = pytest.mark.django_db


def test_an_allowed_ui_view_is_logged_with_actor_purpose_and_origin(rccb, make_person, client_for):
    person = make_person()
    assert client_for(rccb).get(f"/personen/{person.pk}/").status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.object_type, entry.object_id) == (rccb, "person", str(person.pk))
    assert entry.result == "toegestaan"
    assert entry.origin == "ui 127.0.0.1"
    assert entry.purpose == "Weging dreiging en spoedmaatregelen (RCCB)"
    assert entry.organisation_label == rccb.organisation.name


def test_a_denied_api_view_is_logged_too(make_user, make_person, client_for):
    person = make_person()
    outsider = make_user(Role.RCCB, org="politie-amsterdam")
    assert client_for(outsider).get(f"/api/v1/persons/{person.pk}/").status_code == 404
    entry = AccessLogEntry.objects.get()
    assert entry.result == "geweigerd"
    assert entry.origin.startswith("api")


def test_a_stated_purpose_is_logged(rccb, make_person, client_for):
    person = make_person()
    client_for(rccb).get(f"/personen/{person.pk}/", {"doel": "Voorbereiding overleg driehoek"})
    assert AccessLogEntry.objects.get().purpose == "Voorbereiding overleg driehoek"


def test_an_anonymous_attempt_is_logged_as_denied(make_person):
    person = make_person()
    Client().get(f"/personen/{person.pk}/")
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.result) == (None, "geweigerd")


def test_listing_persons_is_not_a_view_of_a_record(rccb, make_person, client_for):
    make_person()
    client_for(rccb).get("/personen/")
    assert not AccessLogEntry.objects.exists()


def test_the_access_log_cannot_be_changed(rccb, make_person, client_for):
    person = make_person()
    client_for(rccb).get(f"/personen/{person.pk}/")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.update(result="toegestaan", purpose="verzonnen")
    entry = AccessLogEntry.objects.get()
    with pytest.raises(ValueError, match="alleen aanvullen"):
        entry.save()
