"""Site, the third stage: records and their references -> the pages, downloads and data files
of the site, and the MkDocs build around them.

  generator.py     PageGenerator: what every page shares, one method per page kind
  pages/           one module per page kind (home, record, facet pages, browse, ...)
  links.py         site paths and the links between them
  facets.py        which records each facet page lists
  charts.py        chart geometry, drawn by the templates as SVG
  browse_data.py   the browser's data files
  fragments.py     a record's share of the whole-catalogue files
  metadata.py      meta tags and JSON-LD of a record page
  search_index.py  the site search's index files
  history.py       what changed and when, from git
  feed.py          the Atom feed
  corrections.py   where readers send a correction
  output.py        one generated file
  page_cache.py    generated files kept between builds
  plugin.py        the MkDocs plugin (`dnm-catalogue` in mkdocs.yml)
  build.py         validate, build into a temporary folder, swap on success
  folder.py        which folders a build may replace, and the atomic swap
  serve.py         the live-reload server
  progress.py      the progress line on a terminal
"""
