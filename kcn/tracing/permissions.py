"""What each role may attempt on tracing's models. Rows are narrowed by scope.py: the enterprise,
the department monitoring its zone, the consolidating department and the board's leaders see
cases; only the first two write. Administrators, observers and programme managers have no entry."""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view", "export"}
WRITE = READ | {"add", "change"}

register("tracing.tracingrule", {
    Role.ADMIN: {"view", "add", "export"}, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ,
    Role.DEPARTMENT_OFFICER: READ, Role.ENTERPRISE: {"view"},
})
# No administrator: cases are personal health data, like the worker list (kcn/workers/permissions.py).
_CASES = {
    Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: WRITE, Role.DEPARTMENT_OFFICER: WRITE,
    Role.ENTERPRISE: WRITE,
}
for label in ("tracing.case", "tracing.contact", "tracing.statuschange"):
    register(label, _CASES)
