"""Reads of the network that are not a single model's `visible_to`: logins and the roles one may grant."""

from django.contrib.auth import get_user_model

from netwerk.roles import GRANTABLE, Rol, has_role, organisatie_id_of, roles_of


def grantable_roles(user) -> list[Rol]:
    """The roles `user` may hand out (netwerk.roles.GRANTABLE), in the order of `Rol`."""
    allowed = set()
    for name in roles_of(user):
        allowed.update(GRANTABLE.get(Rol(name), []))
    return [rol for rol in Rol if rol in allowed]


def gebruikers_visible_to(user):
    """The logins `user` manages. Coordinators: every login (superusers only for superusers).
    Organisation coordinators: the logins of their own organisation that hold no role beyond
    what they may grant. Anyone else: none."""
    users = get_user_model().objects.all()
    if has_role(user, Rol.COORDINATOR):
        return users if user.is_superuser else users.filter(is_superuser=False)
    grantable = grantable_roles(user)
    organisatie_id = organisatie_id_of(user)
    if not grantable or not organisatie_id:
        return users.none()
    return users.filter(
        profiel__organisatie_id=organisatie_id, is_superuser=False, is_staff=False
    ).exclude(groups__name__in=[rol.value for rol in Rol if rol not in grantable])


def gebruikers_for_list(user):
    """`gebruikers_visible_to` with what the user table shows, in a fixed number of queries."""
    return (
        gebruikers_visible_to(user)
        .select_related("profiel__organisatie", "vertrouwenspersoon")
        .prefetch_related("groups")
        .order_by("username")
    )
