import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken


def token_client(user, keyword="Token"):
    """An API client sending a fresh personal token of `user`."""
    _token, secret = ApiToken.issue(user=user, name="Tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def member_api(member):
    return token_client(member)


@pytest.fixture
def moderator_api(moderator):
    return token_client(moderator)
