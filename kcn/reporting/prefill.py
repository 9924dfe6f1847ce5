"""Figures KCN already knows, offered as the starting values of a report.

An enterprise's daily report asks for numbers KCN may hold already: the workforce (the worker
registry), returnees (the travel declarations), F0–F3 (the cases traced). Each app registers a
provider for the field codes it knows; reporting stays free of their imports. A provider is
``provider(enterprise, day) -> dict[field code, value]`` and returns only what it knows.

Only an empty report is pre-filled (never a draft or a submission, which hold what a person
typed), and the page names the pre-filled fields so the enterprise checks them before submitting.
"""

from collections.abc import Callable

Provider = Callable[[object, object], dict]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once); usable as a decorator. Apps call it from ``AppConfig.ready()``."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def prefill_values(*, version, enterprise, day) -> dict:
    """The known values for the fields of ``version``, by field code (only fields it has)."""
    codes = {field.code for field in version.fields.all()}
    values = {}
    for provider in _PROVIDERS:
        for code, value in (provider(enterprise, day) or {}).items():
            if code in codes and value is not None:
                values[code] = value
    return values
