from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = "Meldingen"

    def ready(self):
        """Listen to the domain's events (the domain apps never import this app)."""
        from hulpvragen import signals as hulpvragen_signals
        from meldingen import receivers
        from noodfonds import signals as noodfonds_signals

        for signal, receiver in (
            (hulpvragen_signals.huishouden_toegewezen, receivers.huishouden_toegewezen),
            (hulpvragen_signals.huishoudens_overgedragen, receivers.huishoudens_overgedragen),
            (noodfonds_signals.informatie_gevraagd, receivers.informatie_gevraagd),
            (noodfonds_signals.aanvraag_besloten, receivers.aanvraag_besloten),
            (noodfonds_signals.oordelen_verdeeld, receivers.oordelen_verdeeld),
        ):
            signal.connect(receiver, dispatch_uid=f"meldingen.{receiver.__name__}")
