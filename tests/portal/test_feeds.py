import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.ical import fold
from projects.choices import ProjectStatus
from tests.partnerships.factories import CallFactory
from tests.projects.factories import ProjectFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


def get(name):
    return Client().get(reverse(f"projects:{name}"))


def test_the_ical_feed_has_each_call_window_and_deadline():
    call = CallFactory(
        title="Call, with; commas",
        opens_on=datetime.date(2030, 3, 1),
        closes_on=datetime.date(2030, 4, 30),
        description="Line one\nLine two",
    )

    response = get("calls_ical")
    body = response.content.decode()

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20300301\r\nDTEND;VALUE=DATE:20300501" in body
    assert "DTSTART;VALUE=DATE:20300430\r\nDTEND;VALUE=DATE:20300501" in body
    assert "SUMMARY:Call\\, with\\; commas" in body
    assert "DESCRIPTION:Line one\\nLine two" in body
    assert f"UID:call-{call.pk}@testserver" in body


def test_long_ical_lines_are_folded_without_splitting_characters():
    folded = fold("SUMMARY:" + "é" * 60)

    lines = folded.split("\r\n ")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join(lines) == "SUMMARY:" + "é" * 60


def test_the_calendar_page_lists_calls_to_come_by_deadline():
    today = timezone.localdate()
    CallFactory(
        title="Past",
        opens_on=today - datetime.timedelta(60),
        closes_on=today - datetime.timedelta(1),
    )
    CallFactory(
        title="Later",
        opens_on=today + datetime.timedelta(5),
        closes_on=today + datetime.timedelta(40),
    )
    CallFactory(title="Soon", closes_on=today + datetime.timedelta(3))

    body = get("calls_calendar").content.decode()

    assert "Past" not in body
    assert body.index("Soon") < body.index("Later")
    assert "Call opens" in body


def test_the_project_feed_holds_published_projects_only():
    ProjectFactory(
        title="Published one", status=ProjectStatus.PUBLISHED, published_at=timezone.now()
    )
    ProjectFactory(title="Draft one")

    response = get("project_feed")
    body = response.content.decode()

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Published one" in body
    assert "Draft one" not in body


def test_the_area_feed_holds_approved_areas_only():
    AreaFactory(name="Approved area")
    AreaFactory(name="Proposed area", status="proposed")

    body = get("area_feed").content.decode()

    assert "Approved area" in body
    assert "Proposed area" not in body


def test_the_call_feed_links_to_the_call():
    call = CallFactory(title="Pilot call")

    body = get("call_feed").content.decode()

    assert "Pilot call" in body
    assert f"/calls/#call-{call.pk}" in body
