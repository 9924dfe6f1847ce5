"""Demo workers: a few hundred for the demo enterprise (login doanhnghiep) and some others, with
the workshops, lines, teams, shifts, dormitory rooms and bus routes tracing follows."""

import datetime
import random

from django.utils import timezone

from kcn.core.demo import register
from kcn.core.text import search_key
from kcn.registry.models import Enterprise

from . import addresses
from .importers import commune_index
from .models import Worker

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lại", "Đinh"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Minh"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân"]
GIVEN_F = ["Hoa", "Lan", "Hương", "Mai", "Trang", "Thảo", "Yến", "Nga", "Linh", "Hạnh", "Phương", "Huyền"]
GIVEN_M = ["Nam", "Hùng", "Dũng", "Tuấn", "Sơn", "Hải", "Quân", "Long", "Thắng", "Cường", "Toàn"]
# Old (district) addresses in Hà Nam and nearby, as workers still write them.
PLACES = [
    "xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam", "xã Liêm Cần, huyện Thanh Liêm, tỉnh Hà Nam",
    "phường Đồng Văn, thị xã Duy Tiên, tỉnh Hà Nam", "phường Hòa Mạc, thị xã Duy Tiên, tỉnh Hà Nam",
    "xã Mộc Bắc, thị xã Duy Tiên, tỉnh Hà Nam", "xã Nhân Bình, huyện Lý Nhân, tỉnh Hà Nam",
    "phường Lê Hồng Phong, thành phố Phủ Lý, tỉnh Hà Nam", "xã Kim Bình, thành phố Phủ Lý, tỉnh Hà Nam",
    "thị trấn Quế, huyện Kim Bảng, tỉnh Hà Nam", "xã Bối Cầu, huyện Bình Lục, tỉnh Hà Nam",
    "xã Yên Bắc, thị xã Duy Tiên, tỉnh Hà Nam", "thị trấn Vĩnh Trụ, huyện Lý Nhân, tỉnh Hà Nam",
]
BUS_ROUTES = ["Tuyến 1: Phủ Lý – Đồng Văn", "Tuyến 2: Lý Nhân – Đồng Văn", "Tuyến 3: Bình Lục – Đồng Văn",
              "Tuyến 4: Kim Bảng – Châu Sơn"]
DORMITORIES = ["", "", "KTX Đồng Văn A", "KTX Đồng Văn B"]


def _people(enterprise, count, rng, today):
    workers = []
    communes = commune_index()
    used = set()
    for _ in range(count):
        female = rng.random() < 0.65
        year = rng.randint(1972, 2004)
        while True:
            number = f"035{(0 if year < 2000 else 2) + female}{year % 100:02d}{rng.randint(0, 999_999):06d}"
            if number not in used:
                used.add(number)
                break
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        residence = addresses.convert(f"Thôn {rng.randint(1, 12)}, {rng.choice(PLACES)}", communes)
        workshop = rng.randint(1, 3)
        line = rng.randint(1, 4)
        dormitory = rng.choice(DORMITORIES)
        workers.append(Worker(
            enterprise=enterprise, identity_number=number, full_name=name,
            date_of_birth=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            sex="female" if female else "male", phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            residence_address=residence.address, residence_original=residence.original,
            residence_commune_id=communes.get(residence.commune_key), workshop=f"Xưởng {workshop}",
            production_line=f"Chuyền {workshop}.{line}", team=f"Tổ {workshop}.{line}.{rng.randint(1, 3)}",
            shift=rng.choice(["Ca 1", "Ca 2", "Ca 3"]), dormitory=dormitory,
            room=f"P{rng.randint(101, 120)}" if dormitory else "",
            bus_route="" if dormitory else rng.choice(BUS_ROUTES),
            vaccine_doses=rng.choice([2, 2, 3, 3, 3, 1, 0]),
            left_on=today - datetime.timedelta(days=rng.randint(5, 90)) if rng.random() < 0.03 else None,
            search_text=search_key(name),
        ))
    return workers


@register
def load_workers(board):
    enterprises = list(Enterprise.objects.filter(zone__board=board).order_by("tax_code"))
    demo = Enterprise.objects.filter(user_links__user__username="doanhnghiep").first()
    chosen = ([demo] if demo else []) + [e for e in enterprises if e != demo][:5]
    rng = random.Random(2021)
    today = timezone.localdate()
    created = 0
    for index, enterprise in enumerate(chosen):
        if Worker.objects.filter(enterprise=enterprise).exists():
            continue
        workers = _people(enterprise, 400 if index == 0 else rng.randint(60, 150), rng, today)
        Worker.objects.bulk_create(workers, batch_size=500)
        created += len(workers)
    return f"Người lao động: {created} người" if created else None
