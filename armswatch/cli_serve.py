"""The commands of the dashboard: serve, and token create for analysts.

Registered on the one `armswatch` app (cli.py); thin over armswatch.serve.
"""

from __future__ import annotations

from typing import Annotated

import typer

from armswatch.cli import _warn, app, err
from armswatch.cli_records import DbOption, _store
from armswatch.config import Settings

token_app = typer.Typer(help="Analyst tokens: needed for reviews and full text in the dashboard.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; the default keeps the dashboard on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write (reviews): for a public deployment.")] = False,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Let scripts on this origin call the API (repeatable); none by default.")
    ] = None,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /docs) over the store until Ctrl-C."""
    import uvicorn

    from armswatch.serve import ServeSettings, create_app

    settings = Settings.from_env(db=db)
    if not read_only:
        _store(db).close()  # create or migrate the schema now, so a broken store fails here and not on the first request
    serve_settings = ServeSettings(host=host, port=port, read_only=read_only, cors_origins=tuple(cors_origin or ()))
    if host not in ("127.0.0.1", "localhost", "::1"):
        _warn(f"listening on {host}: the dashboard is reachable from other machines" + ("" if read_only else "; consider --read-only"))
    shown = f"[{host}]" if ":" in host else host
    err.print(f"armswatch dashboard on http://{shown}:{port} — Ctrl-C stops it", markup=False)
    uvicorn.run(create_app(settings.db, serve_settings), host=host, port=port, log_level="warning", server_header=False)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who the token is for: reviews made with it are recorded under this name.")],
    db: DbOption = None,
) -> None:
    """Create an analyst token: printed once on stdout; the store keeps only its sha256."""
    from armswatch.serve.security import new_token, token_hash

    store = _store(db)
    token = new_token()
    store.add_token(name, token_hash(token))
    store.close()
    typer.echo(token)
    err.print(f"token for {name.strip()} created; it is shown only this once. Send it as `Authorization: Bearer TOKEN`.", markup=False)
