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
* The department of a zone is the one that monitored it on the period's first day, so a later
  reassignment does not rewrite a period's history.
* ``totals_rebuild`` recomputes a period from its submissions (repair, and the tests' oracle:
  after any sequence of writes, ``totals_stored(period) == totals_computed(period)``).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from kcn.registry.models import Department, Enterprise, Zone, ZoneAssignment

from .choices import FieldType, SubmissionStatus
from .models import SUBMISSIONS_ROW, BoardTotal, DepartmentTotal, Field, Period, Submission, ZoneTotal
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


def totals_apply(submission: Submission, *, before: dict | None, after: dict, where: tuple | None = None) -> None:
    """Add a submitted report (``before`` None) or a revision (``before`` = the previous
    revision's values) to the period's totals. Call inside the submitting transaction.

    ``where`` is (zone id, department id, board id) when the caller already knows them (the
    submission services looked them up for their checks); otherwise they are read here.
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
    if where is None:
        zone_id, board_id = Enterprise.objects.filter(pk=submission.enterprise_id) \
            .values_list("zone_id", "zone__board_id").get()
        period = Period.objects.only("start").get(pk=submission.period_id)
        where = (zone_id, departments_on(period.start, [zone_id]).get(zone_id), board_id)
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
    submissions, department id of a zone row or None)}."""
    reports = list(Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
                   .values_list("version_id", "enterprise__zone_id", "enterprise__zone__board_id", "values"))
    fields = counted_fields({version_id for version_id, *_rest in reports})
    departments = departments_on(period.start, {zone_id for _v, zone_id, *_rest in reports})
    sums = defaultdict(lambda: [ZERO, 0])
    zone_department = {}
    for version_id, zone_id, board_id, values in reports:
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


def board_totals(period: Period, board) -> dict:
    """The board's totals for a period, by department and by zone, read from the total rows only
    in one query whatever the number of zones and reports.

    {"totals": {code: value}, "submissions": n, "departments": [{"department", "totals",
    "submissions", "zones": [{"zone", "totals", "submissions"}]}], "unassigned": [zone nodes]}
    where "department" and "zone" are ``Named`` records.

    This is the page the leaders open all day, so it is one SQL statement over the three levels
    with the names joined in, and plain tuples: the ORM version (five queries, a model instance
    per row) took four times as long (bench/consolidated_report.py).
    """
    quote = connection.ops.quote_name
    board_table, department_table, zone_table = (quote(model._meta.db_table)
                                                 for model in (BoardTotal, DepartmentTotal, ZoneTotal))
    departments_table, zones_table = quote(Department._meta.db_table), quote(Zone._meta.db_table)
    sql = f"""
        SELECT 'b', CAST(NULL AS BIGINT), '', '', CAST(NULL AS BIGINT), t.field_code, t.value, t.submissions
          FROM {board_table} t WHERE t.period_id = %s AND t.board_id = %s
        UNION ALL
        SELECT 'd', d.id, '', d.name, CAST(NULL AS BIGINT), t.field_code, t.value, t.submissions
          FROM {department_table} t JOIN {departments_table} d ON d.id = t.department_id
         WHERE t.period_id = %s AND d.board_id = %s
        UNION ALL
        SELECT 'z', z.id, z.code, z.name, t.department_id, t.field_code, t.value, t.submissions
          FROM {zone_table} t JOIN {zones_table} z ON z.id = t.zone_id
         WHERE t.period_id = %s AND z.board_id = %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.pk, board.pk] * 3)
        rows = cursor.fetchall()
    result = _node(departments=[], unassigned=[])
    departments, zones, zone_department = {}, {}, {}
    for level, pk, code, name, department_id, field_code, value, submissions in rows:
        value = _decimal(value)
        if level == "b":
            node = result
        elif level == "d":
            node = departments.get(pk)
            if node is None:
                node = departments[pk] = _node(department=Named(pk, code, name), zones=[])
        else:
            node = zones.get(pk)
            if node is None:
                node = zones[pk] = _node(zone=Named(pk, code, name))
                zone_department[pk] = department_id
        _add_values(node, field_code, value, submissions)
    result["departments"] = sorted(departments.values(), key=lambda node: (node["department"].name,
                                                                           node["department"].pk))
    for zone_id, node in sorted(zones.items(), key=lambda item: (item[1]["zone"].name, item[0])):
        parent = departments.get(zone_department[zone_id])
        (parent["zones"] if parent else result["unassigned"]).append(node)
    return result


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
