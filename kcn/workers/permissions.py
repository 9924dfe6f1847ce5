"""What each role may attempt on workers. Rows are narrowed by registry.scope.personal_data_q:
only the enterprise and the department monitoring its zone ever see a worker.

"reveal": see identity numbers and phones in full (lists, exports, API with ``reveal=1``); without
it they are masked everywhere.
"""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

REVEAL = "reveal"

register("workers.worker", {
    Role.ENTERPRISE: {"view", "add", "change", "delete", "export", "import", REVEAL},
    Role.DEPARTMENT_HEAD: {"view", "export", "import", "change", REVEAL},
    Role.DEPARTMENT_OFFICER: {"view", "export", "import", "change", REVEAL},
})
register("workers.workerimport", {
    Role.ENTERPRISE: {"view"}, Role.DEPARTMENT_HEAD: {"view"}, Role.DEPARTMENT_OFFICER: {"view"},
})
register("workers.workerexport", {
    Role.DEPARTMENT_HEAD: {"view"},
})
