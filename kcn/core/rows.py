"""Model rows read and written by hand-written SQL, with the ORM's own conversions.

For the few paths where a request's whole budget is a few milliseconds (a deadline burst of
report submissions): building a queryset's SQL costs the ORM 0.3–0.8 ms per statement here,
more than the database takes to answer it. These helpers keep what the ORM guarantees without
that cost:

* ``Columns`` lists every concrete column of a model under an alias, and turns the matching
  slice of a result row into a model instance with the backend's and the fields' converters
  (``Model.from_db``, as the ORM does), so the instance is complete: no field is missing, none
  read lazily behind the caller's back.
* ``insert_row`` inserts an instance as ``Model.save()`` would on creation (``pre_save`` of every
  field, so auto_now stamps are set; ``get_db_prep_save`` for the value) and sets its id.
* ``insert_history`` writes the audit-history row django-simple-history would write for it.
* ``insert_created`` does both, and inserts rows that point to the new one (a report's first
  revision), in one statement on PostgreSQL (a data-modifying WITH) and one after another on
  SQLite.

Both SQL texts are built once per model from its fields, so a field added later is never
forgotten. The tests compare every helper with the ORM's answer on SQLite and PostgreSQL.
"""

from functools import cache

from django.db import connection
from django.utils import timezone


class Columns:
    """A model's concrete columns in a SELECT under ``alias``, and the instances they make."""

    def __init__(self, model, alias: str):
        self.model = model
        self.alias = alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self.pk_index = self.attnames.index(model._meta.pk.attname)

    def sql(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(field.column)}" for field in self.fields)

    def __len__(self):
        return len(self.fields)

    def instance(self, row, start: int):
        """The instance held in ``row[start:start + len(self)]``; None when its id is NULL (a LEFT
        JOIN that found nothing)."""
        values = list(row[start:start + len(self.fields)])
        if values[self.pk_index] is None:
            return None
        for index, converters in _converters(self.model, connection.ops):
            value = values[index]
            for converter, expression in converters:
                value = converter(value, expression, connection)
            values[index] = value
        return self.model.from_db(connection.alias, self.attnames, values)


@cache
def _converters(model, ops) -> list:
    """[(column index, [(converter, expression)])] as the ORM's compiler applies them (keyed by
    the connection's operations object, whose methods some converters are)."""
    result = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = ops.get_db_converters(column) + column.get_db_converters(ops.connection)
        if converters:
            result.append((index, [(converter, column) for converter in converters]))
    return result


def insert_row(instance, *, unless_conflict: bool = False) -> bool:
    """INSERT ``instance`` as a new row (as ``save()`` would create it) and set its id.

    ``unless_conflict``: if the row would break a unique constraint, insert nothing and answer
    False (ON CONFLICT DO NOTHING) instead of raising IntegrityError, so the caller's
    transaction goes on without a savepoint."""
    model = type(instance)
    sql, fields = _insert_sql(model, connection.vendor, unless_conflict)
    with connection.cursor() as cursor:
        cursor.execute(sql, _new_values(instance, fields))
        row = cursor.fetchone()
    if row is None:
        return False
    _mark_saved(instance, row[0])
    return True


def _new_values(instance, fields) -> list:
    """The values of a new row as the ORM's insert sends them (auto_now stamps set on the way)."""
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def _history_values(instance, fields, *, user, reason, history_type) -> list:
    specials = {"history_date": timezone.now(), "history_type": history_type,
                "history_user_id": getattr(user, "pk", None), "history_change_reason": reason or None}
    return [field.get_db_prep_save(specials[field.attname] if field.attname in specials
                                   else getattr(instance, field.attname), connection) for field in fields]


def _mark_saved(instance, pk) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


@cache
def _insert_sql(model, vendor: str, unless_conflict: bool) -> tuple[str, list]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = " ON CONFLICT DO NOTHING" if unless_conflict else ""
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}){conflict} "
           f"RETURNING {quote(meta.pk.column)}")
    return sql, fields


def insert_history(instance, *, user, reason: str = "", history_type: str = "+") -> None:
    """The audit-history row of ``instance`` that django-simple-history writes after a save:
    the instance's tracked fields, when, who, why and the kind of change ("+" created)."""
    sql, fields = _history_sql(type(instance), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, _history_values(instance, fields, user=user, reason=reason, history_type=history_type))


@cache
def _history_sql(model, vendor: str) -> tuple[str, list]:
    from simple_history.utils import get_history_model_for_model

    meta = get_history_model_for_model(model)._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})", fields


def insert_created(instance, *, user, reason: str = "", children=(), unless_conflict: bool = False) -> bool:
    """A new row with its audit-history row ("+", ``user``, ``reason``), then ``children``: new
    rows whose foreign key to ``instance``'s model is filled with the new id. Children are written
    without audit-history rows: pass only rows that keep none (a revision is its own record).

    On PostgreSQL the whole is one statement (one round trip instead of two plus one a child);
    ``unless_conflict`` as in ``insert_row``: nothing at all is written on a conflict."""
    if connection.vendor != "postgresql":
        if not insert_row(instance, unless_conflict=unless_conflict):
            return False
        insert_history(instance, user=user, reason=reason)
        for child in children:
            setattr(child, _parent_key(type(child), type(instance)).attname, instance.pk)
            insert_row(child)
        return True
    model = type(instance)
    sql, row_fields, history_fields, child_fields = _created_sql(
        model, tuple(type(child) for child in children), unless_conflict)
    params = _new_values(instance, row_fields)
    params += _history_values(instance, history_fields, user=user, reason=reason, history_type="+")
    for child, fields in zip(children, child_fields, strict=True):
        params += _new_values(child, fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    _mark_saved(instance, row[0])
    for child, child_id in zip(children, row[1:], strict=True):
        setattr(child, _parent_key(type(child), model).attname, instance.pk)
        _mark_saved(child, child_id)
    return True


def _parent_key(child_model, parent_model):
    return next(field for field in child_model._meta.concrete_fields
                if field.is_relation and field.related_model is parent_model)


@cache
def _created_sql(model, child_models: tuple, unless_conflict: bool) -> tuple:
    """The WITH statement of ``insert_created`` and the fields whose values it takes, in order.
    Values are cast to their column's type, so the statement also runs with server-side binding
    (KCN_DB_PREPARED), where a bare parameter in a SELECT list has no type."""
    from simple_history.utils import get_history_model_for_model

    quote = connection.ops.quote_name
    meta = model._meta
    pk = quote(meta.pk.column)

    def cast(field):
        return f"CAST(%s AS {field.db_type(connection)})"

    insert, row_fields = _insert_sql(model, connection.vendor, unless_conflict)
    history = get_history_model_for_model(model)._meta
    history_fields, history_columns, history_values = [], [], []
    for field in history.concrete_fields:
        if field.primary_key:
            continue
        history_columns.append(quote(field.column))
        if field.attname == meta.pk.attname:
            history_values.append(f"new_row.{pk}")
        else:
            history_fields.append(field)
            history_values.append(cast(field))
    parts = [f"new_row AS ({insert})",
             f"history AS (INSERT INTO {quote(history.db_table)} ({', '.join(history_columns)}) "
             f"SELECT {', '.join(history_values)} FROM new_row)"]
    child_fields = []
    for index, child_model in enumerate(child_models):
        key = _parent_key(child_model, model)
        fields = [field for field in child_model._meta.concrete_fields if not field.primary_key and field is not key]
        child_fields.append(fields)
        columns = [quote(field.column) for field in fields] + [quote(key.column)]
        values = [cast(field) for field in fields] + [f"new_row.{pk}"]
        parts.append(f"child_{index} AS (INSERT INTO {quote(child_model._meta.db_table)} ({', '.join(columns)}) "
                     f"SELECT {', '.join(values)} FROM new_row RETURNING {quote(child_model._meta.pk.column)})")
    children = "".join(f", (SELECT {quote(child_model._meta.pk.column)} FROM child_{index})"
                       for index, child_model in enumerate(child_models))
    sql = f"WITH {', '.join(parts)} SELECT new_row.{pk}{children} FROM new_row"
    return sql, row_fields, history_fields, child_fields
