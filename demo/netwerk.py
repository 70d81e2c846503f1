"""Demo step 1: the network of Amsterdam-Oost (source report, chapters 3 and 4) and the demo logins."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from netwerk import services as netwerk_services
from netwerk.models import (
    VRIJSTELLING_BESTAAND,
    Organisatie,
    OrganisatieSoort,
    Profiel,
    RolVangnet,
    Thema,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from netwerk.roles import Rol

S = OrganisatieSoort
ORGANISATIES = [
    # naam, soort, partner, rol in het vangnet, aanbod
    (
        "Stichting Buurthulp Oost",
        S.VRIJWILLIGERSORGANISATIE,
        True,
        RolVangnet.ONDERSTEUNEND,
        "Vertrouwenspersonen, hulp bij formulieren, maaltijden in coronatijd.",
    ),
    (
        "Assadaaka Community",
        S.BEWONERSINITIATIEF,
        True,
        RolVangnet.ONDERSTEUNEND,
        "Vertrouwenspersonen, taalondersteuning, ontmoeting, voedselhulp.",
    ),
    (
        "De Meevaart",
        S.BEWONERSINITIATIEF,
        True,
        RolVangnet.PREVENTIEF,
        "Buurthuis: ontmoeting, spreekuren, activiteiten voor bewoners.",
    ),
    (
        "Stichting Dappere Dames",
        S.BEWONERSINITIATIEF,
        True,
        RolVangnet.PREVENTIEF,
        "Vrouwengroep: empowerment, ontmoeting en begeleiding.",
    ),
    (
        "Blijde Buren",
        S.VRIJWILLIGERSORGANISATIE,
        True,
        RolVangnet.ONDERSTEUNEND,
        "Burenhulp en vertrouwenspersonen.",
    ),
    (
        "Stichting Sociaal Kapitaal",
        S.VRIJWILLIGERSORGANISATIE,
        True,
        RolVangnet.ONDERSTEUNEND,
        "Maatjes, administratie-ondersteuning.",
    ),
    (
        "Buurtteam Oud-Oost (Dynamo)",
        S.BUURTTEAM,
        False,
        RolVangnet.CURATIEF,
        "Buurtteam: hulp bij geld, opvoeding, gezondheid en wonen.",
    ),
    (
        "Civic Amsterdam",
        S.MAATSCHAPPELIJKE_DIENSTVERLENING,
        False,
        RolVangnet.CURATIEF,
        "Maatschappelijk werk en participatie.",
    ),
    (
        "Gemeente Amsterdam – WPI",
        S.GEMEENTE,
        False,
        RolVangnet.CURATIEF,
        "Werk, participatie en inkomen: uitkeringen, bijzondere bijstand.",
    ),
    (
        "Schuldhulpverlening Oost",
        S.SCHULDHULP,
        False,
        RolVangnet.CURATIEF,
        "Schuldhulp, budgetbeheer, vroegsignalering.",
    ),
    (
        "Vrijwilligersacademie Amsterdam",
        S.ONDERWIJS,
        True,
        RolVangnet.PREVENTIEF,
        "Opleiding vertrouwenspersoon, trainingen en coaching.",
    ),
    (
        "Hogeschool van Amsterdam",
        S.ONDERWIJS,
        True,
        RolVangnet.PREVENTIEF,
        "Opleiding vertrouwenspersoon (lessen), onderzoek.",
    ),
    (
        "Stichting Omslag",
        S.ANDERS,
        False,
        RolVangnet.PREVENTIEF,
        "Meting van het effect van de opleiding.",
    ),
    (
        "Woningcorporatie Oost",
        S.WONEN,
        False,
        RolVangnet.CURATIEF,
        "Huurachterstanden, voorkomen van ontruiming.",
    ),
]

# what the social map finds them by: the themes they help with, languages, opening hours
SOCIALE_KAART = {
    "Stichting Buurthulp Oost": (
        ["Formulieren en administratie", "Contact met instanties", "Eenzaamheid/sociaal isolement"],
        "Nederlands, Arabisch, Berbers",
        "Ma–do 10.00–16.00",
    ),
    "Assadaaka Community": (
        ["Taal", "Eenzaamheid/sociaal isolement", "Inkomen/armoede"],
        "Nederlands, Arabisch, Turks, Engels",
        "Di en do 13.00–17.00",
    ),
    "De Meevaart": (["Participatie/werk", "Eenzaamheid/sociaal isolement"], "Nederlands", ""),
    "Stichting Dappere Dames": (["Empowerment", "Huiselijke sfeer"], "Nederlands, Somalisch", ""),
    "Stichting Sociaal Kapitaal": (["Formulieren en administratie", "Schulden"], "Nederlands", ""),
    "Buurtteam Oud-Oost (Dynamo)": (
        ["Schulden", "Opvoeding", "Gezondheid", "Woning"],
        "Nederlands, Engels",
        "Ma–vr 9.00–17.00, inloop wo 13.00–15.00",
    ),
    "Gemeente Amsterdam – WPI": (["Inkomen/armoede", "Participatie/werk"], "Nederlands", ""),
    "Schuldhulpverlening Oost": (
        ["Schulden", "Inkomen/armoede", "Formulieren en administratie"],
        "Nederlands, Engels",
        "Ma–vr 9.00–12.00 (telefonisch spreekuur)",
    ),
    "Woningcorporatie Oost": (["Woning", "Schulden"], "Nederlands", "Ma–vr 8.30–17.00"),
}

PARTNERS = ORGANISATIES[:6]
VP_NAMEN = [
    "Fatima El Amrani",
    "Joke de Vries",
    "Samira Bouzid",
    "Henk Jansen",
    "Aisha Yilmaz",
    "Marianne Bakker",
    "Kwame Mensah",
    "Nadia Haddou",
    "Gerda Visser",
    "Yusuf Kaya",
    "Esther Koster",
    "Rachida Ouali",
    "Peter Smit",
    "Hanan Ziani",
    "Linda Mulder",
    "Mohamed Amrani",
    "Ingrid Dekker",
    "Soraya Tahiri",
    "Wim de Graaf",
    "Layla Bennani",
]


def _user(username, password, role, organisatie, first, last):
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first, last_name=last
    )
    # get_or_create: migration 0002 made the groups, but a flushed test database lacks them
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profiel.objects.create(user=user, organisatie=organisatie)
    return user


def build(ctx):
    organisaties = {
        naam: Organisatie.objects.create(
            naam=naam,
            soort=soort,
            partner=partner,
            rol_vangnet=rol,
            aanbod=aanbod,
            contactpersoon="Coördinator",
            telefoon="020-0000000",
        )
        for naam, soort, partner, rol, aanbod in ORGANISATIES
    }
    for naam, (themas, talen, openingstijden) in SOCIALE_KAART.items():
        organisaties[naam].talen, organisaties[naam].openingstijden = talen, openingstijden
        organisaties[naam].save(update_fields=["talen", "openingstijden"])
        organisaties[naam].themas.set(Thema.objects.filter(naam__in=themas))
    netwerk_services.refresh_zoektekst(organisaties=organisaties.values())
    partners = [organisaties[p[0]] for p in PARTNERS]
    password = ctx["password"]
    vps = []
    for i, naam in enumerate(VP_NAMEN):
        first_pilot = i < 10
        status = VertrouwenspersoonStatus.ACTIEF
        if first_pilot and i >= 4:  # of the first pilot, four still work for the project
            status = VertrouwenspersoonStatus.GESTOPT
        vps.append(
            netwerk_services.save_vertrouwenspersoon(
                vertrouwenspersoon=Vertrouwenspersoon(
                    naam=naam,
                    organisatie=partners[i % len(partners)],
                    startdatum=datetime.date(2019, 11, 1)
                    if first_pilot
                    else datetime.date(2020, 11, 1),
                    einddatum=datetime.date(2020, 8, 31) if status == "gestopt" else None,
                    status=status,
                    uren_per_week=8,
                    telefoon=f"06-{10000000 + i * 7919}",
                    # they worked before the onboarding rule (issue 22 §3)
                    vrijstelling_reden=VRIJSTELLING_BESTAAND,
                    vrijstelling_datum=datetime.date(2020, 11, 1),
                )
            )
        )
    buurthulp, assadaaka = partners[0], partners[1]
    coordinator = _user("coordinator", password, Rol.COORDINATOR, None, "Carla", "Coördinator")
    org = _user("orgcoordinator", password, Rol.ORGCOORDINATOR, buurthulp, "Otto", "Organisatie")
    vp1_user = _user("vp1", password, Rol.VERTROUWENSPERSOON, buurthulp, "Fatima", "El Amrani")
    vp2_user = _user("vp2", password, Rol.VERTROUWENSPERSOON, assadaaka, "Joke", "de Vries")
    # vp1 and vp2 are active trusted persons of the second pilot at two different organisations.
    vp1 = next(
        v
        for v in vps
        if v.organisatie == buurthulp and v.status == "actief" and v.startdatum.year == 2020
    )
    vp2 = next(
        v
        for v in vps
        if v.organisatie == assadaaka and v.status == "actief" and v.startdatum.year == 2020
    )
    for vp, user in ((vp1, vp1_user), (vp2, vp2_user)):
        vp.user = user
        vp.save(update_fields=["user"])
        user.first_name, _, user.last_name = vp.naam.partition(" ")
        user.save(update_fields=["first_name", "last_name"])
    c1 = _user(
        "commissie1",
        password,
        Rol.FONDSCOMMISSIE,
        organisaties["Civic Amsterdam"],
        "Kees",
        "Commissie",
    )
    c2 = _user(
        "commissie2", password, Rol.FONDSCOMMISSIE, organisaties["De Meevaart"], "Mila", "Commissie"
    )
    opleider = _user(
        "opleider",
        password,
        Rol.OPLEIDER,
        organisaties["Vrijwilligersacademie Amsterdam"],
        "Olga",
        "Opleider",
    )
    ctx.update(
        organisaties=organisaties,
        partners=partners,
        vertrouwenspersonen=vps,
        users={
            "coordinator": coordinator,
            "orgcoordinator": org,
            "vp1": vp1_user,
            "vp2": vp2_user,
            "commissie1": c1,
            "commissie2": c2,
            "opleider": opleider,
        },
        vp1=vp1,
        vp2=vp2,
        logins=[
            ("coordinator", "Coördinator"),
            ("orgcoordinator", f"Organisatiecoördinator ({buurthulp})"),
            ("vp1", f"Vertrouwenspersoon ({buurthulp})"),
            ("vp2", f"Vertrouwenspersoon ({assadaaka})"),
            ("commissie1", "Fondscommissie"),
            ("commissie2", "Fondscommissie"),
            ("opleider", "Opleider (Vrijwilligersacademie)"),
        ],
    )
