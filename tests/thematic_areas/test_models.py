import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.workflow import RequestStatus
from tests.regions.factories import RegionFactory
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    LeadInvitationFactory,
    MembershipFactory,
    ProgressReportFactory,
)
from thematic_areas.choices import AreaStatus, InvitationStatus, MembershipRole
from thematic_areas.models import (
    AreaJoinRequest,
    AreaMembership,
    ThematicArea,
)

pytestmark = pytest.mark.django_db


def left_membership(**kwargs):
    """A membership that began a year ago and ended today."""
    now = timezone.now()
    return MembershipFactory(joined_at=now - datetime.timedelta(days=365), left_at=now, **kwargs)


def decided(status):
    return {"status": status, "decided_at": timezone.now()}


def test_the_database_rejects_a_second_pending_request_for_the_same_region_and_area():
    first = AreaJoinRequestFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AreaJoinRequestFactory(area=first.area, region=first.region)


@pytest.mark.parametrize(
    "status", [RequestStatus.WITHDRAWN, RequestStatus.REJECTED, RequestStatus.APPROVED]
)
def test_a_decided_request_does_not_block_a_new_pending_one(status):
    earlier = AreaJoinRequestFactory(**decided(status))

    AreaJoinRequestFactory(area=earlier.area, region=earlier.region)

    assert AreaJoinRequest.objects.filter(area=earlier.area, region=earlier.region).count() == 2


def test_two_regions_may_have_pending_requests_for_the_same_area():
    first = AreaJoinRequestFactory()

    AreaJoinRequestFactory(area=first.area)

    assert first.area.join_requests.filter(status=RequestStatus.PENDING).count() == 2


@pytest.mark.parametrize(
    "status", [RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN]
)
def test_the_database_rejects_a_decided_request_without_a_decision_time(status):
    with (
        pytest.raises(IntegrityError, match="decided_when_not_pending"),
        transaction.atomic(),
    ):
        AreaJoinRequestFactory(status=status, decided_at=None)


def test_the_database_rejects_a_pending_request_with_a_decision_time():
    with (
        pytest.raises(IntegrityError, match="decided_when_not_pending"),
        transaction.atomic(),
    ):
        AreaJoinRequestFactory(status=RequestStatus.PENDING, decided_at=timezone.now())


def test_the_database_rejects_a_second_current_membership_of_a_region_in_an_area():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(area=membership.area, region=membership.region)


def test_a_past_membership_does_not_block_joining_again():
    past = left_membership()

    MembershipFactory(area=past.area, region=past.region)

    assert past.area.memberships.filter(region=past.region).count() == 2
    assert past.area.current_memberships().filter(region=past.region).count() == 1


def test_the_database_rejects_leaving_before_joining():
    joined = timezone.now()

    with pytest.raises(IntegrityError, match="leaves_after_joining"), transaction.atomic():
        MembershipFactory(joined_at=joined, left_at=joined - datetime.timedelta(days=1))


def test_the_database_rejects_a_second_pending_colead_invitation():
    first = LeadInvitationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LeadInvitationFactory(area=first.area, region=first.region)


def test_a_declined_invitation_does_not_block_a_new_one():
    declined = LeadInvitationFactory(status=InvitationStatus.DECLINED)

    LeadInvitationFactory(area=declined.area, region=declined.region)

    assert declined.area.lead_invitations.count() == 2


def test_the_database_rejects_a_second_progress_report_for_the_same_half_year():
    area = AreaFactory()
    ProgressReportFactory(area=area, year=2024, half=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(area=area, year=2024, half=1)


def test_the_database_rejects_a_third_half_of_the_year():
    with pytest.raises(IntegrityError, match="half_1_or_2"), transaction.atomic():
        ProgressReportFactory(half=3)


def test_an_area_has_a_lead_only_while_a_lead_membership_is_current():
    area = AreaFactory()
    lead = area.memberships.get()

    assert area.has_lead()

    lead.left_at = timezone.now()
    lead.save()

    assert not area.has_lead()


def test_a_member_region_is_not_a_lead():
    area = AreaFactory(status=AreaStatus.PROPOSED)

    MembershipFactory(area=area, role=MembershipRole.MEMBER)

    assert not area.has_lead()


def test_proposals_and_rejected_areas_are_not_public():
    active = AreaFactory(status=AreaStatus.ACTIVE)
    closed = AreaFactory(status=AreaStatus.CLOSED)
    AreaFactory(status=AreaStatus.PROPOSED)
    AreaFactory(status=AreaStatus.REJECTED)

    assert set(ThematicArea.objects.public()) == {active, closed}
    assert list(ThematicArea.objects.active()) == [active]


def test_membership_queryset_finds_current_leads():
    area = AreaFactory()
    left_membership(area=area, role=MembershipRole.LEAD)
    MembershipFactory(area=area, role=MembershipRole.MEMBER)

    leads = AreaMembership.objects.filter(area=area).leads()

    assert [m.region for m in leads] == [area.proposing_region]


def test_an_area_reads_as_its_name():
    assert str(AreaFactory(name="Advanced materials for batteries")) == (
        "Advanced materials for batteries"
    )


def test_a_membership_reads_as_region_code_area_and_role():
    area = AreaFactory(name="3D printing")
    membership = MembershipFactory(area=area, region=RegionFactory(code="XA9Z"))

    assert str(membership) == "XA9Z in 3D printing (Member)"


def test_a_join_request_reads_as_region_code_area_and_status():
    join_request = AreaJoinRequestFactory(
        area=AreaFactory(name="Textile innovation"), region=RegionFactory(code="XA9Y")
    )

    assert str(join_request) == "XA9Y → Textile innovation (Pending)"


def test_an_invitation_reads_as_region_code_and_area():
    invitation = LeadInvitationFactory(
        area=AreaFactory(name="Efficient and sustainable manufacturing"),
        region=RegionFactory(code="XA9X"),
    )

    assert str(invitation) == "XA9X invited to lead Efficient and sustainable manufacturing"


def test_a_progress_report_reads_as_area_and_period():
    report = ProgressReportFactory(
        area=AreaFactory(name="Smart regional investment in textiles"), year=2024, half=2
    )

    assert str(report) == "Smart regional investment in textiles — 2024 H2"
