"""`manage.py remove_demo`: delete the demo data (the logic is in portal.demo)."""

from django.core.management.base import BaseCommand, CommandError

from portal import demo


class Command(BaseCommand):
    help = (
        "Delete every demo record (flagged is_demo: projects, partnerships, calls, clusters, "
        "region priorities, area join requests) and the demo accounts, in one transaction. "
        "Real records stay, the real partnerships and their members among them. If a real "
        "record depends on a demo one, nothing is deleted and the error names it."
    )

    def handle(self, *args, **options):
        try:
            removed = demo.remove_demo()
        except demo.DemoRemovalBlocked as blocked:
            raise CommandError(str(blocked)) from None
        if not removed:
            self.stdout.write("No demo data to remove.")
        for label, count in sorted(removed.items()):
            self.stdout.write(f"  {count} rows: {label}")
        self.stdout.write(self.style.SUCCESS("Demo data removed."))
