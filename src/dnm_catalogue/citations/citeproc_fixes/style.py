"""A CSL style and its locales parsed with the corrected element classes, each of them
remembering its structural look-ups (`Memoised`), and the guard against another citeproc-py."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import citeproc
from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS, model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

from .conditions import Else_If, Group, If
from .dates import Date
from .markers import MarkerFormatter
from .names import Name, Names, Substitute, complete_names
from .namespace import CSL_NAMESPACE
from .variables import Label, Number, Text

SUPPORTED_CITEPROC_VERSION = "0.11.1"


class CiteprocVersionError(RuntimeError):
    """citeproc-py is not the version these corrections were written for."""


def check_citeproc_version() -> None:
    """Refuse to run the corrections on a citeproc-py they were not written for."""
    if citeproc.__version__ != SUPPORTED_CITEPROC_VERSION:
        raise CiteprocVersionError(
            f"dnm_catalogue.citations.citeproc_fixes corrects citeproc-py {SUPPORTED_CITEPROC_VERSION}, but "
            f"citeproc-py {citeproc.__version__} is installed; pin citeproc-py=="
            f"{SUPPORTED_CITEPROC_VERSION} or re-check each correction against the new version "
            "(the pandoc comparison tests in tests/test_citations.py show what changed)")


class StyleElement(model.Style):
    """cs:style: the locale files are read with the corrected element classes too (the same
    search order as citeproc-py: in-style locales, then the locale files, then en-US)."""

    def set_locale_list(self, output_locale, validate=True):
        self.locales = []
        language = output_locale.split("-")[0]
        for in_style in (f'./cs:locale[@xml:lang="{output_locale}"]',
                         f'./cs:locale[@xml:lang="{language}"]', "./cs:locale[not(@xml:lang)]"):
            self.locales.extend(self.xpath_search(in_style)[:1])
        files = [output_locale] if output_locale in LANGUAGE_NAMES else []
        files += [PRIMARY_DIALECTS[language]] if language in PRIMARY_DIALECTS else []
        for name in dict.fromkeys([*files, "en-US"]):
            self.locales.append(_locale_file(name))
        for locale in self.locales:
            locale.style = self


def _locale_file(name: str):
    path = Path(citeproc.LOCALES_PATH) / f"locales-{name}.xml"
    if not path.exists():
        raise ValueError(f"'{name}' is not a known locale")
    return _parse(path)


_CORRECTED = {"text": Text, "label": Label, "number": Number, "date": Date, "name": Name,
              "names": Names, "substitute": Substitute, "if": If, "else-if": Else_If,
              "group": Group, "style": StyleElement}


# A style's tree never changes once loaded, so what an XPath search or calls_variable() finds
# for an element is found once. Holding the elements as keys keeps their Python proxies alive,
# so lxml hands back the same proxy each time.
_XPATH_RESULTS: dict[tuple[object, str], list] = {}
_CALLS_VARIABLE: dict[object, bool] = {}
_PLAIN: dict[object, bool] = {}
_AFFIXES: dict[object, tuple[str, str]] = {}
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class Memoised:
    """Structural look-ups remembered per element: citeproc-py spent about a third of its time
    repeating XPath searches (macros by name, the enclosing layout, inherited options)."""

    def xpath_search(self, expression):
        key = (self, expression)
        found = _XPATH_RESULTS.get(key)
        if found is None:
            found = _XPATH_RESULTS[key] = super().xpath_search(expression)
        return found

    def calls_variable(self):
        found = _CALLS_VARIABLE.get(self)
        if found is None:
            found = _CALLS_VARIABLE[self] = super().calls_variable()
        return found

    def get_formatter(self):
        return MarkerFormatter  # the only formatter these styles are used with

    def format(self, string):
        plain = _PLAIN.get(self)
        if plain is None:
            plain = _PLAIN[self] = not any(name in self.attrib for name in _FORMATTING)
        if plain:
            return str(string) if isinstance(string, int | float) else string
        return super().format(string)

    def wrap(self, string):
        affixes = _AFFIXES.get(self)
        if affixes is None:
            affixes = _AFFIXES[self] = (self.get("prefix", ""), self.get("suffix", ""))
        if affixes == ("", ""):
            return string
        return super().wrap(string)

    def get_macro(self, name):
        root = self.get_root()
        index = root.__dict__.get("macro_index")  # not getattr: the element maps it to a child
        if index is None:
            index = root.__dict__["macro_index"] = {
                macro.get("name"): macro for macro in root.findall("cs:macro", self.nsmap)}
        return index[name]


@cache
def _element_classes() -> dict[str | None, type]:
    """The class for each CSL tag: citeproc-py's, corrected where listed, all memoised."""
    classes: dict[str | None, type] = {
        None: type("Element", (Memoised, model.CitationStylesElement), {})}
    for element_class in model.CitationStylesElement.__subclasses__():
        if element_class.__module__ != model.__name__:
            continue
        tag = element_class.__name__.replace("_", "-").lower()
        base = _CORRECTED.get(tag, element_class)
        classes[tag] = type(base.__name__, (Memoised, base), {})
    return classes


def _element_lookup() -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    lookup.get_namespace(CSL_NAMESPACE).update(_element_classes())
    return lookup


def _parse(path: Path | str):
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(_element_lookup())
    return etree.parse(str(path), parser).getroot()


class Style(CitationStylesStyle):
    """A CSL style parsed with the corrected element classes (validation skipped: the shipped
    styles are the official files)."""

    def __init__(self, path: Path | str, locale: str) -> None:
        check_citeproc_version()
        self.root = _parse(path)
        self.root.set_locale_list(locale, validate=False)
        complete_names(self.root)

    def term(self, name: str) -> str:
        """A locale term in its singular long form."""
        return str(self.root.get_single_term(name))

    def quotes(self) -> tuple[str, str, str, str]:
        """Outer and inner quotation marks of the locale."""
        return (self.term("open-quote"), self.term("close-quote"),
                self.term("open-inner-quote"), self.term("close-inner-quote"))

    def punctuation_in_quote(self) -> bool:
        """The locale's punctuation-in-quote option (true for en-US, false for en-GB)."""
        return str(self.root.get_locale_option("punctuation-in-quote")).lower() == "true"
