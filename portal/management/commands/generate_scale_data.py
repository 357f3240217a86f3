"""`manage.py generate_scale_data`: synthetic data at EU scale (logic in portal.scale_data)."""

import datetime
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from portal import scale_data


class Command(BaseCommand):
    help = (
        "Write a synthetic, clearly labelled data set on top of the real regions, for "
        "benchmarks: at --scale 1 about 5,000 users, 3,000 clusters, 150 thematic areas, "
        "8,000 memberships, 20,000 join requests, 200 partnerships, 20,000 projects with "
        "80,000 partners and 40,000 funding sources, and 200,000 notifications; N times "
        "that at --scale N. Needs `load_regions` first and a database without synthetic data. "
        "Never run it against a database that real users see."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1, help="Multiplier (default 1; 0.1 for a quick look)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--reference-date",
            type=datetime.date.fromisoformat,
            help="Date the data is built around (YYYY-MM-DD; default today). "
            "The same seed and date give the same data.",
        )

    def handle(self, *args, scale, seed, reference_date, **options):
        if scale <= 0:
            raise CommandError("--scale must be a positive number.")
        started = time.perf_counter()
        try:
            summary = scale_data.generate(scale=scale, seed=seed, reference_date=reference_date)
        except (ImproperlyConfigured, scale_data.AlreadyGenerated) as error:
            raise CommandError(str(error)) from error
        for label, count in summary.created.items():
            self.stdout.write(f"  {count:>9,} {label}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Scale {scale:g} data written in {elapsed:.1f} s."))
