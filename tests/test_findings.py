"""Issue 15: where a finding stands in the work — its printed page, its section (a heading,
table or figure, for works without printed pages), or both — shown wherever the finding goes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from dnm_catalogue.citations.exports import to_csv, to_json
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.site.build import build_site
from helpers import FIXTURES
from sitebuild import site_config, write_small_catalogue

VALID = FIXTURES / "valid" / "finding-section.yaml"


@pytest.fixture(scope="module")
def record():
    catalogue = check_catalogue([VALID])
    assert catalogue.problems == []
    return catalogue.records[0]


def test_a_finding_keeps_its_page_and_section(record):
    assert [(finding.page, finding.section) for finding in record.findings] == [
        (None, "Results, Table 2"), ("12-14", "Figure 3"), (None, None), ("S87-S89", None)]
    assert [finding.locator for finding in record.findings] == [
        "Results, Table 2", "p.\u00a012-14, Figure 3", "", "p.\u00a0S87-S89"]


def test_json_and_csv_carry_the_section(record):
    data = json.loads(to_json([record]))[0]
    assert data["findings"] == [
        {"text": "Listings grew by about 40% over the period.", "section": "Results, Table 2"},
        {"text": "Most sellers shipped within one country.", "page": "12-14", "section": "Figure 3"},
        {"text": "Prices fell after the closure."},
        {"text": "Vendors moved within a week.", "page": "S87-S89"}]
    row = next(csv.DictReader(io.StringIO(to_csv([record]))))
    assert row["findings"] == ("Listings grew by about 40% over the period. (Results, Table 2); "
                               "Most sellers shipped within one country. (p. 12-14, Figure 3); "
                               "Prices fell after the closure.; "
                               "Vendors moved within a week. (p. S87-S89)")


def test_the_record_page_shows_where_each_finding_stands(tmp_path, record):
    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    (reports / VALID.name).write_text(VALID.read_text("utf-8"), encoding="utf-8")
    build_site(reports, tmp_path / "site", site_config(tmp_path, reports))
    page = BeautifulSoup((tmp_path / "site" / "reports" / record.id / "index.html")
                         .read_text("utf-8"), "html.parser")
    shown = [item.select_one(".dnm-page").get_text() if item.select_one(".dnm-page") else None
             for item in page.select("ul.dnm-findings li")]
    assert shown == ["(Results, Table 2)", "(p.\u00a012-14, Figure 3)", None, "(p.\u00a0S87-S89)"]
