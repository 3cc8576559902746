"""Building small sites for the tests: a reports folder in tmp_path and a matching mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from helpers import write_record

ROOT = Path(__file__).parent.parent


def site_config(folder: Path, reports: Path, site_dir: Path | None = None, **extra) -> Path:
    """A copy of the project's mkdocs.yml pointing at `reports` and the project's assets.

    The copy has no site_url unless one is given: test servers listen on a free port, and
    instant navigation works only where site_url is the address the site is served from.
    """
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))  # resolves !ENV
    config.pop("site_url", None)
    config["docs_dir"] = str(ROOT / "docs")
    config["site_dir"] = str(site_dir or folder / "site")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "dnm-catalogue" in plugin:
            plugin["dnm-catalogue"]["reports"] = str(reports)
            plugin["dnm-catalogue"]["templates"] = str(ROOT / "templates")
    config.update(extra)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


PAYLOAD_SUMMARY = """summary: |
  Payload test record: *emphasis* stays, and text such as a < b, a > b, {{ config }}, {% raw %},
  `</div><script>alert(1)</script>` in code, quotes " and ' and an ampersand & must all stay
  text, as must [a link that tries to break out](https://example.org/"onmouseover="alert%281%29).
  This fixture describes an invented study so
  that escaping can be tested. It asks how many listings a market carried, which data were gathered,
  over which period, by which method, and with what results and limits. The words here exist only
  to pass the length rule, which asks for at least eighty words in every summary so that readers get
  the question, the data, the period and the method."""


def write_small_catalogue(reports: Path) -> None:
    """Five records that exercise every page kind, both related directions and a payload."""
    write_record(reports, "alpha-2016-cannabis-germany", published="published: 2016-03",
                 countries="countries: [DE]", regions="", drugs="drugs: [cannabis]",
                 markets="markets: [silk-road]", doi="doi: 10.5555/alpha")
    write_record(reports, "beta-2019-heroin-usa", published="published: 2019",
                 countries="countries: [US]", regions="", drugs="drugs: [heroin]",
                 markets="markets: [hansa]", doi="doi: 10.5555/beta",
                 type="type: report\ngenre: Technical report",
                 keywords="keywords: [opioids]\nrelated: [alpha-2016-cannabis-germany]")
    write_record(reports, "gamma-2021-eu-mdma", published="published: 2021-06-01",
                 countries="", regions="regions: [european-union]", drugs="drugs: [mdma]",
                 markets="markets: [alphabay]", doi="doi: 10.5555/gamma",
                 keywords="keywords: [europe]\nprevious_ids: [gamma-2020-old-id]")
    write_record(reports, "delta-2018-book", published="published: 2018", type="type: book",
                 countries="countries: [GB, NL]", regions="", drugs="drugs: [cocaine]",
                 markets="", doi="", language="language: de",
                 title='title: "Ein Buch über Kokain"\ntitle_english: "A book on cocaine"')
    write_record(reports, "payload-2020-escaping", published="published: 2020",
                 title='title: "Quotes \\" and \' & {{ 7*7 }} [x](javascript:alert(1)) a < b"',
                 authors=("authors:\n  - family: \"O'Brien \\\" onmouseover=alert(1) x=\\\"\"\n"
                          "    given: \"{{ 7*7 }}\"\n  - organisation: \"Bad & Co \\\"><b>\""
                          .replace("<b>", "b")),
                 doi="doi: 10.5555/payload", url='url: "https://example.org/?q=\\"><x&y=1"',
                 summary=PAYLOAD_SUMMARY, countries="countries: [FR]", regions="",
                 findings='findings:\n  - text: "*x* [y](https://example.org/\\"z) a < b"\n    page: 3',
                 keywords='keywords: ["\\"><img src=x onerror=alert(1)", "{{ 7*7 }}"]'.replace(
                     "<img", "img"))


ARTICLE_ID = "martin-2018-article-number"


def write_record_pages_catalogue(reports: Path) -> None:
    """The small catalogue, plus a journal article with an article number and a data period,
    and a report with a web address only (Harvard then prints an access date)."""
    write_small_catalogue(reports)
    write_record(reports, ARTICLE_ID, published="published: 2018-06-13", pages='pages: "k2270"',
                 doi="doi: 10.5555/k2270", period="period: {start: 2014, end: 2016}",
                 countries="countries: [GB]", regions="")
    write_record(reports, "web-2020-report", type="type: report", published="published: 2020",
                 doi="", url="url: https://example.org/web-report", pages="", volume="", issue="",
                 published_in="", countries="countries: [FR]", regions="")
