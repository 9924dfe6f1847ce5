from django import forms
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option.

    Django renders each <option> through the template engine; for the ~250 countries of a list
    filter that alone cost tens of milliseconds per page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in selected else "", label) for key, label in self._flat_choices()),
        )
        attributes = format_html_join("", ' {}="{}"', ((k, v) for k, v in final.items() if v not in (None, False)))
        return format_html("<select{}>{}</select>", attributes, options)

    def _flat_choices(self):
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                yield from ((k, lbl) for k, lbl in label)
            else:
                yield ("" if key is None else getattr(key, "value", key)), label
