"""Events of the casework that other apps may act on (the notices, `meldingen`, listen to them;
this app never imports that one). Sent by the services inside their transaction: a receiver
that writes does so in the same transaction, so a rolled-back action leaves nothing behind."""

from django.dispatch import Signal

# A household was given to a trusted person: at an intake with an assignment, or when a
# coordinator reassigns it. Arguments: huishouden, vertrouwenspersoon (the new one), door (the
# user who did it, or None).
huishouden_toegewezen = Signal()

# All households of one trusted person went to another in one step (services.
# draag_huishoudens_over). Arguments: overdracht (hulpvragen.models.Overdracht), door.
huishoudens_overgedragen = Signal()
