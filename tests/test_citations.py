"""Formatted references: the CSL-JSON model, golden references checked by hand against each
style's published rules, and every record in every style compared with pandoc 3 --citeproc.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import citeproc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnm_catalogue.citations import citeproc_fixes as fixes
from dnm_catalogue.citations.csl import STYLES, UnknownStyleError, csl_item, csl_title, style_path
from dnm_catalogue.citations.formatting import capitalize_subtitle, format_item
from dnm_catalogue.citations.references import (
    access_clause,
    access_clause_templates,
    fill_access_template,
    format_reference,
    split_at_access_date,
)
from dnm_catalogue.cli import main
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import Organisation, PartialDate, Person, Record
from readers import (
    REPORTS,
    batches_of_distinct_years,
    catalogue_records,
    html_to_text,
    pandoc_references,
    pandoc_version,
)

GOLDEN_RECORDS = Path(__file__).parent / "fixtures" / "citations"


def golden(record_id: str) -> Record:
    """A frozen copy of a catalogue record (tests/fixtures/citations)."""
    catalogue = check_catalogue([GOLDEN_RECORDS])
    assert not catalogue.problems
    return catalogue.by_id[record_id]


def make_record(**overrides) -> Record:
    """A small valid record, built directly (so tests can use text the validator refuses)."""
    values = dict(
        id="example-2020-title", type="journal-article", title="A title",
        authors=[Person("Doe", "Jane")], published=PartialDate(2020), language="en",
        summary="x", drugs=["cannabis"], reviewed=PartialDate(2026, 1, 2),
        sources=["https://example.org/"], url="https://example.org/work")
    values.update(overrides)
    return Record(**values)


# The CSL-JSON model -----------------------------------------------------------------------


def test_csl_item_of_a_report_by_two_organisations():
    item = csl_item(golden("emcdda-europol-2017-drugs-and-the-darknet"))
    assert item["type"] == "report"
    assert item["author"] == [
        {"literal": "European Monitoring Centre for Drugs and Drug Addiction"},
        {"literal": "Europol"}]
    assert item["issued"] == {"date-parts": [[2017, 11, 28]]}
    # The record's review date is the catalogue's, not the reader's access date (issue 14).
    assert "accessed" not in item
    assert item["DOI"] == "10.2810/783427"
    assert item["ISBN"] == "978-92-9497-240-8"
    assert item["URL"] == "http://www.emcdda.europa.eu/darknet"
    assert item["publisher"] == "Publications Office of the European Union"
    assert item["publisher-place"] == "Luxembourg"
    assert item["collection-title"] == "EMCDDA–Europol Joint publications"
    assert item["language"] == "en"
    assert "genre" not in item  # a report is just a report: no "[Report]" in APA


def test_csl_item_of_a_chapter_has_editors_container_and_pages():
    item = csl_item(golden("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs"))
    assert item["type"] == "chapter"
    assert item["editor"] == [{"family": "Tzanetakis", "given": "Meropi"},
                              {"family": "South", "given": "Nigel"}]
    assert item["container-title"].startswith("Digital Transformations")
    assert item["page"] == "29-43"


def test_csl_item_of_an_edited_volume_names_the_editors_once():
    item = csl_item(golden("tzanetakis-2019-drogen-darknet-organisierte-kriminalitat"))
    assert "author" not in item and len(item["editor"]) == 2


def test_csl_item_translation_follows_the_title_in_brackets():
    record = golden("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess")
    assert csl_item(record)["title"] == (
        "Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt "
        "[Darknet drug markets: the criminal business process explained]")


def test_csl_name_particles_are_separate():
    record = make_record(authors=[Person("van der Gouwe", "Daan"), Person("Van Hout", "Marie"),
                                  Organisation("Europol")])
    assert csl_item(record)["author"] == [
        {"family": "Gouwe", "non-dropping-particle": "van der", "given": "Daan"},
        {"family": "Van Hout", "given": "Marie"},  # capitalised: part of the family name
        {"literal": "Europol"}]


def test_every_record_has_a_csl_type_from_the_types_vocabulary():
    for record in catalogue_records():
        assert csl_item(record)["type"] in {"report", "article-journal", "book", "chapter",
                                            "paper-conference", "thesis", "dataset", "webpage"}


# Golden references ------------------------------------------------------------------------
# Each string was checked by hand against the style's published rules, named beside it.
# Titles print as recorded (exactly as published): CSL cannot sentence-case a title safely
# (proper nouns), so APA and Vancouver's sentence case is only as good as the record; for
# APA the first word of a subtitle is capitalised (see test_apa_capitalises_subtitles).

GOLDEN = {
    ("emcdda-europol-2017-drugs-and-the-darknet", "apa"):
        # APA 7, 10.4 (report by a group author): Author. (Year). Title (series). Publisher. DOI.
        # 9.11: group authors spelled out; 9.8: "&" before the last author, and no comma after
        # a group name (APA's own example: "Australian Government Productivity Commission &
        # New Zealand Productivity Commission. (2012)"); 6.17: subtitle capitalised;
        # 9.34-9.35: DOI as an https://doi.org/ link, no full stop after it.
        "European Monitoring Centre for Drugs and Drug Addiction & Europol. (2017). Drugs and "
        "the darknet: Perspectives for enforcement, research and policy (EMCDDA–Europol Joint "
        "Publications). Publications Office of the European Union. "
        "https://doi.org/10.2810/783427",
    ("emcdda-europol-2017-drugs-and-the-darknet", "chicago"):
        # CMOS 18, 13.74-13.86 and 14.115: Author. Year. Title. Series. Publisher. DOI.
        # Two authors joined by "and" (no comma: neither name is inverted); 8.159 headline
        # case ("and", "for" lower case); place of publication left out in the 18th edition.
        "European Monitoring Centre for Drugs and Drug Addiction and Europol. 2017. Drugs and "
        "the Darknet: Perspectives for Enforcement, Research and Policy. EMCDDA–Europol Joint "
        "Publications. Publications Office of the European Union. "
        "https://doi.org/10.2810/783427.",
    ("emcdda-europol-2017-drugs-and-the-darknet", "harvard"):
        # Cite Them Right (reports): Organisation (Year) Title. Place: Publisher. Available at:
        # DOI. Two authors joined by "and"; no "(Accessed: ...)" after a DOI.
        "European Monitoring Centre for Drugs and Drug Addiction and Europol (2017) Drugs and "
        "the darknet: perspectives for enforcement, research and policy. Luxembourg: "
        "Publications Office of the European Union. Available at: "
        "https://doi.org/10.2810/783427.",
    ("emcdda-europol-2017-drugs-and-the-darknet", "vancouver"):
        # Citing Medicine ch. 15 (reports) and ch. 23 (Internet): Organisations separated by
        # commas. Title [Internet]. Place: Publisher; Year Mon [cited date]. (Series).
        # Available from: URL, with the DOI after it as "doi:".
        "European Monitoring Centre for Drugs and Drug Addiction, Europol. Drugs and the "
        "darknet: perspectives for enforcement, research and policy [Internet]. Luxembourg: "
        "Publications Office of the European Union; 2017 Nov [cited 2026 Nov 29]. "
        "(EMCDDA–Europol Joint publications). Available from: http://www.emcdda.europa.eu/darknet "
        "doi:10.2810/783427",
    ("barratt-2016-safer-scoring-cryptomarkets", "apa"):
        # APA 7, 10.1: Author, A. A., Author, B. B., & Author, C. C. (Year). Title. Journal,
        # volume(issue), pages. DOI. 9.8: comma before "&" after initials; 9.7: initials with
        # spaces; en dash in the page range.
        "Barratt, M. J., Ferris, J. A., & Winstock, A. R. (2016). Safer scoring? Cryptomarkets, "
        "social supply and drug market violence. International Journal of Drug Policy, 35, "
        "24–31. https://doi.org/10.1016/j.drugpo.2016.04.019",
    ("barratt-2016-safer-scoring-cryptomarkets", "chicago"):
        # CMOS 18, 13.76: first author inverted, full given names; serial comma before "and";
        # CMOS ch. 14, journal articles: "Title." in quotes with the full stop inside (6.9); volume
        # (month): pages when there is no issue; 9.64: 24–31 (under 100, all digits).
        "Barratt, Monica J., Jason A. Ferris, and Adam R. Winstock. 2016. “Safer Scoring? "
        "Cryptomarkets, Social Supply and Drug Market Violence.” International Journal of Drug "
        "Policy 35 (September): 24–31. https://doi.org/10.1016/j.drugpo.2016.04.019.",
    ("barratt-2016-safer-scoring-cryptomarkets", "harvard"):
        # Cite Them Right (journal articles): Family, Initials. (no spaces), "and" before the
        # last; 'Title' in single quotes; Journal, volume, pp. x–y. Available at: DOI.
        "Barratt, M.J., Ferris, J.A. and Winstock, A.R. (2016) ‘Safer scoring? Cryptomarkets, "
        "social supply and drug market violence’, International Journal of Drug Policy, 35, "
        "pp. 24–31. Available at: https://doi.org/10.1016/j.drugpo.2016.04.019.",
    ("barratt-2016-safer-scoring-cryptomarkets", "vancouver"):
        # Citing Medicine ch. 1: Family Initials without full stops, commas between authors;
        # Journal. Year Mon;Volume:pages (end page shortened: 24–31). The journal title is not
        # abbreviated: the record has no NLM abbreviation to give.
        "Barratt MJ, Ferris JA, Winstock AR. Safer scoring? Cryptomarkets, social supply and "
        "drug market violence. International Journal of Drug Policy. 2016 Sep;35:24–31. "
        "doi:10.1016/j.drugpo.2016.04.019",
    ("martin-2014-drugs-on-the-dark-net", "apa"):
        # APA 7, 10.2 (book): Author. (Year). Title. URL. The record names no publisher (its
        # sources do not confirm one), so APA's publisher element is absent; the title is in
        # the record's headline case.
        "Martin, J. (2014). Drugs on the Dark Net: How Cryptomarkets Are Transforming the Global "
        "Trade in Illicit Drugs. https://doi.org/10.1057/9781137399052.0001",
    ("martin-2014-drugs-on-the-dark-net", "chicago"):
        # CMOS 18, ch. 14 (books): Author. Year. Title. Series. URL (headline case, 8.159).
        "Martin, James. 2014. Drugs on the Dark Net: How Cryptomarkets Are Transforming the "
        "Global Trade in Illicit Drugs. Palgrave Pivot. "
        "https://doi.org/10.1057/9781137399052.0001.",
    ("martin-2014-drugs-on-the-dark-net", "harvard"):
        # Cite Them Right (e-books): Author (Year) Title. (Series). Available at: URL
        # (Accessed: date) - the reader's access date (GOLDEN_ACCESSED).
        "Martin, J. (2014) Drugs on the Dark Net: How Cryptomarkets Are Transforming the Global "
        "Trade in Illicit Drugs. (Palgrave Pivot). Available at: "
        "https://doi.org/10.1057/9781137399052.0001 (Accessed: 29 November 2026).",
    ("martin-2014-drugs-on-the-dark-net", "vancouver"):
        # Citing Medicine ch. 22 (books on the Internet): Author. Title [Internet]. Year
        # [cited date]. (Series). Available from: URL.
        "Martin J. Drugs on the Dark Net: How Cryptomarkets Are Transforming the Global Trade in "
        "Illicit Drugs [Internet]. 2014 [cited 2026 Nov 29]. (Palgrave Pivot). Available from: "
        "https://doi.org/10.1057/9781137399052.0001",
    ("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs", "apa"):
        # APA 7, 10.3 (chapter in an edited book): Author. (Year). Title. In E. Editor & F.
        # Editor (Eds.), Book (pp. x–y). Publisher. DOI. Editors not inverted, "&" with no
        # comma between two editors (9.8 applies to inverted names).
        "Moeller, K. (2023). Trust in Cryptomarkets for Illicit Drugs. In M. Tzanetakis & "
        "N. South (Eds.), Digital Transformations of Illicit Drug Markets: Reconfiguration and "
        "Continuity (pp. 29–43). Emerald Publishing Limited. "
        "https://doi.org/10.1108/978-1-80043-866-820231003",
    ("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs", "chicago"):
        # CMOS 18, ch. 14 (chapters): Author. Year. “Chapter.” In Book, edited by First Last and
        # First Last. Publisher. DOI. The CSL 18th-edition style leaves the chapter's page
        # range out (pandoc prints the same).
        "Moeller, Kim. 2023. “Trust in Cryptomarkets for Illicit Drugs.” In Digital "
        "Transformations of Illicit Drug Markets: Reconfiguration and Continuity, edited by "
        "Meropi Tzanetakis and Nigel South. Emerald Publishing Limited. "
        "https://doi.org/10.1108/978-1-80043-866-820231003.",
    ("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs", "harvard"):
        # Cite Them Right (chapters in edited books): Author (Year) 'Chapter', in Initials.
        # Family and Initials. Family (eds) Book. Place: Publisher, pp. x–y. Available at: DOI.
        "Moeller, K. (2023) ‘Trust in Cryptomarkets for Illicit Drugs’, in M. Tzanetakis and "
        "N. South (eds) Digital Transformations of Illicit Drug Markets: Reconfiguration and "
        "Continuity. Leeds: Emerald Publishing Limited, pp. 29–43. Available at: "
        "https://doi.org/10.1108/978-1-80043-866-820231003.",
    ("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs", "vancouver"):
        # Citing Medicine ch. 2 (parts of books): Author. Chapter. In: Editor AA, Editor BB,
        # editors. Book. Place: Publisher; Year. p. x–y. (pandoc misplaces "editors", see
        # DECIDED below.)
        "Moeller K. Trust in Cryptomarkets for Illicit Drugs. In: Tzanetakis M, South N, "
        "editors. Digital Transformations of Illicit Drug Markets: Reconfiguration and "
        "Continuity. Leeds: Emerald Publishing Limited; 2023. p. 29–43. "
        "doi:10.1108/978-1-80043-866-820231003",
    ("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess", "apa"):
        # APA 7, 9.38: a title not in English is followed by its translation in square
        # brackets (sentence case, subtitle capitalised, 6.17).
        "Dehbi, C. (2021). Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt "
        "[Darknet drug markets: The criminal business process explained] (Teil der "
        "EUCPN-Toolbox zu Partydrogen). EUCPN. "
        "https://de.scribd.com/document/691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR",
    ("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess", "chicago"):
        # CMOS 18, 14.95: the translation in brackets after the original title, which keeps
        # its own language's capitalisation (no headline case for a German title, ch. 11).
        "Dehbi, Chadia. 2021. Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt "
        "[Darknet drug markets: the criminal business process explained]. Teil der "
        "EUCPN-Toolbox zu Partydrogen. EUCPN. "
        "https://de.scribd.com/document/691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR.",
    ("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess", "harvard"):
        # Cite Them Right (reports; online): ... Place: Publisher. Available at: URL
        # (Accessed: date), the place as printed (Brüssel).
        "Dehbi, C. (2021) Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt "
        "[Darknet drug markets: the criminal business process explained]. Brüssel: EUCPN. "
        "Available at: "
        "https://de.scribd.com/document/691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR "
        "(Accessed: 29 November 2026).",
    ("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess", "vancouver"):
        # Citing Medicine ch. 15 (reports): a non-English title with its English translation in
        # square brackets; Year Mon [cited date].
        "Dehbi C. Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt [Darknet drug "
        "markets: the criminal business process explained] [Internet]. Brüssel: EUCPN; 2021 Mar "
        "[cited 2026 Nov 29]. (Teil der EUCPN-Toolbox zu Partydrogen). Available from: "
        "https://de.scribd.com/document/691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR",
    ("tzanetakis-2019-drogen-darknet-organisierte-kriminalitat", "apa"):
        # APA 7, 10.2 (edited book): Editor, A., & Editor, B. (Eds.). (Year). Title
        # [Translation]. Publisher. URL - the editors named once.
        "Tzanetakis, M., & Stöver, H. (Eds.). (2019). Drogen, Darknet und Organisierte "
        "Kriminalität: Herausforderungen für Politik, Justiz und Drogenhilfe [Drugs, darknet "
        "and organised crime: Challenges for policy, justice and drug services]. Nomos. "
        "https://polizei-newsletter.de/wordpress/?p=1233",
    ("tzanetakis-2019-drogen-darknet-organisierte-kriminalitat", "chicago"):
        # CMOS 18, ch. 14 (edited books): Family, Given, and Given Family, eds. Year. Title.
        "Tzanetakis, Meropi, and Heino Stöver, eds. 2019. Drogen, Darknet und Organisierte "
        "Kriminalität: Herausforderungen für Politik, Justiz und Drogenhilfe [Drugs, darknet and "
        "organised crime: challenges for policy, justice and drug services]. Nomos. "
        "https://polizei-newsletter.de/wordpress/?p=1233.",
    ("martin-2014-lost-on-the-silk-road", "chicago"):
        # CMOS 18, 6.9 and 6.11: full stops go inside both closing quotation marks; a quotation
        # inside a quoted title takes single marks; 8.159 headline case inside the quotes.
        "Martin, James. 2014. “Lost on the Silk Road: Online Drug Distribution and the "
        "‘Cryptomarket.’” Criminology & Criminal Justice 14 (3): 351–67. "
        "https://doi.org/10.1177/1748895813505234.",
    ("martin-2014-lost-on-the-silk-road", "harvard"):
        # Cite Them Right (British usage): single quotation marks outside, double inside,
        # punctuation outside the marks.
        "Martin, J. (2014) ‘Lost on the Silk Road: Online drug distribution and the "
        "“cryptomarket”’, Criminology & Criminal Justice, 14(3), pp. 351–367. Available at: "
        "https://doi.org/10.1177/1748895813505234.",
}


# The day a reader accessed the works, for the golden references (a reader's date, given to
# format_reference; the records' own `reviewed` dates are never an access date).
GOLDEN_ACCESSED = date(2026, 11, 29)


@pytest.mark.parametrize(("record_id", "style"), list(GOLDEN), ids=lambda value: value)
def test_golden_reference(record_id, style):
    assert format_reference(golden(record_id), style, accessed=GOLDEN_ACCESSED) == GOLDEN[record_id, style]


@pytest.mark.parametrize(("record_id", "style"), list(GOLDEN), ids=lambda value: value)
def test_without_a_reader_date_a_reference_claims_no_access(record_id, style):
    """Issue 14: the catalogue's review date was printed as the reader's access date."""
    record = golden(record_id)
    reference = format_reference(record, style)
    for claim in ("Accessed", "[cited", record.reviewed.long_form, "2026 Nov 29"):
        assert claim not in reference
    # Exactly the golden reference with its access-date clause taken out.
    assert reference == GOLDEN[record_id, style].replace(
        access_clause(style, GOLDEN_ACCESSED), "")


def test_access_date_clause_is_the_styles_own():
    assert access_clause("harvard", date(2026, 9, 5)) == " (Accessed: 5 September 2026)"
    assert access_clause("vancouver", date(2026, 9, 5)) == " [cited 2026 Sep 5]"
    assert access_clause("apa", date(2026, 9, 5)) == access_clause("chicago", date(2026, 9, 5)) == ""


@pytest.mark.parametrize("style", ["harvard", "vancouver"])
@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 5, 9), date(2027, 9, 30),
                                 date(2028, 12, 31)])
def test_page_script_templates_give_the_styles_clause(style, day):
    """The templates the record page fills in at copy time give what the engine gives."""
    templates = access_clause_templates(style)
    assert len(templates) == 12
    assert fill_access_template(templates, day) == access_clause(style, day)


def test_split_at_access_date_puts_the_clause_where_the_style_does():
    record = golden("martin-2014-drugs-on-the-dark-net")
    before, after = split_at_access_date(record, "harvard", "text")
    assert before + access_clause("harvard", GOLDEN_ACCESSED) + after == GOLDEN[
        "martin-2014-drugs-on-the-dark-net", "harvard"]
    assert split_at_access_date(record, "apa") is None
    # Cite Them Right gives no access date after a DOI of a journal article.
    assert split_at_access_date(golden("martin-2014-lost-on-the-silk-road"), "harvard") is None


GOLDEN_HTML = {
    ("emcdda-europol-2017-drugs-and-the-darknet", "apa"):
        # APA 7, 10.4: the report title in italics; the DOI a live link (9.35).
        "European Monitoring Centre for Drugs and Drug Addiction &amp; Europol. (2017). "
        "<i>Drugs and the darknet: Perspectives for enforcement, research and policy</i> "
        "(EMCDDA–Europol Joint Publications). Publications Office of the European Union. "
        '<a href="https://doi.org/10.2810/783427">https://doi.org/10.2810/783427</a>',
    ("barratt-2016-safer-scoring-cryptomarkets", "apa"):
        # APA 7, 9.25-9.26: journal name and volume in italics, the article title not.
        "Barratt, M. J., Ferris, J. A., &amp; Winstock, A. R. (2016). Safer scoring? "
        "Cryptomarkets, social supply and drug market violence. <i>International Journal of "
        "Drug Policy</i>, <i>35</i>, 24–31. <a href=\"https://doi.org/10.1016/j.drugpo.2016.04.019\">"
        "https://doi.org/10.1016/j.drugpo.2016.04.019</a>",
    ("dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess", "apa"):
        # APA 7, 9.38: the bracketed translation is not italicised.
        "Dehbi, C. (2021). <i>Darknet-Drogenmärkte. Der kriminelle Geschäftsprozess erklärt</i> "
        "[Darknet drug markets: The criminal business process explained] (Teil der "
        "EUCPN-Toolbox zu Partydrogen). EUCPN. <a href=\"https://de.scribd.com/document/"
        "691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR\">https://de.scribd.com/"
        "document/691144630/Toolbox-Darknet-drug-markets-The-process-DE-LR</a>",
    ("barratt-2016-safer-scoring-cryptomarkets", "vancouver"):
        # Citing Medicine prints "doi:10..."; the link still goes to https://doi.org/.
        "Barratt MJ, Ferris JA, Winstock AR. Safer scoring? Cryptomarkets, social supply and "
        "drug market violence. International Journal of Drug Policy. 2016 Sep;35:24–31. "
        "doi:<a href=\"https://doi.org/10.1016/j.drugpo.2016.04.019\">"
        "10.1016/j.drugpo.2016.04.019</a>",
    ("martin-2014-lost-on-the-silk-road", "harvard"):
        # Cite Them Right: the journal title in italics, "et al." rules not involved.
        "Martin, J. (2014) ‘Lost on the Silk Road: Online drug distribution and the "
        "“cryptomarket”’, <i>Criminology &amp; Criminal Justice</i>, 14(3), pp. 351–367. "
        "Available at: <a href=\"https://doi.org/10.1177/1748895813505234\">"
        "https://doi.org/10.1177/1748895813505234</a>.",
}


@pytest.mark.parametrize(("record_id", "style"), list(GOLDEN_HTML), ids=lambda value: value)
def test_golden_html_reference(record_id, style):
    assert format_reference(golden(record_id), style, "html") == GOLDEN_HTML[record_id, style]


def test_golden_covers_every_style():
    assert {style for _, style in GOLDEN} == set(STYLES)


# Every record against pandoc ---------------------------------------------------------------
# Differences from pandoc 3.9 that are decided (README, "Citations and exports"). Each turns
# pandoc's output into ours exactly, and only where the rule applies; anything else fails.


def with_decided_differences(reference: str, record: Record, style: str) -> str:
    """pandoc's HTML reference with the decided differences applied."""
    result = reference
    # 1. APA and Chicago: no comma before "&"/"and" when only two names are joined and the
    #    first is not inverted (an organisation): "... Drug Addiction & Europol".
    if style in ("apa", "chicago"):
        joiner = "&amp;" if style == "apa" else "and"
        for names in (record.authors, record.editors):
            if len(names) == 2 and isinstance(names[0], Organisation):
                first = html.escape(names[0].name, quote=False)
                result = result.replace(f"{first}, {joiner} ", f"{first} {joiner} ")
    # 2. US English (en-US locale): a full stop or comma goes inside single and double closing
    #    quotes alike (CMOS 6.9); pandoc leaves it between them: ’.” -> .’”
    if STYLES[style].locale == "en-US":
        result = re.sub(r"’([.,])”", r"\1’”", result)
    # 3. Vancouver: a cs:names whose only child is cs:label prints the label after the names
    #    ("In: Tzanetakis M, South N, editors."); pandoc puts it first with no separator.
    if style == "vancouver":
        result = re.sub(r"^, editors([^.]+)\. ", r"\1, editors. ", result)
        result = re.sub(r"\bIn, editors([^.]+)\. ", r"In: \1, editors. ", result)
        result = re.sub(r"\], editors([^.]+)\. ", r"]. \1, editors. ", result)
    # 4. APA: the first word of a subtitle is capitalised (6.17).
    if style == "apa":
        quotes = ("\u201c", "\u201d", "\u2018", "\u2019")
        as_printed = fixes.to_text(fixes.finish(fixes.mark_quotes(csl_title(record)), quotes,
                                                True))
        capitalised = fixes.to_text(fixes.finish(capitalize_subtitle(
            fixes.mark_quotes(csl_title(record))), quotes, True))
        changed = [index for index, (a, b) in enumerate(zip(as_printed, capitalised, strict=True))
                   if a != b]
        if changed:  # up to the last capitalised letter: a full stop may follow inside quotes
            end = changed[-1] + 1
            result = result.replace(html.escape(as_printed[:end], quote=False),
                                    html.escape(capitalised[:end], quote=False), 1)
    # 5. HTML: the bracketed translation after an italic title is not italic (APA 9.38).
    if record.title_english:
        result = re.sub(r" (\[[^\[\]<>]*\])</i>", r"</i> \1", result, count=1)
    # 6. An article number (one `pages` value of a journal article or conference paper) is not
    #    a page: APA prints "Article e24486" (10.1, example 6), Cite Them Right the number
    #    without "p."; pandoc, given it as CSL `page`, prints it as a page.
    if record.article_number:
        number = html.escape(record.article_number, quote=False)
        if style == "apa":
            result = result.replace(f", {number}. ", f", Article {number}. ", 1)
        elif style == "harvard":
            result = result.replace(f"p. {number}", number, 1)
    # 7. Cite Them Right: no "[Preprint]" after the journal of an article with neither volume nor
    #    pages; the catalogue's journal articles are published, their volume perhaps unconfirmed.
    if style == "harvard" and record.type == "journal-article" and not record.volume \
            and not record.pages:
        before, found, after = result.rpartition(" [Preprint]")
        result = before + after if found else result
    # 8. Vancouver: a conference paper whose proceedings are not recorded prints no "In." with
    #    nothing after it (the style's group is suppressed, as CSL says for a group whose
    #    variables are all empty); pandoc prints the bare "In.".
    if style == "vancouver" and record.type == "conference-paper" and not record.published_in \
            and not record.editors:
        result = result.replace("? In. ", "? ", 1).replace(". In. ", ". ", 1)
    return result


def test_pandoc_is_version_3():
    assert pandoc_version().startswith("3."), "pandoc 3 (pypandoc-binary) is needed"


@pytest.mark.parametrize("style", list(STYLES))
def test_every_record_matches_pandoc_but_for_decided_differences(style, tmp_path):
    records = catalogue_records()
    mismatches = []
    for batch in batches_of_distinct_years(records):
        theirs = pandoc_references([csl_item(record) for record in batch], style, tmp_path)
        for record in batch:
            expected = with_decided_differences(theirs[record.id], record, style)
            ours = format_reference(record, style, "html")
            if ours != expected:
                mismatches.append(f"{record.id} (html)\n  ours:   {ours}\n  pandoc: {expected}")
            text = format_reference(record, style, "text")
            if text != html_to_text(expected):
                mismatches.append(f"{record.id} (text)\n  ours:   {text}\n  pandoc: "
                                  f"{html_to_text(expected)}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize(("record_id", "style", "pandoc_text"), [
    ("emcdda-europol-2017-drugs-and-the-darknet", "apa",
     "European Monitoring Centre for Drugs and Drug Addiction, & Europol. (2017)."),
    ("emcdda-europol-2017-drugs-and-the-darknet", "chicago",
     "European Monitoring Centre for Drugs and Drug Addiction, and Europol. 2017."),
    ("martin-2014-lost-on-the-silk-road", "chicago", "the ‘Cryptomarket’.”"),
    ("moeller-2023-trust-in-cryptomarkets-for-illicit-drugs", "vancouver",
     "In, editorsTzanetakis M, South N."),
    ("emcdda-europol-2017-drugs-and-the-darknet", "apa", "darknet: perspectives for"),
])
def test_each_decided_difference_is_real(record_id, style, pandoc_text, tmp_path):
    """pandoc really prints what the decided differences change (so none is vacuous)."""
    record = golden(record_id)
    theirs = pandoc_references([csl_item(record)], style, tmp_path)[record_id]
    assert pandoc_text in html_to_text(theirs)
    assert pandoc_text not in format_reference(record, style)


def test_a_conference_paper_without_proceedings_has_no_bare_in(tmp_path):
    """Decided difference 8, on a record like cuevas-2024 (a USENIX paper whose proceedings title
    no source showed): pandoc prints "In." before nothing; ours leaves it out."""
    record = make_record(type="conference-paper", title="Does reputation matter?",
                         published=PartialDate(2024))
    theirs = html_to_text(pandoc_references([csl_item(record)], "vancouver", tmp_path)[record.id])
    assert "matter? In. 2024." in theirs
    ours = format_reference(record, "vancouver")
    assert "In." not in ours and "Does reputation matter? 2024." in ours


@pytest.mark.parametrize(("style", "start"), [
    ("apa", "陈淑娴 & Doe, J. (2020)."), ("harvard", "陈淑娴 and Doe, J. (2020)"),
    ("vancouver", "陈淑娴, Doe J. A title."), ("chicago", "陈淑娴 and Jane Doe. 2020."),
])
def test_a_name_in_chinese_script_is_family_name_first_and_whole(style, start):
    """CSL 1.0.2 name-part order: a name in Chinese, Japanese or Korean script prints family
    name then given name, with no space, comma or initial (citeproc-py printed "陈, . 淑娴 .");
    not being inverted, it takes no comma before "&"/"and", like an organisation."""
    record = make_record(authors=[Person("陈", "淑娴"), Person("Doe", "Jane")],
                         published_in="Journal", volume="5", pages="40-48")
    assert format_reference(record, style).startswith(start)
    assert Person("陈", "淑娴").display_name == Person("陈", "淑娴").sort_name == "陈淑娴"
    assert Person("박", "웅신").display_name == "박웅신"
    assert Person("Barratt", "Monica J.").sort_name == "Barratt, Monica J."
    # The exports keep the two parts, as reference managers store them.
    assert csl_item(record)["author"][0] == {"family": "陈", "given": "淑娴"}


ARTICLE = dict(id="martin-2018-bmj", title="Effect of restricting supply", published=PartialDate(2018),
               authors=[Person("Martin", "James")], published_in="BMJ", volume="361", pages="k2270",
               doi="10.1136/bmj.k2270", url=None)


@pytest.mark.parametrize(("style", "pandoc_text", "ours"), [
    ("apa", "BMJ, 361, k2270.", "BMJ, 361, Article k2270."),
    ("harvard", "BMJ, 361, p. k2270.", "BMJ, 361, k2270."),
    ("chicago", "BMJ 361: k2270.", "BMJ 361: k2270."),
    ("vancouver", "BMJ. 2018;361:k2270.", "BMJ. 2018;361:k2270."),
])
def test_an_article_number_is_not_a_page(style, pandoc_text, ours, tmp_path):
    """Issue 14 ("pp. k2270"): each style prints an article number as its guide says, where
    pandoc (given CSL `page`) prints a page; Chicago and Citing Medicine print it in place of
    the pages, as pandoc does."""
    record = make_record(**ARTICLE)
    assert record.article_number == "k2270"
    theirs = pandoc_references([csl_item(record)], style, tmp_path)[record.id]
    assert pandoc_text in html_to_text(theirs)
    assert ours in format_reference(record, style)
    assert "p. k2270" not in format_reference(record, style)


@pytest.mark.parametrize(("record_type", "pages", "article"), [
    ("journal-article", "e24486", "e24486"), ("journal-article", "102969", "102969"),
    ("journal-article", "6", "6"), ("conference-paper", "e100", "e100"),
    ("journal-article", "S87", None), ("journal-article", "S87-S97", None),
    ("journal-article", "24-31", None), ("book-chapter", "46", None), ("report", "12", None),
])
def test_which_pages_are_an_article_number(record_type, pages, article):
    record = make_record(type=record_type, pages=pages)
    assert record.article_number == article
    apa = format_reference(record, "apa")
    assert (f"Article {pages}" in apa) == bool(article)
    assert record.pages_text == (f"article {pages}" if article else (
        f"pp. {pages.replace('-', '–')}" if "-" in pages else f"p. {pages}"))


# Engine corrections and behaviour ---------------------------------------------------------


def test_chicago_prints_full_given_names_despite_citeproc_py():
    """initialize="false": citeproc-py printed "Barratt, M. J." in Chicago."""
    text = format_reference(golden("barratt-2016-safer-scoring-cryptomarkets"), "chicago")
    assert text.startswith("Barratt, Monica J., Jason A. Ferris, and Adam R. Winstock.")


def test_punctuation_goes_inside_quotes_in_us_styles_only():
    record = make_record(title="On the “Silk Road”", published_in="Journal")
    assert "On the ‘Silk Road.’”" in format_reference(record, "chicago")
    assert "‘On the “Silk Road”’," in format_reference(record, "harvard")


@pytest.mark.parametrize(("title", "expected"), [
    ("Drugs and the darknet: perspectives for policy",
     "Drugs and the darknet: Perspectives for policy"),
    ("Safer scoring? cryptomarkets", "Safer scoring? Cryptomarkets"),
    ("Not changed: eBay and iPhones", "Not changed: eBay and iPhones"),
    ("No subtitle at all", "No subtitle at all"),
])
def test_apa_capitalises_subtitles(title, expected):
    assert capitalize_subtitle(title) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("drugs on the dark net", "Drugs on the Dark Net"),
    ("everything you wanted to know about drugs", "Everything You Wanted to Know about Drugs"),
    ("non-fentanyl opioids: a study of EU-focused buyer–seller networks",
     "Non-Fentanyl Opioids: A Study of EU-Focused Buyer–Seller Networks"),
    ("the world’s largest market on arXiv", "The World’s Largest Market on arXiv"),
    ("what it is for", "What It Is For"),
])
def test_title_case_follows_csl(text, expected):
    assert fixes.title_case(text) == expected


@pytest.mark.parametrize(("first", "last", "range_format", "expected"), [
    ("1798", "1853", "chicago-16", "853"),   # CMOS 16/17 9.64: 1496–500
    ("1798", "1853", "chicago-15", "1853"),  # 15th edition: three digits change, all four
    ("107", "108", "chicago-16", "8"),
    ("321", "328", "chicago-16", "28"),
    ("71", "72", "chicago-16", "72"),
    ("S87", "S97", "chicago-16", "97"),
    ("S87", "S97", "expanded", "S97"),
    ("111", "126", "minimal", "26"),
])
def test_page_ranges(first, last, range_format, expected):
    assert fixes.abbreviate_range(first, last, range_format) == expected


def test_html_escapes_record_text():
    record = make_record(
        title='<script>alert("x")</script> & <b>bold</b>',
        authors=[Organisation("A <i>B</i> & C")],
        url='https://example.org/?a=1&b="2"<x>')
    for style in STYLES:
        output = format_reference(record, style, "html")
        assert "<script>" not in output and "<b>" not in output and "<i>B</i>" not in output
        assert "&lt;script&gt;" in output.lower()
        tags = r'(?:[^<]|<(?:/?i|/?b|/?sup|/?sub|/a|a href="[^"<>]*")>)*'
        assert re.fullmatch(tags, output), output


def test_marker_characters_in_records_cannot_make_markup():
    record = make_record(title=f"{fixes.ITALIC}not italic{fixes.END_ITALIC}",
                         published_in="Journal")
    output = format_reference(record, "apa", "html")
    assert "not italic." in output and "<i>not italic" not in output


def test_references_are_cached_by_content():
    record = catalogue_records()[0]
    format_reference(record, "apa")
    from dnm_catalogue.citations.formatting import _format

    before = _format.cache_info().hits
    format_reference(record, "apa")
    assert _format.cache_info().hits == before + 1


def test_format_all_fills_the_cache_from_worker_processes(monkeypatch):
    from dnm_catalogue.citations import formatting as citations

    records = catalogue_records()[:30]  # 120 references: enough to start processes
    expected = {(record.id, style, output): format_reference(record, style, output)
                for record in records for style in STYLES for output in ("text", "html")}
    citations.clear_cache()
    citations.format_all(records, workers=2)
    assert len(citations._MARKED) == len(records) * len(STYLES)

    def no_rendering(*_arguments):
        raise AssertionError("format_all should have rendered this already")

    monkeypatch.setattr(citations, "_render", no_rendering)
    for record in records:
        for style in STYLES:
            for output in ("text", "html"):
                assert format_reference(record, style, output) == expected[record.id, style, output]


def test_saved_references_are_used_by_a_later_process(tmp_path, monkeypatch):
    from dnm_catalogue.citations import formatting as citations

    records = catalogue_records()[:5]
    expected = {(record.id, style): format_reference(record, style, "html")
                for record in records for style in STYLES}
    assert citations.save_cache(tmp_path / "citations.json") >= len(expected)
    citations.clear_cache()
    assert citations.load_cache(tmp_path / "citations.json") >= len(expected)

    def no_rendering(*_arguments):
        raise AssertionError("load_cache should have provided this")

    monkeypatch.setattr(citations, "_render", no_rendering)
    for (record_id, style), html_reference in expected.items():
        record = next(item for item in records if item.id == record_id)
        assert format_reference(record, style, "html") == html_reference


def test_saved_references_from_other_code_are_ignored(tmp_path):
    from dnm_catalogue.citations import formatting as citations

    path = tmp_path / "citations.json"
    path.write_text(json.dumps({"fingerprint": "other", "references": {"x": "y"}}), "utf-8")
    assert citations.load_cache(path) == 0
    assert citations.load_cache(tmp_path / "missing.json") == 0


def test_formatting_does_not_change_the_item():
    item = csl_item(golden("emcdda-europol-2017-drugs-and-the-darknet"))
    snapshot = json.dumps(item, sort_keys=True)
    format_item(item, "apa")
    assert json.dumps(item, sort_keys=True) == snapshot


def test_unknown_style_and_output_are_refused():
    record = make_record()
    with pytest.raises(UnknownStyleError, match="choose one of apa, chicago"):
        format_reference(record, "mla")
    with pytest.raises(ValueError, match="unknown output"):
        format_reference(record, "apa", "latex")


def test_version_guard_refuses_another_citeproc(monkeypatch):
    monkeypatch.setattr(citeproc, "__version__", "0.12.0")
    with pytest.raises(fixes.CiteprocVersionError, match=r"citeproc-py 0\.11\.1"):
        fixes.Style(style_path("apa"), "en-US")


def test_style_files_ship_with_their_licence():
    folder = style_path("apa").parent
    licence = (folder / "LICENSE").read_text("utf-8")
    assert "Creative Commons Attribution-ShareAlike 3.0" in licence
    for style in STYLES.values():
        text = (folder / style.file).read_text("utf-8")
        assert "creativecommons.org/licenses/by-sa/3.0" in text
        assert style.file in licence


# The cite command --------------------------------------------------------------------------


def test_cite_prints_one_reference(capsys):
    code = main(["cite", "emcdda-europol-2017-drugs-and-the-darknet", "--reports", str(REPORTS)])
    assert code == 0
    assert capsys.readouterr().out.startswith(
        "European Monitoring Centre for Drugs and Drug Addiction & Europol. (2017).")


@pytest.mark.parametrize("style", ["bibtex", "ris", "csl-json", "vancouver"])
def test_cite_in_each_format(style, capsys):
    code = main(["cite", "barratt-2016-safer-scoring-cryptomarkets", "--style", style,
                 "--reports", str(GOLDEN_RECORDS)])
    output = capsys.readouterr().out
    assert code == 0
    marker = {"bibtex": "@article{barratt-2016-safer-scoring-cryptomarkets,",
              "ris": "TY  - JOUR", "csl-json": '"id": "barratt-2016-safer-scoring-cryptomarkets"',
              "vancouver": "Barratt MJ, Ferris JA, Winstock AR."}[style]
    assert marker in output


def test_cite_html_output(capsys):
    assert main(["cite", "barratt-2016-safer-scoring-cryptomarkets", "--output", "html",
                 "--reports", str(GOLDEN_RECORDS)]) == 0
    assert "<i>International Journal of Drug Policy</i>" in capsys.readouterr().out


@pytest.mark.parametrize(("style", "today_clause"), [
    ("harvard", lambda day: f"(Accessed: {day.day} {day:%B} {day.year})"),
    ("vancouver", lambda day: f"[cited {day.year} {day:%b} {day.day}]"),
])
def test_cite_gives_the_day_the_reader_cites_never_the_review_date(style, today_clause, capsys):
    """Issue 14: `cite --style harvard` printed "(Accessed: 29 November 2026)", the record's
    `reviewed` date, as if the reader had accessed the work that day."""
    record = golden("martin-2014-drugs-on-the-dark-net")
    argv = ["cite", record.id, "--style", style, "--reports", str(GOLDEN_RECORDS)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    today = date.today()
    assert today_clause(today) in printed
    if today != record.reviewed.earliest():
        assert today_clause(record.reviewed.earliest()) not in printed
    assert main([*argv, "--accessed", "2026-01-02"]) == 0
    assert today_clause(date(2026, 1, 2)) in capsys.readouterr().out
    assert main([*argv, "--accessed", "none"]) == 0
    printed = capsys.readouterr().out
    assert "Accessed" not in printed and "cited" not in printed
    assert printed.strip() == format_reference(record, style)


def test_cite_refuses_an_access_date_in_the_future(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["cite", "martin-2014-drugs-on-the-dark-net", "--style", "harvard", "--accessed",
              "2999-01-01", "--reports", str(GOLDEN_RECORDS)])
    assert stopped.value.code == 2
    assert "in the future" in capsys.readouterr().err


def test_cite_unknown_id_suggests_the_nearest(capsys):
    code = main(["cite", "emcdda-europol-2017-darknet", "--reports", str(GOLDEN_RECORDS)])
    assert code == 2
    error = capsys.readouterr().err
    assert "no record has the id 'emcdda-europol-2017-darknet'" in error
    assert "did you mean 'emcdda-europol-2017-drugs-and-the-darknet'?" in error


def test_cite_follows_a_previous_id(tmp_path, capsys):
    source = GOLDEN_RECORDS / "barratt-2016-safer-scoring-cryptomarkets.yaml"
    text = source.read_text("utf-8").replace(
        "type: journal-article", "previous_ids: [barratt-2016-safer-scoring]\ntype: journal-article")
    (tmp_path / source.name).write_text(text, "utf-8")
    assert main(["cite", "barratt-2016-safer-scoring", "--reports", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Barratt, M. J., Ferris, J. A., & Winstock, A. R. (2016).")
    assert "is now 'barratt-2016-safer-scoring-cryptomarkets'" in captured.err


def test_cite_a_record_with_problems_shows_them(tmp_path, capsys):
    source = GOLDEN_RECORDS / "barratt-2016-safer-scoring-cryptomarkets.yaml"
    text = source.read_text("utf-8").replace("language: en", "language: english")
    (tmp_path / source.name).write_text(text, "utf-8")
    assert main(["cite", "barratt-2016-safer-scoring-cryptomarkets",
                 "--reports", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "language" in error and "fix them to cite it" in error


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet='ab1/._>"=<x doi:10.5 é', max_size=14),
       st.text(alphabet='ab1/._>"=<x doi:10.5 é', min_size=1, max_size=4))
def test_link_position_is_the_boundary_pattern(formatted, text):
    """DOIs and URLs are linked where they stand on their own: the scan gives the same place
    as the pattern (?<![\\w/>"=.])text(?![\\w/<])."""
    match = re.search(rf"(?<![\w/>\"=.]){re.escape(text)}(?![\w/<])", formatted)
    from dnm_catalogue.citations import formatting as citations

    assert citations._standalone(formatted, text) == (match.start() if match else -1)


def test_harvard_never_calls_a_journal_article_a_preprint():
    """A journal article whose volume and pages could not be confirmed is still published:
    Cite Them Right's "[Preprint]" label (for an article with neither) is left out."""
    record = make_record(published_in="Crime Science", issue="1", doi="10.5555/x")
    assert format_reference(record, "harvard") == (
        "Doe, J. (2020) ‘A title’, Crime Science, (1). Available at: https://doi.org/10.5555/x.")
    assert "<i>Crime Science</i>, (1)" in format_reference(record, "harvard", "html")
    titled = make_record(title="Why [Preprint] servers matter", published_in="Journal", volume="3")
    assert "‘Why [Preprint] servers matter’, Journal, 3." in format_reference(titled, "harvard")
