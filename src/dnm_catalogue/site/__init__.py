"""Site: records and their references -> the pages, downloads and data files of the site (the third stage)."""
