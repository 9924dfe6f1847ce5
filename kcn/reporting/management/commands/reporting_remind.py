"""``kcn reporting_remind``: what the task queue does every 15 minutes, for cron setups without it."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.reporting.reminders import missing_lists_send, reminders_send


class Command(BaseCommand):
    help = ("Send the reminders of the reporting deadlines due soon and the missing lists of the deadlines just "
            "passed. Nothing is sent twice, so it is safe to run as often as you like (e.g. every 15 minutes).")

    def handle(self, *args, **options):
        now = timezone.now()
        reminders = reminders_send(now=now)
        lists = missing_lists_send(now=now)
        self.stdout.write(_("Đã gửi %(reminders)s lời nhắc nộp báo cáo và %(lists)s danh sách doanh nghiệp chưa nộp.")
                          % {"reminders": reminders, "lists": lists})
