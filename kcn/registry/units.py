"""Load the administrative units from the `vietnam-provinces` package, and the pre-2025 provinces.

Idempotent: run again after upgrading the package to pick up renamed units.
"""

from vietnam_provinces import Province as VnProvince
from vietnam_provinces import Ward as VnWard

from .constants import LEGACY_PROVINCES

_TYPES = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh_pho",
    "xã": "xa",
    "phường": "phuong",
    "đặc khu": "dac_khu",
}


def units_sync(province_model, commune_model, legacy_model):
    provinces = [
        province_model(code=p.code.value, name=p.name, division_type=_TYPES.get(p.division_type.value, "tinh"),
                       codename=p.codename)
        for p in VnProvince.iter_all()
    ]
    province_model.objects.bulk_create(provinces, update_conflicts=True, unique_fields=["code"],
                                       update_fields=["name", "division_type", "codename"])
    communes = [
        commune_model(code=w.code.value, name=" ".join(w.name.split()),
                      division_type=_TYPES.get(w.division_type.value, "xa"), province_id=w.province_code.value)
        for w in VnWard.iter_all()
    ]
    commune_model.objects.bulk_create(communes, batch_size=1000, update_conflicts=True, unique_fields=["code"],
                                      update_fields=["name", "division_type", "province"])
    legacy = [legacy_model(code=code, name=name, successor_id=successor) for code, name, successor in LEGACY_PROVINCES]
    legacy_model.objects.bulk_create(legacy, update_conflicts=True, unique_fields=["code"],
                                     update_fields=["name", "successor"])
    return len(provinces), len(communes), len(legacy)
