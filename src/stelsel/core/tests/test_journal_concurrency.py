"""Concurrent services never fork the chain: appends are serialised by the head-row lock."""

import threading
from datetime import date

import pytest
from django.db import connections

from stelsel.conftest import address
from stelsel.core.journal import verify_chain
from stelsel.core.models import JournalEntry
from stelsel.registry import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_registrations_all_land_in_one_unbroken_chain(rccb):
    before = JournalEntry.objects.count()
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def register(worker: int) -> None:
        try:
            start.wait()
            for i in range(5):
                services.register_person(
                    rccb,
                    given_names=f"W{worker}",
                    surname=f"N{i}",
                    date_of_birth=date(1990, 1, 1),
                    home=address(number=1 + worker * 10 + i),
                    reason="parallel",
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert JournalEntry.objects.count() == before + 20
    result = verify_chain()
    assert result.ok, result.problem
