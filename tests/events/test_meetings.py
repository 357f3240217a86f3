"""Bilateral meetings at matchmaking events: profiles, requests, slots, agendas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from events import matching, services
from events.choices import EventKind, MeetingStatus, RegistrationStatus
from events.models import Meeting
from notifications.choices import Kind
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.page_helpers import client_for, text_of
from tests.regions.factories import (
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db


def fair(**kwargs):
    """A matchmaking event of an hour and a half: three slots of 30 minutes."""
    start = (timezone.now() + datetime.timedelta(days=10)).replace(second=0, microsecond=0)
    fields = {
        "kind": EventKind.MATCHMAKING,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(minutes=90),
        "meeting_minutes": 30,
        "meeting_tables": 2,
        **kwargs,
    }
    return EventFactory(**fields)


def participants(event, n):
    return [RegistrationFactory(event=event).user for _ in range(n)]


def agree(event, requester, invitee):
    meeting = services.request_meeting(user=requester, event=event, invitee=invitee)
    return services.accept_meeting(user=invitee, meeting_id=meeting.pk)


def test_an_accepted_meeting_gets_the_first_slot_and_table_and_both_hear_of_it():
    event = fair()
    ana, ben = participants(event, 2)

    meeting = services.request_meeting(user=ana, event=event, invitee=ben, message="Pilot lines?")
    asked = Notification.objects.get(recipient=ben, kind=Kind.MEETING_REQUESTED)
    accepted = services.accept_meeting(user=ben, meeting_id=meeting.pk)

    assert (accepted.starts_at, accepted.table) == (event.starts_at, 1)
    assert asked.url == reverse("events:meeting_agenda", args=[event.slug])
    told = Notification.objects.get(recipient=ana, kind=Kind.MEETING_ANSWERED)
    assert "table 1" in told.message


def test_nobody_and_no_table_is_booked_twice():
    event = fair()  # 3 slots, 2 tables
    ana, ben, cem, dan, eva = participants(event, 5)

    first = agree(event, ana, ben)  # slot 1, table 1
    second = agree(event, cem, dan)  # slot 1, table 2
    third = agree(event, ana, cem)  # both busy in slot 1: slot 2
    fourth = agree(event, eva, ben)  # ben busy in slot 1: slot 2, table 2
    fifth = agree(event, dan, eva)  # eva busy in slot 2: slot 1 is full: slot 3

    slot = event.meeting_slots()
    assert [(m.starts_at, m.table) for m in (first, second, third, fourth, fifth)] == [
        (slot[0], 1),
        (slot[0], 2),
        (slot[1], 1),
        (slot[1], 2),
        (slot[2], 1),
    ]
    accepted = Meeting.objects.filter(status=MeetingStatus.ACCEPTED)
    for user in (ana, ben, cem, dan, eva):
        times = [m.starts_at for m in accepted if user.pk in (m.requester_id, m.invitee_id)]
        assert len(times) == len(set(times))


def test_no_slot_left_refuses_the_acceptance_and_a_cancellation_frees_it():
    event = fair(meeting_tables=1)
    users = participants(event, 8)
    booked = [agree(event, users[i], users[i + 4]) for i in range(3)]
    late = services.request_meeting(user=users[3], event=event, invitee=users[7])

    with pytest.raises(ValidationError, match="No slot is left"):
        services.accept_meeting(user=users[7], meeting_id=late.pk)
    services.cancel_meeting(user=users[0], meeting_id=booked[0].pk)
    accepted = services.accept_meeting(user=users[7], meeting_id=late.pk)

    assert (accepted.starts_at, accepted.table) == (booked[0].starts_at, 1)
    assert Notification.objects.filter(recipient=users[4], kind=Kind.MEETING_ANSWERED).exists()


def test_who_may_ask_and_answer():
    event = fair()
    ana, ben = participants(event, 2)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING).user
    outsider = UserFactory()
    workshop = EventFactory()
    RegistrationFactory(event=workshop, user=ana)
    RegistrationFactory(event=workshop, user=ben)

    for user in (waiting, outsider):
        with pytest.raises(PermissionDenied):
            services.request_meeting(user=user, event=event, invitee=ben)
    with pytest.raises(ValidationError, match="does not take part"):
        services.request_meeting(user=ana, event=event, invitee=waiting)
    with pytest.raises(ValidationError, match="someone else"):
        services.request_meeting(user=ana, event=event, invitee=ana)
    with pytest.raises(PermissionDenied):
        services.request_meeting(user=ana, event=workshop, invitee=ben)

    meeting = services.request_meeting(user=ana, event=event, invitee=ben)
    with pytest.raises(ValidationError, match="already asked for"):
        services.request_meeting(user=ben, event=event, invitee=ana)
    with pytest.raises(PermissionDenied):
        services.accept_meeting(user=ana, meeting_id=meeting.pk)
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(user=outsider, meeting_id=meeting.pk)
    services.decline_meeting(user=ben, meeting_id=meeting.pk, reason="Not my field.")
    with pytest.raises(ValidationError, match="already answered"):
        services.accept_meeting(user=ben, meeting_id=meeting.pk)
    assert (
        "Not my field."
        in Notification.objects.get(recipient=ana, kind=Kind.MEETING_ANSWERED).message
    )


def test_suggestions_put_shared_priorities_first_and_name_them():
    event = fair()
    batteries, hydrogen, textiles = (
        PriorityFactory(name=n) for n in ("Batteries", "Hydrogen", "Textiles")
    )
    mine = RegionFactory()
    for priority in (batteries, hydrogen):
        RegionPriorityFactory(region=mine, priority=priority)
    me = representative_of(mine)
    RegistrationFactory(event=event, user=me, organisation_region=mine)
    close = ClusterFactory()
    close.priorities.set([batteries, hydrogen, textiles])
    far = ClusterFactory()
    far.priorities.set([textiles])
    RegistrationFactory(event=event, organisation_cluster=far)
    near = RegistrationFactory(event=event, organisation_cluster=close)
    RegistrationFactory(event=event)

    people = matching.participants_for(me, event)

    assert people[0].registration == near
    assert {p.pk for p in people[0].shared} == {batteries.pk, hydrogen.pk}
    assert [len(p.shared) for p in people] == [2, 0, 0]


def test_the_profile_is_for_an_organisation_one_represents():
    event = fair()
    region = RegionFactory()
    user = representative_of(region)
    RegistrationFactory(event=event, user=user)

    services.save_meeting_profile(
        user=user, event=event, organisation=region, offers=" Test beds ", seeks="Investors"
    )
    with pytest.raises(PermissionDenied):
        services.save_meeting_profile(
            user=user, event=event, organisation=RegionFactory(), offers="", seeks=""
        )

    registration = event.registrations.get(user=user)
    assert (registration.organisation, registration.offers) == (region, "Test beds")


def test_three_participants_book_two_meetings_and_each_sees_their_agenda():
    event = fair()
    ana, ben, cem = participants(event, 3)
    agree(event, ana, ben)
    agree(event, cem, ana)

    pages = {
        user: text_of(client_for(user).get(reverse("events:meeting_agenda", args=[event.slug])))
        for user in (ana, ben, cem)
    }
    ics = (
        client_for(ana)
        .get(reverse("events:meeting_agenda_ics", args=[event.slug]))
        .content.decode()
    )
    printable = text_of(
        client_for(ben).get(reverse("events:meeting_agenda", args=[event.slug]), {"print": "1"})
    )

    assert str(ben) in pages[ana] and str(cem) in pages[ana]
    assert str(ana) in pages[ben] and str(cem) not in pages[ben]
    assert ics.count("BEGIN:VEVENT") == 2 and "table 1" in ics
    assert str(ana) in printable and "ecl-site-header" not in printable


def test_the_meeting_pages_are_for_participants_only():
    event = fair()
    ana, ben = participants(event, 2)
    outsider = client_for(UserFactory())

    for name, args in (
        ("meeting_people", [event.slug]),
        ("meeting_profile", [event.slug]),
        ("meeting_agenda", [event.slug]),
        ("meeting_agenda_ics", [event.slug]),
        ("meeting_request", [event.slug, ben.pk]),
    ):
        assert outsider.get(reverse(f"events:{name}", args=args)).status_code == 403, name
    people = text_of(client_for(ana).get(reverse("events:meeting_people", args=[event.slug])))
    assert str(ben) in people and ben.email not in people


def test_asking_through_the_pages():
    event = fair()
    ana, ben = participants(event, 2)

    client_for(ana).post(
        reverse("events:meeting_request", args=[event.slug, ben.pk]), {"message": "Hello"}
    )
    meeting = Meeting.objects.get()
    client_for(ben).post(reverse("events:meeting_accept", args=[event.slug, meeting.pk]))

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    assert "A meeting with them is asked for or agreed" in text_of(
        client_for(ana).get(reverse("events:meeting_people", args=[event.slug]))
    )
