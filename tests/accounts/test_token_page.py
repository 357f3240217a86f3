import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from tests.accounts.factories import UserFactory, api_token

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:token_list")


@pytest.fixture
def client_of(member):
    client = Client()
    client.force_login(member)
    return client


def test_the_page_needs_a_login(db):
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_new_tokens_secret_is_shown_once_and_stored_hashed(client_of, member):
    response = client_of.post(PAGE, {"name": "Regional dashboard"})
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    secret = re.search(rb'class="api-token-secret">([^<]+)<', response.content).group(1).decode()
    token = ApiToken.objects.get(user=member)
    assert token.name == "Regional dashboard"
    assert token.digest == ApiToken.hash(secret)
    assert secret not in client_of.get(PAGE).content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/notifications/").status_code == 200


def test_the_list_shows_name_prefix_and_last_use_of_own_tokens_only(client_of, member):
    mine = api_token(member, name="Sync job")
    api_token(UserFactory(), name="Someone else's")
    page = client_of.get(PAGE).content.decode()
    assert "Sync job" in page
    assert f"{mine.prefix}…" in page
    assert "Never" in page
    assert "Someone else" not in page


def test_a_token_needs_a_name(client_of):
    response = client_of.post(PAGE, {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert b"api-token-secret" not in response.content


def test_revoking_a_token_makes_the_api_refuse_it(client_of, member):
    token, secret = ApiToken.issue(user=member, name="Nightly export")
    response = client_of.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "“Nightly export” is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Nightly export" not in client_of.get(PAGE).content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/notifications/").status_code == 401


def test_revoking_needs_a_post_and_ones_own_token(client_of):
    theirs = api_token(UserFactory())
    url = reverse("accounts:token_revoke", args=[theirs.pk])
    assert client_of.get(url).status_code == 405
    assert client_of.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize(("chosen", "days"), [("30", 30), ("365", 365), ("", 90)])
def test_the_owner_chooses_how_long_a_token_lives(client_of, chosen, days):
    client_of.post(PAGE, {"name": "Sync", "lifetime": chosen})

    token = ApiToken.objects.get()
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == days


def test_a_lifetime_not_offered_is_refused(client_of):
    response = client_of.post(PAGE, {"name": "Forever", "lifetime": "100000"})

    assert response.status_code == 200
    assert not ApiToken.objects.exists()
