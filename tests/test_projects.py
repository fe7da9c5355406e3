"""extract_projects and extract_organizations: names by suffix and cue tables, generic mentions dropped."""

from __future__ import annotations

import pytest
from casefile import load_cases

from ruralmetrics.extract.organizations import extract_organizations
from ruralmetrics.extract.projects import extract_projects
from ruralmetrics.normalize import normalize
from ruralmetrics.read import source_from_text
from ruralmetrics.records import Sentence
from ruralmetrics.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="module")
def rules() -> Rulebook:
    return load_rulebook()


@pytest.mark.parametrize(("text", "expect"), load_cases("projects"))
def test_projects(rules: Rulebook, text: str, expect: dict[str, list[str]]) -> None:
    text = normalize(source_from_text("case", text, "utf-8"), rules).text  # traditional cases too
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0, article=0)
    projects = extract_projects(sentence, rules)
    orgs = extract_organizations(sentence, rules)
    # a body written with its level only (县委、县政府) is named with its place: the text ends the name
    assert all(m.name.endswith(text[m.start:m.end]) for m in (*projects, *orgs))
    assert {"project": [m.name for m in projects], "organization": [m.name for m in orgs]} == expect
