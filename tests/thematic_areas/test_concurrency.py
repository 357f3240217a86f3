"""Two deciders approving the same request at once create one membership (PostgreSQL only)."""

import pytest
from django.core.exceptions import ValidationError

from core.workflow import RequestStatus
from tests.accounts.factories import ModeratorFactory
from tests.concurrency import run_at_once
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import AreaJoinRequest, AreaMembership
from thematic_areas.services import approve_area_join_request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_two_deciders_approving_at_once_create_one_membership():
    area = AreaFactory()
    applicant = RegionFactory()
    join_request = AreaJoinRequestFactory(
        area=area, region=applicant, requested_by=representative_of(applicant)
    )
    deciders = [ModeratorFactory(), representative_of(area.proposing_region)]

    outcomes = run_at_once(
        *(
            lambda user=user: approve_area_join_request(request_id=join_request.pk, user=user)
            for user in deciders
        )
    )

    approved = [o for o in outcomes if isinstance(o, AreaJoinRequest)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(approved) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert "already approved" in refused[0].messages[0]
    assert AreaMembership.objects.filter(area=area, region=applicant).count() == 1
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert join_request.decided_by == approved[0].decided_by
