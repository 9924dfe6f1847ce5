"""Which role may do which action on which model: a table that each domain app fills in.

A domain app registers its part of the table in its AppConfig.ready() (see
registry/permissions.py). Row-level scope is the model's ``scope_q``; this table only says
whether the role may attempt the action at all.
"""

_TABLE: dict[str, dict[str, frozenset[str]]] = {}


def register(model_label: str, grants: dict[str, set[str] | frozenset[str]]):
    _TABLE[model_label.lower()] = {role: frozenset(actions) for role, actions in grants.items()}


def role_allows(user, model, action) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    grants = _TABLE.get(model._meta.label_lower, {})
    return str(action) in grants.get(getattr(user, "role", ""), frozenset())


def registered_labels():
    return sorted(_TABLE)
