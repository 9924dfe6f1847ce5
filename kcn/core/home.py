"""Home pages: each role lands on its own page, assembled from panels the apps register.

A panel is a function (request) -> dict with a ``template`` and its context, or None when it
has nothing for this user. Core does not know what a zone is; registry's panels do.
"""

_PANELS = []


def register_panel(func, order=100):
    _PANELS.append((order, func))
    _PANELS.sort(key=lambda item: item[0])
    return func


def panels_for(request):
    result = []
    for _order, func in _PANELS:
        panel = func(request)
        if panel:
            result.append(panel)
    return result
