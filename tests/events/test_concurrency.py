"""Concurrent registrations never overbook an event, concurrent acceptances never
double-book a table or a person (PostgreSQL only)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.choices import EventKind, MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration
from tests.accounts.factories import UserFactory
from tests.concurrency import run_at_once
from tests.events.factories import EventFactory, RegistrationFactory

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


def matchmaking(slots, tables):
    start = timezone.now() + datetime.timedelta(days=3)
    return EventFactory(
        kind=EventKind.MATCHMAKING,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30 * slots),
        meeting_minutes=30,
        meeting_tables=tables,
    )


@pytest.mark.parametrize(
    ("tables", "pairs"),
    [
        # Two meetings for the one table of the one slot.
        (1, [(0, 1), (2, 3)]),
        # Two tables, but one person in both meetings.
        (2, [(0, 1), (2, 0)]),
    ],
)
def test_acceptances_at_once_never_double_book_a_table_or_a_person(tables, pairs):
    event = matchmaking(slots=1, tables=tables)
    users = [RegistrationFactory(event=event).user for _ in range(4)]
    requests = [
        services.request_meeting(user=users[a], event=event, invitee=users[b]) for a, b in pairs
    ]

    outcomes = run_at_once(
        *(lambda r=r: services.accept_meeting(user=r.invitee, meeting_id=r.pk) for r in requests)
    )

    booked = [o for o in outcomes if isinstance(o, Meeting)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(booked), len(refused)) == (1, 1), outcomes
    assert "No slot is left" in refused[0].messages[0]
    assert Meeting.objects.filter(status=MeetingStatus.ACCEPTED).count() == 1
