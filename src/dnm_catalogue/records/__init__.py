"""Records: a YAML file in reports/ -> a checked, typed Record (the first stage).

load reads the YAML text (every scalar as text, with positions), the checks type each field
and collect every problem (text_checks, value_checks, validate), catalogue applies the rules
that span records, model is the record format itself; query, schema and wording read records.
"""
