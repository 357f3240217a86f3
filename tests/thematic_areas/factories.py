import factory
from django.utils.text import slugify

from tests.accounts.factories import UserFactory
from tests.regions.factories import RegionFactory
from thematic_areas.choices import AreaStatus, HalfYear, MembershipRole
from thematic_areas.models import (
    AreaJoinRequest,
    AreaMembership,
    AreaSource,
    LeadInvitation,
    NamedParticipant,
    ProgressReport,
    ThematicArea,
)


class AreaFactory(factory.django.DjangoModelFactory):
    """An active area; pass lead=<Region> to give it that lead (a new region otherwise)."""

    class Meta:
        model = ThematicArea
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Thematic area {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "Regions working together."
    objectives = "Build a pipeline of projects."
    action_plan = "Map competences, then match partners."
    status = AreaStatus.ACTIVE
    proposing_region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create and self.status in (AreaStatus.ACTIVE, AreaStatus.CLOSED):
            AreaMembership.objects.create(
                area=self, region=extracted or self.proposing_region, role=MembershipRole.LEAD
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaMembership

    area = factory.SubFactory(AreaFactory)
    region = factory.SubFactory(RegionFactory)
    role = MembershipRole.MEMBER


class AreaSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaSource

    area = factory.SubFactory(AreaFactory)
    url = factory.Sequence(lambda n: f"https://sources.example.eu/pages/{n}")


class NamedParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NamedParticipant

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Region outside NUTS {n}")
    role = MembershipRole.MEMBER
    source_url = factory.Sequence(lambda n: f"https://sources.example.eu/members/{n}")
    note = "Not in the NUTS 2021 classification of the EU-27."


class AreaJoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaJoinRequest

    area = factory.SubFactory(AreaFactory)
    region = factory.SubFactory(RegionFactory)
    statement = "We bring our pilot lines."
    requested_by = factory.SubFactory(UserFactory)


class LeadInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadInvitation

    area = factory.SubFactory(AreaFactory)
    region = factory.SubFactory(RegionFactory)
    invited_by = factory.SubFactory(UserFactory)
    message = "Co-lead the pilot line working group with us."


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    area = factory.SubFactory(AreaFactory)
    year = 2024
    half = HalfYear.FIRST
    activities = "Two matchmaking workshops."
    next_steps = "Scope three demonstration projects."
    created_by = factory.SubFactory(UserFactory)


def area_with(priorities, **kwargs):
    """An active area that declares `priorities`."""
    area = AreaFactory(**kwargs)
    area.priorities.add(*priorities)
    return area
