"""The site's page kinds, one module each; PageGenerator (generator.py) calls them, one
`_generate_*` method per kind, and gives them what every page shares (records, the facet index,
the templates, links, fragments).

  home.py        the home page
  record.py      a record's page and its download files
  redirects.py   a record's old addresses
  facet.py       each facet's index page and each value's page
  about.py       the about page
  downloads.py   the downloads page and the whole-catalogue files
  browse.py      the browse page and its data files
  changes.py     the changelog page and the Atom feed
  search.py      the site search index
  robots.py      robots.txt
"""
