from django import template

from noodfonds.services import euro as euro_text

register = template.Library()


@register.filter
def euro(value):
    """€ 1.234,50; empty values as a dash."""
    if value is None or value == "":
        return "—"
    return euro_text(value)
