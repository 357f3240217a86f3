from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.choices import Kind
from notifications.models import Notification
from regions import services
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import ClusterValidation
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.regions.factories import AffiliationFactory, ClusterFactory, RegionFactory

pytestmark = pytest.mark.django_db


def ask(user, **organisation):
    return services.request_affiliation(
        user=user,
        role_title=" Smart-specialisation officer ",
        official_email="officer@region.example.eu",
        justification=" I run the RIS3 monitoring. ",
        **organisation,
    )


@pytest.fixture
def pending():
    return AffiliationFactory(status=AffiliationStatus.PENDING)


@pytest.fixture
def staff_without_group(db):
    return UserFactory(is_staff=True)


# request_affiliation


def test_a_member_asks_to_represent_a_region(member):
    region = RegionFactory()

    affiliation = ask(member, region=region)

    assert affiliation.status == AffiliationStatus.PENDING
    assert affiliation.region == region
    assert affiliation.cluster is None
    assert affiliation.role_title == "Smart-specialisation officer"
    assert affiliation.justification == "I run the RIS3 monitoring."


def test_a_member_asks_to_represent_a_cluster(member):
    cluster = ClusterFactory()

    affiliation = ask(member, cluster=cluster)

    assert affiliation.organisation == cluster
    assert affiliation.status == AffiliationStatus.PENDING


def test_a_user_without_a_verified_email_cannot_ask():
    unverified = UserFactory(verified=False)

    with pytest.raises(PermissionDenied):
        ask(unverified, region=RegionFactory())

    assert not unverified.affiliations.exists()


def test_asking_for_both_a_region_and_a_cluster_is_refused(member):
    with pytest.raises(ValidationError):
        ask(member, region=RegionFactory(), cluster=ClusterFactory())


def test_asking_for_no_organisation_is_refused(member):
    with pytest.raises(ValidationError):
        ask(member)


def test_an_invalid_official_email_is_refused(member):
    with pytest.raises(ValidationError) as error:
        services.request_affiliation(
            user=member,
            region=RegionFactory(),
            role_title="Officer",
            official_email="not an address",
            justification="I run the RIS3 monitoring.",
        )

    assert "official_email" in error.value.message_dict


@pytest.mark.parametrize("status", [AffiliationStatus.PENDING, AffiliationStatus.VERIFIED])
def test_a_second_open_request_for_the_same_region_is_a_validation_error(member, status):
    region = RegionFactory()
    AffiliationFactory(user=member, region=region, status=status)

    with pytest.raises(ValidationError, match="already represent"):
        ask(member, region=region)

    assert member.affiliations.count() == 1


def test_a_second_open_request_for_the_same_cluster_is_a_validation_error(member):
    cluster = ClusterFactory()
    ask(member, cluster=cluster)

    with pytest.raises(ValidationError, match="already represent"):
        ask(member, cluster=cluster)


def test_a_user_may_ask_again_after_a_rejection(member):
    region = RegionFactory()
    AffiliationFactory(user=member, region=region, status=AffiliationStatus.REJECTED)

    affiliation = ask(member, region=region)

    assert affiliation.status == AffiliationStatus.PENDING


# verify_affiliation and reject_affiliation


def test_a_moderator_verifies_an_affiliation(pending, moderator):
    before = timezone.now()

    affiliation = services.verify_affiliation(affiliation_id=pending.pk, moderator=moderator)

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.VERIFIED
    assert pending.decided_by == moderator
    assert pending.decided_at >= before
    assert pending.decision_reason == ""
    assert affiliation == pending


def test_a_moderator_rejects_an_affiliation_with_a_reason(pending, moderator):
    services.reject_affiliation(
        affiliation_id=pending.pk, moderator=moderator, reason="  Not an official address.  "
    )

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.REJECTED
    assert pending.decided_by == moderator
    assert pending.decided_at is not None
    assert pending.decision_reason == "Not an official address."


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_needs_a_reason(pending, moderator, reason):
    with pytest.raises(ValidationError) as error:
        services.reject_affiliation(affiliation_id=pending.pk, moderator=moderator, reason=reason)

    assert "reason" in error.value.message_dict
    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING


def test_a_superuser_may_decide_without_the_moderators_group(pending):
    superuser = UserFactory(is_staff=True, is_superuser=True)

    services.verify_affiliation(affiliation_id=pending.pk, moderator=superuser)

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.VERIFIED


@pytest.mark.parametrize("who", ["member", "staff_without_group"])
def test_only_a_moderator_verifies(pending, request, who):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.verify_affiliation(affiliation_id=pending.pk, moderator=user)

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING
    assert pending.decided_by is None


@pytest.mark.parametrize("who", ["member", "staff_without_group"])
def test_only_a_moderator_rejects(pending, request, who):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.reject_affiliation(affiliation_id=pending.pk, moderator=user, reason="No.")

    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.PENDING


def test_an_inactive_moderator_cannot_decide(pending):
    moderator = ModeratorFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        services.verify_affiliation(affiliation_id=pending.pk, moderator=moderator)


@pytest.mark.parametrize("first", ["verify", "reject"])
@pytest.mark.parametrize("second", ["verify", "reject"])
def test_a_decided_affiliation_cannot_be_decided_again(pending, moderator, first, second):
    decide = {
        "verify": lambda: services.verify_affiliation(
            affiliation_id=pending.pk, moderator=moderator
        ),
        "reject": lambda: services.reject_affiliation(
            affiliation_id=pending.pk, moderator=moderator, reason="Not the right person."
        ),
    }
    decide[first]()
    pending.refresh_from_db()
    decided_at = pending.decided_at

    with pytest.raises(ValidationError, match="already decided"):
        decide[second]()

    pending.refresh_from_db()
    assert pending.decided_at == decided_at


# review_cluster_profile


@pytest.fixture
def cluster():
    """A profile awaiting validation that meets every criterion."""
    return ClusterFactory(
        status=ClusterStatus.PENDING,
        management_fte=Decimal("0.5"),
        members_sme=10,
        members_research=5,
        website="https://cluster.example.eu/en/",
    )


def review(cluster, moderator, **kwargs):
    options = {"approve": True, "english_website_ok": True, "reason": ""}
    return services.review_cluster_profile(
        cluster_id=cluster.pk, moderator=moderator, **{**options, **kwargs}
    )


def test_a_moderator_publishes_a_profile_and_records_the_checklist(cluster, moderator):
    validation = review(cluster, moderator)

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PUBLISHED
    assert validation.approved
    assert validation.decided_by == moderator
    assert validation.management_fte_ok
    assert validation.members_ok
    assert validation.member_kinds_ok
    assert validation.english_website_ok


@pytest.mark.parametrize(
    ("change", "english_website_ok", "failed"),
    [
        ({"management_fte": Decimal("0.4")}, True, "FTE"),
        ({"members_sme": 9}, True, "15 committed members"),
        ({"members_sme": 0, "members_research": 20}, True, "two kinds"),
        ({}, False, "website in English"),
        ({"website": ""}, True, "website in English"),
    ],
    ids=["management", "members", "kinds", "english", "no website"],
)
def test_approval_is_refused_when_a_criterion_fails(
    cluster, moderator, change, english_website_ok, failed
):
    for field, value in change.items():
        setattr(cluster, field, value)
    cluster.save()

    with pytest.raises(ValidationError, match=failed):
        review(cluster, moderator, english_website_ok=english_website_ok)

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PENDING
    assert not ClusterValidation.objects.exists()


def test_a_moderator_rejects_a_profile_with_a_reason_and_the_checklist(cluster, moderator):
    cluster.members_sme = 2
    cluster.save()

    validation = review(cluster, moderator, approve=False, reason=" Too few members. ")

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.REJECTED
    assert not validation.approved
    assert validation.reason == "Too few members."
    assert not validation.members_ok
    assert validation.management_fte_ok


def test_rejecting_a_profile_needs_a_reason(cluster, moderator):
    with pytest.raises(ValidationError) as error:
        review(cluster, moderator, approve=False, reason="  ")

    assert "reason" in error.value.message_dict
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PENDING


@pytest.mark.parametrize("who", ["member", "staff_without_group"])
def test_only_a_moderator_reviews_a_profile(cluster, request, who):
    with pytest.raises(PermissionDenied):
        review(cluster, request.getfixturevalue(who))

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PENDING


def test_the_cluster_representative_cannot_validate_their_own_profile(cluster):
    representative = AffiliationFactory(region=None, cluster=cluster).user

    with pytest.raises(PermissionDenied):
        review(cluster, representative)


@pytest.mark.parametrize("approve", [True, False])
def test_a_reviewed_profile_cannot_be_decided_twice(cluster, moderator, approve):
    review(cluster, moderator, approve=approve, reason="Too small.")

    with pytest.raises(ValidationError, match="not awaiting validation"):
        review(cluster, moderator, approve=not approve, reason="Changed my mind.")

    assert cluster.validations.count() == 1


def test_the_user_is_notified_of_the_decision_on_their_affiliation():
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)

    services.reject_affiliation(
        affiliation_id=affiliation.pk, moderator=ModeratorFactory(), reason="Not your region"
    )

    notification = Notification.objects.get(recipient=affiliation.user)
    assert notification.kind == Kind.AFFILIATION_DECIDED
    assert "rejected" in notification.message
