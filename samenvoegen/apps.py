from django.apps import AppConfig


class SamenvoegenConfig(AppConfig):
    """Merging two records of one household or one person. Above the domain apps, like privacy:
    each domain moves its own records; none of them imports this app."""

    name = "samenvoegen"
    verbose_name = "Samenvoegen"
