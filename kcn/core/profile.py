"""The profile of a zone or an enterprise: facts other apps add to its page.

The product keeps one profile per zone and enterprise across modules (outbreak level today;
hazard risk, continuity readiness, cleaner-production performance as those modules come). The
registry's pages show whatever is registered without importing those apps.

A fact provider is ``provider(request, obj) -> Fact | None`` (None when the user may not see it
or there is nothing to say); apps register it from ``AppConfig.ready()``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    url: str = ""
    color: str = ""  # a badge background (CSS colour) when the value is a status such as a level
    light: bool = False  # the badge is light: dark text on it


_PROVIDERS: dict[str, list[tuple[int, object]]] = {}


def register_fact(model_label: str, provider, order: int = 100):
    providers = _PROVIDERS.setdefault(model_label.lower(), [])
    if all(existing is not provider for _order, existing in providers):
        providers.append((order, provider))
        providers.sort(key=lambda item: item[0])
    return provider


def facts_for(request, obj) -> list[Fact]:
    facts = []
    for _order, provider in _PROVIDERS.get(obj._meta.label_lower, ()):
        fact = provider(request, obj)
        if fact is not None:
            facts.append(fact)
    return facts
