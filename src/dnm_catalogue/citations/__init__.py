"""Citations: a Record -> its CSL-JSON item -> formatted references and exports (the second stage)."""
