"""Registering for events: places, the waiting list, cancelling, attendance, notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import services
from events.choices import RegistrationStatus
from events.models import Registration
from events.tasks import send_event_reminders
from notifications.choices import Kind
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def notices(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_a_member_takes_a_place_and_is_told():
    event = EventFactory(capacity=2, title="Hydrogen valleys workshop")
    user = UserFactory()

    registration = services.register(user=user, event=event)

    assert registration.status == RegistrationStatus.CONFIRMED
    [notice] = notices(user, Kind.EVENT_REGISTRATION)
    assert "You are registered for “Hydrogen valleys workshop”" in notice.message
    assert notice.url == event.get_absolute_url()


def test_when_full_the_next_ones_wait_in_order_and_the_first_moves_up_on_a_cancellation():
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    services.register(user=first, event=event)
    waiting = services.register(user=second, event=event)
    services.register(user=third, event=event)

    assert waiting.status == RegistrationStatus.WAITING
    assert "waiting list, number 1" in notices(second, Kind.EVENT_REGISTRATION)[0].message
    assert "number 2" in notices(third, Kind.EVENT_REGISTRATION)[0].message

    services.cancel_registration(user=first, event=event)

    statuses = dict(event.registrations.values_list("user", "status"))
    assert statuses == {
        first.pk: RegistrationStatus.CANCELLED,
        second.pk: RegistrationStatus.CONFIRMED,
        third.pk: RegistrationStatus.WAITING,
    }
    [moved] = notices(second, Kind.EVENT_MOVED_UP)
    assert "you are now registered" in moved.message
    assert notices(third, Kind.EVENT_MOVED_UP) == []


def test_more_places_move_the_waiting_list_up(moderator):
    event = EventFactory(capacity=1)
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.register(user=user, event=event)

    services.update_event(user=moderator, event=event, capacity=2)

    assert event.registrations.confirmed().count() == 2
    assert len(notices(users[1], Kind.EVENT_MOVED_UP)) == 1
    assert notices(users[2], Kind.EVENT_MOVED_UP) == []


def test_registering_twice_is_refused_but_again_after_cancelling_goes_to_the_end_of_the_queue():
    event = EventFactory(capacity=1)
    user, other = UserFactory(), UserFactory()
    services.register(user=user, event=event)
    with pytest.raises(ValidationError, match="already registered"):
        services.register(user=user, event=event)

    services.cancel_registration(user=user, event=event)
    services.register(user=other, event=event)
    again = services.register(user=user, event=event)

    assert again.status == RegistrationStatus.WAITING
    assert Registration.objects.filter(event=event, user=user).count() == 1
    assert len(notices(user, Kind.EVENT_REGISTRATION)) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cancelled_at": timezone.now()}, "cancelled"),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)},
            "Registration for this event is closed",
        ),
        (
            {"registration_opens_at": timezone.now() + datetime.timedelta(days=1)},
            "Registration for this event is closed",
        ),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=1),
                "ends_at": timezone.now() + datetime.timedelta(hours=1),
            },
            "Registration for this event is closed",
        ),
    ],
)
def test_no_registration_outside_the_window_or_for_a_cancelled_event(changes, message):
    event = EventFactory(**changes)

    with pytest.raises(ValidationError, match=message):
        services.register(user=UserFactory(), event=event)

    assert not event.registrations.exists()


def test_cancelling_without_a_registration_or_after_the_event_is_refused():
    event = EventFactory()
    with pytest.raises(ValidationError, match="not registered"):
        services.cancel_registration(user=UserFactory(), event=event)

    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    registration = RegistrationFactory(event=past)
    with pytest.raises(ValidationError, match="over"):
        services.cancel_registration(user=registration.user, event=past)


def test_cancelling_an_event_tells_everyone_registered_or_waiting(moderator):
    event = EventFactory(capacity=1)
    registered, waiting, cancelled = UserFactory(), UserFactory(), UserFactory()
    services.register(user=cancelled, event=event)
    services.cancel_registration(user=cancelled, event=event)
    services.register(user=registered, event=event)
    services.register(user=waiting, event=event)

    with pytest.raises(ValidationError):
        services.cancel_event(user=moderator, event=event, reason="  ")
    services.cancel_event(user=moderator, event=event, reason="The venue is closed.")

    event.refresh_from_db()
    assert event.is_cancelled
    told = {n.recipient for n in Notification.objects.filter(kind=Kind.EVENT_CANCELLED)}
    assert told == {registered, waiting}
    assert "The venue is closed." in notices(waiting, Kind.EVENT_CANCELLED)[0].message
    with pytest.raises(ValidationError, match="cancelled"):
        services.update_event(user=moderator, event=event, title="Again")


def test_attendance_is_marked_by_the_organisers_after_the_start(moderator, member):
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    came, absent = RegistrationFactory(event=event), RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)

    with pytest.raises(PermissionDenied):
        services.mark_attendance(user=member, event=event, attended=[came.pk])
    with pytest.raises(ValidationError, match="registered participants"):
        services.mark_attendance(user=moderator, event=event, attended=[waiting.pk])
    services.mark_attendance(user=moderator, event=event, attended=[came.pk])

    came.refresh_from_db()
    absent.refresh_from_db()
    waiting.refresh_from_db()
    assert (came.attended, absent.attended, waiting.attended) == (True, False, None)


def test_attendance_waits_for_the_start(moderator):
    event = EventFactory()
    registration = RegistrationFactory(event=event)

    with pytest.raises(ValidationError, match="started"):
        services.mark_attendance(user=moderator, event=event, attended=[registration.pk])


def test_reminders_come_a_week_and_a_day_before_once_each():
    now = timezone.now()
    in_five_days = EventFactory(starts_at=now + datetime.timedelta(days=5))
    in_twenty_hours = EventFactory(starts_at=now + datetime.timedelta(hours=20))
    far = EventFactory(starts_at=now + datetime.timedelta(days=20))
    cancelled = EventFactory(starts_at=now + datetime.timedelta(days=2), cancelled_at=now)
    user = UserFactory()
    for event in (in_five_days, in_twenty_hours, far, cancelled):
        RegistrationFactory(event=event, user=user)
    RegistrationFactory(event=in_five_days, status=RegistrationStatus.WAITING)

    assert services.send_event_reminders(now=now) == 2
    assert services.send_event_reminders(now=now) == 0
    # Four days later the first event is a day away: its second reminder.
    assert services.send_event_reminders(now=now + datetime.timedelta(days=4, hours=1)) == 1

    reminders = Notification.objects.filter(kind=Kind.EVENT_REMINDER)
    assert sorted(n.subject_id for n in reminders) == sorted(
        [in_five_days.pk, in_five_days.pk, in_twenty_hours.pk]
    )
    assert {n.recipient for n in reminders} == {user}


def test_the_hourly_task_sends_the_reminders():
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=2))
    RegistrationFactory(event=event)

    assert send_event_reminders.delay().get() == 1
