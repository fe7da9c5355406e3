"""Rules for people, teams, organizations and projects, and the scope cues of attribution.

Reads data/roles.yaml, data/people.yaml, data/entities.yaml and data/lexicon/{surnames,team_suffixes,
org_suffixes,project_cues}.txt; used by extract/people.py, teams.py, organizations.py, projects.py,
resolve/entities.py and resolve/attribution.py.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..errors import RuleFileError
from .files import alternation, compile_pattern, read_words, read_yaml, require_keys

ROLES = "roles.yaml"
PEOPLE = "people.yaml"
_DICTIONARY_KEYS = {"cut_freq", "common_freq", "word_freq", "function_char_freq", "dotted_part_freq"}
FRAMES = "entities.yaml"
CJK = "\u4e00-\u9fff"


def _words(name: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleFileError(name, key, "expected a list of non-empty strings")
    return tuple(dict.fromkeys(value))


@dataclass(frozen=True)
class Title:
    surface: str
    kind: str
    role: str
    rank: int  # lower is preferred when one person carries several titles


@dataclass(frozen=True)
class EntityRules:
    titles: tuple[Title, ...]
    credited_kinds: frozenset[str]
    bare_role: str
    agency_role: str
    honorific_role: str
    honorifics: tuple[str, ...]
    surnames: tuple[str, ...]
    given_never: frozenset[str]
    second_never: frozenset[str]
    not_names: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    quote_closers: tuple[str, ...]
    quote_openers: tuple[str, ...]
    title_run: re.Pattern[str]
    assign_verbs: tuple[str, ...]
    assign_links: tuple[str, ...]
    appoint_verbs: tuple[str, ...]
    byline_markers: tuple[str, ...]
    byline_end_words: tuple[str, ...]
    agency_cue: str
    team_suffixes: tuple[str, ...]
    team_modifiers: tuple[str, ...]
    team_generic_left: tuple[str, ...]
    team_not_after: tuple[str, ...]
    member_titles: tuple[str, ...]
    leader_titles: tuple[str, ...]  # a qualified team word before one names the report's team (驻村工作队队长)
    org_suffixes: tuple[str, ...]
    org_not_after: tuple[str, ...]
    org_min_specific: int
    org_false_endings: tuple[str, ...]
    org_generic_word: re.Pattern[str]
    project_cues: tuple[str, ...]
    project_min_specific: int
    project_standalone: tuple[str, ...]
    place_finals: frozenset[str]
    discovery_window: int
    discovery_tags: tuple[str, ...]
    discovery_place_after: tuple[str, ...]
    left_stops: tuple[str, ...]
    generic_words: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    not_place_endings: tuple[str, ...]  # a run ending so is a kind of place, no name (市农业农村局: no 市农业农村)
    max_length: int
    pronouns: tuple[str, ...]
    anaphors: tuple[str, ...]
    summary_cues: tuple[str, ...]
    # compiled once here so extractors never compile per sentence
    title_before_name: re.Pattern[str]
    honorific_name: re.Pattern[str]
    surname_at: re.Pattern[str]
    speech_name: re.Pattern[str]
    assign_name: re.Pattern[str]
    appoint_title: re.Pattern[str]
    clause_name_appoint: re.Pattern[str]
    byline_line: re.Pattern[str]
    agency_name: re.Pattern[str]
    closing_name: re.Pattern[str]
    team_suffix: re.Pattern[str]
    team_modifier_tail: re.Pattern[str]
    team_batch: re.Pattern[str]
    team_stationed_tail: re.Pattern[str]
    team_left_stop: re.Pattern[str]
    weak_title_kinds: frozenset[str]
    credit_roles: dict[str, str]
    list_openers: frozenset[str]
    name_cut_freq: int
    common_word_freq: int
    word_freq: int
    function_char_freq: int  # a single character this common is a word of its own (她, 叫), no name's syllable
    dotted_part_freq: int  # two characters this common inside a part make it words, not a transliteration
    credit_title_end: re.Pattern[str]
    credit_title_start: re.Pattern[str]
    photo_credit: re.Pattern[str]
    credit_bracket: re.Pattern[str]
    counted_title: re.Pattern[str]
    name_as_title: re.Pattern[str]
    name_before_title: re.Pattern[str]
    profile_name: re.Pattern[str]
    aged_name: re.Pattern[str]
    copula_post: re.Pattern[str]
    post_title: re.Pattern[str]
    copula_title: re.Pattern[str]
    name_followers: frozenset[str]
    name_closers: frozenset[str]  # marks closing a name in a list or before what it says
    dotted_name_stops: frozenset[str]  # characters that end a transliterated name with ·
    team_only_titles: frozenset[str]
    source_after: re.Pattern[str]
    self_report: re.Pattern[str]
    caption_mark: re.Pattern[str]
    stock_start: re.Pattern[str]
    background_codes: frozenset[str]  # codes credited only by their own sentence, paragraph or heading
    narrator: re.Pattern[str]  # right before a name: the one telling a first-person account (我叫某某)
    lead_link: re.Pattern[str]
    team_members: re.Pattern[str]
    companion_link: re.Pattern[str]
    clause_summary: re.Pattern[str]
    leads_team: re.Pattern[str]
    sent_before: re.Pattern[str]
    sent_after_gap: re.Pattern[str]
    sent_after: re.Pattern[str]
    title_tail: re.Pattern[str]
    title_then_unknown: re.Pattern[str]
    team_counted_before: re.Pattern[str]
    team_counted_after: re.Pattern[str]
    team_unit_tail: re.Pattern[str]
    team_generic_lead: re.Pattern[str]
    org_suffix: re.Pattern[str]
    project_cue: re.Pattern[str]
    left_stop: re.Pattern[str]
    generic_word: re.Pattern[str]
    counted_left: re.Pattern[str]
    place_tail: re.Pattern[str]
    generic_subject: re.Pattern[str]
    media_title: re.Pattern[str]
    pronoun: re.Pattern[str]
    anaphor: re.Pattern[str]
    summary_start: re.Pattern[str]
    background_clause: re.Pattern[str]  # background_start on a figure's own clause: no fallback credit
    clause_marks: frozenset[str]  # marks that end a clause (where a figure's own clause starts)
    final_punctuation: re.Pattern[str]

    bodies: BodyRules | None = None  # organizations and projects: name bounds, media, kinds (below)

    def title(self, surface: str) -> Title | None:
        return self._title_index.get(surface)

    def role_rank(self, role: str | None) -> int:
        if not role:
            return 10_000
        return self._role_ranks.get(role, 5_000)

    def is_credited(self, role: str | None) -> bool:
        """Whether a person with this role may get facts credited (cadres, and people of unknown role)."""
        if not role:
            return True
        kinds = self._role_kinds.get(role)
        return not kinds or bool(kinds & self.credited_kinds)

    # lookups of the title table, built on first use
    @cached_property
    def _title_index(self) -> dict[str, Title]:
        index: dict[str, Title] = {}
        for t in self.titles:
            index.setdefault(t.surface, t)  # the first one listed, as a scan would find
        return index

    @cached_property
    def _role_ranks(self) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for t in self.titles:
            ranks[t.role] = min(ranks.get(t.role, t.rank), t.rank)
        return ranks

    @cached_property
    def _role_kinds(self) -> dict[str, frozenset[str]]:
        kinds: dict[str, set[str]] = {}
        for t in self.titles:
            kinds.setdefault(t.role, set()).add(t.kind)
        return {role: frozenset(k) for role, k in kinds.items()}

    def jieba_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        for title in self.titles:
            yield title.surface, None, "n"
        for word in (*self.team_suffixes, *self.project_cues):
            yield word, None, "n"


@dataclass(frozen=True)
class BodyRules:
    """Organization and project rules beyond suffix tables (entities.yaml organizations/projects)."""

    prefix_tags: frozenset[str]  # jieba tags of leading words that are no part of a name (v, t, p, f)
    prefix_words: frozenset[str]  # words of those classes the dictionary tags otherwise (距, 到 …)
    field_verbs: frozenset[str]  # verbs that do make names (种植, 养殖, 投资 …): never a cut
    clause_tags: frozenset[str]  # a word of these tags inside a run makes a clause, not a name
    org_level_suffixes: tuple[str, ...]  # 发改委, 残联 …: a level before them (省, 县) names the body
    org_standalone: tuple[str, ...]  # 党中央 …: a body named by its word alone
    branch_suffixes: tuple[str, ...]  # 党支部 …: a village branch followed by its title is a post
    branch_titles: tuple[str, ...]
    hard_stops: frozenset[str]  # stop words that end a name even inside a segmenter's word (和县 …)
    office_suffixes: tuple[str, ...]  # 办: ends a body's name only as a word's end after a level (县扶贫办)
    object_tags: frozenset[str]  # a one-character word of these tags right before a suffix: 上大学, 跑项目
    media_not_first: str  # 本报, 该网: a house reference, no publisher's name
    org_generic_word: re.Pattern[str]  # organization-only generic words (控股, 信用 …)
    honour: re.Pattern[str]  # 五好党支部, 先进党支部: honours, not bodies
    elliptic: re.Pattern[str]  # 、县政府 after 某县委: the same place's second body
    levels: str  # the level characters of elliptic (省市县 …)
    media: re.Pattern[str]  # a publisher's name: 某某网, 某某日报, 某某在线
    media_line: re.Pattern[str]  # a line that is only publishers' names (a site's masthead)
    media_dateline: re.Pattern[str]  # 某网讯, 某在线某频道消息, 某网某地某日电 opening a line
    media_credit: re.Pattern[str]  # 某日报记者, 某日报全媒记者 …: the publisher before a reporter
    project_generic_word: re.Pattern[str]  # project-only generic words (增收, 收益 …)
    number_unit: re.Pattern[str]  # 万元 after a figure: no part of a name
    programme: re.Pattern[str]  # 助学工程, 某某救助工程: an aid programme for people, nothing built

    def tag(self, word: str) -> str | None:
        return _dictionary_tags(self.prefix_tags | self.clause_tags | self.object_tags).get(word)


@cache
def _dictionary_tags(tags: frozenset[str]) -> dict[str, str]:
    """Part-of-speech tags of the segmenter's dictionary words (1-4 characters) for ``tags`` only."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin or not tags:
        return {}
    path = Path(spec.origin).parent / "dict.txt"
    pattern = re.compile(r"^(\S{1,4}) \d+ (" + "|".join(map(re.escape, sorted(tags))) + r")$", re.M)
    return dict(pattern.findall(path.read_text(encoding="utf-8")))


def _body_rules(orgs: dict, projects: dict, generic: tuple[str, ...]) -> BodyRules:
    org_key, project_key = "organizations", "projects"
    media = orgs.get("media") or {}
    require_keys(FRAMES, "organizations.media", media, {"suffixes", "roles", "dispatch", "not_first"},
                 {"suffixes", "roles", "dispatch"})
    suffixes = alternation(_words(FRAMES, "organizations.media.suffixes", media["suffixes"]))
    roles = alternation(_words(FRAMES, "organizations.media.roles", media["roles"]))
    dispatch = alternation(_words(FRAMES, "organizations.media.dispatch", media["dispatch"]))
    name = f"[{CJK}]{{2,10}}?(?:{suffixes})"
    left = f"(?:^|(?<=[^{CJK}]))"
    level_suffixes = _words(FRAMES, f"{org_key}.level_suffixes", orgs.get("level_suffixes") or [])
    levels = "".join(_words(FRAMES, f"{org_key}.levels", orgs.get("levels") or ["省"]))
    bodies = _words(FRAMES, f"{org_key}.elliptic_bodies", orgs.get("elliptic_bodies") or ["政府"])
    return BodyRules(
        prefix_tags=frozenset(_words(FRAMES, f"{org_key}.prefix_tags", orgs.get("prefix_tags") or [])),
        prefix_words=frozenset(_words(FRAMES, f"{org_key}.prefix_words", orgs.get("prefix_words") or [])),
        field_verbs=frozenset(_words(FRAMES, f"{org_key}.field_verbs", orgs.get("field_verbs") or [])),
        clause_tags=frozenset(_words(FRAMES, f"{org_key}.clause_tags", orgs.get("clause_tags") or [])),
        org_level_suffixes=level_suffixes,
        org_standalone=_words(FRAMES, f"{org_key}.standalone", orgs.get("standalone") or []),
        branch_suffixes=_words(FRAMES, f"{org_key}.branch_suffixes", orgs.get("branch_suffixes") or []),
        branch_titles=_words(FRAMES, f"{org_key}.branch_titles", orgs.get("branch_titles") or []),
        hard_stops=frozenset(_words(FRAMES, f"{org_key}.hard_stops", orgs.get("hard_stops") or [])),
        office_suffixes=_words(FRAMES, f"{org_key}.office_suffixes", orgs.get("office_suffixes") or []),
        object_tags=frozenset(_words(FRAMES, f"{org_key}.object_tags", orgs.get("object_tags") or [])),
        media_not_first="".join(_words(FRAMES, f"{org_key}.media.not_first", media.get("not_first") or ["本"])),
        org_generic_word=compile_pattern(FRAMES, f"{org_key}.own_generic_words", "(?:" + alternation(
            _words(FRAMES, f"{org_key}.own_generic_words", orgs.get("own_generic_words") or ["(?!)"])) + ")"),
        honour=compile_pattern(FRAMES, f"{org_key}.honour", str(orgs.get("honour") or "(?!)")),
        elliptic=compile_pattern(FRAMES, f"{org_key}.elliptic_bodies",
                                 f"[、和及与](?P<level>[{levels}])?(?P<body>{alternation(bodies)})(?!员)"),
        levels=levels,
        media=compile_pattern(FRAMES, f"{org_key}.media", name),
        media_line=compile_pattern(FRAMES, f"{org_key}.media",
                                   f"^\\s*(?P<name>{name})(?:\\s*[_|·—-]\\s*{name})*\\s*$"),
        media_dateline=compile_pattern(FRAMES, f"{org_key}.media.dispatch",
                                       f"^\\s*(?P<name>{name})(?:[(（][^)）]{{1,12}}[)）])?[{CJK}]{{0,8}}?"
                                       f"(?:\\d{{1,2}}月)?(?:\\d{{1,2}}日)?(?:{dispatch})"),
        media_credit=compile_pattern(FRAMES, f"{org_key}.media.roles",
                                     f"{left}(?P<name>{name})(?=(?:·{name})?[{CJK}]{{0,6}}?(?:{roles}))"),
        project_generic_word=compile_pattern(FRAMES, f"{project_key}.generic_words", "(?:" + alternation(
            (*generic, *_words(FRAMES, f"{project_key}.generic_words", projects.get("generic_words") or []))) + ")"),
        number_unit=compile_pattern(FRAMES, f"{project_key}.number_units",
                                    str(projects.get("number_units") or "(?!)")),
        programme=compile_pattern(FRAMES, f"{project_key}.programmes", "(?:" + alternation(
            _words(FRAMES, f"{project_key}.programmes", projects["programmes"])) + ")$"
            if projects.get("programmes") else "(?!)"),
    )


def load() -> EntityRules:
    roles = read_yaml(ROLES)
    people = read_yaml(PEOPLE)
    frames = read_yaml(FRAMES)
    require_keys(ROLES, "(top)", roles, {"kinds", "aliases", "byline", "honorifics", "credit_roles"}, {"kinds"})
    require_keys(PEOPLE, "(top)", people, {"given_name", "not_names", "speech_verbs", "quote_closers",
                                            "assignment", "byline", "place_finals", "list_openers", "dictionary",
                                            "name_followers", "name_closers", "dotted_name_stops",
                                            "quote_openers", "discovery"},
                 {"given_name"})
    require_keys(FRAMES, "(top)", frames, {"names", "teams", "projects", "organizations", "attribution"},
                 {"names", "teams", "attribution"})

    aliases = roles.get("aliases") or {}
    titles: list[Title] = []
    credited: set[str] = set()
    weak: set[str] = set()
    rank = 0
    for kind, entry in roles["kinds"].items():
        require_keys(ROLES, f"kinds.{kind}", entry, {"credited", "titles", "weak"}, {"titles"})
        if entry.get("credited"):
            credited.add(kind)
        if entry.get("weak"):
            weak.add(kind)
        for surface in _words(ROLES, f"kinds.{kind}.titles", entry["titles"]):
            titles.append(Title(surface, kind, aliases.get(surface, surface), rank))
            rank += 1
    for alias in aliases:
        if not any(t.surface == alias for t in titles):
            raise RuleFileError(ROLES, f"aliases.{alias}", "not a title of any kind")
    byline = roles.get("byline") or {}
    require_keys(ROLES, "byline", byline, {"bare_role", "agency_role"}, {"bare_role", "agency_role"})
    honor = roles.get("honorifics") or {}
    require_keys(ROLES, "honorifics", honor, {"role", "words"}, {"role", "words"})
    honorifics = _words(ROLES, "honorifics.words", honor["words"])

    surnames = read_words("lexicon/surnames.txt")
    given = people["given_name"]
    require_keys(PEOPLE, "given_name", given, {"never", "second_never"}, {"never", "second_never"})
    assign = people.get("assignment") or {}
    require_keys(PEOPLE, "assignment", assign, {"verbs", "links", "appoint"}, {"verbs", "links", "appoint"})
    pbyline = people.get("byline") or {}
    discovery = people.get("discovery") or {}
    require_keys(PEOPLE, "discovery", discovery, {"window", "tags", "place_after"}, set())
    require_keys(PEOPLE, "byline", pbyline, {"markers", "end_words", "agency_cue", "dateline_cues"},
                 {"markers", "end_words", "agency_cue"})
    credit_roles = roles.get("credit_roles") or {}
    if not isinstance(credit_roles, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                     for k, v in credit_roles.items()):
        raise RuleFileError(ROLES, "credit_roles", "expected a mapping of words to roles")
    dictionary = people.get("dictionary") or {}
    require_keys(PEOPLE, "dictionary", dictionary, _DICTIONARY_KEYS, _DICTIONARY_KEYS)
    dateline_cues = _words(PEOPLE, "byline.dateline_cues", pbyline.get("dateline_cues") or [pbyline["agency_cue"]])
    speech = _words(PEOPLE, "speech_verbs", people.get("speech_verbs") or [])
    closers = _words(PEOPLE, "quote_closers", people.get("quote_closers") or [])
    markers = _words(PEOPLE, "byline.markers", pbyline["markers"])
    end_words = _words(PEOPLE, "byline.end_words", pbyline["end_words"])

    names = frames["names"]
    require_keys(FRAMES, "names", names, {"left_stops", "generic_words", "counted_left", "max_length",
                                          "place_suffixes", "not_place_endings"}, {"left_stops", "generic_words", "counted_left"})
    teams = frames["teams"]
    require_keys(FRAMES, "teams", teams, {"modifiers", "batch", "stationed", "generic_left", "not_after",
                                          "member_titles", "leader_titles", "left_stops", "counted_before", "counted_after",
                                          "only_titles", "links",
                                          "unit_tail_drop"}, {"modifiers", "batch", "stationed"})
    links = teams.get("links") or {}
    require_keys(FRAMES, "teams.links", links, {"leads", "sent_before", "sent_after_gap", "sent_after"})
    projects = frames.get("projects") or {}
    require_keys(FRAMES, "projects", projects, {"min_specific", "standalone_cues", "generic_words", "number_units",
                                                "programmes"})
    orgs = frames.get("organizations") or {}
    require_keys(FRAMES, "organizations", orgs, {"min_specific", "not_after", "false_endings", "generic_words",
                                                 "prefix_tags", "prefix_words", "field_verbs", "clause_tags",
                                                 "level_suffixes", "levels", "standalone", "own_generic_words",
                                                 "honour", "elliptic_bodies", "media", "branch_suffixes",
                                                 "branch_titles", "hard_stops", "office_suffixes",
                                                 "object_tags"})
    attribution = frames["attribution"]
    require_keys(FRAMES, "attribution", attribution, {"pronouns", "anaphors", "summary_cues",
                                                      "generic_subject", "background_start", "source_verbs", "source_not",
                                                      "caption_mark", "stock_start", "lead_link", "team_members",
                                                      "companion_link", "self_report", "background_codes", "narrator",
                                                      "clause_marks"},
                 {"pronouns", "anaphors"})

    surname_alt = alternation(surnames)
    title_alt = alternation(t.surface for t in titles)
    media_alt = alternation(t.surface for t in titles if t.kind == "media")
    name_re = f"(?:{surname_alt})[{CJK}]{{1,2}}"
    punct = r"(?:^|(?<=[\s,，。;；:：!！?？、（(“”「」]))"
    team_suffixes = read_words("lexicon/team_suffixes.txt")
    org_suffixes = read_words("lexicon/org_suffixes.txt")
    project_cues = read_words("lexicon/project_cues.txt")
    modifiers = _words(FRAMES, "teams.modifiers", teams["modifiers"])
    batch = str(teams["batch"])
    place_suffixes = _words(FRAMES, "names.place_suffixes", names.get("place_suffixes") or [])
    count = "(?<![0-9一二两三四五六七八九十])[0-9一二两三四五六七八九十]+[名位个]"  # from a run's start: linear
    return EntityRules(
        weak_title_kinds=frozenset(weak),
        credit_roles=dict(credit_roles),
        list_openers=frozenset(_words(PEOPLE, "list_openers", people.get("list_openers") or [])),
        name_cut_freq=int(dictionary["cut_freq"]),
        common_word_freq=int(dictionary["common_freq"]),
        word_freq=int(dictionary["word_freq"]),
        function_char_freq=int(dictionary["function_char_freq"]),
        dotted_part_freq=int(dictionary["dotted_part_freq"]),
        credit_title_end=compile_pattern(ROLES, "kinds.media", f"(?:{media_alt})$"),
        credit_title_start=compile_pattern(ROLES, "credit_roles", f"^(?:(?:{media_alt})(?=[:：/]|[{CJK}])|"
                                           f"(?:{alternation(credit_roles)})(?=[:：/]))"),
        photo_credit=compile_pattern(PEOPLE, "byline.end_words",
                                     f"(?:^|(?<=[\\s。!！?？;；)）”]))(?P<name>[{CJK}]{{2,4}})[ \t\u3000]*/?"
                                     f"(?P<end>{alternation(w for w in end_words if w in credit_roles)})[ \t\u3000]*$"),
        credit_bracket=compile_pattern(PEOPLE, "byline.dateline_cues",
                                       f"(?P<cue>{alternation(dateline_cues)})?[ \t\u3000]*[(（〔【\\[]"
                                       f"(?P<inner>[^()（）〔〕【】\\[\\]\n]{{2,40}})[)）〕】\\]]"),
        counted_title=compile_pattern(ROLES, "kinds", f"(?:(?P<many>等){count}?|{count})(?P<title>{title_alt})"),
        # 写着某某某总书记的嘱托: a name right before a cadre title, opening a clause or after 的/着
        name_before_title=compile_pattern(ROLES, "kinds", f"(?:^|(?<=[\\s,，。;；:：!！?？、“”(（的着著]))(?P<name>{name_re}?)"
                                          f"(?P<title>{alternation(t.surface for t in titles if t.kind != 'media' and t.kind not in weak)})"),
        # 某某,男,1985年出生,现任某单位派驻某村第一书记: a profile, with the post it names
        profile_name=compile_pattern(ROLES, "kinds", f"(?:^|(?<=[\\s,，。;；:：!！?？“”]))(?P<name>{name_re}?)"
                                     f"(?:[,，、](?:男|女)[,，、]|(?:今年|现年)[0-9一二三四五六七八九十]{{1,3}}岁)"),
        # 76岁的某某, 有58年党龄的某某: an age written as apposition before a name
        aged_name=compile_pattern(ROLES, "kinds", f"(?:[0-9一二三四五六七八九十]{{1,3}}(?:周)?岁|党龄)的(?P<name>{name_re}?)"
                                  f"(?=[,，、]|(?:{title_alt})|[{CJK}])"),
        copula_post=compile_pattern(ROLES, "kinds", f"[,，]是[^,，。;；!！?？“”]{{0,12}}?(?P<title>{title_alt})(?=[,，。;；!！?？]|$)"),
        post_title=compile_pattern(ROLES, "kinds", f"任[^,，。;；!！?？]{{0,30}}?(?P<title>{title_alt})(?=[,，。;；!！?？、]|$)"),
        # 以某单位干部某某为组长, 某某、某某为组员: the name may follow its unit, or a list comma
        name_as_title=compile_pattern(ROLES, "kinds", f"(?:以[^,，。;；!！?？“”]{{0,16}}?|(?<=、))(?P<name>{name_re}?)"
                                      f"为(?P<title>{title_alt})"),
        title_tail=compile_pattern(ROLES, "kinds", f"(?:{title_alt})$"),
        title_run=compile_pattern(ROLES, "kinds", f"(?:[{CJK}]{{0,8}}(?:{title_alt}))?"),  # 驻村第一书记, or nothing
        # a title followed by CJK that starts with no listed surname: a rare surname, checked by the segmenter
        title_then_unknown=compile_pattern(ROLES, "kinds", f"(?P<title>{title_alt})(?!{surname_alt})(?=[{CJK}])"),
        # 某某是某单位(某公司)派驻某村的第一书记: the title a copula gives the name at a clause start
        copula_title=compile_pattern(ROLES, "kinds", f"是[^,，。;；!！?？“”]{{0,30}}?的?(?P<title>{title_alt})"
                                                     f"(?=[,，。;；!！?？]|$)"),
        companion_link=compile_pattern(FRAMES, "attribution.companion_link",
                                       str(attribution.get("companion_link") or "(?!)")),
        clause_summary=compile_pattern(FRAMES, "attribution.summary_cues",
                                       "(?:^|(?<=[,，;；:：]))[\\s\u3000]*(?:"
                                       + alternation(attribution.get("summary_cues") or ["(?!)"]) + ")"),
        team_members=compile_pattern(FRAMES, "attribution.team_members", str(attribution.get("team_members") or "(?!)")),
        lead_link=compile_pattern(FRAMES, "attribution.lead_link", str(attribution.get("lead_link") or "(?!)")),
        stock_start=compile_pattern(FRAMES, "attribution.stock_start", str(attribution.get("stock_start") or "(?!)")),
        narrator=compile_pattern(FRAMES, "attribution.narrator", str(attribution.get("narrator") or "(?!)")),
        background_codes=frozenset(_words(FRAMES, "attribution.background_codes",
                                          attribution.get("background_codes") or [])),
        caption_mark=compile_pattern(FRAMES, "attribution.caption_mark", str(attribution.get("caption_mark") or "(?!)")),
        self_report=compile_pattern(FRAMES, "attribution.self_report", str(attribution.get("self_report") or "(?!)")),
        source_after=compile_pattern(FRAMES, "attribution.source_verbs",
                                     f"(?!{alternation(_words(FRAMES, 'attribution.source_not', attribution.get('source_not') or ['(?!)']))})"
                                     f"(?:{alternation(_words(FRAMES, 'attribution.source_verbs', attribution.get('source_verbs') or ['(?!)']))})"),
        team_only_titles=frozenset(_words(FRAMES, "teams.only_titles", teams.get("only_titles") or [])),
        leads_team=compile_pattern(FRAMES, "teams.links.leads", str(links.get("leads") or "(?!)")),
        sent_before=compile_pattern(FRAMES, "teams.links.sent_before", str(links.get("sent_before") or "(?!)")),
        sent_after_gap=compile_pattern(FRAMES, "teams.links.sent_after_gap", str(links.get("sent_after_gap") or "(?!)")),
        sent_after=compile_pattern(FRAMES, "teams.links.sent_after", str(links.get("sent_after") or "(?!)")),
        name_followers=frozenset(_words(PEOPLE, "name_followers", people.get("name_followers") or [])),
        name_closers=frozenset(_words(PEOPLE, "name_closers", people.get("name_closers") or [])),
        dotted_name_stops=frozenset(_words(PEOPLE, "dotted_name_stops", people.get("dotted_name_stops") or [])),
        titles=tuple(titles),
        credited_kinds=frozenset(credited),
        bare_role=str(byline["bare_role"]),
        agency_role=str(byline["agency_role"]),
        honorific_role=str(honor["role"]),
        honorifics=honorifics,
        surnames=surnames,
        given_never=frozenset(_words(PEOPLE, "given_name.never", given["never"])),
        second_never=frozenset(_words(PEOPLE, "given_name.second_never", given["second_never"])),
        not_names=_words(PEOPLE, "not_names", people.get("not_names") or []),
        speech_verbs=speech,
        quote_closers=closers,
        quote_openers=_words(PEOPLE, "quote_openers", people.get("quote_openers") or ["“"]),
        assign_verbs=_words(PEOPLE, "assignment.verbs", assign["verbs"]),
        assign_links=_words(PEOPLE, "assignment.links", assign["links"]),
        appoint_verbs=_words(PEOPLE, "assignment.appoint", assign["appoint"]),
        byline_markers=markers,
        byline_end_words=end_words,
        agency_cue=str(pbyline["agency_cue"]),
        team_suffixes=team_suffixes,
        team_modifiers=modifiers,
        team_generic_left=_words(FRAMES, "teams.generic_left", teams.get("generic_left") or []),
        team_not_after=_words(FRAMES, "teams.not_after", teams.get("not_after") or []),
        member_titles=_words(FRAMES, "teams.member_titles", teams.get("member_titles") or []),
        leader_titles=_words(FRAMES, "teams.leader_titles", teams.get("leader_titles") or []),
        org_suffixes=org_suffixes,
        org_not_after=_words(FRAMES, "organizations.not_after", orgs.get("not_after") or []),
        org_min_specific=int(orgs.get("min_specific", 1)),
        org_generic_word=compile_pattern(FRAMES, "organizations.generic_words",
                                         f"(?:{alternation(_words(FRAMES, 'organizations.generic_words', orgs.get('generic_words') or ['(?!)']))})"),
        org_false_endings=_words(FRAMES, "organizations.false_endings", orgs.get("false_endings") or []),
        project_cues=project_cues,
        project_min_specific=int(projects.get("min_specific", 2)),
        project_standalone=_words(FRAMES, "projects.standalone_cues", projects.get("standalone_cues") or []),
        place_finals=frozenset(_words(PEOPLE, "place_finals", people.get("place_finals") or [])),
        discovery_window=int(discovery.get("window", 4)),
        discovery_tags=_words(PEOPLE, "discovery.tags", discovery.get("tags") or ["nr"]),
        discovery_place_after=_words(PEOPLE, "discovery.place_after", discovery.get("place_after") or []),
        left_stops=_words(FRAMES, "names.left_stops", names["left_stops"]),
        generic_words=_words(FRAMES, "names.generic_words", names["generic_words"]),
        place_suffixes=place_suffixes,
        not_place_endings=_words(FRAMES, "names.not_place_endings", names.get("not_place_endings") or []),
        max_length=int(names.get("max_length", 24)),
        pronouns=_words(FRAMES, "attribution.pronouns", attribution["pronouns"]),
        anaphors=_words(FRAMES, "attribution.anaphors", attribution["anaphors"]),
        summary_cues=_words(FRAMES, "attribution.summary_cues", attribution.get("summary_cues") or []),
        title_before_name=compile_pattern(ROLES, "kinds", f"(?P<title>{title_alt})[”’」]?[ \u3000:：]*(?={surname_alt})"),
        honorific_name=compile_pattern(ROLES, "honorifics", f"(?P<name>(?:{surname_alt})(?:{alternation(honorifics)}))"),
        surname_at=compile_pattern("lexicon/surnames.txt", "-", f"(?:{surname_alt})"),
        speech_name=compile_pattern(PEOPLE, "speech_verbs",
                                    f"(?:(?<=[{re.escape(''.join(closers))}])|{punct})(?P<name>{name_re}?)"
                                    f"(?=(?:[{CJK}]{{2}}地)?(?:{alternation(speech)}))"),  # 某某高兴地说
        assign_name=compile_pattern(PEOPLE, "assignment",
                                    f"(?:{alternation(assign['verbs'])})(?P<name>{name_re}?)"
                                    f"(?={alternation(assign['links'])})"),
        appoint_title=compile_pattern(PEOPLE, "assignment.appoint",
                                      # 担任村党总支第一书记: the post's unit may stand before the title
                                      f"(?:(?:{alternation(assign['appoint'])})(?:[村镇乡]?(?:党总支|党支部|党委))?"
                                      f"|(?:{alternation(v for v in assign['appoint'] if len(v) > 1)})[{CJK}“”]{{0,12}}?)"
                                      f"(?P<title>{title_alt})"),
        clause_name_appoint=compile_pattern(PEOPLE, "assignment.appoint",
                                            # 某单位的某某被派到…: the sending unit's 的 bounds the name too
                                            f"(?:{punct}|(?<=的)(?=[{CJK}]{{2,3}}被)|(?<=干部))(?P<name>{name_re}?)(?=(?:再次|又|再|先后|曾)?(?:被|来到|到|赴|前往)|[{CJK}]{{0,20}}?"
                                            f"(?:{alternation(assign['appoint'])})(?:{title_alt})"
                                            # 某某成为某村驻村第一书记: a two-character verb may name the post's place first
                                            f"|(?:{alternation(v for v in assign['appoint'] if len(v) > 1)})"
                                            f"[{CJK}]{{0,12}}?(?:{title_alt})(?=[,，。;；!！?？]|$)"
                                            # 某某是某单位派驻某村的第一书记
                                            f"|是[^,，。;；!！?？“”]{{0,30}}?的?(?:{title_alt})(?=[,，。;；!！?？]|$))"),
        byline_line=compile_pattern(PEOPLE, "byline", r"(?m)^[ \t\u3000]*(?P<marker>"
                                    + alternation(markers) + r")?[ \t\u3000]*(?P<body>[^\n]+?)[ \t\u3000]*$"),
        agency_name=compile_pattern(PEOPLE, "byline.agency_cue",
                                    re.escape(str(pbyline["agency_cue"])) + r"\s*[(（]\s*(?P<name>[" + CJK
                                    + r"]{2,4})\s*[)）]"),
        closing_name=compile_pattern(PEOPLE, "byline", r"[(（]\s*(?P<name>(?:" + surname_alt + r")[" + CJK
                                     + r"]{1,2})\s*[)）]\s*$"),
        team_suffix=compile_pattern("lexicon/team_suffixes.txt", "-", f"(?:{alternation(team_suffixes)})"),
        team_modifier_tail=compile_pattern(FRAMES, "teams.modifiers", f"(?:{alternation(modifiers)}|{batch})$"),
        team_batch=compile_pattern(FRAMES, "teams.batch", batch),
        team_left_stop=compile_pattern(FRAMES, "teams.left_stops",
                                       f"(?:{alternation(_words(FRAMES, 'teams.left_stops', teams.get('left_stops') or ['(?!)']))})"),
        team_generic_lead=compile_pattern(FRAMES, "teams.modifiers",
                                          f"(?:{alternation(m for m in modifiers if m.endswith('的'))})"),
        team_unit_tail=compile_pattern(FRAMES, "teams.unit_tail_drop", str(teams.get("unit_tail_drop") or "(?!)")),
        team_counted_after=compile_pattern(FRAMES, "teams.counted_after", str(teams.get("counted_after") or "(?!)")),
        team_counted_before=compile_pattern(FRAMES, "teams.counted_before", str(teams.get("counted_before") or "(?!)")),
        team_stationed_tail=compile_pattern(FRAMES, "teams.stationed", f"{teams['stationed']}$"),
        org_suffix=compile_pattern("lexicon/org_suffixes.txt", "-", f"(?:{alternation(org_suffixes)})"),
        project_cue=compile_pattern("lexicon/project_cues.txt", "-", f"(?:{alternation(project_cues)})"),
        left_stop=compile_pattern(FRAMES, "names.left_stops", f"(?:{alternation(names['left_stops'])})"),
        generic_word=compile_pattern(FRAMES, "names.generic_words", f"(?:{alternation(names['generic_words'])})"),
        counted_left=compile_pattern(FRAMES, "names.counted_left", str(names["counted_left"])),
        place_tail=compile_pattern(FRAMES, "names.place_suffixes",
                                   f"[{CJK}]+?(?:{alternation(place_suffixes)})"),
        generic_subject=compile_pattern(FRAMES, "attribution.generic_subject",
                                        str(attribution.get("generic_subject") or "(?!)")),
        media_title=compile_pattern(ROLES, "kinds.media", f"^(?:{media_alt})"),
        pronoun=compile_pattern(FRAMES, "attribution.pronouns",
                                f"(?<![其])(?:{alternation(attribution['pronouns'])})(?![们人])"),
        anaphor=compile_pattern(FRAMES, "attribution.anaphors", f"(?:{alternation(attribution['anaphors'])})"),
        summary_start=compile_pattern(FRAMES, "attribution.summary_cues",
                                      "^[\\s\u3000]*(?:" + alternation(attribution.get("summary_cues") or ["(?!)"]) + ")"
                                      + ("|" + str(attribution["background_start"])
                                         if attribution.get("background_start") else "")),
        background_clause=compile_pattern(FRAMES, "attribution.background_start",
                                          str(attribution.get("background_start") or "(?!)")),
        clause_marks=frozenset(_words(FRAMES, "attribution.clause_marks",
                                      attribution.get("clause_marks") or [",", "。"])),
        final_punctuation=compile_pattern(FRAMES, "-", "[。！？!?…”」』]\\s*$"),
        bodies=_body_rules(orgs, projects, _words(FRAMES, "names.generic_words", names["generic_words"])),
    )
