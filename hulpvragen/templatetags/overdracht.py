"""The trusted person's page (netwerk) shows what casework knows about their households through
this tag: netwerk does not import casework, its template loads the tag."""

from django import template

from hulpvragen import selectors

register = template.Library()


@register.inclusion_tag("hulpvragen/_overdracht_melding.html", takes_context=True)
def overdracht_melding(context, vertrouwenspersoon):
    """A stopped trusted person who still holds households with an open help request is flagged;
    whoever may hand the households over gets the button to the handover page."""
    user = context["request"].user
    return {"persoon": vertrouwenspersoon, **selectors.overdracht_context(vertrouwenspersoon, user)}
