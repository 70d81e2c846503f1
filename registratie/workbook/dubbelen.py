"""Possible duplicates in a checked workbook: each new person (a new household's or a stored
household's) against the stored registration, by the casework's one rule
(hulpvragen.selectors.mogelijke_dubbelen). Warnings, not problems: the import may go ahead.
The web page's check runs it (registratie.jobs.controle_als_taak), and `importeer` before it
writes (import_workbook(dubbelen=True)); the web page's import itself does not search again."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpvragen.models import Huishouden
from hulpvragen.selectors import mogelijke_dubbelen
from netwerk.toegangslog import Actie, log_access
from registratie.workbook.columns import HULPVRAGEN

MAX_PERSONEN = 2000  # new persons checked at most (each check is a search of the registration)


@dataclass(frozen=True, slots=True)
class Waarschuwing:
    """A new person who may already be registered: the sheet, the rows that name them, the
    value found and what it may be (references and reasons, no stored name)."""

    blad: str
    rijen: tuple
    kolom: str
    waarde: str
    melding: str
    huishoudens: tuple = ()  # the stored households it may be (their ids: the access log)

    @property
    def rij(self) -> int | None:
        return self.rijen[0] if self.rijen else None

    def __str__(self):
        """As a problem reads (parse.Probleem), with every row that names the person."""
        where = self.blad
        if self.rijen:
            where = ngettext(
                "%(blad)s rij %(rijen)s", "%(blad)s rijen %(rijen)s", len(self.rijen)
            ) % {"blad": self.blad, "rijen": ", ".join(map(str, self.rijen))}
        where = _("%(plaats)s, kolom %(kolom)s") % {"plaats": where, "kolom": self.kolom}
        return _('Waarschuwing: %(plaats)s: "%(waarde)s" %(melding)s') % {
            "plaats": where,
            "waarde": self.waarde,
            "melding": self.melding,
        }


def waarschuwingen(plan, *, max_personen: int = MAX_PERSONEN) -> tuple[list[Waarschuwing], int]:
    """(warnings, persons not checked): each new person of `plan` with a name that may be a
    stored person, with the row numbers of its rows, in row order; beyond `max_personen` the
    rest is not checked (counted)."""
    rijen = {}
    for r in plan.hulpvragen:
        rijen.setdefault(r.persoon, []).append(r.rij)
    personen = [(key, fields) for key, fields in plan.personen.items() if fields["naam"]]
    gevonden = []
    for key, fields in personen[:max_personen]:
        dubbelen = mogelijke_dubbelen(naam=fields["naam"], geboortejaar=fields["geboortejaar"])
        if dubbelen:
            gevonden.append(_waarschuwing(key, fields, dubbelen, rijen.get(key, [])))
    gevonden.sort(key=lambda w: (w.rij or 0, w.waarde))
    return gevonden, max(0, len(personen) - max_personen)


def _waarschuwing(key, fields, dubbelen, rijen) -> Waarschuwing:
    per_huishouden = {}
    for d in dubbelen:
        per_huishouden.setdefault(d.referentie, (d.huishouden_id, d.reden_labels))
    wat = "; ".join(
        _("%(ref)s (%(redenen)s)") % {"ref": ref, "redenen": ", ".join(redenen)}
        for ref, (_pk, redenen) in per_huishouden.items()
    )
    melding = ngettext(
        "lijkt op een persoon die al geregistreerd is, in huishouden %(wat)s",
        "lijkt op personen die al geregistreerd zijn, in de huishoudens %(wat)s",
        len(per_huishouden),
    ) % {"wat": wat}
    if fields["geboortejaar"]:
        waarde = f"{fields['naam']} ({fields['geboortejaar']})"
    else:
        waarde = fields["naam"]
    return Waarschuwing(
        blad=HULPVRAGEN,
        rijen=tuple(sorted(rijen)),
        kolom="hulpvrager",
        waarde=waarde,
        melding=melding,
        huishoudens=tuple(pk for pk, _redenen in per_huishouden.values()),
    )


def log_dubbelen(gevonden, gebruiker) -> None:
    """Every household the check names as a possible duplicate is in the access log, once."""
    ids = list(dict.fromkeys(pk for w in gevonden for pk in w.huishoudens))
    for start in range(0, len(ids), 500):
        for huishouden in Huishouden.objects.filter(pk__in=ids[start : start + 500]):
            log_access(None, Actie.MOGELIJK_DUBBEL, huishouden, label="werkmap", user=gebruiker)
