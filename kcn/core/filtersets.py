import django_filters
from django import forms

from .widgets import FastSelect


class KcnFilterSet(django_filters.FilterSet):
    """Base of every list filter: select boxes render fast (see FastSelect)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if type(field.widget) is forms.Select:
                widget = FastSelect(attrs=field.widget.attrs)
                widget.choices = field.widget.choices
                field.widget = widget
