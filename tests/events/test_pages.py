"""The event pages: list, detail, organising, registering, participants, .ics."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.choices import Audience, EventKind, RegistrationStatus
from events.models import Event, Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.page_helpers import assert_field_error, client_for, text_of
from tests.partnerships.factories import PartnershipFactory
from tests.regions.factories import representative_of
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db

EVENTS = reverse("events:event_list")


def past(**kwargs):
    now = timezone.now()
    return EventFactory(
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=2),
        **kwargs,
    )


def test_the_list_shows_what_is_coming_and_the_past_on_request(client):
    EventFactory(title="Coming workshop")
    past(title="Old workshop")

    coming = text_of(client.get(EVENTS))
    old = text_of(client.get(EVENTS, {"when": "past"}))

    assert "Coming workshop" in coming and "Old workshop" not in coming
    assert "Old workshop" in old and "Coming workshop" not in old


def test_the_list_filters_by_kind_and_area_and_exports_csv(client):
    area = AreaFactory(name="Batteries")
    EventFactory(title="Batteries webinar", kind=EventKind.WEBINAR, area=area)
    EventFactory(title="Other workshop")

    by_area = text_of(client.get(EVENTS, {"area": area.slug}))
    by_kind = text_of(client.get(EVENTS, {"kind": "workshop"}))
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(EVENTS, {"format": "csv", "area": area.slug})
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )

    assert "Batteries webinar" in by_area and "Other workshop" not in by_area
    assert "Other workshop" in by_kind and "Batteries webinar" not in by_kind
    assert [row[1] for row in rows[1:]] == ["Batteries webinar"]


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, rows):
    area = AreaFactory()
    partnership = PartnershipFactory(area=area)
    for n in range(rows):
        EventFactory(area=area, partnership=partnership if n % 2 else None)
    # The count, the rows, and the options of the area and partnership filters.
    with django_assert_max_num_queries(5):
        response = client.get(EVENTS)
    assert response.context["page_obj"].paginator.count == rows


def test_a_visitor_sees_the_event_but_is_asked_to_sign_in_and_never_sees_the_link(client):
    event = EventFactory(online_url="https://meet.example.eu/secret-room")

    page = text_of(client.get(event.get_absolute_url()))

    assert event.title in page
    assert "Sign in to register" in page
    assert "secret-room" not in page


def test_a_member_registers_and_then_sees_the_online_link():
    event = EventFactory(online_url="https://meet.example.eu/secret-room", capacity=10)
    client = client_for(UserFactory())

    before = text_of(client.get(event.get_absolute_url()))
    response = client.post(reverse("events:event_register", args=[event.slug]))
    after = text_of(client.get(event.get_absolute_url()))

    assert "secret-room" not in before and "Register" in before
    assert response.status_code == 302
    assert "You are registered." in after
    assert "https://meet.example.eu/secret-room" in after
    assert "9 left" in after


def test_the_waiting_list_on_the_page_and_cancelling():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    user = UserFactory()
    client = client_for(user)

    assert "Join the waiting list" in text_of(client.get(event.get_absolute_url()))
    client.post(reverse("events:event_register", args=[event.slug]))
    assert "You are on the waiting list, number 1" in text_of(client.get(event.get_absolute_url()))

    client.post(reverse("events:event_unregister", args=[event.slug]))
    assert Registration.objects.get(user=user).status == RegistrationStatus.CANCELLED


def test_a_steering_committee_tells_a_member_it_is_not_open_to_them():
    event = EventFactory(area=AreaFactory(), audience=Audience.INVITATION)
    client = client_for(UserFactory())

    page = text_of(client.get(event.get_absolute_url()))
    response = client.post(reverse("events:event_register", args=[event.slug]))

    assert "This event is not open to you" in page
    assert response.status_code == 403
    assert not event.registrations.exists()


def test_a_lead_organises_an_area_event_on_the_venue_clock():
    area = AreaFactory(name="Batteries")
    lead = representative_of(area.proposing_region)
    client = client_for(lead)
    url = reverse("events:event_create")

    form = text_of(client.get(url))
    response = client.post(
        url,
        {
            "scope": f"area:{area.slug}",
            "kind": EventKind.WORKSHOP,
            "title": "Cell chemistry workshop",
            "description": "Pilot lines.",
            "starts_at": "2027-03-10T09:30",
            "ends_at": "2027-03-10T17:00",
            "time_zone": "Europe/Helsinki",
            "venue": "Aalto University, Espoo",
            "language": "en",
            "capacity": "40",
            "audience": Audience.PARTICIPANTS,
        },
    )

    assert "Thematic area: Batteries" in form
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.area == area and event.organiser == area.proposing_region
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    assert event.starts_at == datetime.datetime(2027, 3, 10, 9, 30, tzinfo=helsinki)
    page = text_of(client.get(event.get_absolute_url()))
    assert "9:30" in page and "Europe/Helsinki" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2027-03-10T08:00"}, "ends_at", "end after it starts"),
        ({"venue": ""}, "venue", "Give the venue, an online meeting link, or both"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a valid date/time"),
        (
            {"registration_closes_at": "2027-03-11T08:00"},
            "registration_closes_at",
            "before the event ends",
        ),
    ],
)
def test_bad_event_input_is_shown_on_its_field_and_nothing_is_saved(
    moderator, changes, field, message
):
    data = {
        "scope": "platform",
        "kind": EventKind.CONFERENCE,
        "title": "Conference",
        "starts_at": "2027-03-10T09:30",
        "ends_at": "2027-03-10T17:00",
        "time_zone": "Europe/Brussels",
        "venue": "Brussels",
        "language": "en",
        "audience": Audience.MEMBERS,
        **changes,
    }

    response = client_for(moderator).post(reverse("events:event_create"), data)

    assert_field_error(response, field, message)
    assert not Event.objects.exists()


def test_who_may_open_the_organiser_pages(client):
    event = EventFactory(area=AreaFactory())
    member = client_for(UserFactory())
    lead = client_for(representative_of(event.area.proposing_region))

    assert member.get(reverse("events:event_create")).status_code == 403
    for name in ("event_edit", "event_cancel", "event_participants"):
        url = reverse(f"events:{name}", args=[event.slug])
        assert member.get(url).status_code == 403, name
        assert lead.get(url).status_code == 200, name
        assert client.get(url).status_code == 302, name


def test_the_organisers_list_export_and_mark_attendance(moderator):
    event = past()
    came = RegistrationFactory(event=event, user=UserFactory(display_name="Ana Costa"))
    RegistrationFactory(event=event, user=UserFactory(display_name="Jan Novak"))
    client = client_for(moderator)
    url = reverse("events:event_participants", args=[event.slug])

    page = text_of(client.get(url))
    client.post(url, {"attended": [str(came.pk)]})
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig")))
    )

    assert "Ana Costa" in page and "Jan Novak" in page
    assert rows[0] == ["Name", "E-mail", "Status", "Registered at", "Attended"]
    assert sorted((row[0], row[4]) for row in rows[1:]) == [
        ("Ana Costa", "yes"),
        ("Jan Novak", "no"),
    ]


def test_an_organiser_edits_and_cancels_the_event(moderator):
    event = EventFactory(title="Old title", time_zone="Europe/Lisbon")
    client = client_for(moderator)
    edit = reverse("events:event_edit", args=[event.slug])

    form = text_of(client.get(edit))
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Lisbon"))
    assert local.strftime("%Y-%m-%dT%H:%M") in form

    client.post(
        edit,
        {
            "kind": event.kind,
            "title": "New title",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "Europe/Lisbon",
            "venue": event.venue,
            "language": "pt",
            "audience": event.audience,
        },
    )
    client.post(reverse("events:event_cancel", args=[event.slug]), {"reason": "Strike."})

    event.refresh_from_db()
    assert (event.title, event.language, event.is_cancelled) == ("New title", "pt", True)
    assert event.starts_at == local.replace(second=0, microsecond=0)
    assert "This event was cancelled" in text_of(client.get(event.get_absolute_url()))


def test_one_event_as_ics(client):
    event = EventFactory(title="Study visit, Basque Country", venue="Bilbao")

    response = client.get(reverse("events:event_ics", args=[event.slug]))
    body = response.content.decode()

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Study visit\\, Basque Country" in body
    assert f"DTSTART:{event.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in body
    assert "LOCATION:Bilbao" in body
    assert "meet." not in body


def test_hidden_events_answer_404(client):
    event = EventFactory(is_hidden=True)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:event_ics", args=[event.slug])).status_code == 404
