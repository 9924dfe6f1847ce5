"""The list page pattern on enterprises: search and filter update the table in place, export follows."""

import re

import openpyxl
from playwright.sync_api import expect

from kcn.registry.models import Enterprise, Zone

from .conftest import column_texts, login_as


def test_filtered_list_and_its_export_hold_the_chosen_zone_only(page, live_server, tmp_path):
    zone = Zone.objects.get(code="HNA-CS")
    term = "Sao Mai"
    expected = sorted(e.tax_code for e in Enterprise.objects.filter(zone=zone) if term in e.name)
    elsewhere = Enterprise.objects.exclude(zone=zone).filter(name__contains=term)
    assert expected and elsewhere.exists(), "the demo should have the term inside and outside the zone"
    login_as(page, live_server, "lanhdao")
    page.goto("/registry/enterprises/")
    expect(page.locator("#result-count")).to_contain_text(f"{Enterprise.objects.count()} kết quả")

    page.select_option("#filter-form select[name=zone]", label=zone.name)
    expect(page).to_have_url(re.compile(rf"[?&]zone={zone.pk}(&|$)"))
    page.locator("#filter-form input[name=q]").press_sequentially(term)

    # htmx swaps the table and pushes the filter into the address bar (so it can be shared).
    expect(page).to_have_url(re.compile(r"[?&]q=Sao(\+|%20)Mai(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]zone={zone.pk}(&|$)"))
    expect(page.locator("#result-count")).to_contain_text(f"{len(expected)} kết quả")
    assert sorted(column_texts(page, "#object-list", "Mã số thuế")) == expected
    assert set(column_texts(page, "#object-list", "Khu công nghiệp")) == {zone.name}

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    header, data = rows[0], [row for row in rows[1:] if any(row)]
    zone_codes = {row[header.index("Mã KCN")] for row in data}
    assert zone_codes == {zone.code}, f"the export holds {len(data)} rows from {sorted(zone_codes)}"
    assert sorted(str(row[header.index("Mã số thuế")]) for row in data) == expected
