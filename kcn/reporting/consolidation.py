"""Consolidation: the totals of a period by zone, department and board, kept up to date.

Like Zulip's analytics (UserCount → RealmCount → InstallationCount), figures are read from
pre-aggregated rows by level, never summed from the raw submissions on a page view:

* ``ZoneTotal``, ``DepartmentTotal`` and ``BoardTotal`` hold, per (period, key, field code), the
  sum of the field over the submitted reports and how many reports have the field; the row with
  the pseudo code ``SUBMISSIONS_ROW`` counts every submitted report of the key. The province
  reads the board's rows (one board per province).
* ``totals_apply`` is called by ``submission_submit`` and ``submission_revise`` inside their
  transaction: it adds the *delta* (new values − the previous revision's values) to each level's
  rows with one ``INSERT … ON CONFLICT DO UPDATE SET value = value + delta`` per level, rows in
  field-code order (zone, then department, then board: every writer takes the locks in the same
  order, so concurrent writers never deadlock and never lose an increment). A failed submission
  rolls the totals back with it.
* Counted fields: integers, decimals, and yes/no as the number of “yes”. An empty optional field
  adds 0. Values are summed exactly at 6 decimal places (the column's scale).
* The department of a zone is the one that monitored it on the period's first day, and the board
  is the period's, so a later reassignment (or a zone handed to another board after a province
  merger) does not rewrite a period's history.
* ``totals_rebuild`` recomputes a period from its submissions (repair, and the tests' oracle:
  after any sequence of writes, ``totals_stored(period) == totals_computed(period)``).
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from kcn.registry.models import Department, Zone, ZoneAssignment

from .choices import FieldType, SubmissionStatus
from .models import SUBMISSIONS_ROW, BoardTotal, DepartmentTotal, Field, Period, Submission, TemplateVersion, ZoneTotal
from .validation import version_spec

COUNTED_TYPES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.YES_NO)
SCALE = Decimal("0.000001")
ZERO = Decimal(0)
LEVELS = (("zone", ZoneTotal, "zone_id"), ("department", DepartmentTotal, "department_id"),
          ("board", BoardTotal, "board_id"))


# --- What a report adds -----------------------------------------------------------------------


def counted_fields(version_ids) -> dict[int, dict[str, str]]:
    """{version id: {field code: type}} of the fields that are summed."""
    result = {pk: {} for pk in version_ids}
    for version_id, code, kind in (Field.objects.filter(version_id__in=version_ids, type__in=COUNTED_TYPES)
                                   .values_list("version_id", "code", "type")):
        result[version_id][code] = kind
    return result


def contribution(types: dict[str, str], values: dict | None) -> dict[str, Decimal]:
    """What one report adds to each counted field (0 for an empty field)."""
    values = values or {}
    result = {}
    for code, kind in types.items():
        value = values.get(code)
        if value is None or value == "":
            number = ZERO
        elif kind == FieldType.YES_NO:
            number = Decimal(1) if value is True else ZERO
        else:
            number = Decimal(str(value)).quantize(SCALE)
        result[code] = number
    return result


def departments_on(day, zone_ids) -> dict[int, int]:
    """{zone id: department id} of the departments monitoring the zones on ``day``."""
    result = {}
    for zone_id, department_id in (ZoneAssignment.objects.filter(zone_id__in=zone_ids).current(on=day)
                                   .order_by("start_date", "pk").values_list("zone_id", "department_id")):
        result[zone_id] = department_id  # the latest assignment wins where two overlap
    return result


# --- The fill -----------------------------------------------------------------------------------


def totals_apply(submission: Submission, *, before: dict | None, after: dict, where: tuple) -> None:
    """Add a submitted report (``before`` None) or a revision (``before`` = the previous
    revision's values) to the period's totals. Call inside the submitting transaction.

    ``where`` is (zone id, department id, board id), which the submission services looked up for
    their checks: the zone's department on the period's first day and the period's own board.
    """
    connection = transaction.get_connection()
    assert connection.in_atomic_block, "totals_apply runs inside the submission's transaction"
    types = {field.code: field.type for field in version_spec(submission.version).fields
             if field.type in COUNTED_TYPES}
    new = contribution(types, after)
    old = contribution(types, before) if before is not None else dict.fromkeys(types, ZERO)
    delta = {code: new[code] - old[code] for code in types}
    counted = 1 if before is None else 0
    if counted:
        delta[SUBMISSIONS_ROW] = ZERO
    elif not any(delta.values()):
        return
    zone_id, department_id, board_id = where
    keys = {"zone_id": zone_id, "department_id": department_id, "board_id": board_id}
    with connection.cursor() as cursor:
        for _level, model, key in LEVELS:
            if keys[key] is None:
                continue
            extra = {"department_id": department_id} if model is ZoneTotal else {}
            cursor.execute(*_bump(connection, model, submission.period_id, (key, keys[key]), extra, delta, counted))


def _bump(connection, model, period_id, key, extra, delta, counted) -> tuple[str, list]:
    """One statement per level: insert the missing rows and add to the existing ones
    (INSERT … ON CONFLICT DO UPDATE, in PostgreSQL and SQLite alike). Rows are written in
    field-code order, so concurrent writers lock them in the same order and never deadlock.

    The (code, delta) pairs are the only parameters that repeat: the statement keeps under
    psycopg's 50 parameters, so its text is parsed once per process, not at every report (with
    a parameter list per row, parsing it took a fifth of a submission's time)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_column, key_id = key
    columns = ["period_id", key_column, *extra, "field_code", "value", "submissions"]
    codes = sorted(delta)
    params = [period_id, key_id, *extra.values(), counted]
    for code in codes:
        params += [code, delta[code]]
    constants = ", ".join(["%s"] * (2 + len(extra)))
    conflict = ", ".join(quote(column) for column in ("period_id", key_column, "field_code"))
    # "WHERE 1 = 1": SQLite reads ON CONFLICT after a bare SELECT … FROM as a join's clause.
    sql = (f"INSERT INTO {table} ({', '.join(quote(column) for column in columns)}) "
           f"SELECT {constants}, column1, column2, %s "
           f"FROM (VALUES {', '.join(['(%s, %s)'] * len(codes))}) AS deltas WHERE 1 = 1 ORDER BY column1 "
           f"ON CONFLICT ({conflict}) DO UPDATE SET "
           f"{quote('value')} = {table}.{quote('value')} + EXCLUDED.{quote('value')}, "
           f"{quote('submissions')} = {table}.{quote('submissions')} + EXCLUDED.{quote('submissions')}")
    return sql, params


# --- Rebuild and check --------------------------------------------------------------------------


def totals_computed(period: Period) -> dict[tuple, tuple]:
    """The totals recomputed from the submitted reports: {(level, key id, field code): (value,
    submissions, department id of a zone row or None)}.

    The board is the period's (its schedule's), as when the reports were accepted (a report is
    accepted only from a zone of the schedule's board): a zone handed to another board later
    does not take its past reports along."""
    reports = list(Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
                   .values_list("version_id", "enterprise__zone_id", "values"))
    board_id = period.schedule.board_id
    fields = counted_fields({version_id for version_id, *_rest in reports})
    departments = departments_on(period.start, {zone_id for _v, zone_id, *_rest in reports})
    sums = defaultdict(lambda: [ZERO, 0])
    zone_department = {}
    for version_id, zone_id, values in reports:
        department_id = departments.get(zone_id)
        zone_department[zone_id] = department_id
        added = contribution(fields[version_id], values)
        added[SUBMISSIONS_ROW] = ZERO
        for level, key_id in (("zone", zone_id), ("department", department_id), ("board", board_id)):
            if key_id is None:
                continue
            for code, number in added.items():
                row = sums[(level, key_id, code)]
                row[0] += number
                row[1] += 1
    return {key: (value, count, zone_department[key[1]] if key[0] == "zone" else None)
            for key, (value, count) in sums.items()}


def totals_stored(period: Period) -> dict[tuple, tuple]:
    """The stored totals in the shape of ``totals_computed`` (rows with nothing in them left out)."""
    result = {}
    for level, model, key in LEVELS:
        columns = ["field_code", "value", "submissions", key] + (["department_id"] if model is ZoneTotal else [])
        for row in model.objects.filter(period=period).values(*columns):
            if row["submissions"] or row["value"]:
                result[(level, row[key], row["field_code"])] = (row["value"], row["submissions"],
                                                                row.get("department_id") if level == "zone" else None)
    return result


def totals_rebuild(period: Period) -> int:
    """Recompute a period's totals from its submissions; the number of rows written.

    For repair (and the tests). It waits for the submissions being written right now (it locks
    the period's submission rows), but a first submission starting meanwhile may be missed:
    run it on a quiet or locked period, then check with ``totals_stored == totals_computed``.
    """
    with transaction.atomic():
        list(Submission.objects.select_for_update().filter(period=period).values_list("pk", flat=True))
        computed = totals_computed(period)
        for _level, model, _key in LEVELS:
            model.objects.filter(period=period).delete()
        rows = {level: [] for level, _model, _key in LEVELS}
        for (level, key_id, code), (value, count, department_id) in sorted(computed.items(), key=str):
            if level == "zone":
                rows[level].append(ZoneTotal(period=period, zone_id=key_id, department_id=department_id,
                                             field_code=code, value=value, submissions=count))
            elif level == "department":
                rows[level].append(DepartmentTotal(period=period, department_id=key_id, field_code=code,
                                                   value=value, submissions=count))
            else:
                rows[level].append(BoardTotal(period=period, board_id=key_id, field_code=code, value=value,
                                              submissions=count))
        for level, model, _key in LEVELS:
            model.objects.bulk_create(rows[level])
    return len(computed)


# --- Selectors ----------------------------------------------------------------------------------


def _node(**extra):
    return {"totals": {}, "submissions": 0, **extra}


def _add_values(node, code, value, submissions):
    if code == SUBMISSIONS_ROW:
        node["submissions"] = submissions
    else:
        node["totals"][code] = value


@dataclass(frozen=True)
class Named:
    """A zone or department as the consolidated report shows it: id, code (a zone's; empty for a
    department), name."""

    pk: int
    code: str
    name: str


# The rows of ``board_totals``'s statement, one shape for its three kinds (level first):
#   'z' a zone: id, code, name, NULL, its department on the period's first day, the field codes
#       of its total rows, their values, and its number of submitted reports;
#   'd' a department of the board: id, '', name, then NULLs;
#   'f' a summed field: ordinal, code, label, unit, then NULLs.
# The zone's rows come grouped into lists (PostgreSQL arrays, SQLite JSON arrays): twelve rows
# instead of a hundred read a fifth faster, the leaders' page being the one opened all day.
_LIST = {"postgresql": "ARRAY_AGG({})", "sqlite": "JSON_GROUP_ARRAY({})"}


def _fields_select() -> tuple[str, list]:
    """The summed fields of a template's published versions as 'f' rows (above), one parameter
    left: the template id. The ordinal sorts by the newest version first, then each version's
    order, so the first row of a code is its newest label (a field keeps its code across
    versions)."""
    quote = connection.ops.quote_name
    fields, versions = quote(Field._meta.db_table), quote(TemplateVersion._meta.db_table)
    sql = f"""
        SELECT 'f', ROW_NUMBER() OVER (ORDER BY v.number DESC, f.{quote("order")}, f.id), f.code, f.label,
               f.unit, CAST(NULL AS BIGINT), NULL, NULL, CAST(NULL AS INTEGER)
          FROM {fields} f JOIN {versions} v ON v.id = f.version_id
         WHERE v.is_published = %s AND f.type IN ({", ".join(["%s"] * len(COUNTED_TYPES))})
           AND v.template_id = %s"""
    return sql, [True, *COUNTED_TYPES]


def _columns(field_rows) -> list[dict]:
    columns, seen = [], set()
    for _level, _ordinal, code, label, unit, *_rest in sorted(field_rows, key=lambda row: row[1]):
        if code not in seen:
            seen.add(code)
            columns.append({"code": code, "label": label, "unit": unit})
    return columns


def field_columns(template_id: int) -> list[dict]:
    """The summed fields of a template: [{"code", "label", "unit"}], labelled by its latest
    published version that has them (a field keeps its code across versions), in that version's
    order. They are the columns of every consolidated report and trend of the template."""
    sql, params = _fields_select()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, template_id])
        return _columns(cursor.fetchall())


def board_totals(period: Period, board) -> dict:
    """The board's totals for a period, by department and by zone, read from the zone total rows
    only, with the template's summed fields, in one statement whatever the number of reports.

    {"columns": field_columns(...), "totals": {code: value}, "submissions": n, "departments":
    [{"department", "totals", "submissions", "zones": [{"zone", "totals", "submissions"}]}],
    "unassigned": [zone nodes]} where "department" and "zone" are ``Named`` records.

    This is the page the leaders open all day, so it is one SQL statement (each zone's rows
    grouped, with its name; the board's department names; the fields) and plain tuples; the
    departments and the board are the sums of their zones, added here: the same figures as their
    own total rows (``totals_apply`` adds every report to its zone and to the zone's department
    and board alike), from a third of the rows. The ORM version (six queries, a model instance per
    row, every level's rows) took eight times as long (bench/consolidated_report.py).
    """
    quote = connection.ops.quote_name
    zone_totals = quote(ZoneTotal._meta.db_table)
    departments_table, zones_table = quote(Department._meta.db_table), quote(Zone._meta.db_table)
    listed = _LIST[connection.vendor]
    fields_sql, fields_params = _fields_select()
    # Every row of a zone in a period has the same department (the one on the period's first
    # day, see departments_on), so MIN() only names it. A period's zone rows are the board's
    # whatever board the zone belongs to today: a zone handed to another board afterwards (a
    # province merger) stays in the reports it sent, as a department's does. The rows are grouped
    # by zone id before the zones' names join them: a tenth faster than grouping by the names.
    sql = f"""
        SELECT 'z', z.id, z.code, z.name, NULL, t.department_id, t.codes, t.vals, t.submissions
          FROM (SELECT zone_id, MIN(department_id) AS department_id, {listed.format("field_code")} AS codes,
                       {listed.format("value")} AS vals,
                       MAX(CASE WHEN field_code = %s THEN submissions END) AS submissions
                  FROM {zone_totals} WHERE period_id = %s GROUP BY zone_id) t
          JOIN {zones_table} z ON z.id = t.zone_id
        UNION ALL
        SELECT 'd', d.id, '', d.name, NULL, CAST(NULL AS BIGINT), NULL, NULL, CAST(NULL AS INTEGER)
          FROM {departments_table} d WHERE d.board_id = %s
        UNION ALL {fields_sql}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [SUBMISSIONS_ROW, period.pk, board.pk, *fields_params, period.schedule.template_id])
        rows = cursor.fetchall()
    zones, department_names, field_rows = [], {}, []
    for row in rows:
        level, pk, code, name, _unit, department_id, codes, values, submissions = row
        if level == "z":
            if isinstance(codes, str):  # SQLite's JSON arrays
                codes, values = json.loads(codes), json.loads(values)
            totals = {field_code: value if type(value) is Decimal else _decimal(value)
                      for field_code, value in zip(codes, values, strict=True) if field_code != SUBMISSIONS_ROW}
            zones.append((department_id, {"zone": Named(pk, code, name), "totals": totals,
                                          "submissions": submissions or 0}))
        elif level == "d":
            department_names[pk] = name
        else:
            field_rows.append(row)
    result = _node(columns=_columns(field_rows), departments=[], unassigned=[])
    departments = {}
    for department_id, node in sorted(zones, key=lambda item: (item[1]["zone"].name, item[1]["zone"].pk)):
        if department_id in department_names:
            parent = departments.get(department_id)
            if parent is None:
                parent = departments[department_id] = _node(
                    department=Named(department_id, "", department_names[department_id]), zones=[])
            parent["zones"].append(node)
            _add_node(parent, node)
        else:
            result["unassigned"].append(node)
        _add_node(result, node)
    result["departments"] = sorted(departments.values(), key=lambda node: (node["department"].name,
                                                                           node["department"].pk))
    return result


def _add_node(target, node):
    target["submissions"] += node["submissions"]
    totals = target["totals"]
    for code, value in node["totals"].items():
        totals[code] = totals.get(code, ZERO) + value


def _decimal(value) -> Decimal:
    """A total as Decimal: PostgreSQL gives one; SQLite, whose decimals are not typed, a number
    or text (Django's own converter does the same for the ORM)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(SCALE)


def department_totals(period: Period, department) -> dict:
    """A department's totals for a period, by zone (from the total rows) and by enterprise (from
    the submissions of its zones, with the submission to drill down to).

    {"totals", "submissions", "zones": [{"zone", "totals", "submissions", "enterprises":
    [{"enterprise", "submission", "totals"}]}]}
    """
    result = _node(zones=[])
    for row in DepartmentTotal.objects.filter(period=period, department=department):
        _add_values(result, row.field_code, row.value, row.submissions)
    zones = {}
    for row in (ZoneTotal.objects.filter(period=period, department=department).select_related("zone")
                .order_by("zone__name", "field_code")):
        if row.zone_id not in zones:
            zones[row.zone_id] = _node(zone=row.zone, enterprises=[])
            result["zones"].append(zones[row.zone_id])
        _add_values(zones[row.zone_id], row.field_code, row.value, row.submissions)
    if not zones:
        return result
    submissions = list(Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED,
                                                 enterprise__zone_id__in=zones)
                       .select_related("enterprise").order_by("enterprise__name", "pk"))
    fields = counted_fields({submission.version_id for submission in submissions})
    for submission in submissions:
        zones[submission.enterprise.zone_id]["enterprises"].append({
            "enterprise": submission.enterprise, "submission": submission,
            "totals": contribution(fields[submission.version_id], submission.values),
        })
    return result
