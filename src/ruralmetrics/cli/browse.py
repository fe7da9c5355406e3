"""``browse``: the SQLite warehouse in Datasette, read-only."""

from __future__ import annotations

from typing import Annotated

import typer

from ..browse import DATABASE, make_datasette, warehouse_file
from . import warehouse

app = typer.Typer()


@app.command("browse")
def browse_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8001,
) -> None:
    """Browse a SQLite warehouse in a web page (Datasette, the 'browse' extra): read-only, with the data
    dictionary as descriptions and the README's example queries ready to run."""
    with warehouse(ctx, read_only=True) as engine:
        path = warehouse_file(engine)
        datasette = make_datasette(path)
    import uvicorn

    typer.echo(f"serving {path} read-only at http://{host}:{port}/{DATABASE} (Ctrl-C stops)", err=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
