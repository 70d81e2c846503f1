"""The outcome of an import in words, for the command and the web page."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def counts_text(counts: dict) -> str:
    parts = [
        ngettext("%(n)s pilot", "%(n)s pilots", counts.get("pilots", 0)),
        ngettext("%(n)s huishouden", "%(n)s huishoudens", counts.get("huishoudens", 0)),
        ngettext("%(n)s hulpvrager", "%(n)s hulpvragers", counts.get("hulpvragers", 0)),
        ngettext("%(n)s hulpvraag", "%(n)s hulpvragen", counts.get("hulpvragen", 0)),
        ngettext("%(n)s aanvraag", "%(n)s aanvragen", counts.get("aanvragen", 0)),
    ]
    keys = ["pilots", "huishoudens", "hulpvragers", "hulpvragen", "aanvragen"]
    return ", ".join(
        [part % {"n": counts.get(key, 0)} for part, key in zip(parts, keys, strict=True)]
        # new trusted persons (and organisations) have a line of their own, by name
        + more_text({k: v for k, v in counts.items() if k != "vertrouwenspersonen"})
    )


def more_text(counts: dict) -> list[str]:
    """The records of the optional sheets, those with a count only."""
    parts = {
        "vertrouwenspersonen": lambda n: ngettext(
            "%(n)s vertrouwenspersoon", "%(n)s vertrouwenspersonen", n
        ),
        "toestemmingen": lambda n: ngettext("%(n)s toestemming", "%(n)s toestemmingen", n),
        "doorverwijzingen": lambda n: ngettext("%(n)s doorverwijzing", "%(n)s doorverwijzingen", n),
        "contactmomenten": lambda n: ngettext("%(n)s contactmoment", "%(n)s contactmomenten", n),
        "signalen": lambda n: ngettext("%(n)s signaal", "%(n)s signalen", n),
        "koppelingen": lambda n: ngettext(
            "%(n)s koppeling van een signaal aan een hulpvraag",
            "%(n)s koppelingen van een signaal aan een hulpvraag",
            n,
        ),
        "cohorten": lambda n: ngettext("%(n)s cohort", "%(n)s cohorten", n),
        "deelnames": lambda n: ngettext(
            "%(n)s deelname aan de opleiding", "%(n)s deelnames aan de opleiding", n
        ),
    }
    return [
        text(counts[key]) % {"n": counts[key]} for key, text in parts.items() if counts.get(key)
    ]


def names(items: list[str], limit: int | None) -> str:
    if limit is None or len(items) <= limit:
        return ", ".join(items)
    return _("%(names)s en nog %(n)s") % {
        "names": ", ".join(items[:limit]),
        "n": len(items) - limit,
    }


def summary_lines(plan, *, opgeslagen: bool, limit: int | None = None) -> list[str]:
    """What was (or would be) created, the new organisations and trusted persons by name (the
    first `limit` of them), and what was already registered."""
    bestaand = plan.bestaand
    already = _("%(h)s hulpvragen, %(a)s aanvragen en %(p)s pilots") % {
        "h": bestaand["hulpvragen"],
        "a": bestaand["aanvragen"],
        "p": bestaand["pilots"],
    }
    more = more_text(bestaand)
    if more:
        already = _("%(already)s; ook %(more)s") % {"already": already, "more": ", ".join(more)}
    if not plan.rijen:
        return [_("De werkmap bevat geen rijen met gegevens; er is niets aangemaakt.")]
    if plan.niets_nieuw:
        return [
            _(
                "Niets nieuw: alles in deze werkmap stond al in de registratie (%(already)s). "
                "Er is niets aangemaakt."
            )
            % {"already": already}
        ]
    head = _("Geïmporteerd: %s.") if opgeslagen else _("Wordt aangemaakt: %s.")
    lines = [head % counts_text(plan.aantallen())]
    if plan.organisaties:
        lines.append(
            _("Nieuwe organisaties (%(n)s): %(names)s")
            % {"n": len(plan.organisaties), "names": names(plan.nieuwe_organisaties(), limit)}
        )
    if plan.vertrouwenspersonen:
        lines.append(
            _("Nieuwe vertrouwenspersonen (%(n)s): %(names)s")
            % {
                "n": len(plan.vertrouwenspersonen),
                "names": names(plan.nieuwe_vertrouwenspersonen(), limit),
            }
        )
    if any(bestaand.values()):
        lines.append(_("Al geregistreerd, overgeslagen: %s.") % already)
    return lines


def outcome(plan, *, opgeslagen: bool, max_names: int, max_problems: int) -> dict:
    """What the web page shows of a check or an import, as JSON (a job's result): the summary
    lines, whether there is anything new, and the first `max_problems` problems in full."""
    return {
        "ok": plan.ok,
        "opgeslagen": opgeslagen,
        "niets_nieuw": plan.niets_nieuw,
        "regels": summary_lines(plan, opgeslagen=opgeslagen, limit=max_names),
        "aantal_problemen": len(plan.problemen),
        "problemen": [asdict(p) for p in plan.problemen[:max_problems]],
        "meer": max(0, len(plan.problemen) - max_problems),
    }
