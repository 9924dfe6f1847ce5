import django_filters
from django import forms

from .choices import Action
from .widgets import FastSelect


def scoped(model, action=Action.VIEW):
    """The queryset callable for a filter's choices: only rows the requesting user may see, so a
    filter never shows the name of something outside the user's scope."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user, action)

    return queryset


class KcnFilterSet(django_filters.FilterSet):
    """Base of every list filter: select boxes render fast (see FastSelect)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                widget = FastSelect(attrs=field.widget.attrs)
                widget.choices = field.widget.choices
                field.widget = widget
