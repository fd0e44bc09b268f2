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
        from plancheck.errors import debug_enabled

        if debug_enabled():
            raise
        sys.stderr.write(
            f"plancheck: internal error: {type(exc).__name__}: {exc}\n"
            "(this is a bug in plancheck; run with PLANCHECK_DEBUG=1 for details and report it)\n"
        )
        raise SystemExit(3) from None
    if isinstance(result, int):
        raise SystemExit(result)


def _finish(code: int) -> None:
    """Leave a plain verify without tearing the interpreter down.

    Everything it wrote has been flushed or closed (reports are written, fsynced and renamed
    before ``run`` returns), and its worker processes, if it had any, have been joined with
    their queues and threads (the pool is shut down before ``run`` returns), so freeing every
    module and object one by one would only cost time: about a tenth of a one-plan run. Should
    a worker still be alive, the interpreter exits normally, so that multiprocessing can clean
    up after it.
    """
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None when the caller closed it (2>&-)
            stream.flush()
    os._exit(code)


def main() -> None:
    import gc

    # Start-up creates many objects that live until the end (modules, the rule pack, the plan's
    # schema), and the collector's default threshold (700 new objects) walks them again and
    # again: a tenth of a plain verify's time. A higher threshold keeps collecting, so a batch
    # of thousands of plans still frees the cycles it makes, only less often.
    gc.set_threshold(100_000, 50, 100)
    from plancheck.cli.verify import parse_plain

    options = parse_plain(sys.argv[1:])
    if options is None:
        from plancheck.cli.app import app

        guarded(app)
        return
    from plancheck.cli.verify import run

    guarded(lambda: _finish(run(options)))
