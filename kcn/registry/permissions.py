"""What each role may attempt on the registry's models. Rows are narrowed by scope.py."""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

ALL = {"view", "add", "change", "delete", "export", "import"}
READ = {"view", "export"}

register("registry.board", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ | {"change"}, Role.DEPARTMENT_HEAD: READ,
    Role.DEPARTMENT_OFFICER: READ, Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
    Role.PROGRAMME_MANAGER: READ,
})
register("registry.department", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ | {"change"},
    Role.DEPARTMENT_OFFICER: READ, Role.OBSERVER: READ, Role.PROGRAMME_MANAGER: READ,
})
register("registry.staff", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
})
register("registry.oversight", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ,
})
register("registry.zoneassignment", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
})
register("registry.zone", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ | {"add", "change"}, Role.DEPARTMENT_HEAD: READ | {"change"},
    Role.DEPARTMENT_OFFICER: READ, Role.OBSERVER: READ, Role.ENTERPRISE: {"view"},
    Role.PROGRAMME_MANAGER: READ,
})
register("registry.enterprise", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: ALL, Role.DEPARTMENT_HEAD: ALL,
    Role.DEPARTMENT_OFFICER: READ | {"add", "change", "import"}, Role.OBSERVER: READ,
    Role.ENTERPRISE: {"view", "change"}, Role.PROGRAMME_MANAGER: READ,
})
register("registry.enterpriseuser", {
    Role.ADMIN: ALL, Role.BOARD_LEADER: READ, Role.DEPARTMENT_HEAD: READ, Role.DEPARTMENT_OFFICER: READ,
    Role.ENTERPRISE: {"view"},
})
register("registry.observer", {Role.ADMIN: ALL, Role.BOARD_LEADER: READ})
