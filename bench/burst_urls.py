"""KCN's URLs plus the two views of the deadline-burst benchmark.

``/bench/ceiling/`` is the ceiling the burst is compared with: a bare Django view, behind the
same middleware and the same gunicorn, that inserts one row and updates one counter row in one
transaction, as little as a write request can do. ``/bench/ping/`` answers without touching the
database, to know when the server is up.
"""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from kcn.urls import urlpatterns as kcn_urlpatterns

CEILING_ROWS = "bench_ceiling_row"
CEILING_COUNTER = "bench_ceiling_counter"


@csrf_exempt
def ceiling(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {CEILING_ROWS} (key, body) VALUES (%s, %s)",
                       [request.headers.get("Idempotency-Key", ""), request.body.decode()])
        cursor.execute(f"UPDATE {CEILING_COUNTER} SET n = n + 1 WHERE id = 1")
    # The request's body back, as the API answers with the stored report: the load script reads
    # the enterprise in it to know which request was answered.
    return HttpResponse(request.body, status=201, content_type="application/json")


def ping(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ceiling/", ceiling), path("bench/ping/", ping), *kcn_urlpatterns]
