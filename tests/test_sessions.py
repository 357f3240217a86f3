"""Answers to signed-in users stay out of caches; sessions end when idle and after a lifetime."""

import time

import pytest
from django.urls import reverse

from core.sessions import ACTIVE, STARTED
from tests.accounts.factories import UserFactory

from .api.conftest import token_client

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    return client


def age_session(client, **ago):
    """Move the session's log-in (`started`) and last activity (`active`) into the past."""
    session = client.session
    now = int(time.time())
    if "started" in ago:
        session[STARTED] = now - ago["started"]
    if "active" in ago:
        session[ACTIVE] = now - ago["active"]
    session.save()


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_a_signed_in_users_pages_are_private_and_not_stored(signed_in):
    for url in ("/", reverse("thematic_areas:area_list"), reverse("dashboard")):
        assert {"private", "no-store"} <= cache_control(signed_in.get(url)), url


def test_a_token_holders_api_answers_are_private_and_not_stored():
    response = token_client(UserFactory()).get("/api/v1/thematic-areas/")

    assert {"private", "no-store"} <= cache_control(response)


def test_a_visitors_pages_may_be_cached(client):
    assert "no-store" not in cache_control(client.get(reverse("thematic_areas:area_list")))


def test_a_session_idle_for_too_long_ends(signed_in, settings):
    age_session(signed_in, active=settings.SESSION_IDLE_SECONDS + MINUTE)

    response = signed_in.get(reverse("dashboard"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "_auth_user_id" not in signed_in.session


def test_an_active_session_ends_after_its_absolute_lifetime(signed_in, settings):
    age_session(signed_in, started=settings.SESSION_ABSOLUTE_SECONDS + MINUTE, active=0)

    assert signed_in.get(reverse("dashboard")).status_code == 302


def test_activity_keeps_a_session_alive_and_is_recorded(signed_in):
    age_session(signed_in, started=2 * HOUR, active=10 * MINUTE)

    assert signed_in.get(reverse("dashboard")).status_code == 200
    assert int(time.time()) - signed_in.session[ACTIVE] < MINUTE
