"""The dialects the body's JSON Schema is published in, and the file name suffix of each: a module
of its own, so the command line lists them without importing what reads the files."""

from __future__ import annotations

#: The file name suffix of each generated schema, by dialect (the first is the default): draft
#: 2020-12, draft-07, and an OpenAPI 3.1 document.
SCHEMA_SUFFIXES = {"2020-12": ".schema.json", "draft-07": ".draft07.schema.json", "openapi": ".openapi.json"}

DIALECTS = tuple(SCHEMA_SUFFIXES)
