"""Users are managed by administrators only; everyone manages their own profile elsewhere."""

from kcn.accounts.choices import Role
from kcn.core.permissions import register

register("accounts.user", {Role.ADMIN: {"view", "add", "change", "delete", "export"}})
