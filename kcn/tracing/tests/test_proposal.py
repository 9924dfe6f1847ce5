"""The proposal engine against a plain breadth-first search over every pair of a shared group,
on a random factory floor of two enterprises in a zone and one in another zone."""

import datetime
import random
from collections import defaultdict

import pytest

from kcn.tracing.proposal import Seed, trace
from kcn.workers.models import Worker

from .factories import make_workers

pytestmark = pytest.mark.django_db
GROUPS = [(("team", "shift"), False), (("production_line", "shift"), False), (("dormitory", "room"), True),
          (("bus_route", "shift"), True)]


def _random_rows(rng, count, today):
    rows = []
    for index in range(count):
        rows.append({
            "full_name": f"Người {index}", "shift": rng.choice(["Ca 1", "Ca 2"]),
            "team": rng.choice(["Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4", ""]), "production_line": rng.choice(["L1", "L2", ""]),
            "dormitory": rng.choice(["KTX", ""]), "room": rng.choice(["1", "2", "3"]),
            "bus_route": rng.choice(["X", "Y", "", ""]),
            "left_on": today - datetime.timedelta(days=30) if rng.random() < 0.05 else None,
        })
    return rows


def _plain_bfs(source, workers, zone_of, window_start, generations):
    groups = defaultdict(set)
    for w in workers:
        if w.left_on is not None and w.left_on < window_start:
            continue
        for index, (fields, across) in enumerate(GROUPS):
            values = tuple(getattr(w, name) for name in fields)
            if all(values):
                groups[(index, zone_of[w.enterprise_id] if across else w.enterprise_id, values)].add(w.pk)
    neighbours = defaultdict(set)
    for members in groups.values():
        for member in members:
            neighbours[member] |= members
    level, seen, result = {source}, {source}, {}
    for generation in range(1, generations + 1):
        level = {n for person in level for n in neighbours[person]} - seen
        seen |= level
        if level:
            result[generation] = level
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trace_equals_a_plain_breadth_first_search(seed, own, neighbour, chau_son, today):
    rng = random.Random(seed)
    for enterprise in (own, neighbour, chau_son):
        make_workers(enterprise, _random_rows(rng, 60, today))
    workers = list(Worker.objects.filter(enterprise__in=[own, neighbour, chau_son]))
    zone_of = {e.pk: e.zone_id for e in (own, neighbour, chau_son)}
    window = today - datetime.timedelta(days=3)
    sources = rng.sample([w for w in workers if w.left_on is None], 5)
    seeds = [Seed(index, w.pk, window, GROUPS, 3) for index, w in enumerate(sources)]
    result = trace(seeds)
    for seed_, source in zip(seeds, sources, strict=True):
        expected = _plain_bfs(source.pk, workers, zone_of, window, 3)
        assert result.generation_sets(seed_.case_id) == expected
        # Every proposed person is linked to someone of the previous generation by a shared group.
        for proposed in result.proposals(seed_.case_id):
            assert proposed.enterprise_id == Worker.objects.get(pk=proposed.worker_id).enterprise_id
