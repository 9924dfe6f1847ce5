from kcn.workers.demo import load_workers
from kcn.workers.models import Worker


def test_demo_workers_are_loaded_once(demo):
    assert load_workers(demo)
    count = Worker.objects.count()
    enterprise = Worker.objects.filter(enterprise__user_links__user__username="doanhnghiep")
    assert enterprise.count() == 400
    assert enterprise.exclude(team="").exists() and enterprise.exclude(bus_route="").exists()
    assert enterprise.filter(residence_commune__isnull=False).exists()
    assert load_workers(demo) is None
    assert Worker.objects.count() == count
