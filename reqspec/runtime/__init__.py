"""The fixed part of every generated validator: what does not depend on a spec.

Validators generated inside the package import these modules; the standalone validator that
``reqspec generate --spec --out`` writes holds a copy of exactly the definitions its code uses
(found through ``ast``: see ``emit/runtime_copy.py``), so it still needs only the standard library.
Everything here is standard library only, and takes what depends on the spec (messages, phrases,
the secret pattern, the depth limit, the token counter) as one ``SpecData`` object.

Names are unique across these modules, since a standalone validator holds them side by side.
"""
