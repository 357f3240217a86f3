"""Clusters propose partnerships during an open call; invited clusters confirm; moderators
decide."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.choices import Kind
from partnerships import services
from partnerships.choices import InvitationAnswer, PartnershipKind, PartnershipRole, ProposalStatus
from partnerships.models import PartnershipProposal
from partnerships.permissions import visible_proposals
from regions.choices import ClusterStatus
from tests.accounts.factories import UserFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import CallFactory, ProposalFactory, ProposalInvitationFactory
from tests.personas import among, notified_of, who
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """A proposing cluster with its representative, two clusters to invite, an area, a call."""
    proposer_cluster = ClusterFactory(name="Textile cluster")
    invited = [ClusterFactory(name="Fibre cluster"), ClusterFactory(name="Dye cluster")]
    return {
        "cluster": proposer_cluster,
        "user": representative_of(proposer_cluster),
        "invited": invited,
        "area": AreaFactory(name="Smart textiles"),
        "call": CallFactory(),
    }


def propose(setting, **changes):
    fields = {
        "user": setting["user"],
        "cluster": setting["cluster"],
        "area": setting["area"],
        "call": setting["call"],
        "name": "Recycled fibres",
        "kind": PartnershipKind.ESCP_S3,
        "objectives": "Pilot lines for recycled fibres.",
        "invited": setting["invited"],
        **changes,
    }
    return services.propose_partnership(**fields)


def test_a_proposal_invites_clusters_and_waits_for_the_moderators(setting, moderator):
    fibre_rep = representative_of(setting["invited"][0])

    proposal = propose(setting)

    assert proposal.status == ProposalStatus.PROPOSED
    assert sorted(i.cluster.name for i in proposal.invitations.all()) == [
        "Dye cluster",
        "Fibre cluster",
    ]
    assert fibre_rep in notified_of(proposal, Kind.PARTNERSHIP_PROPOSED)
    assert notified_of(proposal, Kind.MODERATION_WAITING) == {moderator}


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"user": None}, PermissionDenied, "do not represent"),
        ({"call": "closed"}, ValidationError, "while a call is open"),
        ({"area": "proposed"}, ValidationError, "active areas only"),
        ({"name": "  "}, ValidationError, "required"),
        ({"invited": "pending"}, ValidationError, "validated cluster"),
    ],
)
def test_refused_proposals_write_nothing(setting, changes, error, message):
    today = timezone.localdate()
    values = {
        "user": lambda: UserFactory(),
        "call": lambda: CallFactory(
            opens_on=today - datetime.timedelta(60), closes_on=today - datetime.timedelta(1)
        ),
        "area": lambda: AreaFactory(status=AreaStatus.PROPOSED),
        "name": lambda: "  ",
        "invited": lambda: [ClusterFactory(status=ClusterStatus.PENDING)],
    }
    key = next(iter(changes))

    with pytest.raises(error, match=message):
        propose(setting, **{key: values[key]()})

    assert not PartnershipProposal.objects.exists()


def test_invited_clusters_answer_and_the_approval_creates_the_partnership(setting, moderator):
    proposal = propose(setting)
    fibre, dye = proposal.invitations.order_by("cluster__name").reverse()
    fibre_rep = representative_of(fibre.cluster)

    with pytest.raises(PermissionDenied):
        services.answer_proposal_invitation(
            user=setting["user"], invitation_id=fibre.pk, confirm=True
        )
    services.answer_proposal_invitation(user=fibre_rep, invitation_id=fibre.pk, confirm=True)
    services.answer_proposal_invitation(
        user=representative_of(dye.cluster), invitation_id=dye.pk, confirm=False
    )
    with pytest.raises(PermissionDenied):
        services.approve_partnership_proposal(proposal_id=proposal.pk, moderator=setting["user"])
    approved = services.approve_partnership_proposal(proposal_id=proposal.pk, moderator=moderator)

    partnership = approved.partnership
    assert (partnership.name, partnership.area, partnership.coordinator, partnership.call) == (
        "Recycled fibres",
        setting["area"],
        setting["cluster"],
        setting["call"],
    )
    roles = dict(partnership.memberships.values_list("cluster__name", "role"))
    assert roles == {
        "Textile cluster": PartnershipRole.COORDINATOR,
        "Fibre cluster": PartnershipRole.MEMBER,
    }
    assert {setting["user"], fibre_rep} <= notified_of(approved, Kind.PROPOSAL_DECIDED)
    with pytest.raises(ValidationError, match="already decided"):
        services.reject_partnership_proposal(
            proposal_id=proposal.pk, moderator=moderator, reason="x"
        )
    with pytest.raises(ValidationError, match="already decided"):
        services.answer_proposal_invitation(user=fibre_rep, invitation_id=fibre.pk, confirm=False)


def test_a_rejection_needs_a_reason_that_the_proposers_read(setting, moderator):
    proposal = propose(setting)

    with pytest.raises(ValidationError, match="reason"):
        services.reject_partnership_proposal(
            proposal_id=proposal.pk, moderator=moderator, reason=" "
        )
    rejected = services.reject_partnership_proposal(
        proposal_id=proposal.pk, moderator=moderator, reason="Too close to an existing one."
    )

    assert rejected.status == ProposalStatus.REJECTED and rejected.partnership is None
    page = text_of(client_for(setting["user"]).get(rejected.get_absolute_url()))
    assert "Too close to an existing one." in page


def test_who_sees_a_proposal(setting, moderator):
    proposal = propose(setting)
    users = {
        "proposer": setting["user"],
        "invited": representative_of(setting["invited"][1]),
        "other cluster": representative_of(ClusterFactory()),
        "member": UserFactory(),
        "moderator": moderator,
    }

    assert who(users, among(proposal, visible_proposals)) == {"proposer", "invited", "moderator"}
    assert client_for(users["member"]).get(proposal.get_absolute_url()).status_code == 404


def test_the_pages_propose_answer_and_show_the_queue(setting, moderator):
    client = client_for(setting["user"])
    response = client.post(
        reverse("partnerships:partnership_propose"),
        {
            "cluster": setting["cluster"].pk,
            "area": setting["area"].slug,
            "call": setting["call"].pk,
            "name": "Recycled fibres",
            "kind": PartnershipKind.ESCP_S3,
            "objectives": "Pilot lines.",
            "invited": [setting["invited"][0].pk],
        },
    )
    proposal = PartnershipProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()

    invitation = proposal.invitations.get()
    fibre = client_for(representative_of(invitation.cluster))
    assert "Confirm: we join" in text_of(fibre.get(proposal.get_absolute_url()))
    fibre.post(reverse("partnerships:invitation_confirm", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.CONFIRMED

    queue = text_of(client_for(moderator).get(reverse("moderation_queue")))
    assert (
        "Proposed partnerships" in queue and "Recycled fibres, proposed by Textile cluster" in queue
    )


def test_the_admin_approves_from_the_record(setting, moderator):
    proposal = ProposalFactory(proposing_cluster=setting["cluster"], area=setting["area"])
    ProposalInvitationFactory(proposal=proposal, answer=InvitationAnswer.CONFIRMED)
    changelist = reverse("admin:partnerships_partnershipproposal_changelist")

    response = client_for(moderator).post(
        changelist,
        {"action": "approve_proposals", "_selected_action": [proposal.pk], "index": 0},
        follow=True,
    )

    proposal.refresh_from_db()
    assert response.status_code == 200
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.partnership.memberships.count() == 2
