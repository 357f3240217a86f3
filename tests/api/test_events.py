"""Events and one's own registrations through the API, with the pages' rules."""

import datetime

import pytest
from django.utils import timezone

from events.choices import Audience, EventKind, RegistrationStatus
from events.models import Event, Registration
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.regions.factories import representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

from .conftest import token_client

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_visible_events_without_their_online_links(anon):
    event = EventFactory(title="Webinar", online_url="https://meet.example.eu/room", capacity=5)
    RegistrationFactory(event=event)
    EventFactory(is_hidden=True)
    EventFactory(area=AreaFactory(status=AreaStatus.PROPOSED))

    body = anon.get("/api/v1/events/").json()

    [row] = body["results"]
    assert row["slug"] == event.slug
    assert (row["is_online"], row["online_url"]) == (True, None)
    assert (row["capacity"], row["registered"], row["waiting"]) == (5, 1, 0)
    assert row["page"] == event.get_absolute_url()


def test_a_registered_participant_reads_the_online_link():
    event = EventFactory(online_url="https://meet.example.eu/room")
    registration = RegistrationFactory(event=event)

    row = token_client(registration.user).get(f"/api/v1/events/{event.slug}/").json()

    assert row["online_url"] == "https://meet.example.eu/room"


def test_register_list_and_cancel_through_the_api():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    first_api, second_api = token_client(first), token_client(second)

    created = first_api.post("/api/v1/event-registrations/", {"event": event.slug}, format="json")
    waiting = second_api.post("/api/v1/event-registrations/", {"event": event.slug}, format="json")
    again = first_api.post("/api/v1/event-registrations/", {"event": event.slug}, format="json")

    assert created.status_code == 201 and created.json()["status"] == RegistrationStatus.CONFIRMED
    assert created["Location"] == created.json()["url"]
    assert waiting.json()["status"] == RegistrationStatus.WAITING
    assert again.status_code == 400
    assert [
        r["event"] for r in first_api.get("/api/v1/event-registrations/").json()["results"]
    ] == [event.slug]
    # Nobody reaches another's registration.
    mine = created.json()["id"]
    assert second_api.get(f"/api/v1/event-registrations/{mine}/").status_code == 404
    assert second_api.post(f"/api/v1/event-registrations/{mine}/cancel/").status_code == 404

    cancelled = first_api.post(f"/api/v1/event-registrations/{mine}/cancel/")

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(user=second).status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"event": "no-such-event"}, 400),
        ({"event": "x", "extra": 1}, 400),
        ([], 400),
    ],
)
def test_bad_registrations_are_refused_with_json(member_api, body, status):
    response = member_api.post("/api/v1/event-registrations/", body, format="json")

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert not Registration.objects.exists()


def test_a_hidden_or_closed_event_is_refused(member_api):
    hidden = EventFactory(is_hidden=True)
    committee = EventFactory(area=AreaFactory(), audience=Audience.INVITATION)

    unseen = member_api.post("/api/v1/event-registrations/", {"event": hidden.slug}, format="json")
    refused = member_api.post(
        "/api/v1/event-registrations/", {"event": committee.slug}, format="json"
    )

    assert unseen.status_code == 400
    assert refused.status_code == 403
    assert not Registration.objects.exists()


def test_visitors_cannot_register(anon):
    event = EventFactory()

    assert anon.post("/api/v1/event-registrations/", {"event": event.slug}).status_code in (
        401,
        403,
    )


def test_participants_and_meetings_through_the_api():
    start = timezone.now() + datetime.timedelta(days=5)
    event = EventFactory(
        kind=EventKind.MATCHMAKING, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    ana, ben = (RegistrationFactory(event=event).user for _ in range(2))
    ana_api, ben_api = token_client(ana), token_client(ben)

    people = ana_api.get(f"/api/v1/events/{event.slug}/participants/")
    asked = ana_api.post(
        "/api/v1/meetings/",
        {"event": event.slug, "invitee": ben.pk, "message": "Hi"},
        format="json",
    )
    meeting = asked.json()["id"]
    refused = ana_api.post(f"/api/v1/meetings/{meeting}/accept/")
    accepted = ben_api.post(f"/api/v1/meetings/{meeting}/accept/")

    assert people.status_code == 200 and [p["user"] for p in people.json()] == [ben.pk]
    assert "email" not in people.json()[0]
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["table"]) == ("accepted", 1)
    assert token_client(UserFactory()).get(f"/api/v1/meetings/{meeting}/").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"event": "x", "invitee": 1}, {"invitee": "abc"}, {"invitee": 2**70}, {"invitee": 999999}],
)
def test_bad_meeting_requests_are_refused_with_json(body):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    user = RegistrationFactory(event=event).user

    response = token_client(user).post(
        "/api/v1/meetings/", {"event": event.slug, **body}, format="json"
    )

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")


def test_the_participants_are_hidden_from_those_outside_the_event(member_api):
    event = EventFactory(kind=EventKind.MATCHMAKING)
    RegistrationFactory(event=event)

    assert member_api.get(f"/api/v1/events/{event.slug}/participants/").status_code == 403


def event_body(**changes):
    return {
        "kind": "workshop",
        "title": "Pilot lines workshop",
        "starts_at": "2030-03-10T09:30:00+01:00",
        "ends_at": "2030-03-10T17:00:00+01:00",
        "time_zone": "Europe/Brussels",
        "venue": "Brussels",
        **changes,
    }


def test_a_lead_organises_changes_and_cancels_an_event_through_the_api():
    area = AreaFactory()
    lead_api = token_client(representative_of(area.proposing_region))
    registered = UserFactory()

    created = lead_api.post("/api/v1/events/", event_body(area=area.slug), format="json")
    slug = created.json()["slug"]
    RegistrationFactory(event=Event.objects.get(slug=slug), user=registered)
    changed = lead_api.patch(f"/api/v1/events/{slug}/", {"capacity": 30}, format="json")
    cancelled = lead_api.post(
        f"/api/v1/events/{slug}/cancel/", {"reason": "Strike."}, format="json"
    )

    assert created.status_code == 201, created.content
    assert (created.json()["area"], created.json()["organiser_region"]) == (
        area.slug,
        area.proposing_region.code,
    )
    assert changed.status_code == 200 and changed.json()["capacity"] == 30
    assert cancelled.status_code == 200 and cancelled.json()["cancelled_at"]
    assert Notification.objects.filter(recipient=registered, kind="event_cancelled").exists()


def test_only_organisers_write_events_through_the_api(member_api):
    area = AreaFactory()
    event = EventFactory(area=area)

    assert (
        member_api.post("/api/v1/events/", event_body(area=area.slug), format="json").status_code
        == 403
    )
    assert member_api.post("/api/v1/events/", event_body(), format="json").status_code == 403
    assert (
        member_api.patch(f"/api/v1/events/{event.slug}/", {"title": "x"}, format="json").status_code
        == 403
    )
    assert (
        member_api.post(
            f"/api/v1/events/{event.slug}/cancel/", {"reason": "x"}, format="json"
        ).status_code
        == 403
    )
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2030-03-10T08:00:00+01:00"}, "ends_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"kind": "party"}, "kind"),
        ({"venue": ""}, "venue"),
        ({"capacity": 0}, "capacity"),
        ({"starts_at": "soon"}, "starts_at"),
        ({"venue_region": "ZZ99"}, "venue_region"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_events_are_refused_on_their_field(moderator_api, changes, field):
    response = moderator_api.post("/api/v1/events/", event_body(**changes), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Event.objects.exists()
