"""What a signed-in list keeps until the next write: its counts, and a user's own drafts."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.counting import CountedPaginator
from notifications.models import Notification
from projects.choices import ProjectStatus
from projects.models import InvestmentProject
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.projects.factories import ProjectFactory, ProjectPartnerFactory
from tests.regions.factories import RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, MembershipFactory

real_commits = pytest.mark.django_db(transaction=True)


def counted(rows):
    return CountedPaginator(rows, 10).count


@real_commits
def test_a_count_is_kept_until_a_write_and_counted_again_after_it(cache_on):
    ProjectFactory.create_batch(2, status=ProjectStatus.PUBLISHED)
    published = InvestmentProject.objects.published()
    assert counted(published) == 2

    with CaptureQueriesContext(connection) as queries:
        assert counted(InvestmentProject.objects.published()) == 2
    assert len(queries) == 0

    ProjectFactory(status=ProjectStatus.PUBLISHED)

    assert counted(InvestmentProject.objects.published()) == 3


@real_commits
def test_two_queries_keep_their_own_counts(cache_on):
    ProjectFactory.create_batch(2, status=ProjectStatus.PUBLISHED)
    ProjectFactory(status=ProjectStatus.DRAFT)

    assert counted(InvestmentProject.objects.published()) == 2
    assert counted(InvestmentProject.objects.filter(status=ProjectStatus.DRAFT)) == 1
    assert counted(InvestmentProject.objects.all()) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("cache", [False, True], ids=["cache off", "cache on"])
def test_a_query_that_can_match_nothing_counts_nothing(settings, cache):
    settings.PUBLIC_CACHE_SECONDS = 60 if cache else 0
    ProjectFactory(status=ProjectStatus.PUBLISHED)

    assert counted(InvestmentProject.objects.none()) == 0
    assert counted(InvestmentProject.objects.filter(pk__in=[])) == 0
    assert CountedPaginator(InvestmentProject.objects.none(), 10).page(1).object_list.count() == 0


@real_commits
def test_rows_whose_writes_leave_the_version_are_counted_each_time(cache_on):
    user = UserFactory()
    NotificationFactory(recipient=user)
    assert counted(Notification.objects.filter(recipient=user)) == 1

    NotificationFactory(recipient=user)

    assert counted(Notification.objects.filter(recipient=user)) == 2


@real_commits
def test_a_draft_a_users_region_joins_shows_in_their_list_at_once(cache_on):
    region = RegionFactory()
    client = Client()
    client.force_login(representative_of(region))
    draft = ProjectFactory(status=ProjectStatus.DRAFT, title="Shared pilot line")
    assert "Shared pilot line" not in client.get("/projects/?status=draft").text
    assert client.get(f"/api/v1/projects/{draft.slug}/").status_code == 404

    ProjectPartnerFactory(project=draft, region=region)

    page = client.get("/projects/?status=draft").text
    assert "Shared pilot line" in page
    assert client.get(f"/api/v1/projects/{draft.slug}/").status_code == 200


@real_commits
def test_another_users_drafts_are_not_theirs(cache_on):
    first, second = RegionFactory(), RegionFactory()
    draft = ProjectFactory(status=ProjectStatus.DRAFT, title="First pilot line")
    ProjectPartnerFactory(project=draft, region=first)
    readers = []
    for region in (first, second):
        client = Client()
        client.force_login(representative_of(region))
        readers.append(client)

    assert "First pilot line" in readers[0].get("/projects/?status=draft").text
    assert "First pilot line" not in readers[1].get("/projects/?status=draft").text


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", [1, 2, 3, 4])
def test_a_deep_page_holds_the_rows_a_plain_paginator_gives_in_its_order(monkeypatch, page_number):
    # Pages from the second on are deep here: their rows are found by id first.
    monkeypatch.setattr("core.counting.DEEP_PAGE_OFFSET", 3)
    for n in range(11):
        ProjectFactory(title=f"Project {n:02d}", status=ProjectStatus.PUBLISHED)
    rows = InvestmentProject.objects.published().select_related("area").order_by("-title")

    deep = CountedPaginator(rows, 3, orphans=1).page(page_number)
    plain = Paginator(rows, 3, orphans=1).page(page_number)

    assert [row.pk for row in deep] == [row.pk for row in plain]
    assert (deep.has_next(), deep.start_index(), deep.end_index()) == (
        plain.has_next(),
        plain.start_index(),
        plain.end_index(),
    )


@pytest.mark.django_db
def test_a_deep_page_reads_ids_then_its_rows(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr("core.counting.DEEP_PAGE_OFFSET", 3)
    ProjectFactory.create_batch(8, status=ProjectStatus.PUBLISHED)
    paginator = CountedPaginator(InvestmentProject.objects.published().order_by("pk"), 3)
    assert paginator.count == 8

    with django_assert_num_queries(2):
        page = paginator.page(3)

    assert len(page) == 2


@pytest.mark.django_db
def test_the_area_list_counts_each_areas_current_members(client):
    # AreaFactory's lead is a member too.
    busy = AreaFactory(name="Busy area")
    AreaFactory(name="Quiet area")
    MembershipFactory.create_batch(3, area=busy)
    left = MembershipFactory(area=busy)
    left.left_at = timezone.now()
    left.save()

    areas = {area.name: area.member_count for area in client.get("/areas/").context["page_obj"]}

    assert (areas["Busy area"], areas["Quiet area"]) == (4, 1)
