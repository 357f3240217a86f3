import pytest
from rest_framework.test import APIClient

from tests.regions.factories import PriorityFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

PRIORITIES = "/api/v1/priorities/"


def test_lists_are_paged_by_25_by_default(anon):
    PriorityFactory.create_batch(30)
    body = anon.get(PRIORITIES).json()
    assert body["count"] == 30
    assert len(body["results"]) == 25
    assert body["next"].endswith("?page=2")
    assert len(anon.get(body["next"]).json()["results"]) == 5


def test_page_size_is_chosen_by_the_caller_up_to_100(anon):
    PriorityFactory.create_batch(105)
    assert len(anon.get(f"{PRIORITIES}?page_size=10").json()["results"]) == 10
    assert len(anon.get(f"{PRIORITIES}?page_size=1000").json()["results"]) == 100


@pytest.fixture
def low_rates(settings):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"anon": "2/minute", "user": "3/minute"}
    settings.REST_FRAMEWORK = rest


def test_anonymous_callers_are_throttled_with_retry_after(low_rates):
    client = APIClient()
    assert [client.get(PRIORITIES).status_code for _ in range(3)] == [200, 200, 429]
    response = client.get(PRIORITIES)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_token_callers_have_their_own_higher_allowance(low_rates, member):
    client = token_client(member)
    assert [client.get(PRIORITIES).status_code for _ in range(4)] == [200, 200, 200, 429]
    # Another user is counted apart.
    assert APIClient().get(PRIORITIES).status_code == 200
