"""What the report reads: every table (and of each, the columns) in the SQL of `build_report`
for each kind of user, with and without each filter, for a peildatum in the past (status from the
history) and today (the stored status). The data version's triggers must cover exactly these
tables (rapportage.dataversie.TABLES)."""

import datetime
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netwerk.models import Vertrouwenspersoon
from netwerk.permissions import casework_scope_key
from netwerk.roles import Rol, has_role, is_coordinator
from rapportage.report import build_report

TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def _users():
    people = list(get_user_model().objects.all())
    coordinator = next(u for u in people if is_coordinator(u))
    orgcoordinator = next(
        u for u in people if has_role(u, Rol.ORGCOORDINATOR) and not is_coordinator(u)
    )
    for user in (coordinator, orgcoordinator):
        # whose data: read for the cache key on every request (roles, organisation), before
        # the report's transaction; not the report's data
        casework_scope_key(user)
    return [None, coordinator, orgcoordinator]


def captured_sql(peildatum_past: datetime.date) -> list[str]:
    vp = Vertrouwenspersoon.objects.exclude(organisatie=None).order_by("pk").first()
    variants = [
        {},
        {"van": peildatum_past - datetime.timedelta(days=365)},
        {"organisatie": vp.organisatie},
        {"vertrouwenspersoon": vp},
    ]
    sql = []
    for user in _users():
        for peildatum in (peildatum_past, timezone.localdate()):
            for kwargs in variants:
                with CaptureQueriesContext(connection) as queries:
                    build_report(user=user, peildatum=peildatum, **kwargs)
                sql += [q["sql"] for q in queries.captured_queries]
    return sql


def tables_read(sql: list[str]) -> dict[str, set[str]]:
    """{table: columns}: every table in a FROM or JOIN, and of its columns those whose quoted
    name occurs in a query that reads the table (a column of the same name in another table
    counts too: more columns than read, never fewer)."""
    models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    read = {}
    for statement in sql:
        for table in set(TABLE.findall(statement)):
            columns = {f.column for f in models[table]._meta.concrete_fields}
            read.setdefault(table, set()).update(c for c in columns if f'"{c}"' in statement)
    return read
