import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regions import services
from regions.choices import AffiliationStatus, InvitationStatus
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.regions.factories import RegionFactory, representative_of

pytestmark = pytest.mark.django_db


def test_a_representative_invites_a_colleague_who_accepts_and_becomes_verified(
    django_capture_on_commit_callbacks, mailoutbox
):
    region = RegionFactory()
    inviter = representative_of(region)
    colleague = UserFactory(email="colleague@region.example.eu")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_colleague(user=inviter, region=region, email=colleague.email)
    accepted = services.respond_to_colleague_invitation(
        user=colleague, invitation_id=invitation.pk, accept=True
    )

    assert mailoutbox[0].to == ["colleague@region.example.eu"]
    assert accepted.status == InvitationStatus.ACCEPTED
    assert accepted.affiliation.status == AffiliationStatus.VERIFIED
    assert accepted.affiliation.decided_by == inviter


def test_only_a_representative_of_the_region_may_invite():
    region = RegionFactory()
    outsider = representative_of(RegionFactory())

    with pytest.raises(PermissionDenied):
        services.invite_colleague(user=outsider, region=region, email="x@example.eu")


def test_an_invitation_can_only_be_accepted_by_its_addressee_once():
    region = RegionFactory()
    invitation = services.invite_colleague(
        user=representative_of(region), region=region, email="colleague@region.example.eu"
    )
    stranger = UserFactory()
    colleague = UserFactory(email="colleague@region.example.eu")

    with pytest.raises(PermissionDenied):
        services.respond_to_colleague_invitation(
            user=stranger, invitation_id=invitation.pk, accept=True
        )
    services.respond_to_colleague_invitation(
        user=colleague, invitation_id=invitation.pk, accept=False
    )
    with pytest.raises(ValidationError):
        services.respond_to_colleague_invitation(
            user=colleague, invitation_id=invitation.pk, accept=True
        )


def test_an_unverified_address_cannot_accept():
    region = RegionFactory()
    invitation = services.invite_colleague(
        user=representative_of(region), region=region, email="new@region.example.eu"
    )
    unverified = UserFactory(email="new@region.example.eu", verified=False)

    with pytest.raises(PermissionDenied):
        services.respond_to_colleague_invitation(
            user=unverified, invitation_id=invitation.pk, accept=True
        )


def test_a_second_pending_invitation_for_the_same_address_is_refused_with_a_message():
    region = RegionFactory()
    inviter = representative_of(region)
    services.invite_colleague(user=inviter, region=region, email="twice@region.example.eu")

    with pytest.raises(ValidationError) as error:
        services.invite_colleague(user=inviter, region=region, email="Twice@Region.example.eu")

    assert "pending invitation" in str(error.value)


def test_a_moderator_can_revoke_a_vouched_affiliation_with_a_reason():
    region = RegionFactory()
    invitation = services.invite_colleague(
        user=representative_of(region), region=region, email="c@region.example.eu"
    )
    colleague = UserFactory(email="c@region.example.eu")
    affiliation = services.respond_to_colleague_invitation(
        user=colleague, invitation_id=invitation.pk, accept=True
    ).affiliation
    moderator = ModeratorFactory()

    with pytest.raises(ValidationError):
        services.revoke_affiliation(affiliation_id=affiliation.pk, moderator=moderator, reason=" ")
    revoked = services.revoke_affiliation(
        affiliation_id=affiliation.pk, moderator=moderator, reason="Left the regional government"
    )

    assert revoked.status == AffiliationStatus.REJECTED
    assert revoked.decision_reason == "Left the regional government"
