"""A name and a job title, given at sign-up and kept in the profile; the address stays private."""

import pytest
from django.urls import reverse

from accounts.models import User
from notifications.choices import Kind
from notifications.services import notify
from tests.accounts.factories import PASSWORD, UserFactory
from tests.page_helpers import client_for, text_of

pytestmark = pytest.mark.django_db

PROFILE = reverse("account_profile")


def test_sign_up_asks_for_a_name_and_a_job_title(client):
    refused = client.post(
        reverse("account_signup"),
        {"email": "ana@region.example.eu", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post(
        reverse("account_signup"),
        {
            "email": "ana@region.example.eu",
            "display_name": "  Ana Costa ",
            "job_title": "Smart-specialisation officer",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert refused.status_code == 200 and "display_name" in refused.context["form"].errors
    user = User.objects.get()
    assert (user.display_name, user.job_title) == ("Ana Costa", "Smart-specialisation officer")
    assert str(user) == user.get_full_name() == "Ana Costa"


def test_the_sign_up_page_states_the_privacy_notice(client):
    body = text_of(client.get(reverse("account_signup")))

    assert "privacy-policy-websites-managed-european-commission" in body
    assert "never shown on public pages" in body


def test_the_profile_page_changes_the_name_and_job_title():
    user = UserFactory(display_name="Old name")
    client = client_for(user)

    page = text_of(client.get(PROFILE))
    response = client.post(PROFILE, {"display_name": "Ana Costa", "job_title": "Head of unit"})
    empty = client.post(PROFILE, {"display_name": " ", "job_title": ""})

    assert 'value="Old name"' in page
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.job_title) == ("Ana Costa", "Head of unit")
    assert empty.status_code == 200 and "display_name" in empty.context["form"].errors


def test_the_account_menu_links_every_setting():
    body = text_of(client_for(UserFactory()).get(PROFILE))

    for name in ("account_email", "account_change_password", "account_delete"):
        assert f'href="{reverse(name)}"' in body
    assert f'href="{reverse("notifications:preferences")}"' in body
    assert f'href="{reverse("accounts:token_list")}"' in body


def test_emails_greet_by_name_or_not_at_all(
    mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    named = UserFactory(display_name="Ana Costa")
    unnamed = UserFactory(display_name="", first_name="", last_name="")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[named, unnamed],
            kind=Kind.JOIN_REQUEST_MADE,
            message="Skåne asks to join “3D printing”.",
            dedupe_key="greeting",
        )

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert bodies[named.email].startswith("Hello Ana Costa,")
    assert bodies[unnamed.email].startswith("Hello,")
