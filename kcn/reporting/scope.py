"""Who sees which reporting rows: the registry's scope, followed along a path.

A submission is visible to whoever may view its enterprise; a period or schedule to whoever
belongs to (or observes) its board. The registry decides; this module only prefixes its Q.
"""

from django.db.models import Q

from kcn.registry import scope as registry_scope


def prefixed(condition: Q | None, prefix: str) -> Q | None:
    """``condition`` (about a registry row) rewritten for rows that reach it through ``prefix``."""
    if condition is None:
        return None
    rewritten = Q()
    rewritten.connector, rewritten.negated = condition.connector, condition.negated
    rewritten.children = [
        prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return rewritten


def enterprise_path_q(user, action, prefix: str) -> Q | None:
    """Rows whose enterprise (reached through ``prefix``, e.g. "enterprise__") the user may act on."""
    return prefixed(registry_scope.enterprise_q(user, action), prefix)


def board_path_q(user, action, path: str) -> Q | None:
    """Rows of one of the user's boards, reached through ``path`` (e.g. "schedule__board")."""
    return registry_scope.board_child_q(user, action, path)
