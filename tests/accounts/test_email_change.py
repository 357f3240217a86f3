"""Changing one's e-mail address: the new address must be verified before it counts.

Acting for an organisation needs a verified primary address
(`accounts.permissions.has_verified_email`), so an address the user typed
but never confirmed must not let them ask to represent anyone.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.permissions import has_verified_email
from regions.models import Affiliation
from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")
OLD, NEW = "old@region.example.eu", "new@region.example.eu"


@pytest.fixture
def user():
    return UserFactory(email=OLD)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def ask_to_represent(client, region):
    return client.post(
        reverse("regions:affiliation_create"),
        {
            "region": region.code,
            "role_title": "Officer",
            "official_email": NEW,
            "justification": "I run the strategy.",
        },
    )


def add_new_address(client, mailoutbox):
    response = client.post(reverse("account_email"), {"email": NEW, "action_add": ""})
    assert response.status_code == 302
    return next(m for m in mailoutbox if NEW in m.to)


def test_a_new_address_is_unverified_and_the_old_one_stays_primary(logged_in, user, mailoutbox):
    message = add_new_address(logged_in, mailoutbox)

    new = EmailAddress.objects.get(user=user, email=NEW)
    assert not new.verified and not new.primary
    user.refresh_from_db()
    assert user.email == OLD
    assert "Confirm" in message.subject


def test_an_unverified_address_cannot_be_made_primary(logged_in, user, mailoutbox):
    add_new_address(logged_in, mailoutbox)

    logged_in.post(reverse("account_email"), {"email": NEW, "action_primary": ""})

    user.refresh_from_db()
    assert user.email == OLD
    assert EmailAddress.objects.get(user=user, primary=True).email == OLD


def test_with_an_unverified_primary_address_the_user_cannot_act_for_an_organisation(
    logged_in, user, mailoutbox
):
    add_new_address(logged_in, mailoutbox)
    # However the account came to it (an edit in the admin, say), only the
    # current address counts, and it is unverified.
    type(user).objects.filter(pk=user.pk).update(email=NEW)
    user.refresh_from_db()
    assert not has_verified_email(user)

    response = ask_to_represent(logged_in, RegionFactory())

    assert response.status_code == 403
    assert not Affiliation.objects.filter(user=user).exists()


def test_the_link_in_the_email_verifies_the_new_address_which_becomes_primary(
    logged_in, user, mailoutbox
):
    message = add_new_address(logged_in, mailoutbox)
    confirm_url = LINK.search(message.body).group(0)

    assert logged_in.get(confirm_url).status_code == 200
    assert logged_in.post(confirm_url).status_code == 302

    user.refresh_from_db()
    assert user.email == NEW
    new = EmailAddress.objects.get(user=user, email=NEW)
    assert new.verified and new.primary
    # ACCOUNT_CHANGE_EMAIL: the new address replaces the old one.
    assert not EmailAddress.objects.filter(user=user, email=OLD).exists()
    assert has_verified_email(user)
    region = RegionFactory()
    assert ask_to_represent(logged_in, region).status_code == 302
    assert Affiliation.objects.get(user=user).region == region


def test_a_forged_confirmation_link_verifies_nothing(logged_in, user, mailoutbox):
    message = add_new_address(logged_in, mailoutbox)
    confirm_url = LINK.search(message.body).group(0).rstrip("/")
    forged = confirm_url[:-4] + "abcd" + "/"

    logged_in.post(forged)

    user.refresh_from_db()
    assert user.email == OLD
    assert not EmailAddress.objects.get(user=user, email=NEW).verified
