"""Conditions and groups: cs:if and cs:else-if read their attributes once per element, and a
cs:group is suppressed by what the branch it renders calls, not by the whole cs:choose."""

from __future__ import annotations

from citeproc import model

_CONDITIONS: dict[object, tuple] = {}


class If(model.If):
    """cs:if (and cs:else-if): the same tests as citeproc-py, with the attributes read once
    per element instead of on every reference (the Chicago style has hundreds of them)."""

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self.matches(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def matches(self, item, context=None) -> bool:
        """Whether the branch's tests pass for this reference."""
        conditions = _CONDITIONS.get(self)
        if conditions is None:
            types = [name.lower() for name in self.get("type", "").split()]
            variables = [name.replace("-", "_") for name in self.get("variable", "").split()]
            others = [test for test in ("is-numeric", "is-uncertain-date", "locator", "position")
                      if test in self.attrib]
            conditions = _CONDITIONS[self] = (types, variables, others, self.get("match"))
        types, variables, others, match = conditions
        reference = item.reference
        reference_type = reference.type if types else None
        results = [name == reference_type for name in types]
        results.extend(("locator" in item) if name == "locator" else (name in reference)
                       for name in variables)
        for test in others:
            if test == "is-numeric":
                results += self._is_numeric(item)
            elif test == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif test == "locator":
                results += self._locator(item)
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)


class Else_If(If, model.Else_If):
    """cs:else-if, read the same way as cs:if."""


def _taken_branch(choose, item, context):
    """The branch of a cs:choose that renders for this reference, or None."""
    for branch in choose.iterchildren():
        if not isinstance(branch, If) or branch.matches(item, context):
            return branch
    return None


class Group(model.Group):
    """cs:group: a cs:choose counts as calling a variable only if the branch it renders does.
    citeproc-py asks the whole cs:choose, so APA printed "(Publication)" for a thesis with a
    genre and no number: the literal is in one branch, the genre variable in another, and the
    group around it, whose one variable (number) is empty, was not suppressed (CSL 1.0.2, group)."""

    def process(self, item, context=None, **kwargs):
        output = []
        called = rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            if isinstance(child, model.Choose):
                branch = _taken_branch(child, item, context)
                calls = branch is not None and branch.calls_variable()
            else:
                calls = child.calls_variable()
            called = called or calls
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if output and (rendered or not called):
            return self.join(output)
        raise model.VariableError
