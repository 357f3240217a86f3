import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.regions.factories import RegionFactory, representative_of

from .conftest import token_client

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_a_token_authenticates_with_either_keyword(member, keyword):
    NotificationFactory(recipient=member)
    response = token_client(member, keyword).get(NOTIFICATIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_stores_only_a_digest_of_the_token(member):
    token, secret = ApiToken.issue(user=member, name="Dashboard")
    assert secret not in (token.digest, token.prefix + token.digest)
    assert ApiToken.objects.filter(digest=ApiToken.hash(secret)).get() == token
    assert not ApiToken.objects.filter(digest=secret).exists()


def test_a_revoked_token_is_refused_with_401(member):
    token, secret = ApiToken.issue(user=member, name="Old")
    token.revoked_at = timezone.now()
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header",
    ["Token not-a-real-token", "Bearer", "Token two parts", "Token \u00e9t\u00e9".encode()],
)
def test_a_wrong_token_header_is_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(NOTIFICATIONS).status_code == 401


def test_an_inactive_users_token_is_refused(member):
    client = token_client(member)
    member.is_active = False
    member.save()
    assert client.get(NOTIFICATIONS).status_code == 401


def test_anonymous_callers_get_401_on_private_endpoints(anon):
    response = anon.get(NOTIFICATIONS)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_token_records_when_it_was_last_used(member):
    token, secret = ApiToken.issue(user=member, name="Sync")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.get(NOTIFICATIONS)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # Within the minute the timestamp is kept, so reads stay reads.
    client.get(NOTIFICATIONS)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=first_use - datetime.timedelta(minutes=5)
    )
    client.get(NOTIFICATIONS)
    token.refresh_from_db()
    assert token.last_used_at > first_use - datetime.timedelta(minutes=5)


def test_the_session_of_a_logged_in_user_works_too(member):
    NotificationFactory(recipient=member)
    client = APIClient()
    client.force_login(member)
    assert client.get(NOTIFICATIONS).json()["count"] == 1


def test_session_writes_need_the_csrf_token(member):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(f"{NOTIFICATIONS}read-all/")
    assert response.status_code == 403


def test_a_token_of_one_user_never_reads_anothers_notifications(member):
    other = UserFactory()
    theirs = NotificationFactory(recipient=other)
    client = token_client(member)
    assert client.get(NOTIFICATIONS).json()["count"] == 0
    assert client.get(f"{NOTIFICATIONS}{theirs.pk}/").status_code == 404
    assert client.post(f"{NOTIFICATIONS}{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_token_holder_learns_who_they_are_and_whom_they_represent():
    region = RegionFactory(code="XA1A", name="Somewhere")
    user = representative_of(region)
    user.first_name, user.last_name = "Ana", "Silva"
    user.save()

    me = token_client(user).get("/api/v1/me/")

    assert me.status_code == 200
    assert "private" in me["Cache-Control"]
    assert me.json() == {
        "email": user.email,
        "name": "Ana Silva",
        "is_moderator": False,
        "regions": [
            {"code": "XA1A", "name": "Somewhere", "url": "http://testserver/api/v1/regions/XA1A/"}
        ],
        "clusters": [],
    }


def test_me_needs_credentials():
    assert APIClient().get("/api/v1/me/").status_code == 401


def test_an_expired_token_is_refused(member):
    token, secret = ApiToken.issue(user=member, name="Short", lifetime=datetime.timedelta(days=30))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get(NOTIFICATIONS).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    assert client.get(NOTIFICATIONS).status_code == 401


def test_changing_the_password_ends_every_token(member):
    client = token_client(member)
    assert client.get(NOTIFICATIONS).status_code == 200

    member.set_password("a-new-long-passphrase")
    member.save()

    assert client.get(NOTIFICATIONS).status_code == 401
    # A token issued with the new password works.
    assert token_client(member).get(NOTIFICATIONS).status_code == 200
