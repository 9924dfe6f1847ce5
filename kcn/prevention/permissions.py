"""What each role may attempt on this app's models. Rows are narrowed by scope.py.

Levels: every board member reads them (they are what the province follows); the monitoring
department and the leaders set them ("add": a level is never edited, a new row is its change).
Criteria: administrators publish versions, everyone concerned reads them.
Assessments, plans, checklists: the enterprise writes its own, the monitoring department reviews
("change"), leaders read and may review, observers see none of them.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view", "export"}

_LEVEL = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ | {"add"}, Role.DEPARTMENT_HEAD: READ | {"add"},
    Role.DEPARTMENT_OFFICER: READ | {"add"}, Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
}
register("prevention.enterpriselevel", _LEVEL)
register("prevention.zonelevel", _LEVEL)

_CRITERIA = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
}
for label in ("prevention.criteriaset", "prevention.criterion", "prevention.criterionoption",
              "prevention.scorethreshold", "prevention.casethreshold"):
    register(label, _CRITERIA)

_ENTERPRISE_RECORD = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ | {"change"}, Role.DEPARTMENT_HEAD: READ | {"change"},
    Role.DEPARTMENT_OFFICER: READ | {"change"}, Role.ENTERPRISE: {"view", "add", "change"},
}
register("prevention.selfassessment", _ENTERPRISE_RECORD)
register("prevention.assessmentanswer", _ENTERPRISE_RECORD)
register("prevention.scenarioplan", _ENTERPRISE_RECORD)
register("prevention.planaction", _ENTERPRISE_RECORD)
# A checklist is made by a level change, never by hand; its items are ticked ("change").
_CHECKLIST = {
    Role.ADMIN: READ | {"change"}, Role.BOARD_LEADER: READ | {"change"}, Role.DEPARTMENT_HEAD: READ | {"change"},
    Role.DEPARTMENT_OFFICER: READ | {"change"}, Role.ENTERPRISE: {"view", "change"},
}
register("prevention.checklist", _CHECKLIST)
register("prevention.checklistitem", _CHECKLIST)
