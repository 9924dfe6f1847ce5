"""The menu: apps register entries with the model they show, and a user sees an entry only when
their role may view that model. Core stays free of domain imports."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse

from .choices import Action
from .permissions import role_allows


@dataclass(frozen=True)
class NavEntry:
    label: object
    url_name: str
    model_label: str
    order: int = 100
    group: object = None  # entries of a group share one drop-down menu, labelled by the group
    # (a group the user sees one entry of is a plain link with the group's label)
    action: str = Action.VIEW  # the action on the model a role needs to see the entry


def _grouped(items):
    """Top-level entries in order, with each group's entries gathered under the group's place."""
    result, groups = [], {}
    for item in items:
        if item["group"] is None:
            result.append(item)
            continue
        group = groups.get(str(item["group"]))
        if group is None:
            group = groups[str(item["group"])] = {"label": item["group"], "children": [], "active": False}
            result.append(group)
        group["children"].append(item)
        group["active"] = group["active"] or item["active"]
    # A menu of one entry is a plain link under the menu's name (an enterprise's "Báo cáo").
    return [{**item["children"][0], "label": item["label"]} if len(item.get("children", ())) == 1 else item
            for item in result]


_ENTRIES: list[NavEntry] = []


def register(*entries: NavEntry):
    _ENTRIES.extend(entries)
    _ENTRIES.sort(key=lambda entry: entry.order)


def navigation_for(request):
    items = []
    for entry in _ENTRIES:
        model = apps.get_model(entry.model_label)
        if not role_allows(request.user, model, entry.action):
            continue
        url = reverse(entry.url_name)
        items.append({"label": entry.label, "url": url, "active": request.path.startswith(url), "group": entry.group})
    return _grouped(items)
