"""Lint request bodies that are already in a Dask bag: ``lint_bag(bag)`` gives a bag of findings.

For pipelines that hold their bodies in Dask (read from a prompt store, produced by an earlier
step): each element is a body as a Python dict (judged as ``json`` would send it) or as a JSON
text (``str`` or ``bytes``, read as strictly as a file: duplicate keys, NaN, bad UTF-8), and each
finding is the record the JSON report writes, with the element's place: ``partition`` (the
bag's partition) and ``document`` (the element's index in it). A text's findings carry the line
and column inside the text; a dict has no text, so its ``line`` and ``column`` are null. A blank
text (a blank line of a JSONL file read with ``dask.bag.read_text``) is no document and is skipped.

Nothing is computed until the result is: the bag of findings composes with the rest of the
pipeline (``filter``, ``frequencies``, ``to_textfiles``). Rules over a whole file (unique
``custom_id``, the number of lines of a Batch file) need a file, so they are not run on a bag;
``reqspec lint --cluster`` runs them on files.

Needs the ``dask`` extra (``pip install 'reqspec[dask]'``); importing this module imports Dask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import dask.bag
from dask.delayed import delayed

from .linter.engine import LintRun, Settings
from .linter.placing import Placing
from .linter.stored import AUTO
from .reading import Document, Limits, read_bytes
from .reading.problems import not_an_object
from .report.redact import redact

__all__ = ["lint_bag"]


@dataclass(frozen=True)
class _Setup:
    settings: Settings
    name: str
    token_counter: bool


def lint_bag(bag: dask.bag.Bag, *, kind: str = AUTO, body_pointer: str = "",
             select: Iterable[str] | None = None, ignore: Iterable[str] = (), max_findings: int = 100,
             name: str = "<bag>", count_tokens: bool = True) -> dask.bag.Bag:
    """A bag of the findings of every body in ``bag`` (dicts, or JSON texts), as JSON records.

    ``kind`` is what each element is (``body``, ``batch``, ``finetune``, or ``auto``: decided per
    partition from its first element), ``body_pointer`` where the body sits inside each element;
    ``select``, ``ignore`` and ``max_findings`` as on the command line; ``name`` is the ``file``
    of each record. ``count_tokens=False`` skips the warnings that need a tokenizer.
    """
    if not isinstance(bag, dask.bag.Bag):
        raise TypeError(f"lint_bag takes a dask.bag.Bag, not {type(bag).__name__}")
    from .linter import stored

    kind = stored.parse_kind(kind)
    body_pointer = stored.parse_pointer(body_pointer)
    from . import _validator

    if kind != AUTO and kind not in _validator.LINT_FIRST:
        raise ValueError(f"unknown kind {kind!r}: {', '.join((AUTO, *_validator.LINT_FIRST))}")
    known = set(_validator.RULES)
    for rule in {*(select or ()), *ignore} - known:
        raise ValueError(f"unknown rule id {rule!r}")
    limits = Limits(max_problems=max_findings)
    settings = Settings(select=frozenset(select) if select is not None else None, ignore=frozenset(ignore),
                        limits=limits, max_findings=max_findings, placing=Placing(kind, body_pointer))
    setup = _Setup(settings, name, count_tokens)
    parts = cast(Any, bag).to_delayed(optimize_graph=True)
    linted = [delayed(_lint_partition, pure=True)(part, index, setup) for index, part in enumerate(parts)]
    found: dask.bag.Bag = cast(Any, dask.bag).from_delayed(linted)
    return found


def _documents(items: Iterable[Any], limits: Limits, texts: set[int]) -> Iterator[Document]:
    """Each element as a document: a text read strictly, a dict as it is, anything else refused
    as not an object. ``texts`` gets the indexes of the elements that were texts."""
    for index, item in enumerate(items):
        if isinstance(item, (str, bytes, bytearray)):
            data = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else bytes(item)
            if not data.strip():
                continue  # a blank text, as a blank line of a JSONL file, is no document
            texts.add(index)
            for doc in read_bytes(data, "json", limits):
                yield Document(index, doc.line, doc.value, doc.problems, doc._locator, doc.more)
                break
        elif isinstance(item, dict):
            yield Document(index, 1, item, [])
        else:
            yield Document(index, 1, None, [not_an_object(item, 1, 1)])


def _lint_partition(items: Iterable[Any], partition: int, setup: _Setup) -> list[dict[str, object]]:
    """The finding records of one partition (run on a worker)."""
    from . import _validator
    from .linter.cluster import _LOCK

    with _LOCK:  # the validator counts what its token checks skipped: one partition at a time per process
        if not setup.token_counter:
            _validator.set_token_counter(None)
        try:
            records = _records(items, partition, setup, _validator)
        finally:
            if not setup.token_counter:
                _validator.set_token_counter("auto")
    return records


def _records(items: Iterable[Any], partition: int, setup: _Setup, rules: Any) -> list[dict[str, object]]:
    """The records of one partition's findings: redacted as the JSON report writes them."""
    texts: set[int] = set()
    records = []
    run = LintRun([], setup.settings, rules)
    placement = setup.settings.placing.for_file(setup.name)
    # ``ranged``: whole-file rules are not run on a bag's elements (they need a file).
    for finding in run._lint_documents(setup.name, _documents(items, setup.settings.limits, texts),
                                       placement, ranged=[]):
        record = finding.as_dict()
        for key in ("file", "pointer", "message"):
            record[key] = redact(str(record[key]))
        record["partition"] = partition
        if finding.document not in texts:
            record["line"] = record["column"] = None
        records.append(record)
    return records
