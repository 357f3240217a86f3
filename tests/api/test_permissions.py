"""Role × endpoint × method → status: the API refuses what the pages refuse.

An object the caller may not see is 404; one they see but may not act on is 403.
"""

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.partnerships.factories import PartnershipJoinRequestFactory
from tests.projects.factories import ProjectFactory
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "applicant", "lead", "moderator"]


@pytest.fixture
def world():
    """An area with a pending join request, a partnership request, a cluster, a draft project."""
    area = AreaFactory()
    area_request = AreaJoinRequestFactory(area=area)
    partnership_request = PartnershipJoinRequestFactory(partnership__area=area)
    project = ProjectFactory(area=area, lead_region=area.proposing_region, status="submitted")
    lead = representative_of(area.proposing_region)
    applicant = representative_of(area_request.region)
    # The applicant also represents the cluster asking to join the partnership.
    AffiliationFactory(user=applicant, region=None, cluster=partnership_request.cluster)
    users = {
        "anonymous": None,
        "member": UserFactory(),
        "applicant": applicant,
        "lead": lead,
        "moderator": ModeratorFactory(),
    }
    return {
        "area": area,
        "area_request": area_request,
        "partnership_request": partnership_request,
        "project": project,
        "cluster": partnership_request.cluster,
        "users": users,
    }


def client_for(world, role):
    user = world["users"][role]
    return APIClient() if user is None else token_client(user)


def url(world, name):
    return {
        "area_request_approve": f"/api/v1/area-join-requests/{world['area_request'].pk}/approve/",
        "area_request_withdraw": f"/api/v1/area-join-requests/{world['area_request'].pk}/withdraw/",
        "partnership_request_approve": (
            f"/api/v1/partnership-join-requests/{world['partnership_request'].pk}/approve/"
        ),
        "partnership_request_withdraw": (
            f"/api/v1/partnership-join-requests/{world['partnership_request'].pk}/withdraw/"
        ),
        "area_approve": f"/api/v1/thematic-areas/{world['area'].slug}/approve/",
        "cluster_edit": f"/api/v1/clusters/{world['cluster'].slug}/",
        "project_publish": f"/api/v1/projects/{world['project'].slug}/publish/",
        "project_read": f"/api/v1/projects/{world['project'].slug}/",
    }[name]


MATRIX = {
    # endpoint: (method, body, {role: status})
    "area_request_approve": (
        "post",
        {},
        {"anonymous": 401, "member": 404, "applicant": 403, "lead": 200, "moderator": 200},
    ),
    "area_request_withdraw": (
        "post",
        {},
        {"anonymous": 401, "member": 404, "applicant": 200, "lead": 403, "moderator": 403},
    ),
    "partnership_request_approve": (
        "post",
        {},
        {"anonymous": 401, "member": 404, "applicant": 403, "lead": 200, "moderator": 200},
    ),
    "partnership_request_withdraw": (
        "post",
        {},
        {"anonymous": 401, "member": 404, "applicant": 200, "lead": 403, "moderator": 403},
    ),
    # An active area: nobody may approve it again, moderators learn why.
    "area_approve": (
        "post",
        {},
        {"anonymous": 401, "member": 403, "applicant": 403, "lead": 403, "moderator": 400},
    ),
    "cluster_edit": (
        "patch",
        {"acronym": "NEW"},
        {"anonymous": 401, "member": 403, "applicant": 200, "lead": 403, "moderator": 200},
    ),
    "project_publish": (
        "post",
        {},
        {"anonymous": 401, "member": 404, "applicant": 404, "lead": 200, "moderator": 200},
    ),
    "project_read": (
        "get",
        None,
        {"anonymous": 404, "member": 404, "applicant": 404, "lead": 200, "moderator": 200},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_permission_matrix(world, endpoint, role):
    method, body, expected = MATRIX[endpoint]
    client = client_for(world, role)
    call = getattr(client, method)
    response = (
        call(url(world, endpoint), body, format="json")
        if body is not None
        else call(url(world, endpoint))
    )
    assert response.status_code == expected[role], response.content


def test_a_region_representative_never_decides_for_another_area(world):
    other_lead = token_client(representative_of(AreaFactory().proposing_region))
    response = other_lead.post(url(world, "area_request_approve"))
    assert response.status_code == 404
    world["area_request"].refresh_from_db()
    assert world["area_request"].status == "pending"


def test_no_outsider_region_or_cluster_sees_private_requests(world):
    for organisation in (RegionFactory(), ClusterFactory()):
        client = token_client(representative_of(organisation))
        assert client.get("/api/v1/area-join-requests/").json()["count"] == 0
        assert client.get("/api/v1/partnership-join-requests/").json()["count"] == 0
