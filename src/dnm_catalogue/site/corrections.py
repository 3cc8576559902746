"""Where a reader sends a correction: the record's file in the catalogue's repository, a new
issue there, or a contact address. Nothing here depends on MkDocs (the plugin passes its
options in); a link is given only when it can work, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

# How each kind of forge writes an edit link and a new-issue form. Gitea and Forgejo
# (Codeberg) take GitHub's query parameters; GitLab names its own.
_FORGES = {
    "github": ("{repo}/edit/{branch}/{path}", "{repo}/issues/new?{query}", ("title", "body")),
    "gitlab": ("{repo}/-/edit/{branch}/{path}", "{repo}/-/issues/new?{query}",
               ("issue[title]", "issue[description]")),
    "gitea": ("{repo}/_edit/{branch}/{path}", "{repo}/issues/new?{query}", ("title", "body")),
}


def forge_kind(repo_url: str) -> str | None:
    """'github', 'gitlab' or 'gitea' from the repository's host, or None when not known."""
    host = (urlsplit(repo_url).hostname or "").lower()
    if host == "github.com":
        return "github"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return "gitlab"
    if host in ("codeberg.org", "gitea.com") or host.startswith(("gitea.", "forgejo.")):
        return "gitea"
    return None


@dataclass(frozen=True)
class Corrections:
    """The ways this copy of the catalogue offers to send a correction (any may be None)."""

    repo_url: str | None = None
    repo_branch: str = "main"
    edit_url: str | None = None   # format string with {path} and {id}
    issue_url: str | None = None  # format string with {id}, {title} and {page} (URL-encoded)
    contact: str | None = None    # an e-mail address or a web page

    def __post_init__(self) -> None:
        for name in ("repo_url", "edit_url", "issue_url"):
            value = getattr(self, name)
            if value and urlsplit(value).scheme not in ("http", "https"):
                raise ValueError(f"{name} must be an http(s) address, not '{value}'")
        contact = self.contact or ""
        if contact and not (urlsplit(contact).scheme in ("http", "https")
                            or "@" in contact.removeprefix("mailto:")):
            raise ValueError(f"contact must be an e-mail address or an http(s) address, not "
                             f"'{contact}'")

    @property
    def forge(self) -> str | None:
        """The kind of forge the repository is on, if known."""
        return forge_kind(self.repo_url) if self.repo_url else None

    def edit_link(self, path: str, record_id: str) -> str | None:
        """Where the record's file is edited (a pull request on the forges named above)."""
        if self.edit_url:
            return self.edit_url.format(path=quote(path), id=record_id)
        if self.forge:
            return _FORGES[self.forge][0].format(repo=self.repo_url.rstrip("/"),
                                                 branch=quote(self.repo_branch), path=quote(path))
        return None

    def issue_link(self, record_id: str, title: str, page: str) -> str | None:
        """A new issue about the record, its title and text filled in."""
        subject = f"Correction: {record_id}"
        body = (f"Record: {title}\nPage: {page}\n\nWhat is wrong:\n\n"
                "What is right, and the public source that shows it (a link):\n")
        if self.issue_url:
            return self.issue_url.format(id=quote(record_id), title=quote(subject),
                                         page=quote(page, safe=""))
        if self.forge:
            title_key, body_key = _FORGES[self.forge][2]
            return _FORGES[self.forge][1].format(repo=self.repo_url.rstrip("/"), query=urlencode(
                {title_key: subject, body_key: body}, quote_via=quote))
        return None

    @property
    def issue_form(self) -> str | None:
        """The new-issue form itself, with nothing filled in (for the About page)."""
        link = self.issue_link("", "", "")
        return link.split("?", 1)[0] if link else None

    def contact_link(self, record_id: str = "", page: str = "") -> str | None:
        """The contact as a link: mailto: (with the record named) or the web page."""
        if not self.contact:
            return None
        if urlsplit(self.contact).scheme not in ("http", "https"):
            address = self.contact.removeprefix("mailto:")
            if not record_id:
                return f"mailto:{address}"
            query = urlencode({"subject": f"Correction: {record_id}",
                               "body": f"Page: {page}\n\nWhat is wrong, what is right, and the "
                                       "public source that shows it:\n"}, quote_via=quote)
            return f"mailto:{address}?{query}"
        return self.contact

    @property
    def configured(self) -> bool:
        """Whether any way to send a correction was configured."""
        return bool(self.repo_url or self.edit_url or self.issue_url or self.contact)
