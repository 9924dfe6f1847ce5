"""What each role may attempt on this app's models. Rows are narrowed by scope.py and by
registry.scope (personal data, enterprise children).

Programme managers, trainers and trainees have no part in epidemic response; the provincial
observer reads what is public within the board (areas, rules, commitment texts and who
acknowledged), never personal data nor the hotline log.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view", "export"}
STAFF = (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)

# Areas, rules and texts: leaders and the consolidating department write (scope.board_public_q
# narrows department writes to that department); everyone of the board reads.
_BOARD_PUBLIC = {
    Role.ADMIN: ALL, Role.BOARD_LEADER: ALL, Role.DEPARTMENT_HEAD: ALL, Role.DEPARTMENT_OFFICER: ALL,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
}
register("monitoring.monitoringrule", _BOARD_PUBLIC)
register("monitoring.outbreakarea", _BOARD_PUBLIC)
register("monitoring.commitmenttext", {**_BOARD_PUBLIC, Role.DEPARTMENT_HEAD: ALL - {"delete"},
                                       Role.DEPARTMENT_OFFICER: ALL - {"delete"}, Role.BOARD_LEADER: ALL - {"delete"}})

# Personal data: the enterprise and the department monitoring its zone (personal_data_q), as for
# workers; an administrator's role sees none of it (only a superuser bypasses scope).
_PERSONAL = {Role.ENTERPRISE: ALL, Role.DEPARTMENT_HEAD: ALL, Role.DEPARTMENT_OFFICER: ALL}
register("monitoring.traveldeclaration", _PERSONAL)
register("monitoring.healthdeclaration", _PERSONAL)

# Acknowledgements: the enterprise signs; the board, its departments and observers follow up.
register("monitoring.commitmentacknowledgement", {
    Role.ADMIN: ALL, Role.ENTERPRISE: {"view", "add", "change"}, Role.BOARD_LEADER: READ,
    Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ, Role.OBSERVER: READ,
})

# The hotline log: department staff take the calls; leaders read it.
register("monitoring.hotlinecall", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ | {"add", "change"},
    Role.DEPARTMENT_OFFICER: READ | {"add", "change"},
})
