"""Records -> BibTeX, RIS, CSL-JSON, CSV and JSON, for reference managers and spreadsheets.

Every format is written here by hand rather than through a library writer: pybtex leaves
`$ ^ \\ { }` unescaped, bibtexparser writes values verbatim and rispy adds a counter line
pandoc rejects. The tests read every export back with pybtex, bibtexparser, rispy and pandoc.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

from ..records import vocabularies as vocab
from ..records.model import FIELDS, Finding, Name, Organisation, PartialDate, Period, Person, Record
from .csl import csl_item
from .reference_fields import exported_genre, is_doctoral, is_edited_volume, summary_abstract, work_url

FORMATS = ("bibtex", "ris", "csl-json", "csv", "json")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def export(records: Iterable[Record], format_name: str) -> str:
    """Records in one of FORMATS."""
    writers = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json, "csv": to_csv,
               "json": to_json}
    try:
        writer = writers[format_name]
    except KeyError:
        raise ValueError(f"unknown export format '{format_name}'; choose one of "
                         f"{', '.join(FORMATS)}") from None
    return writer(records)


def _type_key(record: Record, key: str, default: str) -> str:
    types = vocab.vocabulary("types")
    return str(types[record.type].extra.get(key, default)) if record.type in types else default


# BibTeX -------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))


def bibtex_escape(text: str) -> str:
    """TeX's special characters escaped; other characters, accents included, stay as UTF-8."""
    escaped = _LATEX_SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group()], text)
    if not _balanced(text):
        # BibTeX counts \{ as a brace too, so a lone one would end the entry early; spelt out,
        # the file stays readable (LaTeX prints the brace, some converters drop it).
        escaped = escaped.replace(r"\{", r"\textbraceleft{}").replace(r"\}", r"\textbraceright{}")
    return escaped


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _protected(text: str) -> str:
    """Escaped and braced as a whole: titles are recorded exactly as published, so BibTeX
    styles (and pandoc, which sentence-cases English BibTeX titles) must not change case."""
    return "{" + bibtex_escape(curly_quotes(text)) + "}"


_OPENS_AFTER = r"(^|[\s(\[\u2014\u2013/-])"


def curly_quotes(text: str) -> str:
    """Straight quotation marks as typographic ones: TeX prints ' and " as closing marks."""
    text = re.sub(_OPENS_AFTER + r"'(?=[^\s\d])", "\\1\u2018", text).replace("'", "\u2019")
    return re.sub(_OPENS_AFTER + r'"(?=\S)', "\\1\u201c", text).replace('"', "\u201d")


_NAME_SPLITTERS = re.compile(r"\sand\s|,", re.IGNORECASE)


def _name_part(text: str) -> str:
    """A part of a person's name, braced where BibTeX would split it: at ' and ' (between two
    names) or at a comma (between family and given)."""
    escaped = bibtex_escape(text)
    return "{" + escaped + "}" if _NAME_SPLITTERS.search(text) else escaped


def bibtex_name(name: Name) -> str:
    """'Family, Given' for persons; an organisation whole in braces, never split."""
    if isinstance(name, Organisation):
        return "{" + bibtex_escape(name.name) + "}"
    family = _name_part(name.family)
    if name.given:
        return f"{family}, {_name_part(name.given)}"
    # Without a comma BibTeX would read "El Presidente" as given "El", family "Presidente".
    return "{" + family + "}" if " " in family and not family.startswith("{") else family


def _verbatim(text: str) -> str:
    """URLs and DOIs stay as they are (biblatex reads them verbatim); braces are encoded."""
    return text.replace("{", "%7B").replace("}", "%7D")


def bibtex_entry_type(record: Record) -> str:
    """The entry type: from types.yaml, and for a thesis from its genre (a bachelor's or master's
    thesis is a @mastersthesis whose `type` says which; one of unknown degree a @thesis)."""
    if record.type == "thesis":
        if is_doctoral(record):
            return "phdthesis"
        return "mastersthesis" if record.genre else "thesis"
    return _type_key(record, "bibtex", "misc")


_CONTAINER_FIELDS = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle",
                     "online": "journaltitle"}
_PUBLISHER_FIELDS = {"techreport": "institution", "phdthesis": "school", "mastersthesis": "school",
                     "thesis": "institution"}


def bibtex_entry(record: Record) -> str:
    """One record as a BibTeX entry keyed by its id."""
    entry_type = bibtex_entry_type(record)
    fields: list[tuple[str, str]] = []
    if not is_edited_volume(record):  # an edited @book has editors and no author
        fields.append(("author", "{" + " and ".join(bibtex_name(name) for name in record.authors)
                       + "}"))
    if record.editors:
        fields.append(("editor", "{" + " and ".join(bibtex_name(name) for name in record.editors)
                       + "}"))
    fields.append(("title", "{" + _protected(record.title) + "}"))
    if record.title_english:
        fields.append(("titleaddon", "{" + _protected(f"[{record.title_english}]") + "}"))
    if record.published_in:
        fields.append((_CONTAINER_FIELDS.get(entry_type, "howpublished"),
                       "{" + _protected(record.published_in) + "}"))
    fields.append(("year", "{" + str(record.published.year) + "}"))
    if record.published.month:
        fields.append(("month", MONTHS[record.published.month - 1]))
    fields.append(("date", "{" + str(record.published) + "}"))
    kind = exported_genre(record)
    plain = [
        ("type", kind),  # what a report or thesis is; BibTeX would otherwise print its default
        ("volume", record.volume),
        ("number", record.issue),
        # One hyphen: BibTeX styles print a range's dash themselves, and Zotero reads "--" as an
        # en dash it keeps in the page range.
        ("pages", record.pages),
        (_PUBLISHER_FIELDS.get(entry_type, "publisher"), record.publisher),
        ("address", record.place),
        ("edition", record.edition),
        ("isbn", record.isbn),
        ("language", record.language),
    ]
    fields.extend((key, "{" + bibtex_escape(curly_quotes(value)) + "}")
                  for key, value in plain if value)
    if record.series:
        fields.append(("series", "{" + _protected(record.series) + "}"))
    if record.doi:
        fields.append(("doi", "{" + _verbatim(record.doi) + "}"))
    url = work_url(record)
    if url:
        fields.append(("url", "{" + _verbatim(url) + "}"))
    if record.keywords:
        fields.append(("keywords", "{" + bibtex_escape(curly_quotes(", ".join(record.keywords)))
                       + "}"))
    fields.append(("abstract", "{" + bibtex_escape(curly_quotes(summary_abstract(record))) + "}"))
    body = ",\n".join(f"  {key} = {value}" for key, value in fields)
    return f"@{entry_type}{{{record.id},\n{body},\n}}\n"


def to_bibtex(records: Iterable[Record]) -> str:
    """A BibTeX file (UTF-8), one entry per record."""
    return "\n".join(bibtex_entry(record) for record in records)


# RIS ----------------------------------------------------------------------------------------


def ris_name(name: Name) -> str:
    """'Family, Given'; an organisation (or a one-part name) ends in a comma, which RIS readers
    (pandoc, Zotero) take as a family name with no given name, so it is never split."""
    if isinstance(name, Organisation):
        return f"{name.name},"
    return f"{name.family}, {name.given}" if name.given else f"{name.family},"


def _ris_date(date: PartialDate) -> str:
    parts = [f"{date.year:04d}", f"{date.month:02d}" if date.month else "",
             f"{date.day:02d}" if date.day else ""]
    return "/".join(parts) + "/"


# Tags that Zotero's RIS reader and the RIS specification agree on: a book's editors are A3
# (A2 is its series editor), a report's or book's series is T2 (T3 for parts of a book or
# proceedings), a conference paper's proceedings title is C3 (T2 is the conference's name).
_EDITOR_TAGS = {"BOOK": "A3", "CHAP": "A2", "CPAPER": "A2", "JOUR": "A2"}
_SERIES_TAGS = {"BOOK": "T2", "RPRT": "T2"}
_CONTAINER_TAGS = {"JOUR": "T2", "CHAP": "T2", "ELEC": "T2", "CPAPER": "C3"}


def ris_entry(record: Record) -> str:
    """One record as a RIS reference, ending in ER."""
    kind = _type_key(record, "ris", "GEN")
    lines: list[tuple[str, str]] = [("TY", kind), ("ID", record.id)]
    if not is_edited_volume(record):
        lines.extend(("AU", ris_name(name)) for name in record.authors)
    lines.extend((_EDITOR_TAGS.get(kind, "ED"), ris_name(name)) for name in record.editors)
    lines.append(("TI", record.title))
    if record.title_english:
        lines.append(("TT", record.title_english))
    if record.published_in and kind in _CONTAINER_TAGS:
        lines.append((_CONTAINER_TAGS[kind], record.published_in))
    if record.series:
        lines.append((_SERIES_TAGS.get(kind, "T3"), record.series))
    lines.extend([("PY", f"{record.published.year:04d}"), ("DA", _ris_date(record.published))])
    if record.pages:
        start, end = record.page_range
        lines.append(("SP", start))
        if end:
            lines.append(("EP", end))
    # SN is a report's number (RIS and Zotero alike), so a report's ISBN has no tag.
    number_tag = "SN" if kind == "RPRT" else "IS"
    isbn = None if kind == "RPRT" else record.isbn
    optional = [("VL", record.volume), (number_tag, record.issue), ("ET", record.edition),
                ("M3", exported_genre(record)), ("PB", record.publisher),
                ("C1" if kind == "CPAPER" else "CY", record.place), ("DO", record.doi),
                ("SN", isbn), ("UR", work_url(record)), ("LA", record.language)]
    lines.extend((tag, value) for tag, value in optional if value)
    lines.extend(("KW", keyword) for keyword in record.keywords)
    lines.append(("AB", summary_abstract(record)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\n" for tag, value in lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_ris(records: Iterable[Record]) -> str:
    """A RIS file (UTF-8), one reference per record, separated by blank lines."""
    return "\n".join(ris_entry(record) for record in records)


# CSL-JSON, JSON, CSV ------------------------------------------------------------------------


def csl_json_item(record: Record) -> dict:
    """The record's CSL-JSON item as downloaded: the citation model (citations.csl_item) as
    reference managers read it. The title is the original alone (CSL has no variable for its
    translation), a particle stays in the family name (Zotero drops `non-dropping-particle`;
    citeproc-js finds it there), the abstract is the labelled summary on one line, the URL is
    the work's, and only a genre Zotero keeps is given."""
    item = csl_item(record)
    item["title"] = record.title
    for role, names in (("author", record.authors), ("editor", record.editors)):
        if role in item:
            item[role] = [_csl_export_name(name) for name in names]
    item["abstract"] = summary_abstract(record)
    url = work_url(record)
    if url:
        item["URL"] = url
    kind = exported_genre(record)
    if kind:
        item["genre"] = kind
    else:
        item.pop("genre", None)
    return item


def _csl_export_name(name: Name) -> dict[str, str]:
    if isinstance(name, Organisation):
        return {"literal": name.name}
    return {"family": name.family, **({"given": name.given} if name.given else {})}


def to_csl_json(records: Iterable[Record]) -> str:
    """A CSL-JSON array (what Zotero, pandoc and citeproc engines read)."""
    return json.dumps([csl_json_item(record) for record in records], indent=2,
                      ensure_ascii=False) + "\n"


def to_json(records: Iterable[Record]) -> str:
    """Every field of every record, as `dnm-catalogue list --format json` gives it."""
    return json.dumps([record.to_dict() for record in records], indent=2, ensure_ascii=False) + "\n"


LIST_SEPARATOR = "; "


def csv_value(value) -> str:
    """One field as CSV text: lists joined with '; ', names 'Family, Given'."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_value(item) for item in value)
    if isinstance(value, Person):
        return value.sort_name
    if isinstance(value, Organisation):
        return value.name
    if isinstance(value, Finding):
        locator = value.locator.replace("\u00a0", " ")  # a CSV cell is plain text
        return f"{value.text} ({locator})" if locator else value.text
    if isinstance(value, Period):
        return f"{value.start}-{value.end}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading
    apostrophe (OWASP's CSV injection advice; Excel and LibreOffice hide it)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(record: Record) -> str:
    """One record as a CSV line, one column per field of the record format."""
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(
        [spreadsheet_cell(csv_value(getattr(record, spec.name))) for spec in FIELDS])
    return row.getvalue()


def csv_header() -> str:
    """The CSV header line: the field names of the record format."""
    return ",".join(spec.name for spec in FIELDS) + "\n"  # plain words: nothing to quote


def to_csv(records: Iterable[Record]) -> str:
    """One row per record, one column per field of the record format."""
    return csv_header() + "".join(csv_row(record) for record in records)
