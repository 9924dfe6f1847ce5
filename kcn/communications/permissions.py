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
