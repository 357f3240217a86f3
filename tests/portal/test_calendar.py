"""The one calendar: calls, events and reports due, as a list, a month and private feeds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.choices import EventKind
from portal import calendar_feeds
from portal.models import CalendarFeed
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.notifications.factories import FollowFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("projects:calls_calendar")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def moment(n):
    return timezone.now() + datetime.timedelta(days=n)


def test_the_list_holds_calls_and_events_by_date():
    CallFactory(title="Cluster call", opens_on=days(-10), closes_on=days(20))
    EventFactory(title="Hydrogen workshop", starts_at=moment(5), ends_at=moment(5.1))
    EventFactory(title="Past meeting", starts_at=moment(-5), ends_at=moment(-4.9))

    body = text_of(client_for(UserFactory()).get(CALENDAR))

    assert "Past meeting" not in body
    assert body.index("Hydrogen workshop") < body.index("Call deadline: <a")
    assert "Call opens" not in body


def test_filters_by_kind_area_and_country():
    area = AreaFactory(name="Batteries")
    EventFactory(
        title="Battery webinar",
        kind=EventKind.WEBINAR,
        area=area,
        starts_at=moment(3),
        ends_at=moment(3.1),
    )
    EventFactory(
        title="Lisbon visit",
        kind=EventKind.STUDY_VISIT,
        venue_region=RegionFactory(country="PT", code="PT17"),
        starts_at=moment(4),
        ends_at=moment(4.1),
    )
    CallFactory(title="A call", closes_on=days(6))
    client = client_for(UserFactory())

    by_kind = text_of(client.get(CALENDAR, {"kind": "webinar"}))
    by_area = text_of(client.get(CALENDAR, {"area": area.slug}))
    by_calls = text_of(client.get(CALENDAR, {"kind": "calls"}))

    assert (
        "Battery webinar" in by_kind and "Lisbon visit" not in by_kind and "A call" not in by_kind
    )
    assert "Battery webinar" in by_area and "Lisbon visit" not in by_area
    assert "A call" in by_calls and "Battery webinar" not in by_calls


def test_the_month_view_puts_each_entry_on_its_days_and_refuses_a_bad_month(client):
    start = timezone.now().replace(day=10, hour=12) + datetime.timedelta(days=62)
    EventFactory(
        title="Three-day fair", starts_at=start, ends_at=start + datetime.timedelta(days=2)
    )
    month = start.strftime("%Y-%m")

    body = text_of(client.get(CALENDAR, {"view": "month", "month": month}))

    assert body.count("Workshop: Three-day fair") == 3
    assert client.get(CALENDAR, {"view": "month", "month": "2027-13"}).status_code == 404
    assert client.get(CALENDAR, {"view": "month", "month": "x"}).status_code == 404


def test_a_lead_sees_the_reports_due_of_their_area_until_published():
    area = AreaFactory(name="Textiles")
    lead = representative_of(area.proposing_region)
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2
    end_of_half = (
        datetime.date(today.year, 6, 30) if half == 1 else datetime.date(today.year, 12, 31)
    )

    seen = text_of(client_for(lead).get(CALENDAR))
    outsider = text_of(client_for(UserFactory()).get(CALENDAR))
    ProgressReportFactory(area=area, year=today.year, half=half, status="published")
    after = text_of(
        client_for(lead).get(CALENDAR, {"view": "month", "month": end_of_half.strftime("%Y-%m")})
    )

    assert "Progress report due: <a" in seen and "Textiles —" in seen
    assert "Progress report due" not in outsider
    assert "Progress report due" not in after


def test_a_private_address_gives_ones_own_calendar_and_is_revocable():
    user = UserFactory()
    area = AreaFactory()
    partnership = PartnershipFactory()
    FollowFactory(user=user, target=area)
    registered = EventFactory(title="Registered event", starts_at=moment(8), ends_at=moment(8.1))
    RegistrationFactory(event=registered, user=user)
    EventFactory(title="Followed area event", area=area, starts_at=moment(9), ends_at=moment(9.1))
    EventFactory(title="Someone else's", partnership=partnership, area=partnership.area)
    followed_call = CallFactory(title="Followed call")
    FollowFactory(user=user, target=followed_call)
    CallFactory(title="Other call")
    client = client_for(user)

    page = text_of(client.post(reverse("projects:calendar_feed")))
    address = page.split('class="api-token-secret">')[1].split("<")[0]
    path = address.split("testserver")[1]
    body = client_for(UserFactory()).get(path).content.decode()

    assert "Registered event" in body and "Followed area event" in body
    assert "Followed call" in body
    assert "Someone else" not in body and "Other call" not in body
    assert CalendarFeed.objects.get(user=user).digest not in address

    client.post(reverse("projects:calendar_feed"), {"action": "revoke"})
    assert client.get(path).status_code == 404


def test_a_new_address_ends_the_old_one():
    user = UserFactory()
    old = calendar_feeds.issue_feed(user)
    new = calendar_feeds.issue_feed(user)

    assert calendar_feeds.feed_owner(old) is None
    assert calendar_feeds.feed_owner(new) == user
    user.is_active = False
    user.save()
    assert calendar_feeds.feed_owner(new) is None


def test_the_private_address_page_needs_signing_in(client):
    assert client.get(reverse("projects:calendar_feed")).status_code == 302
