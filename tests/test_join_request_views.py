"""The shared approve / reject / withdraw pages, for both kinds of join request."""

import pytest
from django.urls import reverse

from core.workflow import RequestStatus
from tests.page_helpers import assert_field_error, client_for, text_of
from tests.partnerships.factories import PartnershipJoinRequestFactory
from tests.regions.factories import representative_of
from tests.thematic_areas.factories import AreaJoinRequestFactory

pytestmark = pytest.mark.django_db


def area_request():
    join_request = AreaJoinRequestFactory()
    lead = join_request.area.memberships.get().region
    return join_request, join_request.region, lead, "thematic_areas", "Thematic area"


def partnership_request():
    join_request = PartnershipJoinRequestFactory()
    coordinator = join_request.partnership.coordinator
    return join_request, join_request.cluster, coordinator, "partnerships", "Partnership"


KINDS = pytest.mark.parametrize(
    "make", [area_request, partnership_request], ids=["area", "partnership"]
)


def url(namespace, action, join_request):
    return reverse(f"{namespace}:join_request_{action}", args=[join_request.pk])


@KINDS
def test_the_decider_sees_the_request_and_approves_it(make):
    join_request, applicant, decider, namespace, target_label = make()
    client = client_for(representative_of(decider))
    page = text_of(client.get(url(namespace, "approve", join_request)))
    assert f"Approve the request of {applicant}" in page
    assert target_label in page and join_request.statement in page
    response = client.post(url(namespace, "approve", join_request), follow=True)
    assert f"The request of {applicant} was approved." in text_of(response)
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED


@KINDS
def test_a_rejection_without_reason_is_a_described_field_error(make):
    join_request, _applicant, decider, namespace, _label = make()
    client = client_for(representative_of(decider))
    response = client.post(url(namespace, "reject", join_request), {"reason": " "})
    assert_field_error(response, "reason", "Give a reason for the rejection.")
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.PENDING


@KINDS
def test_outsiders_get_404_and_the_applicant_403_on_decisions(make, member):
    join_request, applicant, _decider, namespace, _label = make()
    assert client_for(member).post(url(namespace, "approve", join_request)).status_code == 404
    applicant_client = client_for(representative_of(applicant))
    assert applicant_client.post(url(namespace, "reject", join_request)).status_code == 403


@KINDS
def test_visitors_are_sent_to_log_in(make, client):
    join_request, *_rest, namespace, _label = make()
    response = client.post(url(namespace, "withdraw", join_request))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@KINDS
def test_the_applicant_withdraws_and_goes_back_to_a_safe_next_url(make):
    join_request, applicant, _decider, namespace, _label = make()
    client = client_for(representative_of(applicant))
    response = client.post(url(namespace, "withdraw", join_request), {"next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.WITHDRAWN
    elsewhere = client.post(
        url(namespace, "withdraw", join_request), {"next": "https://evil.example/"}
    )
    assert "This request was already withdrawn." in text_of(elsewhere)
    assert "evil.example" not in text_of(elsewhere)
