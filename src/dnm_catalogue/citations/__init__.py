"""Citations, the second stage: a Record -> its CSL-JSON item -> formatted references and exports.

  csl.py               Record -> CSL-JSON, the one citation model; the styles offered
  formatting.py        CSL-JSON -> a reference, through citeproc-py, cached
  citeproc_fixes/      the corrections to citeproc-py, by what each corrects
  references.py        a record's reference, with the reader's access date or none
  reference_fields.py  what metadata and downloads say alike (genre, abstract, address)
  exports.py           BibTeX, RIS, CSL-JSON, CSV and JSON
  cache_files.py       cache files written whole, read back only if current
  styles/              the official CSL style files (CC BY-SA 3.0)
"""
