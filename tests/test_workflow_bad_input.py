"""No workflow page answers 500, whatever is posted to it."""

import pytest
from django.urls import reverse

from tests.page_helpers import client_for
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import LeadInvitation, ProgressReport

pytestmark = pytest.mark.django_db

JUNK = ["", " ", "x" * 20_000, "\x00", "-1", "99999999999999999999", "1e400", "NaN", "<b>"]
FIELDS = [
    *("region", "cluster", "statement", "reason", "message", "email", "next"),
    *("name", "summary", "objectives", "action_plan", "priorities"),
    *("year", "half", "activities", "next_steps"),
    *("management_fte", "members_sme", "website", "role_title", "official_email", "justification"),
]


@pytest.fixture
def world():
    """A user who represents two regions and a cluster, leads an area and coordinates."""
    region, other = RegionFactory(), RegionFactory()
    user = representative_of(region)
    representative_of(other, user=user)
    cluster = ClusterFactory()
    representative_of(cluster, user=user)
    area = AreaFactory(lead=region)
    partnership = PartnershipFactory(area=area, coordinator=cluster)
    join_request = AreaJoinRequestFactory(area=area, region=other)
    partnership_request = PartnershipJoinRequestFactory(partnership=partnership)
    invitation = LeadInvitation.objects.create(area=AreaFactory(), region=other, invited_by=user)
    report = ProgressReport.objects.create(
        area=area, created_by=user, year=2025, half=1, activities="a", next_steps="b"
    )
    urls = [
        reverse("regions:cluster_create"),
        reverse("regions:cluster_edit", args=[cluster.slug]),
        reverse("regions:affiliation_create"),
        reverse("regions:colleague_invite"),
        reverse("thematic_areas:area_propose"),
        reverse("thematic_areas:area_join", args=[area.slug]),
        reverse("thematic_areas:area_leave", args=[area.slug]),
        reverse("thematic_areas:area_invite", args=[area.slug]),
        reverse("thematic_areas:report_create", args=[area.slug]),
        reverse("thematic_areas:report_edit", args=[area.slug, report.pk]),
        reverse("thematic_areas:join_request_reject", args=[join_request.pk]),
        reverse("thematic_areas:invitation_decline", args=[invitation.pk]),
        reverse("partnerships:partnership_join", args=[partnership.slug]),
        reverse("partnerships:partnership_leave", args=[partnership.slug]),
        reverse("partnerships:join_request_reject", args=[partnership_request.pk]),
    ]
    return client_for(user), urls


def test_junk_in_every_field_of_every_form_is_never_a_500(world):
    client, urls = world

    for url in urls:
        for junk in JUNK:
            single = client.post(url, dict.fromkeys(FIELDS, junk))
            repeated = client.post(url, {field: [junk, junk] for field in FIELDS})
            assert single.status_code < 500, (url, junk[:10])
            assert repeated.status_code < 500, (url, junk[:10])


@pytest.mark.parametrize(
    "path",
    [
        "/areas/requests/99999999999999999999/approve/",
        "/partnerships/requests/0/reject/",
        "/areas/invitations/-1/accept/",
        "/areas/no-such-area/join/",
        "/clusters/no-such-cluster/edit/",
        "/partnerships/no-such-partnership/",
    ],
)
def test_unknown_objects_are_404(member, path):
    client = client_for(member)

    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
