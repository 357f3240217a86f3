"""`manage.py seed_demo`: build the demo portal (the logic is in portal.demo)."""

from django.core.management.base import BaseCommand, CommandError

from portal import demo

ACCOUNTS = "; ".join(
    f"{email} / {password} ({role})" for email, password, role in demo.credentials()
)


class Command(BaseCommand):
    help = (
        "Build a demo portal on the real thematic partnerships (load_partnerships: the 21 "
        "areas with the members their sources name), the real 2016 ESCP call, and "
        "clearly labelled demo data around them (a demo call open around "
        "today, demo clusters, partnerships, join requests, investment projects and "
        "accounts). Loads the regions first if none are loaded. Safe to run again: it "
        "creates no duplicates. Never with the production settings. remove_demo deletes "
        f"the demo data again. Demo accounts (e-mail / password): {ACCOUNTS}."
    )

    def handle(self, *args, **options):
        try:
            summary = demo.seed_demo()
        except demo.DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        if summary.loaded_reference_data:
            self.stdout.write("Loaded the regions and priorities first (load_regions).")
        if summary.created:
            self.stdout.write("Created:")
            for label, count in sorted(summary.created.items()):
                self.stdout.write(f"  {count} {label}")
        else:
            self.stdout.write("Nothing new: the demo data was already there (refreshed).")
        self.stdout.write("Demo accounts (e-mail / password):")
        for email, password, role in demo.credentials():
            self.stdout.write(f"  {email} / {password} — {role}")
        self.stdout.write(self.style.SUCCESS("Demo portal ready."))
