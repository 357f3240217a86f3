"""Walk every URL of the portal as outsiders and prove that nothing private leaks.

The URL list comes from the resolver, so a page, export, feed or API
endpoint added later is walked too. Each path parameter is filled with the
identifiers of private objects (slugs of a proposed area, a draft project,
an unvalidated cluster; primary keys of other people's requests,
invitations, notifications …) and of public objects whose pages sit next to
private ones; lists are also asked for private states and searched for the
secrets. Every private object carries a marker text; no response to a
visitor, a member without affiliation, an unverified user or a
representative of an unrelated region or cluster may contain one, or
another user's e-mail address, and none may be a server error.
"""

import itertools
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.workflow import RequestStatus
from notifications.models import Notification
from partnerships.models import PartnershipJoinRequest
from projects.choices import ProjectStatus
from regions.choices import ClusterStatus
from tests.accounts.factories import UserFactory, api_token
from tests.notifications.factories import NotificationFactory
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import (
    AffiliationFactory,
    AffiliationInvitationFactory,
    ClusterFactory,
    RegionFactory,
    representative_of,
)
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    LeadInvitationFactory,
    MembershipFactory,
    ProgressReportFactory,
)
from thematic_areas.choices import AreaStatus, ReportStatus

pytestmark = pytest.mark.django_db

# The marker in every private text. Lists are searched for its tail, so a
# page that echoes the search term does not count as a leak.
SECRET = "Zq7SECRET"
SEARCH_TERM = "SECRET"
PRIVATE_EMAILS = [
    "secret.person@example.org",
    "secret.official@example.org",
    "secret.colleague@example.org",
]
LIST_QUERIES = [
    "",
    "?status=proposed&status=draft&status=pending&status=submitted",
    f"?q={SEARCH_TERM}&search={SEARCH_TERM}",
    "?format=csv",
]
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/")


def url_patterns(patterns=None, prefix=""):
    """(route, pattern) for every view of the project, with nested routes joined."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def fill(route, values):
    """Every concrete path for `route`, one per combination of candidate parameter values."""
    route = route.lstrip("^").replace("$", "").replace("\\", "")
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", route)
    names = [a or b for a, b in names]
    if not names:
        return ["/" + route]
    # Routes with several parameters get the meaningful pairs (a report of
    # its area, a partner of its project), where given, not every product.
    combinations = values.get(tuple(names)) or itertools.product(
        *(values.get(name, ["x"]) for name in names)
    )
    paths = []
    for combination in combinations:
        path = route
        for name, value in zip(names, combination, strict=True):
            path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path, count=1)
        paths.append("/" + path)
    return paths


@pytest.fixture
def private_world():
    """Private objects with SECRET markers around a public area, and the owner's account."""
    lead_region = RegionFactory()
    applicant_region = RegionFactory()
    area = AreaFactory(lead=lead_region)
    MembershipFactory(area=area, region=applicant_region)
    owner = UserFactory(email=PRIVATE_EMAILS[0])
    AffiliationFactory(
        user=owner,
        region=lead_region,
        justification=f"{SECRET} justification",
        official_email=PRIVATE_EMAILS[1],
        status="verified",
    )
    hidden_area = AreaFactory(
        name=f"{SECRET} proposed area",
        summary=f"{SECRET} summary",
        status=AreaStatus.PROPOSED,
        proposing_region=lead_region,
        proposed_by=owner,
    )
    rejected_area = AreaFactory(
        name=f"{SECRET} rejected area",
        status=AreaStatus.REJECTED,
        decision_reason=f"{SECRET} rejection reason",
        proposing_region=lead_region,
    )
    pending = AreaJoinRequestFactory(
        area=area, region=RegionFactory(), statement=f"{SECRET} statement", requested_by=owner
    )
    AreaJoinRequestFactory(
        area=area,
        region=RegionFactory(),
        statement=f"{SECRET} rejected statement",
        status=RequestStatus.REJECTED,
        decided_at=area.created_at,
        decision_reason=f"{SECRET} reason for the applicant",
    )
    invitation = LeadInvitationFactory(
        area=area, region=applicant_region, message=f"{SECRET} invitation"
    )
    report = ProgressReportFactory(
        area=area, activities=f"{SECRET} activities", status=ReportStatus.DRAFT
    )
    draft = ProjectFactory(
        title=f"{SECRET} draft project",
        area=area,
        lead_region=lead_region,
        status=ProjectStatus.DRAFT,
    )
    partner = ProjectPartnerFactory(project=draft, organisation_name=f"{SECRET} partner")
    funding = FundingSourceFactory(project=draft, note=f"{SECRET} funding")
    hidden_cluster = ClusterFactory(name=f"{SECRET} cluster", status=ClusterStatus.PENDING)
    partnership = PartnershipFactory(area=area, call=CallFactory())
    partnership_request = PartnershipJoinRequestFactory(
        partnership=partnership,
        cluster=ClusterFactory(),
        statement=f"{SECRET} partnership statement",
        requested_by=owner,
    )
    colleague = AffiliationInvitationFactory(
        region=lead_region, email=PRIVATE_EMAILS[2], invited_by=owner
    )
    note = NotificationFactory(recipient=owner, message=f"{SECRET} notification")
    api_token(user=owner, name=f"{SECRET} token")
    primary_keys = {
        obj.pk
        for obj in [
            pending,
            invitation,
            report,
            partner,
            funding,
            partnership_request,
            colleague,
            note,
            hidden_area,
            rejected_area,
            draft,
        ]
    }
    slugs = [
        hidden_area.slug,
        rejected_area.slug,
        draft.slug,
        hidden_cluster.slug,
        area.slug,
        partnership.slug,
        partnership.call.slug,
    ]
    codes = [lead_region.code, applicant_region.code]
    assert Notification.objects.filter(message__contains=SECRET).exists()
    assert PartnershipJoinRequest.objects.filter(statement__contains=SECRET).exists()
    return {
        ("slug", "pk"): [
            (area.slug, report.pk),
            (draft.slug, partner.pk),
            (draft.slug, funding.pk),
            (hidden_area.slug, report.pk),
        ],
        ("kind", "slug"): [
            ("area", hidden_area.slug),
            ("area", rejected_area.slug),
            ("area", area.slug),
            ("partnership", partnership.slug),
            ("call", partnership.call.slug),
        ],
        "slug": slugs,
        "area_slug": slugs,
        "project_slug": slugs,
        "kind": ["area", "partnership", "call"],
        "key": ["stage", "area", "country", "category"],
        "code": codes,
        "region_code": codes,
        "pk": sorted(primary_keys),
    }


def outsider(role):
    if role == "visitor":
        return Client()
    client = Client()
    if role == "unverified user":
        user = UserFactory(verified=False)
    elif role == "member without affiliation":
        user = UserFactory()
    elif role == "representative of an unrelated region":
        user = representative_of(RegionFactory())
    else:
        user = representative_of(ClusterFactory())
    client.force_login(user)
    return client


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def leaks(body):
    return [marker for marker in [SECRET, *PRIVATE_EMAILS] if marker in body]


@pytest.mark.parametrize(
    "role",
    [
        "visitor",
        "unverified user",
        "member without affiliation",
        "representative of an unrelated region",
        "representative of an unrelated cluster",
    ],
)
def test_no_url_shows_an_outsider_anything_private(private_world, role):
    client = outsider(role)
    problems, walked = [], 0
    for route, _pattern in url_patterns():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        for path in fill(route, private_world):
            queries = LIST_QUERIES if "<" not in route and "(?P" not in route else [""]
            for query in queries:
                response = client.get(path + query)
                walked += 1
                if response.status_code >= 500:
                    problems.append(f"{path}{query}: {response.status_code}")
                found = leaks(body_of(response))
                if found:
                    problems.append(f"{path}{query} ({response.status_code}) shows {found}")

    assert walked > 100
    assert problems == []


def test_the_admin_turns_outsiders_away(private_world):
    for role in ["visitor", "member without affiliation", "representative of an unrelated region"]:
        response = outsider(role).get("/admin/thematic_areas/thematicarea/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_the_markers_are_found_where_their_owner_looks(private_world):
    """The walk's detector works: the owner's own pages do show the markers."""
    client = Client()
    client.force_login(Notification.objects.get(message__contains=SECRET).recipient)

    assert leaks(body_of(client.get("/notifications/"))) == [SECRET]
