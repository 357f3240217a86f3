import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F, Sum

from accounts.models import User
from core.workflow import RequestStatus
from notifications.models import Notification
from partnerships.models import Partnership
from portal import scale_data
from projects.models import FundingSource, InvestmentProject, ProjectPartner
from regions.models import Cluster
from thematic_areas.choices import AreaStatus, MembershipRole
from thematic_areas.models import AreaJoinRequest, AreaMembership, ThematicArea

pytestmark = pytest.mark.django_db

SMALL = 0.01
REFERENCE_DATE = datetime.date(2026, 11, 1)


@pytest.fixture
def regions_loaded():
    call_command("load_regions", stdout=StringIO())


def generate(seed=1):
    return scale_data.generate(scale=SMALL, seed=seed, reference_date=REFERENCE_DATE)


def snapshot():
    return {
        "areas": list(ThematicArea.objects.order_by("slug").values_list("slug", "status", "phase")),
        "members": list(
            AreaMembership.objects.order_by("area__slug", "region__code", "joined_at").values_list(
                "area__slug", "region__code", "role", "joined_at", "left_at"
            )
        ),
        "projects": list(
            InvestmentProject.objects.order_by("slug").values_list(
                "slug", "area__slug", "lead_region__code", "stage", "total_investment"
            )
        ),
        "partners": sorted(
            ProjectPartner.objects.values_list("project__slug", "organisation_name", "role")
        ),
    }


def test_the_command_writes_every_kind_of_row_in_proportion_to_the_scale(regions_loaded):
    out = StringIO()
    call_command("generate_scale_data", scale=SMALL, seed=3, stdout=out)

    assert User.objects.count() == 50
    assert Cluster.objects.count() == 30
    assert ThematicArea.objects.count() == 2
    assert Partnership.objects.count() == 2
    assert InvestmentProject.objects.count() == 200
    assert ProjectPartner.objects.count() == 800
    assert FundingSource.objects.count() == 400
    assert Notification.objects.count() == 2000
    assert AreaJoinRequest.objects.count() == 200
    assert set(AreaJoinRequest.objects.values_list("status", flat=True)) == set(RequestStatus)
    assert "200 investment projects" in out.getvalue()
    assert "Scale 0.01 data written" in out.getvalue()


def test_the_data_keeps_the_portals_invariants(regions_loaded):
    generate()

    assert not User.objects.exclude(email__endswith=f"@{scale_data.EMAIL_DOMAIN}").exists()
    assert not ThematicArea.objects.exclude(name__startswith="Synthetic").exists()
    current = AreaMembership.objects.filter(left_at__isnull=True)
    for membership in current.filter(role=MembershipRole.MEMBER, area__status=AreaStatus.ACTIVE):
        assert AreaJoinRequest.objects.filter(
            area=membership.area, region=membership.region, status=RequestStatus.APPROVED
        ).exists()
    assert not AreaJoinRequest.objects.filter(
        status=RequestStatus.PENDING,
        region__area_memberships__area=F("area"),
        region__area_memberships__left_at__isnull=True,
    ).exists()
    for project in InvestmentProject.objects.all():
        assert current.filter(area=project.area_id, region=project.lead_region_id).exists()
        funded = project.funding_sources.aggregate(total=Sum("amount"))["total"]
        assert funded <= project.total_investment


def test_the_same_seed_gives_the_same_data(regions_loaded):
    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            generate(seed=7)
            snapshots.append(snapshot())
            transaction.set_rollback(True)
    with transaction.atomic():
        generate(seed=8)
        other = snapshot()

    assert snapshots[0] == snapshots[1]
    assert other != snapshots[0]


def test_it_refuses_to_write_a_second_data_set_on_top_of_the_first(regions_loaded):
    generate()

    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command("generate_scale_data", scale=SMALL, stdout=StringIO())
    assert User.objects.count() == 50


def test_it_asks_for_the_regions_first():
    with pytest.raises(CommandError, match="load_regions"):
        call_command("generate_scale_data", scale=SMALL, stdout=StringIO())


@pytest.mark.parametrize("scale", ["0", "-1"])
def test_it_rejects_a_scale_that_is_not_positive(scale):
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_scale_data", "--scale", scale, stdout=StringIO())


def test_the_generator_leaves_planner_statistics_for_the_tables_it_filled(regions_loaded):
    generate()

    table = InvestmentProject._meta.db_table
    if connection.vendor == "postgresql":
        sql, params = "SELECT COUNT(*) FROM pg_stats WHERE tablename = %s", [table]
    else:
        sql, params = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchone()[0] > 0
