"""Pick the benchmark's URLs and users from the data; count each request's SQL queries and time it.

Run inside the project's environment with DATABASE_URL set.

`probe.py` prints JSON: the endpoints, each with the audiences it is
measured for and, per audience, its status and queries; the cookies of the
signed-in users (sessions opened here, in the database gunicorn reads);
the paths of the join requests the representative will send. Objects are
picked deterministically (the busiest area, region and partnership, the
region leading the most areas), so scale 1 and scale 10 measure the same
kind of page.

`probe.py cleanup` deletes what the benchmark's join requests wrote, so
that the next run finds the same data.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s3p_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core import cache  # noqa: E402
from core.moderators import MODERATORS_GROUP  # noqa: E402
from notifications.models import Notification  # noqa: E402
from projects.models import InvestmentProject  # noqa: E402
from regions.choices import AffiliationStatus  # noqa: E402
from regions.models import Region  # noqa: E402
from thematic_areas.choices import AreaStatus, MembershipRole  # noqa: E402
from thematic_areas.models import AreaJoinRequest, ThematicArea  # noqa: E402

VISITOR, REPRESENTATIVE, MODERATOR = "visitor", "representative", "moderator"
BOTH = (VISITOR, REPRESENTATIVE)
MODERATOR_EMAIL = "bench.moderator@bench.s3p.test"
# The statement of every join request the benchmark sends: how cleanup finds them.
JOIN_STATEMENT = "Benchmark request: our region commits its laboratories."
# Join requests prepared for the timed POST run; it stops when they run out.
JOIN_PATHS = 400
MISS_RUNS = 5


def busiest_area():
    current = Q(memberships__left_at__isnull=True)
    return (
        ThematicArea.objects.filter(status=AreaStatus.ACTIVE)
        .annotate(members=Count("memberships", filter=current))
        .order_by("-members", "slug")
        .first()
    )


def busiest_region():
    current = Q(area_memberships__left_at__isnull=True)
    return (
        Region.objects.annotate(areas=Count("area_memberships", filter=current))
        .order_by("-areas", "code")
        .first()
    )


def lead_representative():
    """The first verified representative of the region that leads the most areas."""
    leading = Q(area_memberships__left_at__isnull=True, area_memberships__role=MembershipRole.LEAD)
    regions = Region.objects.annotate(led=Count("area_memberships", filter=leading)).order_by(
        "-led", "code"
    )
    for region in regions[:20]:
        user = (
            get_user_model()
            .objects.filter(
                is_active=True,
                affiliations__region=region,
                affiliations__status=AffiliationStatus.VERIFIED,
            )
            .order_by("pk")
            .first()
        )
        if user:
            return region, user
    raise SystemExit("No verified representative of a leading region: regenerate the data.")


def bench_moderator():
    user, _created = get_user_model().objects.get_or_create(
        email=MODERATOR_EMAIL, defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def partnered_project(region):
    """A published project the representative's region partners in: one detail both read."""
    return (
        InvestmentProject.objects.published()
        .filter(partners__region=region)
        .order_by("-created_at", "pk")
        .first()
    )


def join_paths(region):
    """Active areas the region may ask to join: not a member, nothing pending."""
    open_areas = (
        ThematicArea.objects.filter(status=AreaStatus.ACTIVE)
        .exclude(memberships__region=region, memberships__left_at__isnull=True)
        .exclude(join_requests__region=region)
        .order_by("slug")
    )
    slugs = open_areas.values_list("slug", flat=True)[:JOIN_PATHS]
    return [f"/areas/{slug}/join/" for slug in slugs]


def endpoints(area, region, project):
    country = region.country
    return [
        ("floor (constant response)", "/healthz", (VISITOR,)),
        ("home", "/", BOTH),
        ("thematic areas, filtered", f"/areas/?status=active&country={country}", BOTH),
        ("area detail", f"/areas/{area.slug}/", BOTH),
        ("region detail", f"/regions/{region.code}/", BOTH),
        ("clusters, search", "/clusters/?q=robotics", BOTH),
        ("partnerships", "/partnerships/", BOTH),
        ("projects", "/projects/", BOTH),
        ("projects, filtered", f"/projects/?stage=demonstration&country={country}", BOTH),
        ("pipeline dashboard", "/pipeline/", BOTH),
        ("global search", "/search/?q=hydrogen", BOTH),
        ("API areas, 100 a page", "/api/v1/thematic-areas/?page_size=100", BOTH),
        ("API clusters, 100 a page", "/api/v1/clusters/?page_size=100", BOTH),
        ("API projects, 100 a page", "/api/v1/projects/?page_size=100", BOTH),
        ("API projects, filtered", f"/api/v1/projects/?area={area.slug}&stage=scoping", BOTH),
        ("API project detail", f"/api/v1/projects/{project.slug}/", BOTH),
        ("dashboard", "/dashboard/", (REPRESENTATIVE,)),
        ("export of area memberships", "/api/v1/exports/area-memberships/?format=csv", BOTH),
        ("moderation queue", "/moderation/", (MODERATOR,)),
    ]


def miss_ms(client, path):
    timings = []
    for _ in range(MISS_RUNS):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def signed_in(user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def measure(client, path, *, timed):
    # Counted once computed data (pipeline figures, matchmaking) is cached,
    # as it is between two changes; the first request after a change costs
    # more: the cold count.
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    row = {"status": response.status_code, "queries": len(queries), "cold_queries": len(cold)}
    if timed:
        row["miss_ms"] = miss_ms(client, path)
    return row


def join_queries(client, path, body):
    """The queries of one join request, written and rolled back: the data stays as it was."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.post(path, body)
        transaction.set_rollback(True)
    return {"status": response.status_code, "queries": len(queries)}


def probe():
    # Visitors' pages are rendered each time here: what a cache miss costs.
    # Computed data (pipeline figures, matchmaking) stays in the one cache.
    cache.is_visitor = lambda request: False
    area, region = busiest_area(), busiest_region()
    lead_region, representative = lead_representative()
    project = partnered_project(lead_region)
    clients = {
        VISITOR: Client(HTTP_HOST="127.0.0.1"),
        REPRESENTATIVE: signed_in(representative),
        MODERATOR: signed_in(bench_moderator()),
    }
    rows = []
    for name, path, audiences in endpoints(area, region, project):
        row = {"name": name, "path": path}
        for audience in audiences:
            row[audience] = measure(clients[audience], path, timed=audience == VISITOR)
        rows.append(row)
    csrf_secret = "b" * 32
    session = settings.SESSION_COOKIE_NAME
    cookies = {
        audience: f"{session}={client.cookies[session].value}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
        for audience, client in clients.items()
        if audience != VISITOR
    }
    paths = join_paths(lead_region)
    body = {
        # An unmasked CSRF secret is a valid form token for the same cookie.
        "csrfmiddlewaretoken": csrf_secret,
        "region": lead_region.pk,
        "statement": JOIN_STATEMENT,
    }
    return {
        "endpoints": rows,
        "cookies": cookies,
        "representative": {
            "region": str(lead_region),
            "project_partner_rows": lead_region.project_partnerships.count(),
        },
        "join": {
            "paths": paths,
            "body": body,
            REPRESENTATIVE: join_queries(clients[REPRESENTATIVE], paths[0], body),
        },
    }


def cleanup():
    """Delete the benchmark's join requests and the notifications they sent."""
    requests = AreaJoinRequest.objects.filter(statement=JOIN_STATEMENT)
    keys = [f"area-request-{pk}" for pk in requests.values_list("pk", flat=True)]
    created = len(keys)
    Notification.objects.filter(dedupe_key__in=keys).delete()
    requests.delete()
    AreaJoinRequest.history.filter(statement=JOIN_STATEMENT).delete()
    return {"join_requests_created": created}


if __name__ == "__main__":
    json.dump(cleanup() if sys.argv[1:] == ["cleanup"] else probe(), sys.stdout)
