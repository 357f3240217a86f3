import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.workflow import RequestStatus
from notifications.choices import Kind
from notifications.models import Notification
from regions.choices import AffiliationStatus
from tests.accounts.factories import UserFactory
from tests.regions.factories import PriorityFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas import services
from thematic_areas.choices import AreaStatus, InvitationStatus, MembershipRole
from thematic_areas.models import AreaMembership, ThematicArea

pytestmark = pytest.mark.django_db


def notified(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def representative(region):
    return representative_of(region)


@pytest.fixture
def area():
    """An active area led by one region."""
    return AreaFactory()


@pytest.fixture
def lead_representative(area):
    return representative_of(area.proposing_region)


@pytest.fixture
def member_region(area):
    return MembershipFactory(area=area).region


@pytest.fixture
def join_request(area):
    """A pending request of a new region, made by its representative."""
    applicant = RegionFactory()
    return AreaJoinRequestFactory(
        area=area, region=applicant, requested_by=representative_of(applicant)
    )


# propose_area


def propose(user, region, **kwargs):
    fields = {
        "name": "Advanced manufacturing for energy",
        "summary": "Regions building pilot lines for energy equipment.",
        "objectives": "Connect pilot lines across regions.",
        "action_plan": "Map facilities in 2025, match partners in 2026.",
    }
    return services.propose_area(user=user, region=region, **{**fields, **kwargs})


def test_a_representative_proposes_an_area_for_their_region(representative, region):
    priorities = [PriorityFactory(), PriorityFactory()]

    area = propose(representative, region, priorities=priorities, name=" 3D Printing ")

    assert area.status == AreaStatus.PROPOSED
    assert area.name == "3D Printing"
    assert area.slug == "3d-printing"
    assert area.proposing_region == region
    assert area.proposed_by == representative
    assert set(area.priorities.all()) == set(priorities)
    assert not area.memberships.exists()


def test_a_proposal_notifies_the_moderators(representative, region, moderator):
    area = propose(representative, region)

    notification = notified(moderator, Kind.PROPOSAL_SUBMITTED).get()
    assert notification.subject == area
    assert not notified(representative, Kind.PROPOSAL_SUBMITTED).exists()


def test_two_names_with_the_same_slug_get_distinct_slugs(representative, region):
    propose(representative, region, name="3D printing")

    second = propose(representative, region, name="3D Printing!")

    assert second.slug == "3d-printing-2"


def test_a_duplicate_name_is_a_validation_error(representative, region):
    propose(representative, region, name="Textile innovation")

    with pytest.raises(ValidationError) as error:
        propose(representative, region, name="Textile innovation")

    assert "name" in error.value.message_dict


@pytest.mark.parametrize("field", ["objectives", "action_plan"])
@pytest.mark.parametrize("blank", ["", "  \n "])
def test_a_proposal_needs_a_scoping_note(representative, region, field, blank):
    with pytest.raises(ValidationError) as error:
        propose(representative, region, **{field: blank})

    assert list(error.value.message_dict) == [field]
    assert not ThematicArea.objects.exists()


def test_a_user_who_does_not_represent_the_region_cannot_propose(member, region):
    with pytest.raises(PermissionDenied):
        propose(member, region)


def test_a_representative_of_another_region_cannot_propose_for_this_one(region):
    with pytest.raises(PermissionDenied):
        propose(representative_of(RegionFactory()), region)


def test_a_pending_affiliation_does_not_allow_proposing(region):
    applicant = representative_of(region, status=AffiliationStatus.PENDING)

    with pytest.raises(PermissionDenied):
        propose(applicant, region)


# approve_area and reject_area


@pytest.fixture
def proposal(representative, region):
    return propose(representative, region)


def test_a_moderator_approves_a_proposal_and_the_proposing_region_becomes_lead(
    proposal, moderator, region
):
    area = services.approve_area(area_id=proposal.pk, moderator=moderator)

    assert area.status == AreaStatus.ACTIVE
    assert area.decided_by == moderator
    assert area.decided_at is not None
    lead = area.memberships.get()
    assert lead.region == region
    assert lead.role == MembershipRole.LEAD
    assert lead.approved_by == moderator
    assert area.has_lead()


def test_the_decision_notifies_the_proposer_and_the_regions_other_representatives(
    proposal, moderator, representative, region
):
    colleague = representative_of(region)

    services.approve_area(area_id=proposal.pk, moderator=moderator)

    for user in (representative, colleague):
        assert "was approved" in notified(user, Kind.AREA_DECIDED).get().message
    assert not notified(moderator, Kind.AREA_DECIDED).exists()


def test_a_moderator_rejects_a_proposal_with_a_reason(proposal, moderator, representative):
    area = services.reject_area(area_id=proposal.pk, moderator=moderator, reason=" Overlaps. ")

    assert area.status == AreaStatus.REJECTED
    assert area.decision_reason == "Overlaps."
    assert area.decided_by == moderator
    assert not area.memberships.exists()
    assert "was rejected" in notified(representative, Kind.AREA_DECIDED).get().message


def test_rejecting_a_proposal_needs_a_reason(proposal, moderator):
    with pytest.raises(ValidationError) as error:
        services.reject_area(area_id=proposal.pk, moderator=moderator, reason=" ")

    assert "reason" in error.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == AreaStatus.PROPOSED


@pytest.mark.parametrize("who", ["representative", "member"])
def test_only_a_moderator_approves_a_proposal(proposal, request, who):
    with pytest.raises(PermissionDenied):
        services.approve_area(area_id=proposal.pk, moderator=request.getfixturevalue(who))

    proposal.refresh_from_db()
    assert proposal.status == AreaStatus.PROPOSED


def test_staff_outside_the_moderators_group_cannot_approve(proposal):
    with pytest.raises(PermissionDenied):
        services.approve_area(area_id=proposal.pk, moderator=UserFactory(is_staff=True))


def test_a_decided_proposal_cannot_be_decided_again(proposal, moderator):
    services.approve_area(area_id=proposal.pk, moderator=moderator)

    with pytest.raises(ValidationError, match="already decided"):
        services.approve_area(area_id=proposal.pk, moderator=moderator)
    with pytest.raises(ValidationError, match="already decided"):
        services.reject_area(area_id=proposal.pk, moderator=moderator, reason="Too late.")

    assert AreaMembership.objects.filter(area=proposal).count() == 1


def test_the_decision_is_kept_in_the_area_history(proposal, moderator):
    services.reject_area(area_id=proposal.pk, moderator=moderator, reason="Overlaps.")

    latest = proposal.history.first()
    assert latest.status == AreaStatus.REJECTED
    assert latest.history_change_reason == "Overlaps."


# request_to_join_area


def test_a_representative_asks_to_join_an_active_area(area, region, representative):
    join_request = services.request_to_join_area(
        user=representative, region=region, area=area, statement=" We bring pilot lines. "
    )

    assert join_request.status == RequestStatus.PENDING
    assert join_request.requested_by == representative
    assert join_request.statement == "We bring pilot lines."


def test_a_join_request_notifies_the_lead_representatives(
    area, region, representative, lead_representative
):
    join_request = services.request_to_join_area(
        user=representative, region=region, area=area, statement="We bring pilot lines."
    )

    assert notified(lead_representative, Kind.JOIN_REQUEST_MADE).get().subject == join_request


@pytest.mark.parametrize("status", [AreaStatus.PROPOSED, AreaStatus.REJECTED, AreaStatus.CLOSED])
def test_only_an_active_area_accepts_requests(region, representative, status):
    area = AreaFactory(status=status)

    with pytest.raises(ValidationError, match="Only active"):
        services.request_to_join_area(
            user=representative, region=region, area=area, statement="We bring pilot lines."
        )


def test_a_member_region_cannot_ask_to_join_again(area, member_region):
    with pytest.raises(ValidationError, match="already a member"):
        services.request_to_join_area(
            user=representative_of(member_region),
            region=member_region,
            area=area,
            statement="Again.",
        )


def test_a_lead_region_cannot_ask_to_join(area, lead_representative):
    with pytest.raises(ValidationError, match="already a member"):
        services.request_to_join_area(
            user=lead_representative, region=area.proposing_region, area=area, statement="Again."
        )


def test_only_a_representative_of_the_region_may_ask(area, region, member):
    with pytest.raises(PermissionDenied):
        services.request_to_join_area(user=member, region=region, area=area, statement="Hello.")


def test_a_join_request_needs_a_statement(area, region, representative):
    with pytest.raises(ValidationError) as error:
        services.request_to_join_area(user=representative, region=region, area=area, statement=" ")

    assert "statement" in error.value.message_dict


def test_a_second_pending_request_is_a_validation_error(area, region, representative):
    services.request_to_join_area(
        user=representative, region=region, area=area, statement="We bring pilot lines."
    )

    with pytest.raises(ValidationError, match="already has a pending request"):
        services.request_to_join_area(
            user=representative_of(region), region=region, area=area, statement="Us too."
        )

    assert area.join_requests.count() == 1


def test_a_region_may_ask_again_after_a_rejection(area, region, representative):
    AreaJoinRequestFactory(
        area=area, region=region, status=RequestStatus.REJECTED, decided_at=timezone.now()
    )

    services.request_to_join_area(
        user=representative, region=region, area=area, statement="We grew since."
    )

    assert area.join_requests.filter(status=RequestStatus.PENDING).count() == 1


# approve_area_join_request and reject_area_join_request


@pytest.mark.parametrize("decider", ["lead_representative", "moderator"])
def test_a_lead_or_a_moderator_approves_and_one_membership_is_created(
    area, join_request, request, decider
):
    user = request.getfixturevalue(decider)

    decided = services.approve_area_join_request(request_id=join_request.pk, user=user)

    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_by == user
    assert decided.decided_at is not None
    membership = AreaMembership.objects.get(area=area, region=join_request.region)
    assert membership.role == MembershipRole.MEMBER
    assert membership.approved_by == user
    assert membership.left_at is None


def test_the_applicant_is_told_of_the_decision(join_request, lead_representative):
    services.approve_area_join_request(request_id=join_request.pk, user=lead_representative)

    notification = notified(join_request.requested_by, Kind.JOIN_REQUEST_DECIDED).get()
    assert "was approved" in notification.message
    assert not notified(lead_representative, Kind.JOIN_REQUEST_DECIDED).exists()


def test_a_lead_rejects_with_a_reason_and_no_membership_is_created(
    area, join_request, lead_representative
):
    decided = services.reject_area_join_request(
        request_id=join_request.pk, user=lead_representative, reason=" Outside the scope. "
    )

    assert decided.status == RequestStatus.REJECTED
    assert decided.decision_reason == "Outside the scope."
    assert not AreaMembership.objects.filter(area=area, region=join_request.region).exists()
    assert (
        "was rejected"
        in notified(join_request.requested_by, Kind.JOIN_REQUEST_DECIDED).get().message
    )


def test_rejecting_a_join_request_needs_a_reason(join_request, lead_representative):
    with pytest.raises(ValidationError) as error:
        services.reject_area_join_request(
            request_id=join_request.pk, user=lead_representative, reason=""
        )

    assert "reason" in error.value.message_dict
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_member_regions_representative_cannot_decide(area, join_request, member_region):
    with pytest.raises(PermissionDenied):
        services.approve_area_join_request(
            request_id=join_request.pk, user=representative_of(member_region)
        )

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not AreaMembership.objects.filter(area=area, region=join_request.region).exists()


@pytest.mark.parametrize("who", ["unrelated", "applicant", "member"])
def test_an_outsider_or_the_applicant_cannot_decide(join_request, request, who):
    user = {
        "unrelated": lambda: representative_of(RegionFactory()),
        "applicant": lambda: join_request.requested_by,
        "member": lambda: request.getfixturevalue("member"),
    }[who]()

    with pytest.raises(PermissionDenied):
        services.approve_area_join_request(request_id=join_request.pk, user=user)
    with pytest.raises(PermissionDenied):
        services.reject_area_join_request(request_id=join_request.pk, user=user, reason="No.")

    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_lead_of_another_area_cannot_decide(join_request):
    other_lead = representative_of(AreaFactory().proposing_region)

    with pytest.raises(PermissionDenied):
        services.approve_area_join_request(request_id=join_request.pk, user=other_lead)


def test_a_decided_join_request_cannot_be_decided_again(area, join_request, lead_representative):
    services.approve_area_join_request(request_id=join_request.pk, user=lead_representative)

    with pytest.raises(ValidationError, match="already approved"):
        services.approve_area_join_request(request_id=join_request.pk, user=lead_representative)
    with pytest.raises(ValidationError, match="already approved"):
        services.reject_area_join_request(
            request_id=join_request.pk, user=lead_representative, reason="Too late."
        )

    assert AreaMembership.objects.filter(area=area, region=join_request.region).count() == 1


def test_approving_a_region_that_became_a_member_meanwhile_is_a_validation_error(
    area, join_request, lead_representative
):
    # The region was invited to co-lead while its request was pending, and accepted.
    invitation = services.invite_colead(
        user=lead_representative, area=area, region=join_request.region
    )
    services.respond_to_invitation(
        user=join_request.requested_by, invitation_id=invitation.pk, accept=True
    )

    with pytest.raises(ValidationError):
        services.approve_area_join_request(request_id=join_request.pk, user=lead_representative)

    assert (
        AreaMembership.objects.current().filter(area=area, region=join_request.region).count() == 1
    )


# withdraw_area_join_request


def test_the_applicant_withdraws_a_pending_request(join_request):
    applicant = join_request.requested_by

    withdrawn = services.withdraw_area_join_request(request_id=join_request.pk, user=applicant)

    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.decided_by == applicant
    assert withdrawn.decided_at is not None


def test_another_representative_of_the_applicant_region_may_withdraw(join_request):
    colleague = representative_of(join_request.region)

    withdrawn = services.withdraw_area_join_request(request_id=join_request.pk, user=colleague)

    assert withdrawn.status == RequestStatus.WITHDRAWN


@pytest.mark.parametrize("who", ["lead_representative", "moderator", "member"])
def test_only_the_applicant_region_withdraws(join_request, request, who):
    with pytest.raises(PermissionDenied):
        services.withdraw_area_join_request(
            request_id=join_request.pk, user=request.getfixturevalue(who)
        )

    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_decided_request_cannot_be_withdrawn(join_request, lead_representative):
    services.reject_area_join_request(
        request_id=join_request.pk, user=lead_representative, reason="Outside the scope."
    )

    with pytest.raises(ValidationError, match="already rejected"):
        services.withdraw_area_join_request(
            request_id=join_request.pk, user=join_request.requested_by
        )


def test_a_region_may_ask_again_after_withdrawing(area, join_request):
    applicant = join_request.requested_by
    services.withdraw_area_join_request(request_id=join_request.pk, user=applicant)

    again = services.request_to_join_area(
        user=applicant, region=join_request.region, area=area, statement="Ready now."
    )

    assert again.is_pending


# leave_area


def test_the_last_lead_cannot_leave_an_active_area(area, lead_representative):
    with pytest.raises(ValidationError, match="last lead"):
        services.leave_area(user=lead_representative, area=area, region=area.proposing_region)

    assert area.has_lead()


def test_a_member_region_leaves_and_its_history_is_kept(area, member_region):
    membership = services.leave_area(
        user=representative_of(member_region), area=area, region=member_region
    )

    assert membership.left_at is not None
    assert not area.current_memberships().filter(region=member_region).exists()
    assert area.memberships.get(region=member_region).left_at == membership.left_at


def test_a_region_that_left_may_ask_to_join_again(area, member_region):
    representative = representative_of(member_region)
    services.leave_area(user=representative, area=area, region=member_region)

    again = services.request_to_join_area(
        user=representative, region=member_region, area=area, statement="We are back."
    )

    assert again.is_pending


def test_a_lead_may_leave_when_another_lead_remains(area, lead_representative):
    MembershipFactory(area=area, role=MembershipRole.LEAD)

    services.leave_area(user=lead_representative, area=area, region=area.proposing_region)

    assert area.has_lead()
    assert not area.current_memberships().filter(region=area.proposing_region).exists()


def test_the_last_lead_may_leave_a_closed_area():
    area = AreaFactory(status=AreaStatus.CLOSED)

    services.leave_area(
        user=representative_of(area.proposing_region), area=area, region=area.proposing_region
    )

    assert not area.has_lead()


def test_a_moderator_may_remove_a_member_region(area, member_region, moderator):
    services.leave_area(user=moderator, area=area, region=member_region)

    assert not area.current_memberships().filter(region=member_region).exists()


def test_a_region_cannot_be_removed_by_someone_who_does_not_represent_it(
    area, member_region, lead_representative
):
    with pytest.raises(PermissionDenied):
        services.leave_area(user=lead_representative, area=area, region=member_region)


def test_a_region_that_is_not_a_member_cannot_leave(area, region, representative):
    with pytest.raises(ValidationError, match="not a member"):
        services.leave_area(user=representative, area=area, region=region)


# invite_colead and respond_to_invitation


@pytest.fixture
def invitation(area, lead_representative, region, representative):
    return services.invite_colead(
        user=lead_representative, area=area, region=region, message=" Join us as co-lead. "
    )


def test_a_lead_invites_a_region_to_co_lead(
    invitation, region, representative, lead_representative
):
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == lead_representative
    assert invitation.message == "Join us as co-lead."
    assert notified(representative, Kind.COLEAD_INVITATION).get().subject == invitation


def test_accepting_makes_the_invited_region_a_lead(
    area, invitation, region, representative, lead_representative
):
    answered = services.respond_to_invitation(
        user=representative, invitation_id=invitation.pk, accept=True
    )

    assert answered.status == InvitationStatus.ACCEPTED
    assert answered.responded_by == representative
    assert answered.responded_at is not None
    lead = area.memberships.leads().get(region=region)
    assert lead.approved_by == lead_representative


def test_a_member_region_that_accepts_becomes_lead_without_a_second_membership(
    area, lead_representative, member_region
):
    representative = representative_of(member_region)
    invitation = services.invite_colead(user=lead_representative, area=area, region=member_region)

    services.respond_to_invitation(user=representative, invitation_id=invitation.pk, accept=True)

    membership = area.memberships.get(region=member_region)
    assert membership.role == MembershipRole.LEAD


def test_declining_does_not_make_the_region_a_lead(area, invitation, region, representative):
    answered = services.respond_to_invitation(
        user=representative, invitation_id=invitation.pk, accept=False
    )

    assert answered.status == InvitationStatus.DECLINED
    assert not area.memberships.filter(region=region).exists()


@pytest.mark.parametrize("who", ["lead_representative", "moderator", "member"])
def test_only_the_invited_regions_representative_answers(invitation, request, who):
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(
            user=request.getfixturevalue(who), invitation_id=invitation.pk, accept=True
        )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_invitation_is_answered_once(invitation, representative):
    services.respond_to_invitation(user=representative, invitation_id=invitation.pk, accept=False)

    with pytest.raises(ValidationError, match="already answered"):
        services.respond_to_invitation(
            user=representative, invitation_id=invitation.pk, accept=True
        )


def test_the_first_lead_may_leave_once_a_co_lead_accepted(area, invitation, representative):
    services.respond_to_invitation(user=representative, invitation_id=invitation.pk, accept=True)

    services.leave_area(
        user=representative_of(area.proposing_region), area=area, region=area.proposing_region
    )

    assert [m.region for m in area.memberships.leads()] == [invitation.region]


@pytest.mark.parametrize("who", ["member_representative", "unrelated"])
def test_only_a_lead_invites_co_leads(area, region, member_region, who):
    user = representative_of(member_region if who == "member_representative" else RegionFactory())

    with pytest.raises(PermissionDenied):
        services.invite_colead(user=user, area=area, region=region)


def test_a_region_that_already_leads_cannot_be_invited(area, lead_representative):
    with pytest.raises(ValidationError, match="already leads"):
        services.invite_colead(user=lead_representative, area=area, region=area.proposing_region)


def test_a_second_pending_invitation_is_a_validation_error(
    area, invitation, region, lead_representative
):
    with pytest.raises(ValidationError, match="pending invitation"):
        services.invite_colead(user=lead_representative, area=area, region=region)


def test_a_proposal_named_like_a_fixed_path_gets_another_slug(representative, region):
    area = services.propose_area(
        user=representative,
        region=region,
        name="Propose",
        summary="s",
        objectives="o",
        action_plan="a",
    )

    assert area.slug == "propose-2"
