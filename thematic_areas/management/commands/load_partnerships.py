"""`manage.py load_partnerships` (the logic is in thematic_areas.reference)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.loaders import DataFileError
from thematic_areas import reference


class Command(BaseCommand):
    help = (
        "Load the 21 real thematic partnerships of the Smart Specialisation Platforms "
        "from regions/data/s3p_partnerships.json and their known members, platforms and "
        "sources from regions/data/s3p_partnership_members.json. Run load_regions first. "
        "Members outside the NUTS 2021 EU-27 classification are kept by name; unknown "
        "dates and phases stay unknown. Both files are validated before anything is "
        "written; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=Path, default=reference.PARTNERSHIPS_FILE)
        parser.add_argument("--members", type=Path, default=reference.MEMBERS_FILE)

    def handle(self, *args, **options):
        try:
            report = reference.load_partnerships(options["partnerships"], options["members"])
        except DataFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Thematic areas: {report.areas_created} created. Memberships from sources: "
            f"{report.memberships_created} created. Participants outside NUTS: "
            f"{report.named_participants_created} created. Sources: "
            f"{report.sources_created} created."
        )
        for code in report.completed:
            self.stdout.write(f"  {code} had joined on the platform; its source was added.")
        self.stdout.write(self.style.SUCCESS("Partnerships loaded."))
