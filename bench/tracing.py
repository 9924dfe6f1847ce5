"""Benchmark: proposing F1, F2 and F3 for 50 cases among 300,000 workers in 500 enterprises.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kcn_bench_tracing .venv/bin/python bench/tracing.py \
        [--workers 300000] [--enterprises 500] [--cases 50] [--repeat 3] [--keep]

What it does, in one run:

1. Creates the database (if missing) and migrates it, loads the demo board (its seven zones) and
   500 enterprises, then 300,000 workers by COPY with realistic groups (seed 2021): three shifts;
   in each shift production lines of 100–200 workers split into teams of 20–40; a quarter of the
   workers in dormitory rooms of 6–10 people, 10 % of them in rooms mixed across the zone's
   enterprises; 40 % on shuttle buses of about 40 per route and shift, 10 % of the riders on routes
   shared by the enterprises of the zone; 1 % of the workers left two months ago.
2. Records 50 cases (5 in each of 10 enterprises of two zones, positive yesterday) straight
   into the table, without proposing.
3. Measures, median of --repeat runs:
   - **trace**: ``kcn.tracing.proposal.trace`` for the 50 cases at once: the F1, F2 and F3 sets
     with their sources and links, from the database (the target: under 1 s);
   - **propose**: the service ``contacts_propose`` for the 50 cases, i.e. trace plus writing every
     Contact row in the same transaction (rolled back afterwards), once, for information.
4. Checks that every case's F1, F2 and F3 sets equal those of a plain breadth-first search with
   networkx over the same contact graph, built independently from a plain read of the workers:
   a bipartite graph of workers and groups (a worker is joined to each group it belongs to, so
   a contact at generation n is at distance 2n; it is the same relation as joining every pair of
   a group, without the millions of edges of the cliques), of the zones the cases are in (no group
   crosses a zone), without the workers who left before the window.
5. Prints the figures and PASS/MISS, writes bench/results/tracing.json and drops the database
   unless --keep.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcn.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kcn_bench_tracing")
os.environ.setdefault("KCN_LOG_LEVEL", "ERROR")

from bench.setup_db import prepare_database, write_result  # noqa: E402

TARGET_SECONDS = 1.0
SEED = 2021
#: Share of dormitory residents in rooms mixed across the zone's enterprises, and of bus riders on
#: routes shared by the zone's enterprises (the rest: the enterprise's own rooms and routes).
MIXED_ROOMS = 0.10
SHARED_BUS = 0.10


def _sizes(total, count, rng):
    """``count`` enterprise sizes summing to ``total`` (skewed: a few large factories)."""
    weights = [rng.paretovariate(1.6) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(30, int(w * scale)) for w in weights]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


def _generate(enterprises, total, rng, today):
    """Worker rows as dicts of the structure fields; enterprises: [(id, zone_id, tax_code)]."""
    rows = []
    sizes = _sizes(total, len(enterprises), rng)
    dorm_pool, bus_pool = defaultdict(list), defaultdict(list)
    for (enterprise_id, zone_id, tax_code), size in zip(enterprises, sizes, strict=True):
        per_shift = [size // 3 + (1 if i < size % 3 else 0) for i in range(3)]
        line_no = team_no = bus_no = 0
        for shift_index, count in enumerate(per_shift):
            shift = f"Ca {shift_index + 1}"
            members = []
            remaining = count
            while remaining > 0:
                line_no += 1
                line_size = min(remaining, rng.randint(100, 200))
                remaining -= line_size
                left_in_line = line_size
                while left_in_line > 0:
                    team_no += 1
                    team_size = min(left_in_line, rng.randint(20, 40))
                    left_in_line -= team_size
                    for _ in range(team_size):
                        row = {"enterprise_id": enterprise_id, "shift": shift, "production_line": f"Chuyền {line_no}",
                               "team": f"Tổ {team_no}", "workshop": f"Xưởng {line_no // 4 + 1}",
                               "dormitory": "", "room": "", "bus_route": "", "left_on": None}
                        rows.append(row)
                        members.append(row)
            riders, residents = [], []
            for row in members:
                if rng.random() < 0.25:
                    # Most dormitory rooms house one enterprise's workers; some are mixed.
                    (dorm_pool[zone_id] if rng.random() < MIXED_ROOMS else residents).append(row)
                if rng.random() < 0.40:
                    (bus_pool[(zone_id, shift)] if rng.random() < SHARED_BUS else riders).append(row)
                if rng.random() < 0.01:
                    row["left_on"] = today - datetime.timedelta(days=60)
            for start in range(0, len(riders), 40):
                bus_no += 1
                for row in riders[start:start + 40]:
                    row["bus_route"] = f"Tuyến {tax_code}-{bus_no}"
            start = 0
            while start < len(residents):
                size = rng.randint(6, 10)
                for row in residents[start:start + size]:
                    row["dormitory"], row["room"] = f"Nhà ở {tax_code}", f"{shift_index + 1}{start // 10:03d}"
                start += size
    for residents in dorm_pool.values():
        rng.shuffle(residents)
        room, start = 0, 0
        while start < len(residents):
            room += 1
            size = rng.randint(6, 10)
            for row in residents[start:start + size]:
                row["dormitory"], row["room"] = f"KTX khu {room // 200 + 1}", str(room)
            start += size
    for (zone_id, _shift), riders in bus_pool.items():
        rng.shuffle(riders)
        for index, start in enumerate(range(0, len(riders), 40)):
            for row in riders[start:start + 40]:
                row["bus_route"] = f"Tuyến chung KCN {zone_id}-{index + 1}"
    return rows


def _copy_workers(rows):
    """COPY the rows into workers_worker, every other column at its model default."""
    from django.db import connection
    from django.utils import timezone

    from kcn.workers.models import Worker

    now = timezone.now()
    fields = [f for f in Worker._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None if f.null else ""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY workers_worker ({columns}) FROM STDIN") as copy:
            for number, row in enumerate(rows, start=1):
                row["identity_number"] = f"0351{number:08d}"
                row["full_name"] = f"Người lao động {number}"
                copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
        cursor.execute("ANALYZE workers_worker")


def _graph_sets(seeds, rule_groups, zone_ids, window_start):
    """case id → {generation: set of worker ids}, by networkx BFS over a plain read of the workers."""
    import networkx as nx

    from kcn.workers.models import Worker

    fields = sorted({name for group, _ in rule_groups for name in group})
    graph = nx.Graph()
    workers = (Worker.objects.filter(enterprise__zone_id__in=zone_ids)
               .values_list("id", "enterprise_id", "enterprise__zone_id", "left_on", *fields))
    for worker_id, enterprise_id, zone_id, left_on, *values in workers.iterator(chunk_size=20000):
        if left_on is not None and left_on < window_start:
            continue  # not at work during the window
        values = dict(zip(fields, values, strict=True))
        graph.add_node(("w", worker_id))
        for index, (group, across) in enumerate(rule_groups):
            key = tuple(values[name] for name in group)
            if all(key):
                graph.add_edge(("w", worker_id), ("g", index, zone_id if across else enterprise_id, key))
    result = {}
    for seed in seeds:
        lengths = nx.single_source_shortest_path_length(graph, ("w", seed.worker_id), cutoff=2 * seed.generations)
        sets = defaultdict(set)
        for node, distance in lengths.items():
            if node[0] == "w" and distance > 0:
                sets[distance // 2].add(node[1])
        result[seed.case_id] = dict(sets)
    return result, graph.number_of_nodes(), graph.number_of_edges()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=300_000)
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one trace and print where the time goes")
    parser.add_argument("--keep", action="store_true", help="keep the database (skip regenerating next time)")
    args = parser.parse_args()
    prepare_database()

    from django.db import connection, transaction
    from django.utils import timezone

    from kcn.accounts.models import User
    from kcn.registry.demo import generate_enterprises, load_demo
    from kcn.registry.models import Enterprise, Zone
    from kcn.tracing.models import Case, Contact, TracingRule
    from kcn.tracing.proposal import Seed, trace
    from kcn.tracing.services import contacts_propose
    from kcn.workers.models import Worker

    rng = random.Random(SEED)
    today = timezone.localdate()
    board = load_demo(enterprise_count=0)
    zones = list(Zone.objects.filter(board=board).order_by("code"))
    if Worker.objects.count() != args.workers:
        print(f"generating {args.workers:,} workers in {args.enterprises} enterprises...", flush=True)
        started = time.perf_counter()
        Case.objects.all().delete()
        Worker.objects.all().delete()
        Enterprise.objects.filter(tax_code__startswith="09").delete()
        Enterprise.objects.bulk_create(generate_enterprises(zones, args.enterprises, seed=SEED, prefix="09"))
        enterprises = list(Enterprise.objects.filter(tax_code__startswith="09").order_by("pk")
                           .values_list("pk", "zone_id", "tax_code"))
        _copy_workers(_generate(enterprises, args.workers, rng, today))
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    Case.objects.all().delete()
    rule = TracingRule.current()
    # Cases are personal health data: the administrator role sees none, a superuser every one.
    admin, _created = User.objects.get_or_create(username="bench.root", defaults={"role": "admin",
                                                                                   "is_superuser": True})

    # 50 cases: 5 in each of 10 enterprises of the two largest zones (an outbreak, not a scatter).
    by_zone = defaultdict(list)
    for pk, zone_id in Enterprise.objects.filter(tax_code__startswith="09").order_by("pk").values_list("pk", "zone_id"):
        by_zone[zone_id].append(pk)
    outbreak_zones = sorted(by_zone, key=lambda z: -len(by_zone[z]))[:2]
    outbreak = [pk for zone in outbreak_zones for pk in by_zone[zone][:5]]
    positive = today - datetime.timedelta(days=1)
    cases = []
    for enterprise_id in outbreak:
        people = list(Worker.objects.filter(enterprise_id=enterprise_id, left_on__isnull=True)
                      .order_by("pk").values_list("pk", "identity_number"))
        for worker_id, identity in rng.sample(people, args.cases // len(outbreak)):
            cases.append(Case(enterprise_id=enterprise_id, worker_id=worker_id, identity_number=identity,
                              positive_test_date=positive, rule=rule, recorded_by=admin))
    Case.objects.bulk_create(cases)
    cases = list(Case.objects.select_related("rule").order_by("pk"))
    seeds = [Seed(c.pk, c.worker_id, c.window_start, rule.group_list(), rule.generations) for c in cases]
    connection.cursor().execute("ANALYZE")

    trace(seeds)  # warm the connection and the server's caches
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(trace, seeds)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return
    trace_times, queries = [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        proposals = trace(seeds)
        trace_times.append(time.perf_counter() - started)
        queries = proposals.queries
    counts = defaultdict(int)
    for seed in seeds:
        for generation, people in proposals.generation_sets(seed.case_id).items():
            counts[generation] += len(people)
    total = sum(counts.values())

    propose_times = []
    for _ in range(1):  # writing is measured once: it is the slow part, and for information
        started = time.perf_counter()
        try:
            with transaction.atomic():
                written = contacts_propose(user=admin, cases=cases)
                propose_times.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    assert written == total, (written, total)
    assert not Contact.objects.exists()

    started = time.perf_counter()
    expected, nodes, edges = _graph_sets(seeds, rule.group_list(), outbreak_zones, seeds[0].window_start)
    graph_seconds = time.perf_counter() - started
    mismatches = []
    for seed in seeds:
        ours = proposals.generation_sets(seed.case_id)
        for generation in range(1, seed.generations + 1):
            if ours.get(generation, set()) != expected[seed.case_id].get(generation, set()):
                mismatches.append((seed.case_id, generation))
    equal = not mismatches

    trace_median = statistics.median(trace_times)
    propose_median = statistics.median(propose_times)
    print(f"\nTracing, {Worker.objects.count():,} workers in {args.enterprises} enterprises, {len(cases)} F0s, "
          f"{connection.vendor}, median of {args.repeat}")
    print(f"  proposed contacts: F1 {counts[1]:,} · F2 {counts[2]:,} · F3 {counts[3]:,} · total {total:,} "
          f"(per case: {total / len(cases):,.0f})")
    print(f"  SQL queries per trace: {queries}")
    verdict = "PASS" if trace_median < TARGET_SECONDS else "MISS"
    print(f"  trace F1+F2+F3 (sets, sources, links): {trace_median * 1000:,.0f} ms  (target < 1,000 ms: {verdict})")
    print(f"  propose and store every Contact row:   {propose_median * 1000:,.0f} ms  (for information)")
    print(f"  networkx BFS check over {nodes:,} nodes and {edges:,} edges ({graph_seconds:.1f} s): "
          f"{'PASS, sets equal for every case and generation' if equal else f'MISS, {len(mismatches)} differ'}")
    write_result("tracing", {
        "workers": Worker.objects.count(), "enterprises": args.enterprises, "cases": len(cases),
        "contacts": counts, "trace_ms": [round(t * 1000, 1) for t in trace_times],
        "propose_ms": [round(t * 1000, 1) for t in propose_times], "queries": queries,
        "trace_target_met": trace_median < TARGET_SECONDS, "networkx_equal": equal,
        "mismatches": mismatches[:20], "graph_nodes": nodes, "graph_edges": edges,
    })
    Case.objects.all().delete()
    if not args.keep:
        _drop_database()
    if not equal or trace_median >= TARGET_SECONDS:
        sys.exit(1)


class _Rollback(Exception):
    pass


def _drop_database():
    import dj_database_url
    import psycopg
    from django.db import connections

    connections.close_all()
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if not config["ENGINE"].endswith("postgresql"):
        return
    with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
                         user=config["USER"] or "postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
    print(f"dropped database {config['NAME']}")


if __name__ == "__main__":
    main()
