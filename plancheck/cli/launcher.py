"""The ``plancheck`` command's entry point. A plain ``plancheck verify …`` call (what pre-commit
hooks and CI run) goes straight to the verify command, without loading the full command line;
every other call goes to ``cli``. Either way no traceback reaches the user."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Callable

_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP: leave as from Ctrl-C, through the code that removes temporary files."""
    raise SystemExit(128 + signum)


def catch_stop_signals() -> None:
    """Make SIGTERM and SIGHUP leave through SystemExit (so a report's temporary file is
    removed and the worker processes are shut down) rather than kill the process outright."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _stopped)


def _remove_temporary_files() -> None:
    write = sys.modules.get("plancheck.report.write")
    if write is not None:
        write.remove_pending()


def guarded(call: Callable[[], object]) -> None:
    """Run a command; a bug in plancheck becomes a one-line message and exit 3; output that
    cannot be written (a full disk, > /dev/full) a message and exit 2."""
    try:
        result = call()
        if sys.stdout is not None:
            sys.stdout.flush()  # here, where a full disk is still a message
    except KeyboardInterrupt:
        _remove_temporary_files()
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except SystemExit:
        _remove_temporary_files()
        if sys.stdout is not None:
            try:
                sys.stdout.flush()
            except OSError as exc:
                _output_failed(exc)
        raise
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as exc:
        _remove_temporary_files()
        if exc.errno not in _OUTPUT_ERRORS:
            _internal(exc)
        _output_failed(exc)
    except Exception as exc:  # a bug in plancheck, not the user's fault
        _remove_temporary_files()
        _internal(exc)
    if isinstance(result, int):
        raise SystemExit(result)


def _output_failed(exc: OSError) -> None:
    """The output could not be written (a full disk, a full /dev/full): exit 2, no traceback."""
    with contextlib.suppress(OSError, AttributeError, ValueError):  # the rest cannot be written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.stderr.write(f"plancheck: cannot write the output: {exc.strerror or type(exc).__name__}\n")
    raise SystemExit(2) from None


def _internal(exc: Exception) -> None:
    if True:  # a bug in plancheck, not the user's fault
        from plancheck.errors import debug_enabled

        if debug_enabled():
            raise exc
        sys.stderr.write(
            f"plancheck: internal error: {type(exc).__name__}: {exc}\n"
            "(this is a bug in plancheck; run with PLANCHECK_DEBUG=1 for details and report it)\n"
        )
        raise SystemExit(3) from None


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
    catch_stop_signals()
    from plancheck.cli.verify import parse_plain

    options = parse_plain(sys.argv[1:])
    if options is None:
        from plancheck.cli.app import command

        guarded(command())
        return
    from plancheck.cli.verify import run

    guarded(lambda: _finish(run(options)))
