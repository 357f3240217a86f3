import factory
from django.utils.text import slugify

from regions.choices import AffiliationStatus, ClusterStatus, NutsLevel
from regions.models import (
    Affiliation,
    AffiliationInvitation,
    Cluster,
    ClusterValidation,
    Priority,
    Region,
    RegionPriority,
    Ris3Priority,
)
from tests.accounts.factories import UserFactory


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")
    level = NutsLevel.COUNTRY
    country = factory.LazyAttribute(lambda o: o.code)
    parent = None


class RegionFactory(factory.django.DjangoModelFactory):
    """A NUTS 2 region under a NUTS 1 region of a test country."""

    class Meta:
        model = Region

    country = "XA"
    # A letter then a letter or digit: tests that need a fixed code use a
    # digit first (XA1A, XA2B …), so the sequence can never hit one of them.
    code = factory.Sequence(
        lambda n: f"XA{chr(65 + (n // 36) % 26)}{'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 36]}"
    )
    name = factory.Sequence(lambda n: f"Region {n}")
    level = NutsLevel.NUTS2
    cohesion_category = ""
    # A recorded category always comes with the page that states it.
    cohesion_source_url = factory.LazyAttribute(
        lambda o: f"https://sources.example.eu/categories/{o.code}" if o.cohesion_category else ""
    )
    parent = factory.LazyAttribute(
        lambda o: Region.objects.get_or_create(
            code=o.code[:3],
            defaults={
                "name": f"Macro-region {o.code[:3]}",
                "level": NutsLevel.NUTS1,
                "country": o.country,
                "parent": CountryFactory(code=o.country),
            },
        )[0]
    )


def nuts_region(code):
    """The region with this real NUTS code, and its parents, created as needed."""
    if len(code) == 2:
        return CountryFactory(code=code)
    return Region.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Region {code}",
            "level": len(code) - 2,
            "country": code[:2],
            "parent": nuts_region(code[:-1]),
        },
    )[0]


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    scheme = "nace"
    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Priority {n}")


class Ris3PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ris3Priority

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Smart-specialisation priority {n}")
    description = "Advanced manufacturing for the region's machinery makers."
    source_url = "https://strategy.example.eu/ris3.pdf"


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    region = factory.SubFactory(RegionFactory)
    website = "https://cluster.example.eu"
    management_fte = 2
    members_sme = 20
    members_research = 5
    status = ClusterStatus.PUBLISHED


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    cluster = None
    role_title = "Head of unit"
    official_email = factory.LazyAttribute(lambda o: o.user.email)
    justification = "I coordinate the smart-specialisation strategy."
    status = AffiliationStatus.VERIFIED


def representative_of(organisation, **kwargs):
    """A user with a verified affiliation to a region or a cluster."""
    if isinstance(organisation, Cluster):
        return AffiliationFactory(region=None, cluster=organisation, **kwargs).user
    return AffiliationFactory(region=organisation, **kwargs).user


class RegionPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionPriority

    region = factory.SubFactory(RegionFactory)
    priority = factory.SubFactory(PriorityFactory)
    description = "Declared in the regional smart-specialisation strategy."


class ClusterValidationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterValidation

    cluster = factory.SubFactory(ClusterFactory)
    approved = True
    management_fte_ok = True
    members_ok = True
    member_kinds_ok = True
    english_website_ok = True
    decided_by = factory.SubFactory(UserFactory)


class AffiliationInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliationInvitation

    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.eu")
    invited_by = factory.SubFactory(UserFactory)


def region_with(priorities, **kwargs):
    """A region that declares `priorities`."""
    region = RegionFactory(**kwargs)
    region.priorities.add(*priorities)
    return region
