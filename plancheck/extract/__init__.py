"""Drafting a plan from its document: the section tree, read with the rule pack's vocabulary.

``extract(document, vocabulary)`` fills a plan (a dict in the shape of ``plancheck.plan.model``)
with what the document says, layer by layer. Every object it emits carries ``source`` (the
section path, e.g. ``三、(二)``) and ``quote`` (an exact slice of the document, at most about
120 characters, cut at sentence or clause punctuation); every value is the document's own
words, or a normalised form of them (``built_by``, years). What it cannot find it leaves out
and says so in the notes; what it had to infer it marks ``x-confidence: low``.

The extractor knows how plans are written (numbered sections, run-in titles such as
``智慧城管。整合……``, enumerations with 、, key-project boxes), not what a particular plan says:
the words it looks for all come from the vocabulary. Given the same document and vocabulary it
returns the same plan, in the same order.

The readers, one module each:

- ``text``: sentences, hits in them, the quote cut around a hit, run-in titles, name helpers
- ``find``: where a vocabulary ``Find`` (terms, patterns) matches in sentences
- ``context``: the document read once (section tree, sentences, sections by heading), notes
- ``evidence``: plan objects as they are built, with ``source``, ``quote`` and positions
- ``identity``: ``plan:`` (title, region, level, province, city, period, issue date …)
- ``objects``: the generic object reader (foundation, data centre, platform, channel)
- ``lists``: the generic list reader (enumerations, names, titles, sequences, fixed items)
- ``applications``: the seven categories of applications and the 专栏 key projects
- ``milestones``: the milestones and their targets
- ``safeguards``: the safeguards
- ``assemble``: the whole plan, checked against the schema, with positions and sorted notes
- ``results``: ``Extraction`` and ``Note``, what ``extract`` gives back
- ``draft``: the extracted plan written as YAML
"""

from __future__ import annotations

from plancheck.extract.assemble import assemble
from plancheck.extract.context import Context
from plancheck.extract.results import LAYER_NAMES, Extraction, Note
from plancheck.extract.text import QUOTE_MAX, key, quote_span, run_in
from plancheck.pack.vocabulary import Vocabulary
from plancheck.read.documents import Document


def extract(document: Document, vocabulary: Vocabulary, framework: str = "anhui-11171") -> Extraction:
    """A draft plan from a document. InputError when the document is not a plan."""
    from plancheck.pack.ir import pattern_budget

    with pattern_budget():  # a pattern that times out once is not run again on this document
        return assemble(Context.read(document, vocabulary, framework))


__all__ = ["LAYER_NAMES", "QUOTE_MAX", "Extraction", "Note", "extract", "key", "quote_span", "run_in"]
