"""allauth's throttles (ACCOUNT_RATE_LIMITS) answer once their limit is reached."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def per_minute(action):
    """The per-IP count per minute configured for an allauth action, e.g. "20/m/ip" → 20."""
    rule = next(r for r in settings.ACCOUNT_RATE_LIMITS[action].split(",") if r.endswith("/ip"))
    return int(rule.split("/")[0])


def test_sign_up_answers_429_after_the_per_ip_limit(client):
    limit = per_minute("signup")
    for n in range(limit):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"new{n}@example.eu",
                "display_name": "Ana Costa",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302
        client.logout()

    refused = client.post(
        reverse("account_signup"),
        {
            "email": "one-too-many@example.eu",
            "display_name": "Ana Costa",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert refused.status_code == 429
    assert not User.objects.filter(email="one-too-many@example.eu").exists()


def test_login_answers_429_after_the_per_ip_limit_even_for_right_passwords(client):
    limit = per_minute("login")
    user = UserFactory()
    for _ in range(limit):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        client.logout()

    refused = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_limit_is_per_ip_so_another_address_still_logs_in(client):
    user = UserFactory()
    for _ in range(per_minute("login")):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_requests_are_limited_per_address(client, mailoutbox):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": user.email})

    refused = client.post(reverse("account_reset_password"), {"email": user.email})

    assert refused.status_code == 429
    assert len(mailoutbox) == 5
