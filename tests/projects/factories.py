from decimal import Decimal

import factory
from django.utils.text import slugify

from projects.choices import FundingKind, OrganisationType, Stage
from projects.models import FundingSource, InvestmentProject, ProjectPartner, StageChange
from tests.regions.factories import RegionFactory
from tests.thematic_areas.factories import AreaFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project in an active area, led by a new region."""

    class Meta:
        model = InvestmentProject

    title = factory.Sequence(lambda n: f"Investment project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "A shared pilot line for regional SMEs."
    area = factory.SubFactory(AreaFactory)
    lead_region = factory.SubFactory(RegionFactory)
    trl = 5
    total_investment = Decimal("2500000.00")


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    region = factory.SubFactory(RegionFactory)
    organisation_name = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_type = OrganisationType.SME
    country = "XA"


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    project = factory.SubFactory(ProjectFactory)
    kind = FundingKind.ERDF
    amount = Decimal("1000000.00")


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    project = factory.SubFactory(ProjectFactory)
    from_stage = Stage.IDEA
    to_stage = Stage.SCOPING
