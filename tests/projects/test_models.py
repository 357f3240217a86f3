from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from projects.choices import Stage
from projects.models import InvestmentProject, StageChange
from tests.projects.factories import FundingSourceFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def test_the_database_rejects_a_negative_total_investment():
    with pytest.raises(IntegrityError, match="investment_non_negative"), transaction.atomic():
        ProjectFactory(total_investment=Decimal("-0.01"))


def test_a_project_may_have_no_investment_figure_yet():
    project = ProjectFactory(total_investment=Decimal("0"))

    assert InvestmentProject.objects.get(pk=project.pk).total_investment == 0


@pytest.mark.parametrize("trl", [0, 10])
def test_the_database_rejects_a_trl_outside_1_to_9(trl):
    with pytest.raises(IntegrityError, match="trl_1_to_9"), transaction.atomic():
        ProjectFactory(trl=trl)


@pytest.mark.parametrize("trl", [1, 9])
def test_trl_1_and_9_are_accepted(trl):
    assert ProjectFactory(trl=trl).trl == trl


def test_the_database_rejects_a_negative_funding_amount():
    with pytest.raises(IntegrityError, match="amount_non_negative"), transaction.atomic():
        FundingSourceFactory(amount=Decimal("-1"))


def test_an_organisation_takes_part_once_per_project_and_country():
    partner = ProjectPartnerFactory(organisation_name="Fraunhofer IPT", country="DE")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartnerFactory(
            project=partner.project, organisation_name="Fraunhofer IPT", country="DE"
        )


def test_organisations_of_the_same_name_in_two_countries_are_two_partners():
    partner = ProjectPartnerFactory(organisation_name="Chamber of Commerce", country="DE")

    ProjectPartnerFactory(
        project=partner.project, organisation_name="Chamber of Commerce", country="AT"
    )

    assert partner.project.partners.count() == 2


def test_a_project_reads_as_its_title():
    assert str(ProjectFactory(title="Recycled carbon fibre pilot line")) == (
        "Recycled carbon fibre pilot line"
    )


def test_a_stage_change_reads_as_project_and_stages():
    project = ProjectFactory(title="Smart textiles demo")

    first = StageChange.objects.create(project=project, to_stage=Stage.IDEA)
    second = StageChange.objects.create(
        project=project, from_stage=Stage.IDEA, to_stage=Stage.SCOPING
    )

    assert str(first) == "Smart textiles demo: — → idea"
    assert str(second) == "Smart textiles demo: idea → scoping"


def test_a_partner_reads_as_organisation_country_and_project():
    partner = ProjectPartnerFactory(
        project=ProjectFactory(title="Smart textiles demo"),
        organisation_name="Centexbel",
        country="BE",
    )

    assert str(partner) == "Centexbel (BE) in Smart textiles demo"


def test_a_funding_source_reads_as_kind_amount_and_status():
    source = FundingSourceFactory(amount=Decimal("1500000.00"), status="secured")

    assert str(source) == "ERDF 1500000.00 EUR (Secured)"
