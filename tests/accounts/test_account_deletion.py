import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.sites import site
from django.test import Client

from accounts.models import ApiToken, User
from accounts.services import DELETED_EMAIL_DOMAIN, delete_account, is_deleted
from core.workflow import RequestStatus
from notifications.models import Follow, Notification, Preference
from regions.choices import AffiliationStatus
from regions.models import Affiliation
from tests.accounts.factories import PASSWORD, UserFactory, api_token
from tests.notifications.factories import FollowFactory, NotificationFactory, PreferenceFactory
from tests.regions.factories import AffiliationFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import AreaJoinRequest
from thematic_areas.services import approve_area_join_request

pytestmark = pytest.mark.django_db

URL = "/accounts/delete/"


def a_user_with_a_past():
    """A lead representative who made one request and decided another, with personal data around."""
    area = AreaFactory()
    lead = representative_of(area.proposing_region)
    lead.first_name, lead.last_name = "Jane", "Doe"
    lead.save()
    applicant = RegionFactory()
    decided = AreaJoinRequestFactory(
        area=area, region=applicant, requested_by=representative_of(applicant)
    )
    approve_area_join_request(request_id=decided.pk, user=lead)
    made = AreaJoinRequestFactory(
        area=AreaFactory(), region=area.proposing_region, requested_by=lead
    )
    api_token(lead)
    NotificationFactory(recipient=lead)
    PreferenceFactory(user=lead)
    FollowFactory(user=lead)
    return lead, decided, made


def test_the_service_anonymises_the_user_and_keeps_their_decisions_and_requests():
    lead, decided, made = a_user_with_a_past()
    old_email = lead.email
    affiliation = Affiliation.objects.get(user=lead)
    bystander = UserFactory()
    NotificationFactory(recipient=bystander)

    delete_account(lead)

    lead.refresh_from_db()
    assert lead.email.endswith(f"@{DELETED_EMAIL_DOMAIN}")
    assert is_deleted(lead)
    assert (lead.first_name, lead.last_name) == ("", "")
    assert not lead.is_active
    assert not lead.has_usable_password()
    assert not lead.groups.exists()
    assert not EmailAddress.objects.filter(user=lead).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    assert not ApiToken.objects.active().filter(user=lead).exists()
    assert ApiToken.objects.filter(user=lead).exists()  # revoked, not erased
    assert not Notification.objects.filter(recipient=lead).exists()
    assert not Preference.objects.filter(user=lead).exists()
    assert not Follow.objects.filter(user=lead).exists()
    # Other people's data is untouched.
    assert Notification.objects.filter(recipient=bystander).count() == 1
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REJECTED
    assert affiliation.official_email == lead.email
    assert not affiliation.history.filter(official_email=old_email).exists()
    decided = AreaJoinRequest.objects.get(pk=decided.pk)
    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_by == lead
    assert AreaJoinRequest.objects.get(pk=made.pk).requested_by == lead


def test_two_deleted_accounts_get_distinct_placeholders():
    first, second = UserFactory(), UserFactory()

    delete_account(first)
    delete_account(second)

    assert User.objects.get(pk=first.pk).email != User.objects.get(pk=second.pk).email


def test_the_page_needs_the_password_and_then_logs_out_an_anonymised_user(client):
    lead, decided, _made = a_user_with_a_past()
    old_email = lead.email
    client.force_login(lead)

    page = client.get(URL)
    assert page.status_code == 200
    assert b'type="password"' in page.content

    wrong = client.post(URL, {"password": "not-it"})
    assert wrong.status_code == 200
    assert b"This is not your password." in wrong.content
    assert User.objects.get(pk=lead.pk).email == old_email

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    lead.refresh_from_db()
    assert not lead.is_active
    assert lead.email != old_email
    assert AreaJoinRequest.objects.get(pk=decided.pk).decided_by == lead
    assert client.get("/dashboard/").status_code == 302  # logged out
    assert not Client().login(email=old_email, password=PASSWORD)


def test_the_page_is_for_logged_in_users_and_refuses_other_methods(client, member):
    assert client.get(URL).status_code == 302
    client.force_login(member)
    assert client.delete(URL).status_code == 405
    assert User.objects.get(pk=member.pk).is_active


def test_the_account_pages_link_to_the_deletion_page(client, member):
    client.force_login(member)

    page = client.get("/accounts/email/")

    assert f'href="{URL}"'.encode() in page.content


def test_a_failure_in_any_app_rolls_the_whole_deletion_back(monkeypatch):
    from accounts.signals import account_deleted

    user = UserFactory()
    AffiliationFactory(user=user)

    def broken(sender, **kwargs):
        raise RuntimeError("disk full")

    account_deleted.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            delete_account(user)
    finally:
        account_deleted.disconnect(dispatch_uid="test-broken")

    user.refresh_from_db()
    assert user.is_active
    assert EmailAddress.objects.filter(user=user).exists()


def test_the_admin_anonymises_instead_of_deleting(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    request = type("Request", (), {"user": superuser})()
    assert not site._registry[User].has_delete_permission(request, user)
    client.force_login(superuser)

    response = client.post(
        "/admin/accounts/user/",
        {"action": "anonymise", "_selected_action": [user.pk]},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert is_deleted(user)
    assert not user.is_active
