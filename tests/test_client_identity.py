"""Whom throttles and rate limits count: TRUSTED_PROXY_COUNT, one setting for API and allauth."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

AREAS = "/api/v1/thematic-areas/"


@pytest.fixture
def three_anonymous_calls_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **django_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "600/minute"},
    }


def trust_proxies(settings, count):
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def api_from(forwarded_for):
    client = APIClient()
    client.credentials(HTTP_X_FORWARDED_FOR=forwarded_for)
    return client


def test_a_spoofed_forwarded_for_does_not_escape_the_api_throttle(
    settings, three_anonymous_calls_a_minute
):
    trust_proxies(settings, 0)
    answers = [api_from(f"203.0.113.{n}").get(AREAS).status_code for n in range(4)]

    assert answers == [200, 200, 200, 429]


def test_behind_one_proxy_each_client_has_its_own_allowance(
    settings, three_anonymous_calls_a_minute
):
    trust_proxies(settings, 1)
    # The client prepends what it likes; the proxy appends the address it saw.
    first = [api_from(f"10.0.0.{n}, 198.51.100.1").get(AREAS).status_code for n in range(4)]
    other = api_from("198.51.100.2").get(AREAS).status_code

    assert first == [200, 200, 200, 429]
    assert other == 200


def failed_logins(client, user, times, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    for _ in range(times):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}, **headers)


def test_behind_a_proxy_one_clients_failed_logins_do_not_lock_out_the_others(client, settings):
    trust_proxies(settings, 1)
    attacker_target = UserFactory()
    failed_logins(client, attacker_target, 11, "198.51.100.66")
    other = UserFactory()

    answer = client.post(
        reverse("account_login"),
        {"login": other.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert answer.status_code == 302


def test_too_many_failed_logins_answer_429(client):
    user = UserFactory()
    failed_logins(client, user, 5)

    refused = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert refused.status_code == 429
    assert "Too many failed login attempts" in refused.text
    assert "_auth_user_id" not in client.session
