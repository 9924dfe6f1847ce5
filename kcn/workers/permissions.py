"""What each role may attempt on workers. Rows are narrowed by registry.scope.personal_data_q:
only the enterprise and the department monitoring its zone ever see a worker."""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

register("workers.worker", {
    Role.ENTERPRISE: {"view", "add", "change", "delete", "export", "import"},
    Role.DEPARTMENT_HEAD: {"view", "export", "import", "change"},
    Role.DEPARTMENT_OFFICER: {"view", "export", "import", "change"},
})
register("workers.workerimport", {
    Role.ENTERPRISE: {"view"}, Role.DEPARTMENT_HEAD: {"view"}, Role.DEPARTMENT_OFFICER: {"view"},
})
