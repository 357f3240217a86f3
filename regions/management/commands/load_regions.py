"""`manage.py load_regions`: import the shipped reference data (the logic is in regions.loaders)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions import loaders
from regions.choices import PriorityScheme


class Command(BaseCommand):
    help = (
        "Load the NUTS 2021 regions of the EU-27 (levels 0-3, with parents) from "
        "regions/data/nuts_regions.csv or --file, mark the regions of the 2017-2018 "
        "industrial-transition pilot, and load the priority taxonomies (NACE Rev. 2, "
        "all four levels, and NABS 2007 chapters) into Priority. Running it again only "
        "updates what changed. Every file is validated before anything is written: a "
        "malformed file is rejected with its line numbers and the database is left "
        "unchanged. The 2021-2027 cohesion categories come from "
        "regions/data/cohesion_categories_2021_2027.csv or --categories FILE (columns "
        "nuts_code,category,source_url; less_developed, transition or more_developed; "
        "NUTS 2 codes only; every row with the page that states it): categories are "
        "never guessed, and regions not in the file keep theirs. English names missing "
        "from the NUTS file come from regions/data/nuts_names_en.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=loaders.NUTS_FILE,
            help="NUTS CSV file (default: the shipped NUTS 2021 file).",
        )
        parser.add_argument(
            "--categories",
            type=Path,
            default=loaders.CATEGORIES_FILE,
            help="CSV file with columns nuts_code,category,source_url for NUTS 2 regions "
            "(default: the shipped file).",
        )

    def handle(self, *args, **options):
        try:
            report = loaders.load_reference_data(
                nuts_file=options["file"], categories_file=options["categories"]
            )
        except loaders.DataFileError as exc:
            raise CommandError(str(exc)) from exc
        self._write_regions(report)
        self._write_pilot(report.pilot)
        if report.categories is not None:
            counts = report.categories
            self.stdout.write(
                f"Cohesion categories: {counts.updated} updated, {counts.unchanged} unchanged."
            )
        for scheme, counts in report.priorities.items():
            self._write_counts(f"Priorities, {PriorityScheme(scheme).label}", counts)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))

    def _write_regions(self, report):
        self._write_counts("NUTS regions", report.regions)
        if report.regions_not_in_file:
            self.stdout.write(
                f"  {report.regions_not_in_file} regions in the database are not in the "
                "file; they were left as they are."
            )

    def _write_pilot(self, pilot):
        self.stdout.write(
            f"Industrial-transition pilot: {len(pilot.flagged)} regions flagged "
            f"({pilot.changed} changed)."
        )
        for entry in pilot.skipped:
            self.stdout.write(
                f"  skipped {entry.code} ({entry.name}): not among the loaded NUTS regions."
            )
        if pilot.cleared:
            self.stdout.write(f"  flag removed from: {', '.join(pilot.cleared)}.")

    def _write_counts(self, title, counts_by_level):
        self.stdout.write(f"{title}:")
        for level, counts in counts_by_level.items():
            self.stdout.write(
                f"  level {level}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
