from django import template
from django.forms import BoundField

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (filters survive export links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    query.pop("page", None) if "export" in kwargs else None
    return query.urlencode()


@register.filter
def add_class(field, css=""):
    if not isinstance(field, BoundField):
        return field
    widget = field.field.widget
    base = "form-select" if widget.__class__.__name__.endswith("Select") else "form-control"
    if widget.input_type == "checkbox" if hasattr(widget, "input_type") else False:
        base = "form-check-input"
    return field.as_widget(attrs={"class": f"{base} {css}".strip()})


@register.filter
def verbose(obj, field_name):
    return obj._meta.get_field(field_name).verbose_name


@register.simple_tag(takes_context=True)
def profile_facts(context, obj):
    """The facts other apps add to a zone's or an enterprise's page (kcn.core.profile)."""
    from kcn.core.profile import facts_for

    request = context.get("request")
    return facts_for(request, obj) if request is not None else []
