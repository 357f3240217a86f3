"""Two deciders approving the same request at once create one membership (PostgreSQL only)."""

import pytest
from django.core.exceptions import ValidationError

from core.workflow import RequestStatus
from partnerships.models import PartnershipJoinRequest, PartnershipMembership
from partnerships.services import approve_partnership_join_request
from tests.concurrency import run_at_once
from tests.partnerships.factories import PartnershipFactory, PartnershipJoinRequestFactory
from tests.regions.factories import ClusterFactory, representative_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_two_deciders_approving_at_once_create_one_membership():
    partnership = PartnershipFactory()
    cluster = ClusterFactory()
    join_request = PartnershipJoinRequestFactory(
        partnership=partnership, cluster=cluster, requested_by=representative_of(cluster)
    )
    deciders = [
        representative_of(partnership.coordinator),
        representative_of(partnership.area.proposing_region),
    ]

    outcomes = run_at_once(
        *(
            lambda user=user: approve_partnership_join_request(
                request_id=join_request.pk, user=user
            )
            for user in deciders
        )
    )

    approved = [o for o in outcomes if isinstance(o, PartnershipJoinRequest)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(approved) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert "already approved" in refused[0].messages[0]
    assert partnership.memberships.filter(cluster=cluster).count() == 1
    assert PartnershipMembership.objects.filter(cluster=cluster).count() == 1
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
