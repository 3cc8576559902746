"""Names: initialize="false", particles, the delimiter before the last name and 'et al.', and
names printed once (a variable already printed as a substitute is not printed again)."""

from __future__ import annotations

import copy
import re

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import join

from ...records.model import family_name_first
from .namespace import tag


class Name(model.Name):
    """cs:name with `initialize="false"`, particles and the comma before the last name corrected."""

    def _inherited(self, attribute: str, default: str, context=None) -> str:
        if attribute in self.attrib:
            return self.get(attribute)
        expression = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
        parent = (context if context is not None else self).xpath_search(expression)[0]
        return parent.get(attribute, self.get_root().get(attribute, default))

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def option(name):
            return self.get_option(name, context, sort_options)

        names = item.reference.get(variable, [])
        form = option("form")
        et_al_min = option("et-al-min")
        et_al_use_first = option("et-al-use-first")
        truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
        use_last = truncate and option("et-al-use-last") and et_al_use_first <= et_al_min - 2
        if form == "count":
            return min(len(names), et_al_use_first) if truncate else len(names)
        shown = names[:et_al_use_first] + ([names[-1]] if use_last else []) if truncate else names
        initialize_with = option("initialize-with")
        initialize = self._inherited("initialize", "true", context).lower() != "false"
        sort_order = option("name-as-sort-order")
        demote = option("demote-non-dropping-particle")
        rendered: list[tuple[str, bool]] = []
        for index, name in enumerate(shown):
            inverted = sort_order == "all" or (sort_order == "first" and index == 0)
            rendered.append((self._one_name(name, form, inverted, initialize_with, initialize,
                                            option("sort-separator"), demote, context),
                             inverted and not name.get("literal") and bool(name.get("given"))
                             and not family_name_first(name.get("family"), name.get("given"))))
        texts = [text for text, _ in rendered]
        delimiter = option("delimiter")
        and_option = option("and")
        if truncate and use_last:
            ellipsis = self.unicode_character("horizontal ellipsis")
            return self.join([*texts[:-1], f"{ellipsis} {texts[-1]}"], delimiter)
        if truncate:
            et_al = self.et_al()
            if not et_al:
                return self.join(texts, delimiter)
            if _delimiter_before_et_al(option("delimiter-precedes-et-al"), rendered):
                return self.join([*texts, et_al], delimiter)
            return self.join(texts, delimiter) + " " + et_al
        if and_option is None or len(texts) < 2:
            return self.join(texts, delimiter)
        and_term = (self.get_single_term(name="and") if and_option == "text"
                    else self.preformat("&"))
        head = join(texts[:-1], delimiter)
        if _delimiter_before_last(option("delimiter-precedes-last"), rendered):
            return head + delimiter + f"{and_term} " + texts[-1]
        return head + f" {and_term} " + texts[-1]

    def _one_name(self, name, form, inverted, initialize_with, initialize, sort_separator, demote,
                  context):
        given, family, dropping, non_dropping, suffix = name.parts()
        if "literal" in name:
            return family
        if form != "short" and family_name_first(family, given):
            return family + (given or "")  # never inverted with a comma, never initialised
        if given is not None and initialize_with is not None:
            given = (self.initialize(given, initialize_with, context) if initialize
                     else _normalise_initials(given, initialize_with))
        if form == "short":
            return " ".join(part for part in (non_dropping, family) if part)
        if inverted:
            if demote in ("never", "sort-only"):
                family = " ".join(part for part in (non_dropping, family) if part)
                given = " ".join(part for part in (given, dropping) if part)
            else:
                given = " ".join(part for part in (given, dropping, non_dropping) if part)
            given, family = self._format_parts(given, family)
            return sort_separator.join(part for part in (family, given, suffix) if part)
        family = " ".join(part for part in (dropping, non_dropping, family) if part)
        given, family = self._format_parts(given, family)
        return " ".join(part for part in (given, family, suffix) if part)

    def _format_parts(self, given, family):
        for part in self.findall("cs:name-part", self.nsmap):
            given, family = part.format_part(given, family)
        return given, family


def _delimiter_before_last(setting: str, rendered: list[tuple[str, bool]]) -> bool:
    """Whether the delimiter goes before 'and' ('&') and the last name.

    The comma separates an inverted name's given part from the next name ("Barratt, M. J., &
    Aldridge, J."). After a name that is not inverted (an organisation) and with only two names
    there is nothing to separate: "... Drug Addiction & Europol", as in APA's own example
    "Australian Government Productivity Commission & New Zealand Productivity Commission" and as
    citeproc-js prints it (citeproc-py and pandoc print "..., & Europol").
    """
    penultimate_inverted = rendered[-2][1]
    if setting == "never":
        return False
    if setting == "after-inverted-name":
        return penultimate_inverted
    if setting == "always":
        return len(rendered) > 2 or penultimate_inverted
    return len(rendered) > 2


def _delimiter_before_et_al(setting: str, rendered: list[tuple[str, bool]]) -> bool:
    """Whether the delimiter goes before 'et al.'."""
    if setting == "never":
        return False
    if setting == "after-inverted-name":
        return rendered[-1][1]
    if setting == "always":
        return True
    return len(rendered) > 1


_INITIALS = re.compile(r"^(?:[^\W\d_]\.?)+$")


def _normalise_initials(given: str, mark: str) -> str:
    """initialize="false": full names stay, initials already there get the style's mark.

    CSL 1.0.2: "James T Kirk" becomes "James T. Kirk" with initialize-with=". ".
    """
    words = []
    for word in given.split():
        letters = word.replace(".", "")
        if _INITIALS.match(word) and letters.isupper() and (len(letters) == 1 or "." in word):
            words.append(mark.join(letters) + mark)
        else:
            words.append(word)
    return " ".join(" ".join(words).split())


_REPRESSED_NAMES = "names-variables"  # a key of citeproc-py's per-item `repressed` dict


class Names(model.Names):
    """cs:names: a variable already printed as a substitute is not printed again (CSL 1.0.2:
    "substituted variables are suppressed in the rest of the output"); citeproc-py did this
    for cs:text only, so an edited book named its editors twice."""

    def process(self, item, names_context=None, context=None, **kwargs):
        layout = (context if context is not None else self).get_layout()
        repressed = layout.repressed.get(_REPRESSED_NAMES, ())
        roles = self.get("variable").split()
        wanted = [role for role in roles if role not in repressed]
        if len(wanted) == len(roles) or _inside_substitute(self):
            return super().process(item, names_context, context, **kwargs)
        if not wanted:
            raise VariableError
        self.set("variable", " ".join(wanted))
        try:
            return super().process(item, names_context, context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))


class Substitute(model.Substitute):
    """cs:substitute: the first child that prints wins, and its name variables are suppressed
    in the rest of the reference (see `Names`)."""

    def render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            try:
                text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text:
                self.add_to_repressed_list(child, context)
                layout = (context if context is not None else self).get_layout()
                printed = layout.repressed.setdefault(_REPRESSED_NAMES, set())
                for names in child.iter(tag("names")):
                    printed.update(role for role in names.get("variable", "").split()
                                   if role.replace("-", "_") in item.reference)
                return text
        return None


def complete_names(root) -> None:
    """Give every cs:names the cs:name (and et-al, label) it uses, before any rendering.

    citeproc-py inserted a default cs:name, outside the CSL namespace, into each cs:names
    without one on every render; and a shorthand cs:names inside cs:substitute that is not a
    direct child (Chicago wraps some in cs:choose) did not inherit the parent's cs:name and
    cs:label, so Chicago printed "M. Tzanetakis, H. Stöver" for "Tzanetakis, Meropi, and
    Heino Stöver, eds." (CSL 1.0.2, "Substitute").
    """
    for names in root.iter(tag("names")):
        if names.find(tag("name")) is None and not _inside_substitute(names):
            names.insert(0, names.makeelement(tag("name"), {}))
    for substitute in root.iter(tag("substitute")):
        parent = substitute.getparent()
        inherited = [child for child in parent if child.tag in
                     (tag("name"), tag("et-al"), tag("label"))]
        for names in substitute.iter(tag("names")):
            if len(names) == 0:
                for child in inherited:
                    names.append(copy.deepcopy(child))


def _inside_substitute(element) -> bool:
    return any(ancestor.tag == tag("substitute") for ancestor in element.iterancestors())
