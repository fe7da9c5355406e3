"""Every command through CliRunner, on a SQLite file (the library tests cover PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ruralmetrics.cli.app import app

TESTS = Path(__file__).parent
SEEDS = TESTS.parent / "seeds"
COMMANDS = [[], ["load"], ["reload"], ["stats"], ["query"], ["evaluate"], ["db"], ["db", "upgrade"],
            ["db", "downgrade"], ["db", "current"], ["db", "grant-reader"], ["tables"], ["schema"], ["rows"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "app")
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS[1:]:
        assert f"ruralmetrics {' '.join(command)}" in readme, command


def invoke(runner: CliRunner, url: str, *args: str):
    return runner.invoke(app, ["--database-url", url, *args])


def test_load_then_load_again(runner: CliRunner, sqlite_url: str) -> None:
    first = invoke(runner, sqlite_url, "load", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert "loaded 5, replaced 0, unchanged 0, failed 0" in first.output
    second = invoke(runner, sqlite_url, "load", *map(str, sorted(SEEDS.glob("*.txt"))))
    assert second.exit_code == 0
    assert "loaded 0, replaced 0, unchanged 5, failed 0" in second.output


def test_load_reports_a_bad_file_and_exits_1(runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\xff\xfe\x00" * 50)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = invoke(runner, sqlite_url, "load", str(seed), str(bad))
    assert result.exit_code == 1
    assert "loaded 1, replaced 0, unchanged 0, failed 1" in result.output
    assert "broken.txt" in result.output


def test_the_database_url_comes_from_the_environment(runner: CliRunner, sqlite_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"], env={"RURALMETRICS_DATABASE_URL": sqlite_url})
    assert result.exit_code == 0, result.output
    assert Path(sqlite_url.removeprefix("sqlite:///")).is_file()


def test_reload_stats_query_evaluate(runner: CliRunner, sqlite_url: str) -> None:
    assert invoke(runner, sqlite_url, "load", str(SEEDS)).exit_code == 0
    reload = invoke(runner, sqlite_url, "reload")
    assert reload.exit_code == 0 and "replaced 5" in reload.output
    stats = invoke(runner, sqlite_url, "stats")
    assert stats.exit_code == 0
    assert any(line.split() == ["documents", "5"] for line in stats.output.splitlines())
    assert "fact_details" in stats.output
    query = invoke(runner, sqlite_url, "query", "SELECT document_key, article_count FROM document_overview"
                                               " ORDER BY document_key")
    assert query.exit_code == 0
    lines = query.output.splitlines()
    assert lines[0] == "document_key\tarticle_count" and len(lines) == 6
    scored = invoke(runner, sqlite_url, "evaluate", str(TESTS / "gold" / "seeds"))
    assert scored.exit_code == 0, scored.output
    assert "facts F1" in scored.output and "documents fields right" in scored.output


@pytest.mark.parametrize("sql", ["DELETE FROM facts", "WITH x AS (SELECT 1) DELETE FROM facts",
                                 "SELECT 1; DROP TABLE facts", "UPDATE documents SET title = 'x'"])
def test_query_refuses_to_write(runner: CliRunner, sqlite_url: str, sql: str) -> None:
    assert invoke(runner, sqlite_url, "load", str(sorted(SEEDS.glob("*.txt"))[0])).exit_code == 0
    result = invoke(runner, sqlite_url, "query", sql)
    assert result.exit_code in (2, 3)  # refused before it runs, or by the read-only transaction
    assert "error:" in result.output
    count = invoke(runner, sqlite_url, "query", "SELECT COUNT(*) AS n FROM facts")
    assert count.output.splitlines()[1] != "0"


def test_db_upgrade_current_downgrade(runner: CliRunner, sqlite_url: str) -> None:
    up = invoke(runner, sqlite_url, "db", "upgrade")
    assert up.exit_code == 0, up.output
    assert "(head)" in invoke(runner, sqlite_url, "db", "current").output
    step = invoke(runner, sqlite_url, "db", "downgrade", "-1")  # Alembic's relative spelling
    assert step.exit_code == 0, step.output
    assert "head is" in invoke(runner, sqlite_url, "db", "current").output
    down = invoke(runner, sqlite_url, "db", "downgrade", "base")
    assert down.exit_code == 0 and "base" in down.output
    stats = invoke(runner, sqlite_url, "stats")
    assert stats.exit_code == 3 and "not a ruralmetrics warehouse" in stats.output
    wrong = invoke(runner, sqlite_url, "db", "downgrade", "no-such-revision")
    assert wrong.exit_code == 3 and "error:" in wrong.output


def test_a_downgrade_that_may_drop_documents_needs_yes(runner: CliRunner, sqlite_url: str) -> None:
    assert invoke(runner, sqlite_url, "load", str(sorted(SEEDS.glob("*.txt"))[0])).exit_code == 0
    refused = invoke(runner, sqlite_url, "db", "downgrade", "base")  # no terminal: nobody to ask
    assert refused.exit_code == 2 and "holds 1 documents" in refused.output and "--yes" in refused.output
    assert "(head)" in invoke(runner, sqlite_url, "db", "current").output
    done = invoke(runner, sqlite_url, "db", "downgrade", "base", "--yes")
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("command", [["stats"], ["query", "SELECT 1"], ["evaluate", "x"], ["db", "current"]],
                         ids=" ".join)
def test_read_commands_never_create_a_database(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "missing.db"
    result = invoke(runner, f"sqlite:///{path}", *command)
    assert result.exit_code == 3 and "no warehouse at" in result.output
    assert not path.exists()


@pytest.mark.parametrize(("url", "needle"), [
    ("nosuchdb://x", "cannot use database URL"),
    ("postgresql://u:secret@localhost:notaport/x", "cannot use database URL"),
    ("mysql://u:secret@localhost/x", "cannot use database URL"),
    ("postgresql://u:secret@127.0.0.1:9/x", "connection"),  # nothing listens on port 9
])
def test_a_bad_url_is_one_line_without_its_password(runner: CliRunner, url: str, needle: str) -> None:
    result = runner.invoke(app, ["--database-url", url, "db", "upgrade"])
    assert result.exit_code == 3, result.output
    assert needle in result.output and "secret" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_read_only_warehouse_is_one_line_without_sql_or_text(
        runner: CliRunner, sqlite_url: str, tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert invoke(runner, sqlite_url, "db", "upgrade").exit_code == 0
    read_only = f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true"  # root ignores chmod
    result = invoke(runner, read_only, "load", *map(str, seeds[:2]))
    assert result.exit_code == 3 and "readonly database" in result.output  # said once, before any file
    assert "INSERT" not in result.output and "[parameters" not in result.output and "Traceback" not in result.output


def test_run_select_is_read_only_on_both_backends(engine) -> None:
    from ruralmetrics.db.readonly import run_select
    from ruralmetrics.errors import DatabaseError, RefusedRequest

    assert run_select(engine, "-- a comment\nSELECT COUNT(*) AS n FROM documents").rows == ((0,),)
    with pytest.raises(DatabaseError):
        run_select(engine, "WITH x AS (SELECT 1) DELETE FROM documents")
    with pytest.raises(RefusedRequest):
        run_select(engine, "SELECT 1; DELETE FROM documents")
    with pytest.raises(DatabaseError):
        run_select(engine, "SELECT setval('documents_id_seq', 99)" if engine.dialect.name == "postgresql"
                   else "SELECT 1 FROM no_such_table")
    assert run_select(engine, "SELECT 'a;b' AS s").rows == (("a;b",),)


def test_query_caps_rows_and_stops_at_its_time_limit(runner: CliRunner, sqlite_url: str) -> None:
    assert invoke(runner, sqlite_url, "db", "upgrade").exit_code == 0
    many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT i FROM n"
    capped = invoke(runner, sqlite_url, "query", "--max-rows", "3", many)
    assert capped.exit_code == 0 and capped.output.split() == ["i", "1", "2", "3"]
    stopped = invoke(runner, sqlite_url, "query", "--timeout", "0.3", "SELECT COUNT(*) FROM (" + many + ")")
    assert stopped.exit_code == 3 and "time limit" in stopped.output


ODD = "SELECT NULL AS n, '' AS e, 'a\tb' AS t, 'x\ny' AS l, 2.0 AS i, 2.5 AS f, '黄岛区' AS w"


@pytest.mark.parametrize(("option", "expected"), [
    ("--tsv", "n\te\tt\tl\ti\tf\tw\n\\N\t\ta\\tb\tx\\ny\t2\t2.5\t黄岛区\n"),
    ("--csv", 'n,e,t,l,i,f,w\n,"",a\tb,"x\ny",2,2.5,黄岛区\n'),
    ("--jsonl", '{"n": null, "e": "", "t": "a\\tb", "l": "x\\ny", "i": 2, "f": 2.5, "w": "黄岛区"}\n'),
    ("--json", '[\n  {"n": null, "e": "", "t": "a\\tb", "l": "x\\ny", "i": 2, "f": 2.5, "w": "黄岛区"}\n]\n'),
    ("--table", "n    | e | t   | l   | i | f   | w\n"
                "-----+---+-----+-----+---+-----+-------\nNULL |   | a b | x↵y | 2 | 2.5 | 黄岛区\n"),
])
def test_query_formats_keep_null_empty_tabs_and_newlines_apart(runner: CliRunner, sqlite_url: str, option: str,
                                                               expected: str) -> None:
    assert invoke(runner, sqlite_url, "db", "upgrade").exit_code == 0
    result = invoke(runner, sqlite_url, "query", option, ODD)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_query_takes_parameters_files_stdin_and_leading_comments(runner: CliRunner, sqlite_url: str,
                                                                  tmp_path: Path) -> None:
    assert invoke(runner, sqlite_url, "load", str(sorted(SEEDS.glob("*.txt"))[0])).exit_code == 0
    sql = "-- how many\nSELECT COUNT(*) AS n FROM fact_details WHERE unit = :unit AND value >= :least"
    counted = invoke(runner, sqlite_url, "query", sql, "-p", "unit", "元", "-p", "least=0")
    assert counted.exit_code == 0, counted.output
    n = counted.stdout.splitlines()[1]
    assert int(n) > 0
    (tmp_path / "q.sql").write_text(sql, encoding="utf-8")
    assert invoke(runner, sqlite_url, "query", "-f", str(tmp_path / "q.sql"), "-p", "unit", "元", "-p", "least",
                  "0").stdout.splitlines()[1] == n
    piped = runner.invoke(app, ["--database-url", sqlite_url, "query", "-", "-p", "unit", "元", "-p", "least", "0"],
                          input=sql)
    assert piped.stdout.splitlines()[1] == n
    missing = invoke(runner, sqlite_url, "query", sql)
    assert missing.exit_code == 3 and "error:" in missing.output
    typo = invoke(runner, sqlite_url, "query", "SELEC 1")
    assert typo.exit_code == 2 and "'SELEC'" in typo.output
    assert invoke(runner, sqlite_url, "query", "EXPLAIN QUERY PLAN SELECT * FROM facts").exit_code == 0


def test_query_into_a_closed_pipe_ends_quietly(sqlite_url: str) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "ruralmetrics", "--database-url", sqlite_url, "db", "upgrade"], check=True,
                   capture_output=True)
    many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT i FROM n"
    done = subprocess.run(f'{sys.executable} -m ruralmetrics --database-url "{sqlite_url}" query "{many}" | head -2',
                          shell=True, capture_output=True, text=True, executable="/bin/bash")
    assert done.stdout == "i\n1\n" and done.stderr == ""


def test_tables_schema_and_rows_show_the_warehouse(runner: CliRunner, sqlite_url: str) -> None:
    assert invoke(runner, sqlite_url, "load", str(sorted(SEEDS.glob("*.txt"))[0])).exit_code == 0
    tables = invoke(runner, sqlite_url, "tables", "--counts")
    lines = [line.split("\t") for line in tables.stdout.splitlines()]
    assert lines[0][:2] == ["fact_details", "view"] and ["documents", "table", "1"] in lines
    assert [line.split("\t")[0] for line in invoke(runner, sqlite_url, "tables", "--views").stdout.splitlines()] \
        == ["fact_details", "figure_series", "entity_mentions", "document_overview", "document_categories",
            "indicator_years"]
    schema = invoke(runner, sqlite_url, "schema", "entity_mentions").stdout
    assert "  team_name\t" in schema and "  organization_name\t" in schema
    rows = invoke(runner, sqlite_url, "rows", "fact_details", "--where", "unit = '元'", "--limit", "2")
    assert rows.exit_code == 0 and len(rows.stdout.splitlines()) == 3
    missing = invoke(runner, sqlite_url, "rows", "nope")
    assert missing.exit_code == 2 and "no table or view" in missing.output


@pytest.mark.parametrize("command", [["stats"], ["db", "current"], ["query", "SELECT 1"], ["tables"]])
def test_commands_that_do_not_extract_load_no_extractor(sqlite_url: str, command: list[str]) -> None:
    """Start-up stays short: jieba, the rule files and the gazetteer load only for load and reload."""
    import subprocess
    import sys

    from ruralmetrics.db import make_engine, upgrade_to_head

    upgrade_to_head(make_engine(sqlite_url))
    probe = ("import sys; from ruralmetrics.cli.app import main; sys.argv = ['ruralmetrics', '--database-url', "
             f"{sqlite_url!r}, *{command!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'opencc')"
             " or m.startswith(('ruralmetrics.rulebook', 'ruralmetrics.gazetteer', 'ruralmetrics.pipeline'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_quiet_loads_print_only_problems(sqlite_url: str, tmp_path: Path) -> None:
    """--quiet: no progress and no summary on stdout; a failed file is still one line on stderr."""
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\xff\xfe\x00" * 50)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    result = CliRunner().invoke(app, ["--database-url", sqlite_url, "load", "-q", str(seed), str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "broken.txt" in result.stderr
    again = CliRunner().invoke(app, ["--database-url", sqlite_url, "reload", "--quiet"])
    assert (again.exit_code, again.stdout) == (0, "")
