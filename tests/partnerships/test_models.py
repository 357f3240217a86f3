import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.workflow import RequestStatus
from partnerships.choices import PartnershipRole
from partnerships.models import Call, PartnershipJoinRequest, PartnershipMembership
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
)
from tests.regions.factories import ClusterFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_the_database_rejects_a_second_pending_request_for_the_same_cluster_and_partnership():
    first = PartnershipJoinRequestFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipJoinRequestFactory(partnership=first.partnership, cluster=first.cluster)


@pytest.mark.parametrize(
    "status", [RequestStatus.WITHDRAWN, RequestStatus.REJECTED, RequestStatus.APPROVED]
)
def test_a_decided_request_does_not_block_a_new_pending_one(status):
    earlier = PartnershipJoinRequestFactory(status=status, decided_at=timezone.now())

    PartnershipJoinRequestFactory(partnership=earlier.partnership, cluster=earlier.cluster)

    assert (
        PartnershipJoinRequest.objects.filter(
            partnership=earlier.partnership, cluster=earlier.cluster
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    "status", [RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN]
)
def test_the_database_rejects_a_decided_request_without_a_decision_time(status):
    with (
        pytest.raises(IntegrityError, match="decided_when_not_pending"),
        transaction.atomic(),
    ):
        PartnershipJoinRequestFactory(status=status, decided_at=None)


def test_the_database_rejects_a_pending_request_with_a_decision_time():
    with (
        pytest.raises(IntegrityError, match="decided_when_not_pending"),
        transaction.atomic(),
    ):
        PartnershipJoinRequestFactory(decided_at=timezone.now())


def test_the_database_rejects_a_second_current_membership_of_a_cluster():
    partnership, cluster = PartnershipFactory(), ClusterFactory()
    PartnershipMembership.objects.create(
        partnership=partnership, cluster=cluster, role=PartnershipRole.MEMBER
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMembership.objects.create(
            partnership=partnership, cluster=cluster, role=PartnershipRole.MEMBER
        )


def test_a_past_partnership_membership_does_not_block_joining_again():
    partnership, cluster = PartnershipFactory(), ClusterFactory()
    PartnershipMembership.objects.create(
        partnership=partnership,
        cluster=cluster,
        role=PartnershipRole.MEMBER,
        joined_at=timezone.now() - 365 * DAY,
        left_at=timezone.now(),
    )

    PartnershipMembership.objects.create(
        partnership=partnership, cluster=cluster, role=PartnershipRole.MEMBER
    )

    assert partnership.memberships.filter(cluster=cluster).count() == 2
    assert partnership.memberships.current().filter(cluster=cluster).count() == 1


def test_the_database_rejects_a_cluster_leaving_before_it_joined():
    joined = timezone.now()

    with pytest.raises(IntegrityError, match="leaves_after_joining"), transaction.atomic():
        PartnershipMembership.objects.create(
            partnership=PartnershipFactory(),
            cluster=ClusterFactory(),
            role=PartnershipRole.MEMBER,
            joined_at=joined,
            left_at=joined - DAY,
        )


@pytest.mark.parametrize("closes_after", [datetime.timedelta(0), -DAY], ids=["same day", "before"])
def test_the_database_rejects_a_call_that_does_not_close_after_it_opens(closes_after):
    opens_on = datetime.date(2016, 5, 2)

    with pytest.raises(IntegrityError, match="closes_after_opening"), transaction.atomic():
        CallFactory(opens_on=opens_on, closes_on=opens_on + closes_after)


def test_a_call_may_close_the_day_after_it_opens():
    call = CallFactory(opens_on=datetime.date(2016, 5, 2), closes_on=datetime.date(2016, 5, 3))

    assert call.closes_on - call.opens_on == DAY


def test_a_call_is_open_from_its_first_to_its_last_day_inclusive():
    call = CallFactory(opens_on=datetime.date(2016, 5, 2), closes_on=datetime.date(2017, 3, 31))

    assert not call.is_open_on(datetime.date(2016, 5, 1))
    assert call.is_open_on(datetime.date(2016, 5, 2))
    assert call.is_open_on(datetime.date(2017, 3, 31))
    assert not call.is_open_on(datetime.date(2017, 4, 1))


def test_open_calls_are_those_open_today():
    today = timezone.localdate()
    open_call = CallFactory(opens_on=today, closes_on=today + DAY)
    CallFactory(opens_on=today + DAY, closes_on=today + 2 * DAY)
    CallFactory(opens_on=today - 2 * DAY, closes_on=today - DAY)

    assert list(Call.objects.open_now()) == [open_call]
    assert open_call.is_open()


def test_a_call_reads_as_its_title():
    call = CallFactory(title="European Strategic Cluster Partnerships for smart specialisation")

    assert str(call) == "European Strategic Cluster Partnerships for smart specialisation"


def test_a_partnership_reads_as_its_name():
    assert str(PartnershipFactory(name="Sports Industry ESCP")) == "Sports Industry ESCP"


def test_a_membership_reads_as_cluster_partnership_and_role():
    partnership = PartnershipFactory(
        name="Sports Industry ESCP", coordinator=ClusterFactory(name="Sportcluster")
    )

    assert (
        str(partnership.memberships.get()) == "Sportcluster in Sports Industry ESCP (Coordinator)"
    )


def test_a_join_request_reads_as_cluster_partnership_and_status():
    join_request = PartnershipJoinRequestFactory(
        partnership=PartnershipFactory(name="Sports Industry ESCP"),
        cluster=ClusterFactory(name="Cluster Montagne"),
        status=RequestStatus.REJECTED,
        decided_at=timezone.now(),
    )

    assert str(join_request) == "Cluster Montagne → Sports Industry ESCP (Rejected)"
