"""data dictionary: every table, view and column described in the database (PostgreSQL COMMENT ON)

The descriptions are the models' (``comment=``, table docstrings) and ``db/dictionary.py``'s for the
views, written out here as they were when this revision landed. SQLite keeps no comments: nothing to
do there (``ruralmetrics schema`` reads the same descriptions from the package).

Revision ID: e2b8f0c6a514
Revises: c41d7a2e5b90
Create Date: 2026-12-03 13:50:00

"""
from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = 'e2b8f0c6a514'
down_revision: str | Sequence[str] | None = 'c41d7a2e5b90'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# relation -> (kind, its description, {column: description})
COMMENTS: dict[str, tuple[str, str, dict[str, str]]] = {'documents': ('TABLE',
               'One loaded report file, with its original and normalized text (so ``reload`` needs no '
               'files).',
               {'id': 'row id',
                'key': "the document's key: its file's path under the loaded folder, .txt dropped (a file "
                       'given alone: its name)',
                'source_path': 'the file it was last loaded from (absolute path)',
                'sha256': "SHA-256 of the file's bytes",
                'encoding': 'the encoding the file was read in (utf-8, gb18030, big5 …)',
                'script': 'simplified or traditional: the script the report was written in',
                'title': "the report's title, where found",
                'published_on': 'the date the report gives for itself, where found',
                'source': 'the publisher named in a source line, where found',
                'original_text': 'the text as read from the file (reload derives from it, no files needed)',
                'normalized_text': 'the text the figures are found in: simplified script, half-width, pinyin '
                                   'notes and damage removed',
                'extractor_version': 'library version + fingerprint of the rule files that derived the rows; '
                                     'reload compares it',
                'loaded_at': 'when this document was last stored',
                'as_of': "the date its figures are as of (the report's date, where known)"}),
 'indicators': ('TABLE',
                'The indicator catalog, synced from the Rulebook at load time.',
                {'id': 'row id',
                 'code': 'catalog code, category.name (industry.funds_raised); other when none fits',
                 'name': "the indicator's Chinese name",
                 'category': 'program, party, industry, livelihood, poverty, infrastructure, governance or '
                             'other',
                 'counts': 'what it counts, in English',
                 'units': 'its usual units, space-separated (a hint, not a limit)'}),
 'regions': ('TABLE',
             "An administrative place; ``path`` (names from the top down, '/'-joined) is its natural key.",
             {'id': 'row id',
              'parent_id': 'the place it lies in (null for a province or a place of unknown parent)',
              'name': 'the official name where the gazetteer knows the place (微山县), else the name as written',
              'level': 'province, city, county, town or village',
              'code': 'official administrative division code, where known',
              'resolved': 'true when the place was found in the gazetteer; false: level from its suffix, '
                          'parent from context',
              'path': 'names from the province down, joined by / (the natural key)',
              'province': 'the province it lies in (or is)',
              'city': 'the city it lies in (or is)',
              'county': 'the county or district it lies in (or is)',
              'town': 'the town or street it lies in (or is)',
              'village': 'the village or community it is',
              'county_code': 'the official code of its county'}),
 'units': ('TABLE',
           'Canonical units, synced from the Rulebook at load time.',
           {'id': 'row id',
            'name': 'the canonical unit (元, 亩, 人, 户 …)',
            'dimension': 'what it measures: money, area, people, households …',
            'base_unit': 'the unit base values are given in (亩 -> 平方米), null when none',
            'base_factor': 'base value = value × base_factor'}),
 'articles': ('TABLE',
              'One article inside a document (a newspaper page can hold several).',
              {'id': 'row id',
               'document_id': 'the document it is part of',
               'ordinal': '0-based order in the document',
               'title': "the article's title, where found",
               'byline': "the article's byline (reporters, correspondents), where found",
               'char_start': "where the article starts in the document's normalized text",
               'char_end': "where the article ends in the document's normalized text"}),
 'organizations': ('TABLE',
                   'A named body that acts or is acted for: sending units, companies, cooperatives, schools, '
                   'publishers.',
                   {'id': 'row id',
                    'name': "the body's name (its fullest form)",
                    'region_id': 'the place it is in, where known'}),
 'people': ('TABLE',
            'A person; one row per (name, place): the same name in the same place across reports is one row.',
            {'id': 'row id',
             'name': "the person's name",
             'region_id': 'the place they work in, where known'}),
 'projects': ('TABLE',
              'A named undertaking a report describes as built, run or planned (凤栖湖丝瓜产业园).',
              {'id': 'row id', 'name': "the project's name", 'region_id': 'the place it is in, where known'}),
 'region_aliases': ('TABLE',
                    'Another name a report writes for an official place (微山 for 微山县, 青岛西海岸新区 for 黄岛区): the '
                    'place keeps one ``regions`` row under its official name; its written forms are listed '
                    'here.',
                    {'id': 'row id',
                     'region_id': 'the place',
                     'name': 'another name reports write for it (微山 for 微山县)'}),
 'teams': ('TABLE',
           'A work team (驻村工作队, 帮扶工作队 …); one row per (name, place) across reports.',
           {'id': 'row id',
            'name': "the team's name as the report writes it (its fullest form)",
            'region_id': 'the place the team is stationed in, where named',
            'sending_unit': 'the unit that sent the team, where named'}),
 'assignments': ('TABLE',
                 "A person's post as one document states it: the team they serve in, the unit that sent "
                 'them, the place they are stationed, and their role there (first secretary, team leader, '
                 'member).',
                 {'id': 'row id',
                  'document_id': 'the document stating the post',
                  'person_id': 'the person',
                  'team_id': 'the team they serve in, where stated',
                  'organization_id': 'the unit that sent them, where stated',
                  'region_id': 'the place they are stationed, where stated',
                  'role': 'their role there (第一书记, 队长, 队员 …)'}),
 'facts': ('TABLE',
           'One quantity a document states, with what it counts, where and whose.',
           {'id': 'row id',
            'document_id': 'the document stating it',
            'article_id': 'the article it is in',
            'ordinal': '0-based order in the document',
            'sentence': 'the normalized sentence holding the figure',
            'surface': 'the quantity as written in the normalized text (290余名)',
            'char_start': "where surface starts in the document's normalized text",
            'char_end': 'where surface ends',
            'value': 'magnitude with 万/亿 folded in, in the stated unit (3.31亿元 -> 331000000)',
            'value_max': 'upper bound of a range (5至10个 -> value 5, value_max 10), else null',
            'qualifier': 'exact, at_least (余, 多, 以上), at_most (不足, 以内) or approx (约, 左右)',
            'unit_id': 'the canonical unit',
            'base_value': "the value in the unit's base unit, where one exists",
            'base_unit': 'the base unit of base_value',
            'subject': 'what is counted (发展党员)',
            'indicator_id': 'what the figure counts, from the catalog',
            'region_id': 'the most specific place the figure is about',
            'team_id': 'the work team it is credited to',
            'person_id': 'the cadre it is credited to',
            'project_id': 'the project it belongs to',
            'period_text': 'the time phrase it is stated for (两年来), null if none',
            'repeat_of': 'the first fact of this document stating the same figure (same value, unit, '
                         'indicator, place); null otherwise'}),
 'mentions': ('TABLE',
              'An entity a document names, with its role there: one row per (document, entity, role).',
              {'id': 'row id',
               'document_id': 'the document naming it',
               'entity_type': 'person, team, region, project or organization',
               'person_id': 'the person, for entity_type person',
               'team_id': 'the team, for entity_type team',
               'organization_id': 'the organization, for entity_type organization',
               'project_id': 'the project, for entity_type project',
               'place_id': 'the place, for entity_type region',
               'role': 'for people: their role in this document (第一书记, 队长, 记者 …)',
               'region_id': 'the place the entity belongs to, where known',
               'name': "the name as this document writes it where it differs from the row's (a place's short "
                       'form or alias)',
               'char_start': 'where the first mention starts in the normalized text',
               'char_end': 'where the first mention ends'}),
 'fact_details': ('VIEW',
                  'One row per figure a report states: its value and unit, what it counts, where, whose, and '
                  'the sentence it comes from.',
                  {'fact_id': "the fact's row id (facts.id)",
                   'document_key': "the document's key: its file's path under the loaded folder, .txt "
                                   'dropped',
                   'article_title': 'title of the article inside the file the fact comes from (null if none)',
                   'sentence': 'the normalized sentence holding the fact',
                   'surface': 'the quantity as written in the normalized text (290余名)',
                   'char_start': "where surface starts in the document's normalized text",
                   'char_end': "where surface ends in the document's normalized text",
                   'value': 'magnitude with 万/亿 folded in, in the stated unit (3.31亿元 -> 331000000)',
                   'unit': 'canonical unit (元, 亩, 人, 户, 个 …)',
                   'value_max': 'upper bound of a range (5至10个 -> value 5, value_max 10), else null',
                   'qualifier': 'exact, at_least (余, 多, 以上), at_most (不足, 以内) or approx (约, 左右)',
                   'base_value': 'the value in a base unit where one exists (亩 -> 平方米 at 666.67)',
                   'base_unit': 'the base unit of base_value',
                   'subject': 'what is counted (发展党员)',
                   'indicator_code': 'what the figure counts, from the indicator catalog; other when none '
                                     'fits',
                   'indicator_name': "the indicator's Chinese name",
                   'indicator_category': 'program, party, industry, livelihood, poverty, infrastructure, '
                                         'governance or other',
                   'region_name': 'the most specific place the fact is about, by its official name (null if '
                                  'none)',
                   'region_level': 'province, city, county, town or village',
                   'region_code': 'official administrative division code where known',
                   'region_path': 'names from the province down, joined by /',
                   'team_name': 'the work team the fact is credited to (null if none)',
                   'person_name': 'the cadre the fact is credited to (null if none)',
                   'project_name': 'the project the fact belongs to (null if none)',
                   'period_text': 'the time phrase the fact is stated for (两年来, 2020年以来), null if none',
                   'as_of': "the report's date, when known",
                   'repeat_of': 'for a figure the same document states again, the fact_id of its first '
                                'mention; WHERE repeat_of IS NULL sums each figure once',
                   'province': "the province of the fact's place (or the place itself)",
                   'city': "the city of the fact's place",
                   'county': "the county or district of the fact's place: money by county is a GROUP BY "
                             'county',
                   'town': "the town or street of the fact's place",
                   'village': "the village or community of the fact's place",
                   'county_code': 'the official code of that county'}),
 'entity_mentions': ('VIEW',
                     'One row per entity a document names: people with their role, teams, places, '
                     'organizations, projects.',
                     {'document_key': "the document's key",
                      'entity_type': 'person, team, region, project or organization',
                      'name': 'the name as the document writes it (simplified script)',
                      'role': 'for people: their role in that document (第一书记, 队长, 记者 …), else null',
                      'region_name': 'the place the entity belongs to, where known',
                      'entity_id': "the entity's row in its own table (one person named in two reports is "
                                   'one row there)',
                      'team_name': 'for people: the team the document says they serve in',
                      'organization_name': 'for people: the unit the document says sent them',
                      'official_name': 'for places: the official name of the regions row (微山县 where the '
                                       'report writes 微山)'}),
 'document_overview': ('VIEW',
                       'One row per loaded file: its metadata and how many articles and facts it gave.',
                       {'document_key': "the document's key",
                        'title': "the report's title, where found",
                        'published_on': 'the date the report gives for itself, where found',
                        'source': 'the publisher named in a source line, where found',
                        'script': 'simplified or traditional',
                        'article_count': 'articles found in the file',
                        'fact_count': 'facts found in the file',
                        'sha256': "SHA-256 of the file's bytes",
                        'extractor_version': 'library version + fingerprint of the rule files that derived '
                                             'its rows',
                        'loaded_at': 'when it was last stored'})}


def _quoted(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def _comment_all(describe: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for relation, (kind, about, columns) in COMMENTS.items():
        op.execute(f'COMMENT ON {kind} "{relation}" IS {_quoted(about if describe else None)}')
        for column, text in columns.items():
            op.execute(f'COMMENT ON COLUMN "{relation}"."{column}" IS {_quoted(text if describe else None)}')


def upgrade() -> None:
    """Describe every table, view and column (PostgreSQL)."""
    _comment_all(describe=True)


def downgrade() -> None:
    """Remove the descriptions (PostgreSQL)."""
    _comment_all(describe=False)
