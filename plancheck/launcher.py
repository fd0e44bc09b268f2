"""The ``plancheck`` command's entry point. A plain ``plancheck verify …`` call (what pre-commit
hooks and CI run) goes straight to the verify command, without loading the full command line;
every other call goes to ``cli``. Either way no traceback reaches the user."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def guarded(call: Callable[[], object]) -> None:
    """Run a command; a bug in plancheck becomes a one-line message and exit 3."""
    try:
        result = call()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as exc:  # a bug in plancheck, not the user's fault
        if os.environ.get("PLANCHECK_DEBUG"):
            raise
        sys.stderr.write(
            f"plancheck: internal error: {type(exc).__name__}: {exc}\n"
            "(this is a bug in plancheck; run with PLANCHECK_DEBUG=1 for details and report it)\n"
        )
        raise SystemExit(3) from None
    if isinstance(result, int):
        raise SystemExit(result)


def main() -> None:
    from plancheck.verify_command import parse_plain

    options = parse_plain(sys.argv[1:])
    if options is None:
        from plancheck.cli import app

        guarded(app)
        return
    from plancheck.verify_command import run

    guarded(lambda: run(options))
