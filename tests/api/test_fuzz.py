"""Property-based fuzzing of every operation in the OpenAPI schema, against the WSGI app.

schemathesis generates requests from the schema (valid and invalid ones) and
checks that none is a server error and every answer matches the schema. It
runs as an anonymous caller and as a region and cluster representative with
a token, on seeded data, so the writes and transitions are exercised too.
The example count is bounded to keep the run under a minute.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from s3p_portal.wsgi import application
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import AffiliationFactory, RegionPriorityFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Call the WSGI app the way Django's test client does.

    The app closes "old" database connections at the start and end of each
    request; inside a test's transaction that closes the test's own
    PostgreSQL connection (SQLite's in-memory database ignores it), so the
    test client disconnects that handler, and so does this fixture.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    # The fuzzer sends hundreds of requests a minute; throttling has its own tests.
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_CLASSES"] = []
    rest["DEFAULT_THROTTLE_RATES"] = {**rest["DEFAULT_THROTTLE_RATES"], "exports": "100000/minute"}
    settings.REST_FRAMEWORK = rest


@pytest.fixture
def seeded(db):
    """A little of everything, and a token of someone who represents a region and a cluster."""
    area = AreaFactory()
    partnership = PartnershipFactory(area=area)
    RegionPriorityFactory(region=area.proposing_region)
    project = ProjectFactory(area=area, status="published", partnership=partnership)
    ProjectPartnerFactory(project=project, region=project.lead_region)
    FundingSourceFactory(project=project)
    AreaJoinRequestFactory(area=area)
    PartnershipJoinRequestFactory(partnership=partnership)
    user = representative_of(area.proposing_region)
    AffiliationFactory(user=user, region=None, cluster=partnership.coordinator)
    _token, secret = ApiToken.issue(user=user, name="Fuzzing")
    return {"Authorization": f"Token {secret}"}


FUZZ = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_anonymous_callers_get_no_server_error_and_only_documented_answers(case, seeded):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_token_callers_get_no_server_error_and_only_documented_answers(case, seeded):
    case.call_and_validate(headers=seeded, checks=CHECKS)
