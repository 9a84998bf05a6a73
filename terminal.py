"""The command line's one way out to a terminal, and the lifetime of the programs it starts.

Every verb writes through `say` (lines for people) or `dump` (JSON): document text and file names can
hold escape sequences (`ESC c` resets a terminal), the one-byte CSI U+009B, bidi overrides, or a file
name's stray bytes (lone surrogates); none of them may act on the terminal or crash the print.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Optional

from . import api


def say(text: str = "", err: bool = False) -> None:
    """Lines for people, through `api.terminal_text` (line breaks kept, everything else made visible)."""
    (sys.stderr if err else sys.stdout).write(api.terminal_text(text) + "\n")


def fail(message: str, code: int = 1) -> int:
    """One line on stderr; returns the exit status."""
    say(f"zhenggai: {api.terminal_safe(message)}", err=True)
    return code


def dump(data) -> None:
    """JSON: the same value, with anything that could act on a terminal written as a \\u escape."""
    sys.stdout.write(api.terminal_json(data) + "\n")


def text_arg(value: Optional[str], what: str) -> Optional[str]:
    """A text argument as typed. A terminal in GBK (or another legacy encoding) hands Python bytes it
    keeps as lone surrogates; they are refused with A001, saying what the bytes read as in GB18030."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        guess = f" (as GBK they read “{os.fsencode(value).decode('gb18030')}”)"
    except UnicodeError:
        guess = ""
    raise api.ArgumentError("C001", what=what, guess=guess)


class _SafeFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return api.terminal_safe(super().format(record))


def quiet_libraries(debug: bool) -> None:
    """Library warnings (deprecations, progress bars of the model stack) only under ZHENGGAI_DEBUG; the
    project's own warnings through the terminal-safe writer; what a legacy terminal cannot encode is
    shown as escapes rather than failing the command."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    log = logging.getLogger("zhenggai")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_SafeFormatter("zhenggai: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    if not debug:
        warnings.filterwarnings("ignore")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
