"""What each role may attempt on reporting's models. Rows are narrowed by each model's scope_q.

Templates are designed by administrators and read by everyone who reports or reads reports.
Enterprises fill in their own submissions; department officers and heads may enter them on
behalf of the enterprises of their zones; leaders and provincial observers read. Revisions are
never changed or deleted: a correction is a new revision.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view", "export"}

_TEMPLATE = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"}, Role.PROGRAMME_MANAGER: READ,
}
for label in ("reporting.reporttemplate", "reporting.templateversion", "reporting.field", "reporting.crossfieldrule"):
    register(label, _TEMPLATE)

register("reporting.schedule", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
})
register("reporting.period", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
})
register("reporting.submission", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ | {"add", "change", "import"},
    Role.DEPARTMENT_OFFICER: READ | {"add", "change", "import"}, Role.OBSERVER: READ,
    Role.ENTERPRISE: {"view", "add", "change", "import"},
})
register("reporting.revision", {
    Role.ADMIN: READ | {"add"}, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ | {"add"},
    Role.DEPARTMENT_OFFICER: READ | {"add"}, Role.OBSERVER: READ, Role.ENTERPRISE: {"view", "add"},
})
# Approving is a personal act of a department head, the consolidating department's head or a
# board leader (approvals.py checks the position); "add" lets the role attempt it, nothing else
# changes or deletes an approval: returning one is a new row.
register("reporting.approval", {
    Role.ADMIN: READ, Role.BOARD_LEADER: READ | {"add"}, Role.DEPARTMENT_HEAD: READ | {"add"},
    Role.DEPARTMENT_OFFICER: READ, Role.OBSERVER: READ,
})
