"""What each role may attempt on communications' models. Rows are narrowed by each model's scope_q."""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

OWN = {"view", "change"}

# Every role reads its own inbox and marks its own notifications read; scope_q keeps it to its own.
register("communications.notification", {role: OWN for role in Role})
register("communications.delivery", {role: {"view"} for role in Role})
register("communications.zalofollower", {Role.ADMIN: {"view", "add", "change", "delete"}} | {
    role: {"view"} for role in Role if role != Role.ADMIN
})

# Announcements of the board: leaders and department heads (and the administrator) send; the
# board's staff read them with their delivery figures; an enterprise reads those addressed to it.
# Provincial observers and the training roles have no part in them.
_ANNOUNCEMENT = {
    Role.ADMIN: {"view", "add", "export"}, Role.BOARD_LEADER: {"view", "add", "export"},
    Role.DEPARTMENT_HEAD: {"view", "add", "export"}, Role.DEPARTMENT_OFFICER: {"view", "export"},
    Role.ENTERPRISE: {"view"},
}
register("communications.announcement", _ANNOUNCEMENT)
register("communications.announcementrecipient", {role: actions & {"view"} for role, actions in _ANNOUNCEMENT.items()})
