"""What each role may attempt on inspections' models. Rows are narrowed by each model's scope_q.

Only the department monitoring the enterprise's zone and the board's leaders inspect (scope_q
gives a department only its zones). The enterprise reads its finalised inspections and reports
the fixes of its corrective actions ("change" on an action; services.py says which change).
Provincial observers and the training roles see nothing of inspections.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
INSPECTOR = {"view", "add", "change", "export"}

_CHECKLIST = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: {"view"}, Role.DEPARTMENT_HEAD: {"view"},
    Role.DEPARTMENT_OFFICER: {"view"}, Role.ENTERPRISE: {"view"},
}
register("inspections.checklist", _CHECKLIST)
register("inspections.checklistitem", _CHECKLIST)

_INSPECTION = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: INSPECTOR, Role.DEPARTMENT_HEAD: INSPECTOR,
    Role.DEPARTMENT_OFFICER: INSPECTOR, Role.ENTERPRISE: {"view", "export"},
}
for label in ("inspections.inspection", "inspections.inspectionresult", "inspections.finding",
              "inspections.findingphoto"):
    register(label, _INSPECTION)

register("inspections.correctiveaction", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: INSPECTOR, Role.DEPARTMENT_HEAD: INSPECTOR,
    Role.DEPARTMENT_OFFICER: INSPECTOR, Role.ENTERPRISE: {"view", "change", "export"},
})
