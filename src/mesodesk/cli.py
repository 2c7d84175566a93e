"""The `mesodesk` command.

The contract commands (kb export, screen, plan, chart-check) run the clinical
core without booting Django and parse their own arguments: clinics call them
in loops, so start-up time matters (see bench/cli_startup.py). Everything
else hands over to Django's management commands.
"""

from __future__ import annotations

import sys

from mesodesk import fastjson

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

USAGE = """\
usage: mesodesk COMMAND [ARGS]

Clinical contracts (JSON on stdout; exit 0 evaluated, 2 bad input, 1 failure):
  kb export                              the whole sourced knowledge base
  kb check                               validate the knowledge files and their translations
  kb compile                             validate them and refresh their snapshot
  screen FILE|-                          screen a patient (JSON file, - for stdin)
  plan --protocol CODE --start YYYY-MM-DD
                                         preview a course's sessions and windows
  chart-check FILE|-                     check a session's injection record

Application:
  serve [--host H] [--port P]            serve the web application (gunicorn)
  worker [--batch]                       send due reminders and recalls, write audit checkpoints
                                         (--batch: then exit)
  demo                                   create or refresh the demo network
  demo generate --size s|m|l [--seed N]  generate clinics in bulk, for benchmarks
  audit verify                           check the audit trail's keyed chains and checkpoints
  audit checkpoint                       write a signed checkpoint of the chains' heads now
  backup [--to DIR]                      back up the database, media and audit checkpoints
  restore DIR [--force]                  restore a backup into an empty instance
  report registry [--format html|pdf|csv|parquet] [--year Y] [--output PATH]
                                         the network registry's yearly report (small cells <5)
  report registry-dataset --output DIR   its pseudonymized dataset as Parquet (report --dataset DIR)
  manage ARGS...                         any Django management command
"""

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return EXIT_OK if args else EXIT_BAD_INPUT
    command, rest = args[0], args[1:]
    contract: dict[str, Callable[[list[str]], int]] = {
        "kb": _kb,
        "screen": _screen,
        "plan": _plan,
        "chart-check": _chart_check,
    }
    if command in contract:
        return _run_contract(contract[command], rest)
    from mesodesk import manage

    if command not in manage.COMMANDS:
        sys.stderr.write(f"mesodesk: unknown command {command!r}\n\n{USAGE}")
        return EXIT_BAD_INPUT
    return manage.run(command, rest)


def _run_contract(handler: Callable[[list[str]], int], args: list[str]) -> int:
    from mesodesk.clinic.errors import InputError

    try:
        return handler(args)
    except InputError as exc:
        return _bad_input(str(exc))
    except Exception as exc:  # noqa: BLE001 - the contract turns any other failure into exit 1
        sys.stderr.write(f"mesodesk: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILURE


def _bad_input(message: str) -> int:
    sys.stderr.write(f"mesodesk: bad input: {message}\n")
    return EXIT_BAD_INPUT


def _print(payload: Any) -> int:
    sys.stdout.write(fastjson.dumps(payload) + "\n")
    return EXIT_OK


def _read_json(args: list[str], command: str) -> Any:
    from mesodesk.clinic.errors import InputError

    if len(args) != 1:
        raise InputError("FILE", f"give one JSON file, or - for stdin: mesodesk {command} FILE|-")
    try:
        if args[0] == "-":
            text = sys.stdin.read()
        else:
            with open(args[0], encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        raise InputError("FILE", f"cannot read {args[0]}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError("FILE", "is not UTF-8 text") from None
    try:
        return fastjson.loads(text)
    except ValueError as exc:
        raise InputError("input", f"is not valid JSON ({exc})") from None


def _kb(args: list[str]) -> int:
    from mesodesk.clinic.errors import InputError

    if args == ["export"]:
        from mesodesk.knowledge.export import export_knowledge
        from mesodesk.knowledge.loader import load_knowledge

        return _print(export_knowledge(load_knowledge()))
    if args in (["check"], ["compile"]):
        from mesodesk.knowledge import snapshot
        from mesodesk.knowledge.errors import KnowledgeError
        from mesodesk.knowledge.i18n import load_translations_from
        from mesodesk.knowledge.loader import compile_snapshot, parse_and_check, snapshot_is_current

        directory = snapshot.DATA_DIR  # looked up now, so a test can point the check elsewhere
        try:
            kb = parse_and_check(snapshot.read_texts(directory))
            # The French and German texts are checked too: the web application refuses to
            # start without every one of them, so a missing text must never be compiled.
            load_translations_from(directory, kb.to_plain())
            if args == ["compile"]:
                sys.stdout.write(f"wrote {compile_snapshot(directory)}\n")
                return EXIT_OK
        except KnowledgeError as exc:
            return _bad_input(str(exc))
        stale = "" if snapshot_is_current(directory) else " (snapshot stale: run mesodesk kb compile)"
        sys.stdout.write(f"knowledge base valid{stale}\n")
        return EXIT_OK
    raise InputError("kb", "give export, check or compile")


def _screen(args: list[str]) -> int:
    from mesodesk.clinic.screening import screen
    from mesodesk.knowledge.loader import load_knowledge

    data = _read_json(args, "screen")
    return _print(screen(data, load_knowledge()))


def _chart_check(args: list[str]) -> int:
    from mesodesk.clinic.charting import chart_check
    from mesodesk.knowledge.loader import load_knowledge

    data = _read_json(args, "chart-check")
    return _print(chart_check(data, load_knowledge()))


def _plan(args: list[str]) -> int:
    from mesodesk.clinic.errors import InputError
    from mesodesk.clinic.planning import preview
    from mesodesk.knowledge.loader import load_knowledge

    options: dict[str, str] = {}
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        name, _, value = flag.partition("=")
        if name not in ("--protocol", "--start"):
            raise InputError(flag, "unknown option: use --protocol CODE --start YYYY-MM-DD")
        if not value:
            if not rest:
                raise InputError(name.lstrip("-"), "needs a value")
            value = rest.pop(0)
        options[name.lstrip("-")] = value
    return _print(preview(options, load_knowledge()))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
