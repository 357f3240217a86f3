"""Who may do what: every workflow action × every role → the expected answer, through HTTP.

One world is built per test: an active area with a lead, a member and a
pending request from an applicant region; a proposal awaiting a moderator; a
co-lead invitation; a draft progress report; a partnership with an open
call, its coordinator cluster and a pending request from an applicant
cluster; a pending affiliation. Each cell posts one action as one role and
checks the answer and the database: a refused action changes nothing, an
allowed one changes what it should.

DESIGN.md gives each action to its roles; anything not listed for a role
below is refused, with 404 when the object is not visible to it and 403 when
it is visible but not theirs to change.
"""

from dataclasses import dataclass
from enum import Enum

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.models import PartnershipJoinRequest, PartnershipMembership
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import Affiliation, AffiliationInvitation, Cluster
from regions.permissions import represented_clusters, represented_regions
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.partnerships.factories import (
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
)
from tests.regions.factories import (
    AffiliationFactory,
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
from thematic_areas.choices import AreaStatus
from thematic_areas.models import (
    AreaJoinRequest,
    AreaMembership,
    LeadInvitation,
    ProgressReport,
    ThematicArea,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    area: object
    lead_region: object
    member_region: object
    applicant_region: object
    unrelated_region: object
    fresh_region: object
    join_request: object
    proposal: object
    invitation: object
    report: object
    partnership: object
    coordinator: object
    applicant_cluster: object
    outsider_cluster: object
    member_cluster: object
    pending_cluster: object
    partnership_request: object
    pending_affiliation: object
    users: dict


ROLES = {
    "visitor": "a visitor",
    "unverified": "a member whose e-mail is unverified",
    "no_affiliation": "a member without affiliation",
    "pending_affiliation": "a member whose affiliation is pending",
    "unrelated": "a representative of an unrelated region",
    "applicant": "a representative of the applicant region",
    "member": "a representative of a member region",
    "lead": "a representative of the lead region",
    "outsider_cluster": "a representative of an outsider cluster",
    "member_cluster": "a representative of a member cluster",
    "applicant_cluster": "a representative of the applicant cluster",
    "coordinator": "a representative of the coordinator cluster",
    "moderator": "a moderator",
}


@pytest.fixture
def world():
    lead_region, applicant_region = RegionFactory(), RegionFactory()
    unrelated_region, fresh_region = RegionFactory(), RegionFactory()
    area = AreaFactory(lead=lead_region, proposing_region=lead_region)
    member_region = MembershipFactory(area=area).region
    coordinator, applicant_cluster = ClusterFactory(), ClusterFactory()
    outsider_cluster = ClusterFactory()
    partnership = PartnershipFactory(area=area, coordinator=coordinator)
    member_cluster = PartnershipMembershipFactory(partnership=partnership).cluster
    pending_affiliation = AffiliationFactory(
        region=applicant_region, status=AffiliationStatus.PENDING
    )
    users = {
        "visitor": None,
        "unverified": UserFactory(verified=False),
        "no_affiliation": UserFactory(),
        "pending_affiliation": pending_affiliation.user,
        "unrelated": representative_of(unrelated_region),
        "applicant": representative_of(applicant_region),
        "member": representative_of(member_region),
        "lead": representative_of(lead_region),
        "outsider_cluster": representative_of(outsider_cluster),
        "member_cluster": representative_of(member_cluster),
        "applicant_cluster": representative_of(applicant_cluster),
        "coordinator": representative_of(coordinator),
        "moderator": ModeratorFactory(),
    }
    return World(
        area=area,
        lead_region=lead_region,
        member_region=member_region,
        applicant_region=applicant_region,
        unrelated_region=unrelated_region,
        fresh_region=fresh_region,
        join_request=AreaJoinRequestFactory(
            area=area, region=applicant_region, requested_by=users["applicant"]
        ),
        proposal=AreaFactory(
            status=AreaStatus.PROPOSED,
            proposing_region=applicant_region,
            proposed_by=users["applicant"],
        ),
        invitation=LeadInvitationFactory(area=area, region=member_region, invited_by=users["lead"]),
        report=ProgressReportFactory(area=area, created_by=users["lead"]),
        partnership=partnership,
        coordinator=coordinator,
        applicant_cluster=applicant_cluster,
        outsider_cluster=outsider_cluster,
        member_cluster=member_cluster,
        pending_cluster=ClusterFactory(status=ClusterStatus.PENDING),
        partnership_request=PartnershipJoinRequestFactory(
            partnership=partnership,
            cluster=applicant_cluster,
            requested_by=users["applicant_cluster"],
        ),
        pending_affiliation=pending_affiliation,
        users=users,
    )


# Outcomes


class Outcome(Enum):
    LOGIN = "is sent to log in"
    ADMIN_LOGIN = "is sent to the admin's login"
    NOT_FOUND = "gets 404 and nothing changes"
    FORBIDDEN = "gets 403 and nothing changes"
    REFUSED = "sees the form again with its error and nothing changes"
    EXPLAINED = "is told who may do it and nothing changes"
    DONE = "succeeds"


LOGIN, ADMIN_LOGIN = Outcome.LOGIN, Outcome.ADMIN_LOGIN
NOT_FOUND, FORBIDDEN, REFUSED, EXPLAINED, DONE = (
    Outcome.NOT_FOUND,
    Outcome.FORBIDDEN,
    Outcome.REFUSED,
    Outcome.EXPLAINED,
    Outcome.DONE,
)


def own_region(world, user, fallback):
    regions = represented_regions(user) if user else None
    return (regions.first() if regions else None) or fallback


def own_cluster(world, user):
    clusters = represented_clusters(user) if user else None
    return (clusters.first() if clusters else None) or world.outsider_cluster


def admin_changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def admin_action(model, action, obj, **data):
    """A changelist action, or with `reason` the submitted intermediate page of one."""
    payload = {"action": action, "_selected_action": [obj.pk], "index": 0, **data}
    if data:
        payload["post"] = "yes"
    return admin_changelist(model), payload


# Actions: (sentence, url and data for a user, the state the action changes)


@dataclass
class Action:
    sentence: str
    request: object  # (world, user) -> (url, data)
    state: object  # world -> a snapshot of what the action changes
    outcomes: dict  # role -> Outcome; a role left out gets `default`
    default: Outcome


def area_state(world):
    return list(ThematicArea.objects.filter(name="Matrix area").values_list("status"))


def join_state(world):
    request = AreaJoinRequest.objects.get(pk=world.join_request.pk)
    members = AreaMembership.objects.filter(area=world.area, left_at__isnull=True).count()
    return request.status, members


def partnership_join_state(world):
    request = PartnershipJoinRequest.objects.get(pk=world.partnership_request.pk)
    members = PartnershipMembership.objects.filter(partnership=world.partnership).count()
    return request.status, members


ANYONE_LOGGED_IN = {"visitor": LOGIN}
REGION_REPRESENTATIVES = ("unrelated", "applicant", "member", "lead")
DECIDERS_OF_AREA_REQUESTS = {"visitor": LOGIN, "applicant": FORBIDDEN, "lead": DONE}

ACTIONS = [
    Action(
        "proposes a thematic area",
        lambda w, u: (
            reverse("thematic_areas:area_propose"),
            {
                "region": own_region(w, u, w.fresh_region).pk,
                "name": "Matrix area",
                "summary": "Summary.",
                "objectives": "Objectives.",
                "action_plan": "Plan.",
            },
        ),
        area_state,
        {"visitor": LOGIN, **dict.fromkeys(REGION_REPRESENTATIVES, DONE)},
        EXPLAINED,
    ),
    Action(
        "approves a proposal in the admin",
        lambda w, u: admin_action(ThematicArea, "approve_proposals", w.proposal),
        lambda w: ThematicArea.objects.get(pk=w.proposal.pk).status,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "rejects a proposal in the admin",
        lambda w, u: admin_action(
            ThematicArea, "reject_proposals", w.proposal, reason="Out of scope."
        ),
        lambda w: ThematicArea.objects.get(pk=w.proposal.pk).status,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "asks to join the area",
        lambda w, u: (
            reverse("thematic_areas:area_join", args=[w.area.slug]),
            {"region": own_region(w, u, w.unrelated_region).pk, "statement": "We commit."},
        ),
        lambda w: AreaJoinRequest.objects.filter(area=w.area).count(),
        {
            "visitor": LOGIN,
            "unrelated": DONE,
            # A pending request already; already members.
            "applicant": REFUSED,
            "member": REFUSED,
            "lead": REFUSED,
        },
        FORBIDDEN,
    ),
    Action(
        "approves the request to join the area",
        lambda w, u: (
            reverse("thematic_areas:join_request_approve", args=[w.join_request.pk]),
            {"reason": ""},
        ),
        join_state,
        {**DECIDERS_OF_AREA_REQUESTS, "moderator": DONE},
        NOT_FOUND,
    ),
    Action(
        "rejects the request to join the area",
        lambda w, u: (
            reverse("thematic_areas:join_request_reject", args=[w.join_request.pk]),
            {"reason": "Not the right fit."},
        ),
        join_state,
        {**DECIDERS_OF_AREA_REQUESTS, "moderator": DONE},
        NOT_FOUND,
    ),
    Action(
        "withdraws the request to join the area",
        lambda w, u: (
            reverse("thematic_areas:join_request_withdraw", args=[w.join_request.pk]),
            {},
        ),
        join_state,
        {"visitor": LOGIN, "applicant": DONE, "lead": FORBIDDEN, "moderator": FORBIDDEN},
        NOT_FOUND,
    ),
    Action(
        "leaves the area",
        lambda w, u: (
            reverse("thematic_areas:area_leave", args=[w.area.slug]),
            {"region": own_region(w, u, w.member_region).pk},
        ),
        lambda w: AreaMembership.objects.filter(area=w.area, left_at__isnull=True).count(),
        # The lead is the last one: an active area keeps it.
        {"visitor": LOGIN, "member": DONE, "lead": REFUSED},
        FORBIDDEN,
    ),
    Action(
        "invites a co-lead",
        lambda w, u: (
            reverse("thematic_areas:area_invite", args=[w.area.slug]),
            {"region": w.fresh_region.code, "message": "Join us as co-lead."},
        ),
        lambda w: LeadInvitation.objects.filter(region=w.fresh_region).count(),
        {"visitor": LOGIN, "lead": DONE, "moderator": DONE},
        FORBIDDEN,
    ),
    Action(
        "accepts the co-lead invitation",
        lambda w, u: (
            reverse("thematic_areas:invitation_accept", args=[w.invitation.pk]),
            {},
        ),
        lambda w: LeadInvitation.objects.get(pk=w.invitation.pk).status,
        {"visitor": LOGIN, "member": DONE, "lead": FORBIDDEN, "moderator": FORBIDDEN},
        NOT_FOUND,
    ),
    Action(
        "writes a progress report",
        lambda w, u: (
            reverse("thematic_areas:report_create", args=[w.area.slug]),
            {"year": 2025, "half": 2, "activities": "Workshops.", "next_steps": "Projects."},
        ),
        lambda w: ProgressReport.objects.filter(area=w.area).count(),
        {"visitor": LOGIN, "lead": DONE, "moderator": DONE},
        FORBIDDEN,
    ),
    Action(
        "publishes the draft progress report",
        lambda w, u: (
            reverse("thematic_areas:report_publish", args=[w.area.slug, w.report.pk]),
            {},
        ),
        lambda w: ProgressReport.objects.get(pk=w.report.pk).status,
        # A draft is invisible to those who cannot manage the area.
        {"visitor": LOGIN, "lead": DONE, "moderator": DONE},
        NOT_FOUND,
    ),
    Action(
        "asks to join the partnership",
        lambda w, u: (
            reverse("partnerships:partnership_join", args=[w.partnership.slug]),
            {"cluster": own_cluster(w, u).pk, "statement": "We bring 40 SMEs."},
        ),
        lambda w: PartnershipJoinRequest.objects.filter(partnership=w.partnership).count(),
        {
            "visitor": LOGIN,
            "outsider_cluster": DONE,
            # A pending request already; already members.
            "applicant_cluster": REFUSED,
            "coordinator": REFUSED,
            "member_cluster": REFUSED,
        },
        FORBIDDEN,
    ),
    Action(
        "approves the request to join the partnership",
        lambda w, u: (
            reverse("partnerships:join_request_approve", args=[w.partnership_request.pk]),
            {"reason": ""},
        ),
        partnership_join_state,
        {
            "visitor": LOGIN,
            "applicant_cluster": FORBIDDEN,
            "coordinator": DONE,
            "lead": DONE,
            "moderator": DONE,
        },
        NOT_FOUND,
    ),
    Action(
        "rejects the request to join the partnership",
        lambda w, u: (
            reverse("partnerships:join_request_reject", args=[w.partnership_request.pk]),
            {"reason": "The partnership is full."},
        ),
        partnership_join_state,
        {
            "visitor": LOGIN,
            "applicant_cluster": FORBIDDEN,
            "coordinator": DONE,
            "lead": DONE,
            "moderator": DONE,
        },
        NOT_FOUND,
    ),
    Action(
        "withdraws the request to join the partnership",
        lambda w, u: (
            reverse("partnerships:join_request_withdraw", args=[w.partnership_request.pk]),
            {},
        ),
        partnership_join_state,
        {
            "visitor": LOGIN,
            "applicant_cluster": DONE,
            "coordinator": FORBIDDEN,
            "lead": FORBIDDEN,
            "moderator": FORBIDDEN,
        },
        NOT_FOUND,
    ),
    Action(
        "leaves the partnership",
        lambda w, u: (
            reverse("partnerships:partnership_leave", args=[w.partnership.slug]),
            {"cluster": own_cluster(w, u).pk},
        ),
        lambda w: PartnershipMembership.objects.filter(
            partnership=w.partnership, left_at__isnull=True
        ).count(),
        # The coordinator cannot leave; a moderator names another.
        {"visitor": LOGIN, "member_cluster": DONE, "coordinator": REFUSED},
        FORBIDDEN,
    ),
    Action(
        "declines the co-lead invitation",
        lambda w, u: (
            reverse("thematic_areas:invitation_decline", args=[w.invitation.pk]),
            {},
        ),
        lambda w: LeadInvitation.objects.get(pk=w.invitation.pk).status,
        {"visitor": LOGIN, "member": DONE, "lead": FORBIDDEN, "moderator": FORBIDDEN},
        NOT_FOUND,
    ),
    Action(
        "invites a colleague to represent their region",
        lambda w, u: (
            reverse("regions:colleague_invite"),
            {
                "region": own_region(w, u, w.unrelated_region).pk,
                "email": "colleague@region.example.eu",
            },
        ),
        lambda w: AffiliationInvitation.objects.count(),
        {"visitor": LOGIN, **dict.fromkeys(REGION_REPRESENTATIVES, DONE)},
        FORBIDDEN,
    ),
    Action(
        "approves the request to join the area in the admin",
        lambda w, u: admin_action(AreaJoinRequest, "approve_requests", w.join_request),
        join_state,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "approves the request to join the partnership in the admin",
        lambda w, u: admin_action(
            PartnershipJoinRequest, "approve_requests", w.partnership_request
        ),
        partnership_join_state,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "validates a pending cluster profile in the admin",
        lambda w, u: admin_action(
            Cluster,
            "validate_profiles",
            w.pending_cluster,
            reason="",
            **{f"english_website_{w.pending_cluster.pk}": "on"},
        ),
        lambda w: Cluster.objects.get(pk=w.pending_cluster.pk).status,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "asks to represent a region",
        lambda w, u: (
            reverse("regions:affiliation_create"),
            {
                "region": w.fresh_region.code,
                "role_title": "Officer",
                "official_email": "officer@region.example.eu",
                "justification": "I run the strategy.",
            },
        ),
        lambda w: Affiliation.objects.filter(region=w.fresh_region).count(),
        # Only a verified e-mail lets a user ask to act for an organisation.
        {"visitor": LOGIN, "unverified": FORBIDDEN},
        DONE,
    ),
    Action(
        "verifies a pending affiliation in the admin",
        lambda w, u: admin_action(Affiliation, "verify_affiliations", w.pending_affiliation),
        lambda w: Affiliation.objects.get(pk=w.pending_affiliation.pk).status,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "rejects a pending affiliation in the admin",
        lambda w, u: admin_action(
            Affiliation, "reject_affiliations", w.pending_affiliation, reason="Unknown person."
        ),
        lambda w: Affiliation.objects.get(pk=w.pending_affiliation.pk).status,
        {"moderator": DONE},
        ADMIN_LOGIN,
    ),
    Action(
        "edits the outsider cluster's profile",
        lambda w, u: (
            reverse("regions:cluster_edit", args=[w.outsider_cluster.slug]),
            {
                "name": "Renamed cluster",
                "website": "https://cluster.example.eu",
                "management_fte": "1",
                "members_sme": "20",
                "members_large": "0",
                "members_research": "5",
                "members_public": "0",
                "members_other": "0",
            },
        ),
        lambda w: Cluster.objects.get(pk=w.outsider_cluster.pk).name,
        {"visitor": LOGIN, "outsider_cluster": DONE, "moderator": DONE},
        FORBIDDEN,
    ),
]


def assert_outcome(response, outcome):
    if outcome is LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif outcome is ADMIN_LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    elif outcome is NOT_FOUND:
        assert response.status_code == 404
    elif outcome is FORBIDDEN:
        assert response.status_code == 403
    elif outcome is REFUSED:
        assert response.status_code == 200
        assert 'role="alert"' in response.text or "errorlist" in response.text
    elif outcome is EXPLAINED:
        assert response.status_code == 200
        assert "Only a verified representative" in response.text
    else:
        assert response.status_code == 302
        assert "login" not in response.url


CELLS = [
    pytest.param(
        action,
        role,
        action.outcomes.get(role, action.default),
        id=f"{ROLES[role]} {action.sentence}: {action.outcomes.get(role, action.default).value}",
    )
    for action in ACTIONS
    for role in ROLES
]


@pytest.mark.parametrize(("action", "role", "outcome"), CELLS)
def test_permission_matrix(world, action, role, outcome):
    user = world.users[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    url, data = action.request(world, user)
    before = action.state(world)

    response = client.post(url, data)

    assert_outcome(response, outcome)
    after = action.state(world)
    if outcome is DONE:
        assert after != before, "the action reported success but changed nothing"
    else:
        assert after == before, "a refused action changed the database"


def test_the_matrix_covers_every_role_for_every_action():
    assert len(CELLS) == len(ACTIONS) * len(ROLES)
    assert all(set(action.outcomes) <= set(ROLES) for action in ACTIONS)
