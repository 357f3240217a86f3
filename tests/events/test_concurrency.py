"""Concurrent registrations never overbook an event (PostgreSQL only)."""

import pytest

from events import services
from events.choices import RegistrationStatus
from events.models import Registration
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_six_members_registering_at_once_for_two_places_fill_them_and_queue_the_rest():
    event = EventFactory(capacity=2)
    users = [UserFactory() for _ in range(6)]

    outcomes = run_at_once(
        *(lambda user=user: services.register(user=user, event=event) for user in users)
    )

    assert all(isinstance(o, Registration) for o in outcomes), outcomes
    statuses = sorted(event.registrations.values_list("status", flat=True))
    assert statuses == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITING] * 4


def test_cancellations_racing_registrations_keep_the_count_within_the_places():
    event = EventFactory(capacity=2)
    holders = [UserFactory() for _ in range(2)]
    for user in holders:
        services.register(user=user, event=event)
    newcomers = [UserFactory() for _ in range(4)]

    outcomes = run_at_once(
        *(
            lambda user=user: services.cancel_registration(user=user, event=event)
            for user in holders
        ),
        *(lambda user=user: services.register(user=user, event=event) for user in newcomers),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert event.registrations.confirmed().count() == 2
    assert event.registrations.waiting().count() == 2
    assert not event.registrations.confirmed().filter(user__in=holders).exists()
