"""Reading a seed file safely: regular files only, never through a link, within the size
limit; its bytes decoded (UTF-8, UTF-16 or a legacy Arabic code page), binary refused."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from .arabic import fold_presentation_forms
from .errors import InputError, Problem

DEFAULT_MAX_BYTES = 2_000_000
DAMAGED_UTF8 = "utf-8 with invalid bytes replaced"
# C0/C1 control characters other than tab and newline, stray BOMs inside the text, and
# noncharacters (U+FFFF, U+FDD0–U+FDEF), which XML outputs may not carry.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ufdd0-\ufdef]")


@dataclass
class RawSeed:
    """A seed's decoded text and what reading it found."""

    path: Path
    display: str  # the path as the user gave it, for messages
    text: str
    warnings: list[Problem] = field(default_factory=list)
    data: bytes = b""  # the bytes as read, for cache keys


def decode(data: bytes, display: str) -> tuple[str, str]:
    """Text and encoding name of a seed's bytes: BOMs first, then UTF-8, then detection."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    # UTF-16 without a BOM first: its bytes can also be valid (control-laden) UTF-8.
    if _looks_utf16(data, 1):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if _looks_utf16(data, 0):
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 (a file cut inside a character, a stray byte) is UTF-8 with a few
    # bytes replaced: a detector would read all of it as Windows-1256 mojibake.
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    if damaged <= max(2, sum(1 for b in data if b >= 0x80) // 100):
        return text, DAMAGED_UTF8
    best = charset_normalizer.from_bytes(
        data, cp_isolation=["cp1256", "iso8859_6", "utf_16", "cp1252"]).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("cp1256", errors="replace"), "cp1256"


def _looks_utf16(data: bytes, high: int) -> bool:
    """UTF-16 without a BOM: the high bytes of Arabic and ASCII text are nearly all 0x00 or
    0x06 (the Arabic block), so every other byte takes one of a few values."""
    sample = data[:8192]
    highs = sample[high::2]
    if len(highs) < 2 or len(sample) % 2:
        return False
    common = Counter(highs).most_common(2)
    return sum(n for _, n in common) >= 0.9 * len(highs) and any(b in (0, 6) for b, _ in common)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if _looks_utf16(sample, 1) or _looks_utf16(sample, 0):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls / len(sample) > 0.10


def _open_no_follow(path: Path, root: Path | None) -> int:
    """A descriptor for ``path`` opened without following any link below ``root`` (the
    seeds folder; the file's own folder when None). The path is resolved first and must
    stay inside ``root``; then each folder and the file are opened relative to the one
    before with O_NOFOLLOW, so a file or folder swapped for a link after the seeds were
    listed is refused rather than read. O_NONBLOCK keeps a named pipe from hanging open()."""
    real = path.resolve()
    base = root.resolve() if root is not None else real.parent
    if not real.is_relative_to(base) or real == base:
        raise OSError(errno.ELOOP, "it leads out of the seeds folder")
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    try:
        *folders, name = real.relative_to(base).parts
        for part in folders:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY,
                       dir_fd=fd)
    finally:
        os.close(fd)


def read_regular_file(path: Path, display: str, max_bytes: int,
                      root: Path | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (InputError past that). Named
    pipes, devices and sockets are refused after opening (checked on the open descriptor,
    so nothing can be swapped in between); links are never followed out of ``root``."""
    try:
        fd = _open_no_follow(path, root)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("not read: it is, or passes through, a link that leads out of "
                             "the seeds folder or changed while building", display,
                             code="link") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError("skipped: not a regular file (a named pipe, device or socket "
                             "is not read)", display, code="not-regular")
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes, display)
        data = handle.read(max_bytes + 1)  # the file may grow after fstat
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, display)
    return data


def _too_large(size: int, max_bytes: int, display: str) -> InputError:
    return InputError(f"skipped: {size:,} bytes is over the size limit of {max_bytes:,} "
                      "(raise max_seed_bytes to build it)", display, code="too-large")


def read_seed_bytes(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES,
                    root: Path | None = None) -> RawSeed:
    """Read and decode a seed; raise InputError(code=skip-…) for files that are not articles."""
    data = read_regular_file(path, display, max_bytes, root)
    if not data.strip():
        raise InputError("skipped: the file is empty or blank", display, code="empty")
    if looks_binary(data):
        raise InputError("skipped: the file is binary, not text", display, code="binary")
    text, encoding = decode(data, display)
    warnings = []
    if encoding == DAMAGED_UTF8:
        warnings.append(Problem(display, "warning", "not valid UTF-8 throughout (cut inside a "
                                "character?): the bad bytes are shown as U+FFFD", "encoding"))
    elif encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(Problem(display, "warning", f"read as {encoding}, not UTF-8", "encoding"))
    text = fold_presentation_forms(text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = _CONTROL.sub("", text)
    if len(cleaned) != len(text) and "\x00" in text:
        warnings.append(Problem(display, "warning", "NUL and control characters removed",
                                "control-chars"))
    if not cleaned.strip():
        raise InputError("skipped: the file holds no text", display, code="empty")
    return RawSeed(path, display, cleaned, warnings, data)
