import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone

from core.workflow import RequestStatus
from notifications.choices import Kind
from notifications.models import Notification
from partnerships import services
from partnerships.choices import PartnershipRole
from partnerships.models import PartnershipMembership
from regions.choices import ClusterStatus
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory
from thematic_areas.choices import AreaStatus

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def call_window(opens_in, closes_in):
    """A call opening and closing so many days from today (negative: in the past)."""
    today = timezone.localdate()
    return CallFactory(opens_on=today + opens_in * DAY, closes_on=today + closes_in * DAY)


@pytest.fixture
def partnership():
    """A partnership in an active area whose call is open today."""
    return PartnershipFactory(call=call_window(-10, 10))


@pytest.fixture
def cluster():
    return ClusterFactory()


@pytest.fixture
def representative(cluster):
    return representative_of(cluster)


@pytest.fixture
def coordinator_representative(partnership):
    return representative_of(partnership.coordinator)


@pytest.fixture
def area_lead_representative(partnership):
    return representative_of(partnership.area.proposing_region)


@pytest.fixture
def member_cluster(partnership):
    cluster = ClusterFactory()
    PartnershipMembership.objects.create(
        partnership=partnership, cluster=cluster, role=PartnershipRole.MEMBER
    )
    return cluster


@pytest.fixture
def join_request(partnership, cluster, representative):
    return PartnershipJoinRequestFactory(
        partnership=partnership, cluster=cluster, requested_by=representative
    )


def ask(user, cluster, partnership, statement="We bring 40 SMEs in sports textiles."):
    return services.request_to_join_partnership(
        user=user, cluster=cluster, partnership=partnership, statement=statement
    )


# request_to_join_partnership


def test_a_cluster_asks_to_join_while_the_call_is_open(partnership, cluster, representative):
    join_request = ask(representative, cluster, partnership)

    assert join_request.status == RequestStatus.PENDING
    assert join_request.cluster == cluster
    assert join_request.requested_by == representative
    assert join_request.statement == "We bring 40 SMEs in sports textiles."


def test_a_request_notifies_the_coordinator_and_the_area_leads(
    partnership, cluster, representative, coordinator_representative, area_lead_representative
):
    join_request = ask(representative, cluster, partnership)

    for decider in (coordinator_representative, area_lead_representative):
        notification = Notification.objects.get(recipient=decider, kind=Kind.JOIN_REQUEST_MADE)
        assert notification.subject == join_request


@pytest.mark.parametrize(
    ("opens_in", "closes_in"), [(0, 30), (-30, 0)], ids=["opening day", "closing day"]
)
def test_the_first_and_last_days_of_the_call_are_open(cluster, representative, opens_in, closes_in):
    partnership = PartnershipFactory(call=call_window(opens_in, closes_in))

    assert ask(representative, cluster, partnership).is_pending


def test_a_partnership_without_a_call_accepts_requests(cluster, representative):
    partnership = PartnershipFactory(call=None)

    assert ask(representative, cluster, partnership).is_pending


def test_a_request_before_the_call_opens_is_refused_with_the_opening_date(cluster, representative):
    call = call_window(1, 30)
    partnership = PartnershipFactory(call=call)

    with pytest.raises(ValidationError) as error:
        ask(representative, cluster, partnership)

    assert f"opens on {formats.date_format(call.opens_on)}" in error.value.messages[0]
    assert not partnership.join_requests.exists()


def test_a_request_after_the_call_closed_is_refused_with_the_closing_date(cluster, representative):
    call = call_window(-30, -1)
    partnership = PartnershipFactory(call=call)

    with pytest.raises(ValidationError) as error:
        ask(representative, cluster, partnership)

    assert f"closed on {formats.date_format(call.closes_on)}" in error.value.messages[0]
    assert not partnership.join_requests.exists()


def test_only_a_representative_of_the_cluster_may_ask(partnership, cluster, member):
    with pytest.raises(PermissionDenied):
        ask(member, cluster, partnership)


def test_a_region_representative_cannot_ask_for_a_cluster_of_their_region(partnership, cluster):
    with pytest.raises(PermissionDenied):
        ask(representative_of(cluster.region), cluster, partnership)


@pytest.mark.parametrize("status", [ClusterStatus.PENDING, ClusterStatus.REJECTED])
def test_an_unvalidated_cluster_cannot_ask(partnership, status):
    cluster = ClusterFactory(status=status)

    with pytest.raises(ValidationError, match="validated"):
        ask(representative_of(cluster), cluster, partnership)


def test_a_partnership_in_an_inactive_area_refuses_requests(cluster, representative):
    partnership = PartnershipFactory(area=AreaFactory(status=AreaStatus.CLOSED))

    with pytest.raises(ValidationError, match="not active"):
        ask(representative, cluster, partnership)


def test_a_member_cluster_cannot_ask_again(partnership, member_cluster):
    with pytest.raises(ValidationError, match="already a member"):
        ask(representative_of(member_cluster), member_cluster, partnership)


def test_the_coordinator_cannot_ask_to_join_its_own_partnership(
    partnership, coordinator_representative
):
    with pytest.raises(ValidationError, match="already a member"):
        ask(coordinator_representative, partnership.coordinator, partnership)


def test_a_request_needs_a_statement(partnership, cluster, representative):
    with pytest.raises(ValidationError) as error:
        ask(representative, cluster, partnership, statement="  ")

    assert "statement" in error.value.message_dict


def test_a_second_pending_request_is_a_validation_error(partnership, cluster, representative):
    ask(representative, cluster, partnership)

    with pytest.raises(ValidationError, match="already has a pending request"):
        ask(representative, cluster, partnership)

    assert partnership.join_requests.count() == 1


# approve_partnership_join_request and reject_partnership_join_request


@pytest.mark.parametrize(
    "decider", ["coordinator_representative", "area_lead_representative", "moderator"]
)
def test_the_coordinator_a_lead_of_the_area_or_a_moderator_approves(
    partnership, cluster, join_request, request, decider
):
    user = request.getfixturevalue(decider)

    decided = services.approve_partnership_join_request(request_id=join_request.pk, user=user)

    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_by == user
    assert decided.decided_at is not None
    membership = PartnershipMembership.objects.get(partnership=partnership, cluster=cluster)
    assert membership.role == PartnershipRole.MEMBER
    assert membership.approved_by == user


def test_the_applicant_is_told_of_the_decision(join_request, coordinator_representative):
    services.approve_partnership_join_request(
        request_id=join_request.pk, user=coordinator_representative
    )

    notification = Notification.objects.get(
        recipient=join_request.requested_by, kind=Kind.JOIN_REQUEST_DECIDED
    )
    assert "was approved" in notification.message


def test_the_coordinator_rejects_with_a_reason(
    partnership, cluster, join_request, coordinator_representative
):
    decided = services.reject_partnership_join_request(
        request_id=join_request.pk, user=coordinator_representative, reason=" Full for now. "
    )

    assert decided.status == RequestStatus.REJECTED
    assert decided.decision_reason == "Full for now."
    assert not partnership.memberships.filter(cluster=cluster).exists()


def test_rejecting_needs_a_reason(join_request, coordinator_representative):
    with pytest.raises(ValidationError) as error:
        services.reject_partnership_join_request(
            request_id=join_request.pk, user=coordinator_representative, reason=""
        )

    assert "reason" in error.value.message_dict


@pytest.mark.parametrize("who", ["member cluster", "outsider", "applicant", "area member region"])
def test_a_member_cluster_an_outsider_or_the_applicant_cannot_decide(
    partnership, join_request, member_cluster, who
):
    user = {
        "member cluster": lambda: representative_of(member_cluster),
        "outsider": lambda: representative_of(ClusterFactory()),
        "applicant": lambda: join_request.requested_by,
        "area member region": lambda: representative_of(
            MembershipFactory(area=partnership.area).region
        ),
    }[who]()

    with pytest.raises(PermissionDenied):
        services.approve_partnership_join_request(request_id=join_request.pk, user=user)
    with pytest.raises(PermissionDenied):
        services.reject_partnership_join_request(
            request_id=join_request.pk, user=user, reason="No."
        )

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not partnership.memberships.filter(cluster=join_request.cluster).exists()


def test_a_decided_request_cannot_be_decided_again(
    partnership, cluster, join_request, coordinator_representative, moderator
):
    services.approve_partnership_join_request(
        request_id=join_request.pk, user=coordinator_representative
    )

    with pytest.raises(ValidationError, match="already approved"):
        services.approve_partnership_join_request(request_id=join_request.pk, user=moderator)

    assert partnership.memberships.filter(cluster=cluster).count() == 1


def test_a_request_made_in_time_may_be_decided_after_the_call_closed(cluster, representative):
    partnership = PartnershipFactory(call=call_window(-30, -1))
    join_request = PartnershipJoinRequestFactory(
        partnership=partnership, cluster=cluster, requested_by=representative
    )

    decided = services.approve_partnership_join_request(
        request_id=join_request.pk, user=representative_of(partnership.coordinator)
    )

    assert decided.status == RequestStatus.APPROVED


# withdraw_partnership_join_request and leave_partnership


def test_the_applicant_withdraws_a_pending_request(join_request, representative):
    withdrawn = services.withdraw_partnership_join_request(
        request_id=join_request.pk, user=representative
    )

    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.decided_by == representative


def test_the_coordinator_cannot_withdraw_a_request(join_request, coordinator_representative):
    with pytest.raises(PermissionDenied):
        services.withdraw_partnership_join_request(
            request_id=join_request.pk, user=coordinator_representative
        )


def test_a_member_cluster_leaves_and_its_history_is_kept(partnership, member_cluster):
    membership = services.leave_partnership(
        user=representative_of(member_cluster), partnership=partnership, cluster=member_cluster
    )

    assert membership.left_at is not None
    assert not partnership.memberships.current().filter(cluster=member_cluster).exists()
    assert partnership.memberships.filter(cluster=member_cluster).count() == 1


def test_the_coordinator_cannot_leave(partnership, coordinator_representative):
    with pytest.raises(ValidationError, match="coordinator cannot leave"):
        services.leave_partnership(
            user=coordinator_representative,
            partnership=partnership,
            cluster=partnership.coordinator,
        )
