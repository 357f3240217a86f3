import re

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s]+")


def link_in(message):
    return LINK.search(message.body).group(0)


def test_sign_up_needs_the_emailed_link_before_the_user_can_log_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ana@region.example.eu",
            "display_name": "Ana Costa",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("[S3P Industrial Modernisation] Confirm")
    assert mailoutbox[0].alternatives, "the verification e-mail has an HTML part"

    client.logout()
    refused = client.post(
        reverse("account_login"), {"login": "ana@region.example.eu", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 302 and "confirm-email" in refused.url

    confirm_url = link_in(mailoutbox[-1])
    client.post(confirm_url)
    client.post(reverse("account_login"), {"login": "ana@region.example.eu", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_password_reset_by_emailed_link_sets_a_new_password(client, mailoutbox):
    user = UserFactory(email="reset@example.eu")

    client.post(reverse("account_reset_password"), {"email": "reset@example.eu"})
    reset_url = link_in(mailoutbox[0])
    form_page = client.get(reset_url, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url,
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )

    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)

    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(client):
    UserFactory(email="target@example.eu")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.eu", "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": "target@example.eu", "password": PASSWORD}
    )

    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session
