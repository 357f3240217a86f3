"""Pick the benchmark's URLs from the data; count each one's SQL queries and time it.

Run inside the project's environment with DATABASE_URL set; prints JSON:
[{"name", "path", "status", "queries", "cold_queries", "miss_ms"}], all
measured as requests the visitors' page cache does not serve (a signed-in
user's, say): what a cache miss costs. Objects are picked
deterministically (the busiest area, region and partnership), so scale 1
and scale 10 measure the same kind of page.
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

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core import cache  # noqa: E402
from regions.models import Region  # noqa: E402
from thematic_areas.choices import AreaStatus  # noqa: E402
from thematic_areas.models import ThematicArea  # noqa: E402


def endpoints():
    current = Q(memberships__left_at__isnull=True)
    area = (
        ThematicArea.objects.filter(status=AreaStatus.ACTIVE)
        .annotate(members=Count("memberships", filter=current))
        .order_by("-members", "slug")
        .first()
    )
    region = (
        Region.objects.annotate(
            areas=Count("area_memberships", filter=Q(area_memberships__left_at__isnull=True))
        )
        .order_by("-areas", "code")
        .first()
    )
    country = region.country
    return [
        ("floor (constant response)", "/healthz"),
        ("home", "/"),
        ("thematic areas, filtered", f"/areas/?status=active&country={country}"),
        ("area detail", f"/areas/{area.slug}/"),
        ("region detail", f"/regions/{region.code}/"),
        ("clusters, search", "/clusters/?q=robotics"),
        ("projects, filtered", f"/projects/?stage=demonstration&country={country}"),
        ("pipeline dashboard", "/pipeline/"),
        ("global search", "/search/?q=hydrogen"),
        ("API areas, 100 a page", "/api/v1/thematic-areas/?page_size=100"),
        ("API clusters, 100 a page", "/api/v1/clusters/?page_size=100"),
        ("API projects, 100 a page", "/api/v1/projects/?page_size=100"),
        ("API projects, filtered", f"/api/v1/projects/?area={area.slug}&stage=scoping"),
    ]


MISS_RUNS = 5


def miss_ms(client, path):
    timings = []
    for _ in range(MISS_RUNS):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main():
    # Pages are rendered each time; computed data (pipeline figures,
    # matchmaking) stays in the one cache, as for a signed-in user.
    cache.is_visitor = lambda request: False
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for name, path in endpoints():
        # Counted once computed data (pipeline figures, matchmaking) is cached,
        # as it is between two changes; the first request after a change
        # costs more, and so does the page cache's miss below.
        with CaptureQueriesContext(connection) as cold:
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        rows.append(
            {
                "name": name,
                "path": path,
                "status": response.status_code,
                "queries": len(queries),
                "cold_queries": len(cold),
                "miss_ms": miss_ms(client, path),
            }
        )
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
