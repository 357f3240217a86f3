"""Account deletion, GDPR-minded: the person is anonymised, the decisions they took remain."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import delete_account
from core.workflow import RequestStatus
from notifications.models import Follow, Notification, Preference
from regions.models import Affiliation, AffiliationInvitation
from tests.accounts.factories import PASSWORD, UserFactory, api_token
from tests.notifications.factories import FollowFactory, NotificationFactory, PreferenceFactory
from tests.regions.factories import AffiliationFactory, AffiliationInvitationFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas import services as area_services
from thematic_areas.models import AreaJoinRequest

pytestmark = pytest.mark.django_db

EMAIL = "ana.lopez@region.example.eu"


@pytest.fixture
def ana():
    user = UserFactory(email=EMAIL, first_name="Ana", last_name="López")
    affiliation = AffiliationFactory(
        user=user, official_email="ana@junta.example.es", justification="I am Ana López."
    )
    affiliation.justification = "I am Ana López, head of unit."
    affiliation.save()
    return user


def test_the_owner_anonymises_their_account_and_nothing_identifies_them(ana):
    token = api_token(ana)
    NotificationFactory(recipient=ana)
    PreferenceFactory(user=ana)
    FollowFactory(user=ana)
    AffiliationInvitationFactory(email=EMAIL.upper())

    delete_account(ana)

    ana.refresh_from_db()
    assert ana.email.startswith(f"deleted-{ana.pk}-") and ana.email.endswith("@deleted.invalid")
    assert (ana.first_name, ana.last_name) == ("", "")
    assert not ana.is_active and not ana.has_usable_password()
    assert not EmailAddress.objects.filter(user=ana).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None
    for row in [*Affiliation.objects.filter(user=ana), *Affiliation.history.filter(user_id=ana.pk)]:
        assert row.official_email == ana.email and row.justification == ""
    assert not AffiliationInvitation.objects.filter(email__iexact=EMAIL).exists()
    assert not Notification.objects.filter(recipient=ana).exists()
    assert not Preference.objects.filter(user=ana).exists()
    assert not Follow.objects.filter(user=ana).exists()


def test_the_requests_and_decisions_of_an_anonymised_user_stay_on_record():
    area = AreaFactory()
    lead = AffiliationFactory(region=area.proposing_region).user
    applicant = RegionFactory()
    join_request = AreaJoinRequestFactory(
        area=area, region=applicant, requested_by=AffiliationFactory(region=applicant).user
    )
    area_services.approve_area_join_request(request_id=join_request.pk, user=lead)

    delete_account(lead)
    delete_account(join_request.requested_by)

    decided = AreaJoinRequest.objects.get(pk=join_request.pk)
    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_by_id == lead.pk
    assert area.memberships.get(region=applicant).approved_by_id == lead.pk


def test_an_anonymised_user_cannot_log_in_and_their_address_is_free_again(client, ana):
    delete_account(ana)

    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("account_signup"),
        {"email": EMAIL, "display_name": "Ana Costa", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exclude(pk=ana.pk).exists()


def test_anonymising_ends_the_users_open_sessions(ana):
    client = Client()
    client.force_login(ana)
    assert client.get(reverse("dashboard")).status_code == 200

    delete_account(ana)

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url
