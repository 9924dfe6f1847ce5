from django.core.management.base import BaseCommand

from kcn.core.demo import run_loaders
from kcn.registry.demo import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo board of plan 16/KH-BQLKCN (Hà Nam), then the apps' demo data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300)

    def handle(self, *args, **options):
        board = load_demo(enterprise_count=options["enterprises"])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {board}"))
        # Each app's loader (registered in its AppConfig.ready) says in one line what it did.
        run_loaders(board, stdout=self.stdout)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role in demo_logins():
            self.stdout.write(f"  {username:<20} {role}")
