from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from regions.choices import AffiliationStatus, CohesionCategory, NutsLevel
from regions.models import (
    Affiliation,
    AffiliationInvitation,
    ClusterValidation,
    Priority,
    Region,
    RegionPriority,
)
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    CountryFactory,
    PriorityFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def make_region(**kwargs):
    """A region row written straight to the database, skipping model validation."""
    fields = {"code": "YY1", "name": "Test region", "level": NutsLevel.NUTS1, "country": "YY"}
    fields.update(kwargs)
    if "parent" not in kwargs:
        fields["parent"] = CountryFactory(code="YY")
    return Region.objects.create(**fields)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("YZ", NutsLevel.COUNTRY),
        ("YY1", NutsLevel.NUTS1),
        ("YY12", NutsLevel.NUTS2),
        ("YY123", NutsLevel.NUTS3),
    ],
)
def test_every_nuts_level_from_0_to_3_is_accepted(code, level):
    parent = {"parent": None} if level == NutsLevel.COUNTRY else {}

    region = make_region(code=code, level=level, **parent)

    assert region.level == level


def test_the_database_rejects_a_level_below_nuts_3():
    with pytest.raises(IntegrityError, match="regions_region_level_0_to_3"), transaction.atomic():
        make_region(code="YY123", level=4)


SOURCE = "https://sources.example.eu/categories"


def test_the_database_rejects_a_cohesion_category_outside_nuts_2():
    with pytest.raises(IntegrityError, match="category_only_nuts2"), transaction.atomic():
        make_region(
            level=NutsLevel.NUTS1,
            cohesion_category=CohesionCategory.TRANSITION,
            cohesion_source_url=SOURCE,
        )


def test_the_database_rejects_a_cohesion_category_without_its_source():
    with pytest.raises(IntegrityError, match="category_has_source"), transaction.atomic():
        make_region(code="YY12", level=NutsLevel.NUTS2, cohesion_category="transition")


def test_a_nuts_2_region_may_have_a_cohesion_category_with_its_source():
    region = make_region(
        code="YY12",
        level=NutsLevel.NUTS2,
        cohesion_category=CohesionCategory.LESS_DEVELOPED,
        cohesion_source_url=SOURCE,
    )

    recorded = region.recorded_category()
    assert (recorded.value, recorded.source_url, recorded.region) == (
        CohesionCategory.LESS_DEVELOPED,
        SOURCE,
        region,
    )


def test_a_nuts_3_region_shares_its_nuts_2_regions_category_and_says_so():
    nuts2 = make_region(
        code="YY12",
        level=NutsLevel.NUTS2,
        cohesion_category="transition",
        cohesion_source_url=SOURCE,
    )
    nuts3 = make_region(code="YY123", level=NutsLevel.NUTS3, parent=nuts2)

    assert nuts3.recorded_category().region == nuts2
    assert nuts3.recorded_category().label == "Transition region"


def test_a_region_without_a_recorded_category_inherits_none_from_other_levels():
    assert make_region(code="YY12", level=NutsLevel.NUTS2).recorded_category() is None
    assert make_region(code="YY1", level=NutsLevel.NUTS1).recorded_category() is None


def test_the_transition_pilot_flag_reaches_the_regions_within_a_flagged_one():
    nuts1 = make_region(code="YY1", level=NutsLevel.NUTS1, industrial_transition_pilot=True)
    nuts3 = make_region(
        code="YY123",
        level=NutsLevel.NUTS3,
        parent=make_region(code="YY12", level=NutsLevel.NUTS2, parent=nuts1),
    )

    assert nuts3.in_transition_pilot()
    assert not make_region(code="YY2", level=NutsLevel.NUTS1).in_transition_pilot()


def test_the_database_rejects_a_country_with_a_parent():
    with pytest.raises(IntegrityError, match="parent_unless_country"), transaction.atomic():
        make_region(code="YZ", level=NutsLevel.COUNTRY)


@pytest.mark.parametrize("level", [NutsLevel.NUTS1, NutsLevel.NUTS2, NutsLevel.NUTS3])
def test_the_database_rejects_a_region_below_country_level_without_a_parent(level):
    with pytest.raises(IntegrityError, match="parent_unless_country"), transaction.atomic():
        make_region(level=level, parent=None)


def test_a_priority_code_is_unique_within_its_scheme():
    PriorityFactory(scheme="nace", code="C25")

    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityFactory(scheme="nace", code="C25")


def test_the_same_code_may_appear_in_two_schemes():
    PriorityFactory(scheme="nace", code="C25")

    PriorityFactory(scheme="policy", code="C25")

    assert Priority.objects.filter(code="C25").count() == 2


def test_a_region_declares_a_priority_once():
    region, priority = RegionFactory(), PriorityFactory()
    RegionPriority.objects.create(region=region, priority=priority)

    with pytest.raises(IntegrityError), transaction.atomic():
        RegionPriority.objects.create(region=region, priority=priority)


def test_the_database_rejects_negative_cluster_management_staff():
    with pytest.raises(IntegrityError, match="fte_non_negative"), transaction.atomic():
        ClusterFactory(management_fte=Decimal("-0.5"))


def test_the_database_rejects_an_affiliation_to_both_a_region_and_a_cluster():
    with pytest.raises(IntegrityError, match="exactly_one_organisation"), transaction.atomic():
        AffiliationFactory(region=RegionFactory(), cluster=ClusterFactory())


def test_the_database_rejects_an_affiliation_to_no_organisation():
    with pytest.raises(IntegrityError, match="exactly_one_organisation"), transaction.atomic():
        AffiliationFactory(region=None, cluster=None)


@pytest.mark.parametrize("status", [AffiliationStatus.PENDING, AffiliationStatus.VERIFIED])
def test_a_user_has_one_open_affiliation_per_region(status):
    first = AffiliationFactory(status=status)

    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliationFactory(user=first.user, region=first.region, status=AffiliationStatus.PENDING)


@pytest.mark.parametrize("status", [AffiliationStatus.PENDING, AffiliationStatus.VERIFIED])
def test_a_user_has_one_open_affiliation_per_cluster(status):
    first = AffiliationFactory(region=None, cluster=ClusterFactory(), status=status)

    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliationFactory(user=first.user, region=None, cluster=first.cluster)


def test_a_rejected_affiliation_does_not_block_a_new_request():
    rejected = AffiliationFactory(status=AffiliationStatus.REJECTED)

    AffiliationFactory(user=rejected.user, region=rejected.region, status=AffiliationStatus.PENDING)

    assert Affiliation.objects.filter(user=rejected.user, region=rejected.region).count() == 2


def test_two_users_may_represent_the_same_region():
    region = RegionFactory()

    AffiliationFactory(region=region)
    AffiliationFactory(region=region)

    assert region.affiliations.filter(status=AffiliationStatus.VERIFIED).count() == 2


def test_a_region_reads_as_its_english_name_and_code():
    region = make_region(code="YY1", name="Vlaams Gewest", name_en="Flemish Region")

    assert str(region) == "Flemish Region (YY1)"


def test_a_region_without_an_english_name_reads_as_its_name():
    assert str(make_region(code="YY2", name="Skåne län")) == "Skåne län (YY2)"


def test_a_priority_in_capitals_reads_in_sentence_case():
    priority = PriorityFactory(scheme="nace", code="C", name="MANUFACTURING")

    assert str(priority) == "Economic domain (NACE Rev. 2) C — Manufacturing"


def test_a_region_priority_reads_as_region_code_and_priority():
    region = make_region(code="YY3")
    priority = PriorityFactory(scheme="nabs", code="07", name="Industrial production")

    declared = RegionPriority.objects.create(region=region, priority=priority)

    assert str(declared) == "YY3: Scientific domain (NABS 2007) 07 — Industrial production"


def test_a_cluster_reads_as_its_name_and_counts_its_members_by_kind():
    cluster = ClusterFactory(name="Flanders Make", members_sme=20, members_research=5)

    assert str(cluster) == "Flanders Make"
    assert cluster.total_members == 25
    assert cluster.member_kinds == 2


@pytest.mark.parametrize(("approved", "verdict"), [(True, "validated"), (False, "rejected")])
def test_a_cluster_validation_reads_as_cluster_and_verdict(approved, verdict):
    validation = ClusterValidation.objects.create(
        cluster=ClusterFactory(name="Flanders Make"),
        approved=approved,
        management_fte_ok=True,
        members_ok=True,
        member_kinds_ok=True,
        english_website_ok=True,
        decided_by=ModeratorFactory(),
    )

    assert str(validation) == f"Flanders Make — {verdict}"


def test_an_affiliation_reads_as_user_organisation_and_status():
    user = UserFactory(first_name="Ada", last_name="Peeters")
    affiliation = AffiliationFactory(
        user=user, region=make_region(code="YY4", name="Antwerpen"), status="pending"
    )

    assert str(affiliation) == "Ada Peeters → Antwerpen (YY4) (Pending)"
    assert affiliation.organisation == affiliation.region


def test_a_cluster_affiliation_names_the_cluster_as_its_organisation():
    cluster = ClusterFactory()

    affiliation = AffiliationFactory(region=None, cluster=cluster)

    assert affiliation.organisation == cluster


def test_the_database_rejects_a_second_pending_invitation_of_the_same_colleague():
    region, inviter = RegionFactory(), UserFactory()
    AffiliationInvitation.objects.create(
        region=region, email="c@region.example.eu", invited_by=inviter
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        AffiliationInvitation.objects.create(
            region=region, email="c@region.example.eu", invited_by=inviter
        )


def test_an_answered_invitation_does_not_block_a_new_one():
    region, inviter = RegionFactory(), UserFactory()
    AffiliationInvitation.objects.create(
        region=region, email="c@region.example.eu", invited_by=inviter, status="declined"
    )

    AffiliationInvitation.objects.create(
        region=region, email="c@region.example.eu", invited_by=inviter
    )

    assert region.invitations.count() == 2


def test_a_colleague_invitation_reads_as_address_and_region_code():
    invitation = AffiliationInvitation.objects.create(
        region=make_region(code="YY5"), email="c@region.example.eu", invited_by=UserFactory()
    )

    assert str(invitation) == "c@region.example.eu invited to represent YY5"
