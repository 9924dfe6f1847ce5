"""Proposing close contacts: a breadth-first search over the workplace groups, generation by generation.

Two workers are close contacts when they share a group of the rule (same team and shift, same
production line and shift, same dormitory room, same bus route and shift...). The search never
reads the whole worker table: per generation it loads the workers of the enterprises the
frontier has just reached (one indexed query by enterprise) and, for the groups shared across
enterprises (dormitory, bus), only the workers of the frontier's zones whose values match the
frontier's keys (one query per such group). Groups, not people, are expanded: every key (a team
in a shift, a room) is expanded once per case, so the cost grows with the people reached, not
with the square of the group sizes.

The search is deterministic: groups in the rule's order, the frontier in id order; a person
appears once per case, at the lowest generation, traced from the first person and group that
reached them. Workers who left before the infectious window are not in the workplace: they are
neither proposed nor a bridge to others.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from kcn.registry.models import Enterprise
from kcn.workers.models import Worker

from .choices import GroupField

FIELDS = tuple(GroupField.values)
_COLUMNS = ("id", "enterprise_id", "left_on", *FIELDS)


@dataclass
class Seed:
    """What to trace from: one case's F0, its window and rule."""

    case_id: int
    worker_id: int
    window_start: datetime.date
    groups: list  # [(fields tuple, across_enterprises bool)]
    generations: int


@dataclass(frozen=True)
class Proposed:
    worker_id: int
    enterprise_id: int
    generation: int
    source_worker_id: int
    group_index: int
    values: tuple


@dataclass(frozen=True)
class Batch:
    """The people one key (a team in a shift, a room) adds to a case at a generation, all traced
    from the same person through the same group. Kept as a batch so that tracing a large outbreak
    costs set operations, not one Python object per person."""

    generation: int
    source_worker_id: int
    group_index: int
    values: tuple
    worker_ids: tuple


@dataclass
class Tracing:
    """What ``trace`` found: the batches of each case and the enterprise of every person in them."""

    batches: dict
    owners: list  # [(worker ids, enterprise id or a parallel list of enterprise ids)], read when written
    queries: int = 0

    @cached_property
    def enterprise_of(self) -> dict:
        result = {}
        for ids, owner in self.owners:
            if isinstance(owner, int):
                result.update(dict.fromkeys(ids, owner))
            else:
                result.update(zip(ids, owner, strict=True))
        return result

    def proposals(self, case_id):
        for batch in self.batches[case_id]:
            for worker_id in batch.worker_ids:
                yield Proposed(worker_id, self.enterprise_of[worker_id], batch.generation, batch.source_worker_id,
                               batch.group_index, batch.values)

    def generation_sets(self, case_id) -> dict[int, set]:
        result = defaultdict(set)
        for batch in self.batches[case_id]:
            result[batch.generation].update(batch.worker_ids)
        return dict(result)

    def count(self, case_id=None) -> int:
        cases = [case_id] if case_id is not None else list(self.batches)
        return sum(len(batch.worker_ids) for case in cases for batch in self.batches[case])


def _getter(fields):
    """row → the tuple of the group's values (rows are (id, enterprise, left_on, *FIELDS))."""
    positions = [3 + FIELDS.index(name) for name in fields]
    if len(positions) == 1:
        position = positions[0]
        return lambda row: (row[position],)
    return itemgetter(*positions)


class _Store:
    """The worker rows read so far and the group indexes built from them."""

    def __init__(self, groups, zone_of=None):
        self.groups = groups
        self.owners = []  # (worker ids, enterprise id or ids) of everyone in an index
        self.getters = [(_getter(fields), across) for fields, across in groups]
        self.local = [(index, get) for index, (get, across) in enumerate(self.getters) if not across]
        self.rows = {}  # id -> (id, enterprise_id, left_on, *FIELDS)
        self.zone_of = zone_of if zone_of is not None else {}  # enterprise_id -> zone_id
        self.loaded_enterprises = set()
        # (group index, scope id (enterprise or zone), values) -> {worker ids}
        self.members = defaultdict(set)
        self.left = {}  # worker id -> the day they left (the few who did)
        self.loaded_across_keys = set()
        self.zones_loaded = False
        self.queries = 0

    def key(self, index, row):
        """(scope, values) of the row's group ``index``, or None when a value is blank."""
        get, across = self.getters[index]
        values = get(row)
        if not all(values):
            return None
        return (self.zone_of[row[1]] if across else row[1]), values

    def _keep(self, row):
        if row[0] not in self.rows:
            self.rows[row[0]] = row
            self.owners.append(((row[0],), row[1]))
            if row[2] is not None:
                self.left[row[0]] = row[2]

    def ensure_rows(self, worker_ids):
        """The rows of the people a generation expands from (their groups' values)."""
        missing = [pk for pk in worker_ids if pk not in self.rows]
        if not missing:
            return
        self.queries += 1
        if connection.vendor == "postgresql":
            columns = ", ".join(f'"{Worker._meta.get_field(name).column}"' for name in _COLUMNS)
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT {columns} FROM "{Worker._meta.db_table}" WHERE id = ANY(%s)', [missing])
                rows = cursor.fetchall()
        else:
            rows = Worker.objects.filter(pk__in=missing).order_by().values_list(*_COLUMNS)
        for row in rows:
            self._keep(tuple(row))
        self.ensure_zones({self.rows[pk][1] for pk in missing if pk in self.rows})

    def ensure_zones(self, enterprise_ids):
        missing = [pk for pk in enterprise_ids if pk not in self.zone_of]
        if missing:
            self.queries += 1
            self.zone_of.update(Enterprise.objects.filter(pk__in=missing).values_list("pk", "zone_id"))

    def load_enterprises(self, enterprise_ids):
        new = sorted(set(enterprise_ids) - self.loaded_enterprises)
        if not new:
            return
        self.ensure_zones(new)
        if connection.vendor == "postgresql":
            self._load_grouped(new)
            self.loaded_enterprises.update(new)
            return
        self.queries += 1
        members, local, keep = self.members, self.local, self._keep
        for row in Worker.objects.filter(enterprise_id__in=new).order_by().values_list(*_COLUMNS):
            keep(row)
            enterprise = row[1]
            for index, get in local:
                values = get(row)
                if all(values):
                    members[(index, enterprise, values)].add(row[0])
        self.loaded_enterprises.update(new)

    def _load_grouped(self, new):
        """PostgreSQL: each local group's members as one array per key, grouped by the server, so
        the enterprises' workers are not sent row by row; and the few who left, with the day."""
        table = Worker._meta.db_table
        with connection.cursor() as cursor:
            for index, _get in self.local:
                names = [f'"{Worker._meta.get_field(name).column}"' for name in self.groups[index][0]]
                columns = ", ".join(names)
                filled = " AND ".join(f"{name} <> ''" for name in names)
                cursor.execute(f'SELECT enterprise_id, {columns}, array_agg(id) FROM "{table}" '
                               f"WHERE enterprise_id = ANY(%s) AND {filled} GROUP BY enterprise_id, {columns}", [new])
                for enterprise, *values, ids in cursor.fetchall():
                    self.members[(index, enterprise, tuple(values))] = set(ids)
                    self.owners.append((ids, enterprise))
            cursor.execute(f'SELECT id, left_on FROM "{table}" WHERE enterprise_id = ANY(%s) '
                           "AND left_on IS NOT NULL", [new])
            self.left.update(cursor.fetchall())
        self.queries += len(self.local) + 1

    def load_zones_across(self, zones):
        """PostgreSQL: every shared group (room, bus) of the zones at once, one array per key.

        Shared groups never leave a zone and local ones never leave an enterprise, so the F0s'
        zones bound everything a search can reach: reading their shared groups once costs less
        than asking for the frontier's keys generation after generation."""
        table, enterprises = Worker._meta.db_table, Enterprise._meta.db_table
        zones = sorted(zones)
        with connection.cursor() as cursor:
            for index, (fields, across) in enumerate(self.groups):
                if not across:
                    continue
                names = [f'w."{Worker._meta.get_field(name).column}"' for name in fields]
                columns = ", ".join(names)
                filled = " AND ".join(f"{name} <> ''" for name in names)
                cursor.execute(
                    f'SELECT e.zone_id, {columns}, array_agg(w.id), array_agg(w.enterprise_id) FROM "{table}" w '
                    f'JOIN "{enterprises}" e ON e.id = w.enterprise_id WHERE e.zone_id = ANY(%s) AND {filled} '
                    f"GROUP BY e.zone_id, {columns}", [zones])
                for zone, *values, ids, owners in cursor.fetchall():
                    self.members[(index, zone, tuple(values))] = set(ids)
                    self.owners.append((ids, owners))
                self.queries += 1
            cursor.execute(f'SELECT w.id, w.left_on FROM "{table}" w JOIN "{enterprises}" e ON e.id = w.enterprise_id '
                           "WHERE e.zone_id = ANY(%s) AND w.left_on IS NOT NULL", [zones])
            self.left.update(cursor.fetchall())
            self.queries += 1
        self.zones_loaded = True

    def load_across(self, index, fields, keys):
        """Members of shared groups (zone, values) not read yet: one query for all of them."""
        keys = [key for key in keys if (index, *key) not in self.loaded_across_keys]
        if not keys:
            return
        zones = {zone for zone, _values in keys}
        condition = Q(enterprise__zone_id__in=zones)
        for position, name in enumerate(fields):
            condition &= Q(**{f"{name}__in": {values[position] for _zone, values in keys}})
        self.queries += 2
        self.zone_of.update(Enterprise.objects.filter(zone_id__in=zones).values_list("pk", "zone_id"))
        wanted = set(keys)
        get = self.getters[index][0]
        for row in Worker.objects.filter(condition).order_by().values_list(*_COLUMNS):
            key = (self.zone_of[row[1]], get(row))
            if key in wanted:
                self._keep(row)
                self.members[(index, *key)].add(row[0])
        for key in keys:
            self.loaded_across_keys.add((index, *key))


def trace(seeds: list[Seed]) -> Tracing:
    """The contacts to propose for each case, generation by generation. Cases are traced together
    (one set of queries per generation for all of them) but each has its own contacts."""
    result = Tracing(batches={seed.case_id: [] for seed in seeds}, owners=[])
    if not seeds:
        return result
    f0_enterprise = dict(Worker.objects.filter(pk__in=[seed.worker_id for seed in seeds])
                         .values_list("pk", "enterprise_id"))
    result.queries += 1
    # Groups are indexed per rule, so cases are traced per rule (one rule, in practice).
    by_rule = defaultdict(list)
    for seed in seeds:
        by_rule[tuple((tuple(fields), across) for fields, across in seed.groups)].append(seed)
    zone_of = {}
    for groups, rule_seeds in by_rule.items():
        store = _Store(list(groups), zone_of)
        _trace_rule(store, list(groups), rule_seeds, f0_enterprise, result.batches)
        result.owners.extend(store.owners)
        result.queries += store.queries
    return result


def _trace_rule(store, groups, seeds, f0_enterprise, batches):
    seen = {seed.case_id: {seed.worker_id} for seed in seeds}
    expanded = {seed.case_id: set() for seed in seeds}
    frontier = {seed.case_id: [seed.worker_id] for seed in seeds}
    store.load_enterprises({f0_enterprise[seed.worker_id] for seed in seeds if seed.worker_id in f0_enterprise})
    store.ensure_rows([seed.worker_id for seed in seeds])
    if connection.vendor == "postgresql" and any(across for _fields, across in groups):
        store.load_zones_across({store.zone_of[store.rows[seed.worker_id][1]] for seed in seeds
                                 if seed.worker_id in store.rows})
    for generation in range(1, max(seed.generations for seed in seeds) + 1):
        active = [seed for seed in seeds if seed.generations >= generation and frontier[seed.case_id]]
        if not active:
            break
        # Load what this generation needs: the frontier's rows and enterprises, the shared groups' members.
        store.ensure_rows(sorted({w for seed in active for w in frontier[seed.case_id]}))
        store.load_enterprises({store.rows[w][1] for seed in active for w in frontier[seed.case_id]})
        for index, (fields, across) in enumerate(groups):
            if not across or store.zones_loaded:
                continue
            keys = set()
            for seed in active:
                for worker_id in frontier[seed.case_id]:
                    key = store.key(index, store.rows[worker_id])
                    if key is not None:
                        keys.add(key)
            store.load_across(index, fields, keys)
        for seed in active:
            case_seen, done, found = seen[seed.case_id], expanded[seed.case_id], []
            # The few who left before this case's window are not at work: treated as already seen.
            gone = {pk for pk, left_on in store.left.items() if left_on < seed.window_start}
            blocked = case_seen | gone if gone else case_seen
            new = []
            for index in range(len(groups)):
                for source in frontier[seed.case_id]:
                    key = store.key(index, store.rows[source])
                    if key is None:
                        continue
                    member_key = (index, *key)
                    if member_key in done:
                        continue
                    done.add(member_key)
                    members = store.members.get(member_key)
                    if not members:
                        continue
                    fresh = members - blocked
                    if fresh:
                        blocked |= fresh
                        new.append(fresh)
                        found.append(Batch(generation, source, index, key[1], tuple(sorted(fresh))))
            for fresh in new:
                case_seen |= fresh
            frontier[seed.case_id] = sorted(pk for batch in found for pk in batch.worker_ids)
            batches[seed.case_id].extend(found)


def link_text(fields, values) -> str:
    """How two people are linked, in words: "cùng tổ Tổ 3, ca Ca 1"."""
    labels = dict(GroupField.choices)
    parts = ", ".join(f"{labels.get(name, name)} {value}" for name, value in zip(fields, values, strict=True))
    return _("cùng %(group)s") % {"group": parts}
