"""Document → Plan: run every recogniser over a read document.

The only place that knows the order: metadata first (the plan period and
publication year decide which years are targets and which are facts), then
tables, prose, parks, projects and chains; the 责任分工 last, over the targets found.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.plan import names
from planwatch.plan.document import Document
from planwatch.plan.model import Indicator, Plan
from planwatch.plan.read import read
from planwatch.plan.recognise.chains import recognise_chains
from planwatch.plan.recognise.confidence import rate_fact, rate_indicator
from planwatch.plan.recognise.duties import recognise_duties
from planwatch.plan.recognise.indicators import recognise_indicator_tables
from planwatch.plan.recognise.loose_tables import recognise_loose_tables
from planwatch.plan.recognise.metadata import recognise_metadata
from planwatch.plan.recognise.parks import recognise_parks
from planwatch.plan.recognise.projects import recognise_projects
from planwatch.plan.recognise.prose import document_clock, recognise_prose


def extract_document(doc: Document, document_year: int | None = None) -> Plan:
    """``document_year``: the year the document was written, when the caller knows it (a web page's date);
    the text's own publication date wins over it.  It dates 今年 and decides which years are past."""
    meta = recognise_metadata(doc)
    published_year = meta.published.year if meta.published else document_year
    loose = recognise_loose_tables(doc)
    prose = recognise_prose(doc, meta.period, published_year, skip_lines=loose.lines)
    # The period the text plans for: not a five-year plan an annual report looks back on (document_clock).
    period = document_clock(doc, meta.period, published_year).period if meta.period else None
    projects, groups = recognise_projects(doc)
    name = Path(doc.path).name
    return Plan(
        title=meta.title,
        issuer=meta.issuer,
        doc_number=meta.doc_number,
        published=meta.published,
        region=meta.region,
        period=period,
        indicators=recognise_duties(
            doc,
            [
                _named(rate_indicator(item))
                for item in [*recognise_indicator_tables(doc), *loose.indicators, *prose.indicators]
            ],
        ),
        facts=[rate_fact(fact) for fact in prose.facts],
        parks=recognise_parks(doc),
        projects=projects,
        project_groups=groups,
        chains=recognise_chains(doc),
        id=name,
        file=doc.path,
        format=doc.format,
        sources=meta.sources,
        repairs=[repair for repair in doc.repairs if repair.line not in loose.lines],  # cells, not a cut number
    )


def _named(indicator: Indicator) -> Indicator:
    """The indicator with its canonical name (names.key) beside the name as written."""
    return indicator.model_copy(update={"canonical": names.key(indicator.name)})


def extract(path: Path, document_year: int | None = None) -> Plan:
    """Read a plan document of any supported format and recognise everything in it."""
    return extract_document(read(path), document_year)
