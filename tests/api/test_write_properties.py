"""Every write endpoint answers any body with a JSON answer and never a server error.

hypothesis posts arbitrary JSON (objects of the endpoint's own fields and of
any other names, lists, scalars, strings with NUL bytes and other control
characters, nested values) to each POST and PATCH operation of the schema,
as a moderator who also represents the region and the cluster concerned, so
the bodies reach the validation of every endpoint. Malformed bodies (deep
nesting, invalid JSON, NUL bytes in the raw text) are posted to each as well.
"""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import ModeratorFactory
from tests.api.conftest import token_client
from tests.cooperation.factories import (
    BoardTopicFactory,
    ConversationFactory,
    InterestFactory,
    PostingFactory,
)
from tests.events.factories import EventFactory, MeetingFactory, RegistrationFactory
from tests.notifications.factories import NotificationFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import AffiliationFactory, ClusterFactory
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


def write_operations():
    """(method, path template, the names of its body's fields) of every write in the schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method in ("post", "patch", "put"):
            operation = item.get(method)
            if not operation:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            fields = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            yield method, path, sorted(fields)


@pytest.fixture
def writer():
    """A moderator representing a region and a cluster, and one object for each path."""
    user = ModeratorFactory()
    area = AreaFactory()
    partnership = PartnershipFactory(area=area)
    AffiliationFactory(user=user, region=area.proposing_region)
    AffiliationFactory(user=user, region=None, cluster=partnership.coordinator)
    ClusterFactory()
    objects = {
        "area-join-requests": AreaJoinRequestFactory(area=area).pk,
        "partnership-join-requests": PartnershipJoinRequestFactory(partnership=partnership).pk,
        "clusters": partnership.coordinator.slug,
        "notifications": NotificationFactory(recipient=user).pk,
        "event-registrations": RegistrationFactory(user=user).pk,
        "meetings": MeetingFactory(invitee=user).pk,
        "events": EventFactory(area=area).slug,
        "projects": ProjectFactory(area=area, lead_region=area.proposing_region).slug,
        "thematic-areas": AreaFactory(status=AreaStatus.PROPOSED).slug,
        "cooperation-postings": PostingFactory(cluster=partnership.coordinator).slug,
        "cooperation-interests": InterestFactory(
            posting=PostingFactory(), region=area.proposing_region
        ).pk,
        "conversations": ConversationFactory(first_region=area.proposing_region).pk,
        "board-topics": BoardTopicFactory(area=area).pk,
    }
    return token_client(user), objects


def concrete(path, objects):
    resource = path.split("/")[3]
    return path.replace("{id}", str(objects.get(resource, 0))).replace(
        "{slug}", str(objects.get(resource, "x"))
    )


WEIRD_TEXT = st.sampled_from(
    ["\x00", "a\x00b", "\u202e", "\r\n", "'; DROP TABLE x; --", "é" * 5000]
)
TEXT = st.text(max_size=40) | WEIRD_TEXT
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


def bodies(fields):
    names = st.sampled_from(fields) | TEXT if fields else TEXT
    return st.dictionaries(names, VALUES, max_size=len(fields) + 2) | VALUES


def assert_json_answer(response, method, path):
    assert response.status_code < 500, (method, path, response.status_code)
    if response.status_code != 204:
        assert response["Content-Type"].startswith("application/json"), (method, path)
        json.loads(response.content)


@pytest.mark.parametrize(
    ("method", "path", "fields"), list(write_operations()), ids=lambda v: str(v)
)
def test_any_json_body_gets_a_json_answer_and_never_a_server_error(method, path, fields, writer):
    client, objects = writer
    url = concrete(path, objects)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=bodies(fields))
    def post_any(body):
        response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        assert_json_answer(response, method, path)

    post_any()


MALFORMED = [
    "[" * 3000 + "]" * 3000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    '{"name": "unterminated',
    '{"name": "nul\x00byte"}',
    "\x00",
    "",
]


@pytest.mark.parametrize(
    ("method", "path", "fields"), list(write_operations()), ids=lambda v: str(v)
)
def test_malformed_bodies_get_a_json_answer_and_never_a_server_error(method, path, fields, writer):
    client, objects = writer
    url = concrete(path, objects)
    for raw in MALFORMED:
        response = getattr(client, method)(url, raw, content_type="application/json")
        assert_json_answer(response, method, path)
