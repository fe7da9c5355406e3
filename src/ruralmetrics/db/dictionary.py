"""The data dictionary of the public views: what each view and column means.

The tables' descriptions are the models' own (``comment=`` on every column, the docstring's first
paragraph on every table: ``models.py``); the views' are here, next to nothing else, because views
are SQL in migrations. Together they are the one source of ``ruralmetrics schema``, of the
PostgreSQL ``COMMENT ON`` statements (migration e2b8f0c6a514) and of ``docs/data-dictionary.md``
(``scripts/data_dictionary.py``; a test fails when it drifts).
"""

from __future__ import annotations

VIEWS: dict[str, tuple[str, dict[str, str]]] = {
    "fact_details": ("One row per figure a report states: its value and unit, what it counts, where, whose, "
                     "and the sentence it comes from.", {
        "fact_id": "the fact's row id (facts.id)",
        "document_key": "the document's key: its file's path under the loaded folder, .txt dropped",
        "article_title": "title of the article inside the file the fact comes from (null if none)",
        "sentence": "the normalized sentence holding the fact",
        "surface": "the quantity as written in the normalized text (290余名)",
        "char_start": "where surface starts in the document's normalized text",
        "char_end": "where surface ends in the document's normalized text",
        "value": "magnitude with 万/亿 folded in, in the stated unit (3.31亿元 -> 331000000)",
        "unit": "canonical unit (元, 亩, 人, 户, 个 …)",
        "value_max": "upper bound of a range (5至10个 -> value 5, value_max 10), else null",
        "qualifier": "exact, at_least (余, 多, 以上), at_most (不足, 以内) or approx (约, 左右)",
        "base_value": "the value in a base unit where one exists (亩 -> 平方米 at 666.67)",
        "base_unit": "the base unit of base_value",
        "subject": "what is counted (发展党员)",
        "indicator_code": "what the figure counts, from the indicator catalog; other when none fits",
        "indicator_name": "the indicator's Chinese name",
        "indicator_category": "program, party, industry, livelihood, poverty, infrastructure, governance or other",
        "region_name": "the most specific place the fact is about, as the report writes it (null if none); "
                       "region_path and the ancestor columns give its official names",
        "region_level": "province, city, county, town or village",
        "region_code": "official administrative division code where known",
        "region_path": "names from the province down, joined by /",
        "team_name": "the work team the fact is credited to (null if none)",
        "person_name": "the cadre the fact is credited to (null if none)",
        "project_name": "the project the fact belongs to (null if none)",
        "period_text": "the time phrase the fact is stated for (两年来, 2020年以来), null if none",
        "as_of": "the report's date, when known",
        "repeat_of": "for a figure the same document states again, the fact_id of its first mention; "
                     "WHERE repeat_of IS NULL sums each figure once",
        "province": "the province of the fact's place (or the place itself)",
        "city": "the city of the fact's place",
        "county": "the county or district of the fact's place: money by county is a GROUP BY county",
        "town": "the town or street of the fact's place",
        "village": "the village or community of the fact's place",
        "county_code": "the official code of that county",
        "same_as": "the first fact of another document stating the same figure (same value, unit, indicator "
                   "and place, dated up to a year before); WHERE repeat_of IS NULL AND same_as IS NULL counts "
                   "each figure once across reports",
    }),
    "figure_series": ("Per place and indicator, the figures of all documents, each once per document: "
                      "ORDER BY region_path, indicator_code, as_of follows an indicator over time.", {
        "region_name": "the place the figure is about, as the report writes it",
        "region_level": "province, city, county, town or village",
        "region_code": "official administrative division code where known",
        "region_path": "names from the province down, joined by /",
        "indicator_code": "what the figure counts (never other here)",
        "indicator_name": "the indicator's Chinese name",
        "as_of": "the report's date, when known",
        "period_text": "the time phrase the figure is stated for, null if none",
        "value": "the figure's value in its unit",
        "value_max": "upper bound of a range, else null",
        "unit": "canonical unit",
        "qualifier": "exact, at_least, at_most or approx",
        "subject": "what is counted",
        "document_key": "the document stating it",
        "fact_id": "the fact's row id (fact_details.fact_id)",
        "same_as": "the first fact of another document stating the same figure, null if none",
        "surface": "the quantity as written",
    }),
    "entity_mentions": ("One row per entity a document names: people with their role, teams, places, "
                        "organizations, projects.", {
        "document_key": "the document's key",
        "entity_type": "person, team, region, project or organization",
        "name": "the name as the document writes it (simplified script)",
        "role": "for people: their role in that document (第一书记, 队长, 记者 …), else null",
        "region_name": "the place the entity belongs to, where known",
        "entity_id": "the entity's row in its own table (one person named in two reports is one row there)",
        "team_name": "for people: the team the document says they serve in",
        "organization_name": "for people: the unit the document says sent them",
        "official_name": "for places: the official name of the regions row (微山县 where the report writes 微山)",
    }),
    "document_overview": ("One row per loaded file: its metadata and how many articles and facts it gave.", {
        "document_key": "the document's key",
        "title": "the report's title, where found",
        "published_on": "the date the report gives for itself, where found",
        "source": "the publisher named in a source line, where found",
        "script": "simplified or traditional",
        "article_count": "articles found in the file",
        "fact_count": "facts found in the file",
        "sha256": "SHA-256 of the file's bytes",
        "extractor_version": "library version + fingerprint of the rule files that derived its rows",
        "loaded_at": "when it was last stored",
    }),
    "document_categories": ("One row per document and indicator category: how many of the document's facts count "
                            "that category (a rollup written at load). SUM(facts) and COUNT(*) by category give "
                            "the facts and the documents.", {
        "document_key": "the document's key",
        "indicator_category": "program, party, industry, livelihood, poverty, infrastructure, governance or other",
        "facts": "the document's facts in that category (repeats included), at least 1",
    }),
    "indicator_years": ("One row per province, indicator and year: each figure once (repeat_of null), counted and "
                        "summed (a rollup written at load). Facts without a place's province are left out; year "
                        "is null for reports without a date.", {
        "province": "the province of the facts' places (fact_details.province)",
        "indicator_code": "what the figures count, from the indicator catalog",
        "year": "the year of the reports' date (fact_details.as_of), null when unknown",
        "facts": "how many figures (fact_details rows with repeat_of null)",
        "total": "the sum of their values (units as stated: filter by indicator)",
    }),
}


def view_comment(view: str) -> str | None:
    entry = VIEWS.get(view)
    return entry[0] if entry else None


def column_comment(view: str, column: str) -> str | None:
    entry = VIEWS.get(view)
    return entry[1].get(column) if entry else None
