"""The library API: read -> normalize -> segment -> extract -> resolve -> load.

``derive`` turns one SourceFile into an Extraction without touching the database;
``load_paths`` and ``reload_documents`` (the CLI's ``load`` and ``reload``) store them.
"""

from __future__ import annotations

from . import __version__
from .extract import extract
from .extract.documents import describe_document
from .gazetteer import Gazetteer, load_gazetteer
from .normalize import normalize
from .records import Extraction, SourceFile
from .resolve import resolve
from .rulebook import Rulebook, load_rulebook
from .segment import segment


def extractor_version(rules: Rulebook) -> str:
    """Library version plus a fingerprint of the rule files: what ``reload`` compares."""
    return f"{__version__}+{rules.fingerprint[:12]}"


def derive(source: SourceFile, rules: Rulebook | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Derive every fact and entity of one report (no database)."""
    rules = rules or load_rulebook()
    gazetteer = gazetteer or load_gazetteer()
    document = normalize(source, rules)
    sentences = segment(document, rules)
    document, sentences = describe_document(document, sentences, rules)
    extracted = extract(document, sentences, rules, gazetteer)
    facts, entities = resolve(document, sentences, extracted, rules, gazetteer)
    return Extraction(document=document, sentences=sentences, facts=facts, entities=entities,
                      extractor_version=extractor_version(rules), as_of=document.published_on)
