"""Dates: a localized date joins its parts with the locale's delimiter."""

from __future__ import annotations

from citeproc import model


class Date(model.Date):
    """cs:date: a localized date joins its parts with the locale's delimiter (NLM's "2016 Sep")."""

    def render_single_date(self, date, show_parts=None, context=None):
        if not self.is_locale_date() or context is None or context is self:
            return super().render_single_date(date, show_parts, context)
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None
