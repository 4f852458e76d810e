"""Project assets: templates, stylesheets and the Arabic fonts from their PyPI packages."""

from __future__ import annotations

import functools
import hashlib
import os
from io import BytesIO
from pathlib import Path

import fontpkg_amiri
import fontpkg_ibm_plex_sans_arabic

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
STATIC_DIR = TEMPLATES_DIR / "static"
WEBFONTS_DIR = Path(__file__).resolve().parent / "webfonts"  # subsets shipped (make webfonts)
STYLESHEETS = ("style.css", "print.css")
SCRIPTS = ("index.js", "search.js")  # the site's own scripts (the CSP allows only 'self')
IMAGES = ("favicon.svg",)

_PLEX = fontpkg_ibm_plex_sans_arabic.ROOT / "files"
# (CSS family, weight, package file, served on the site); the PDF embeds all of them, the
# site serves WOFF2 subsets of some: Amiri for reading, Plex Sans Arabic for headings and
# labels (the bold the page needs; Amiri Bold would take the page past 200 KB).
FONTS = (
    ("Amiri", 400, fontpkg_amiri.ROOT / "files" / "Amiri-Regular.ttf", True),
    ("Amiri", 700, fontpkg_amiri.ROOT / "files" / "Amiri-Bold.ttf", False),
    ("IBM Plex Sans Arabic", 600, _PLEX / "IBMPlexSansArabic-SemiBold.ttf", True),
)
FONT_ROOTS = (fontpkg_amiri.ROOT, fontpkg_ibm_plex_sans_arabic.ROOT)

# Arabic (the letters Arabic news uses, with ڤ گ پ چ ژ ک ی for foreign names), Arabic-Indic
# and Persian digits, Latin basic and Latin-1, punctuation and quotation marks. Presentation
# forms are not needed: shaping reaches contextual glyphs through the font's substitutions.
# Anything else falls back to the reader's fonts. (About 74 KB a weight in WOFF2.)
SUBSET_UNICODES = (
    list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)) + list(range(0x600, 0x672))
    + [0x67E, 0x686, 0x698, 0x6A4, 0x6A9, 0x6AF, 0x6CC, 0x6D5] + list(range(0x6F0, 0x6FA))
    + list(range(0x2000, 0x2070)) + [0x25CC]
)


def web_font_name(path: Path) -> str:
    stem = path.stem.replace("[wdth,wght]", "-Variable")
    return f"{stem}.woff2"


def font_face_css(url_for, web: bool = False) -> str:
    """@font-face rules for every font (``web``: those the site serves); ``url_for(path)``
    gives each file's address."""
    rules = []
    for family, weight, path, served in FONTS:
        if web and not served:
            continue
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
            f'font-display: swap; src: url("{url_for(path)}"); }}')
    return "\n".join(rules) + "\n"


def web_font_key(path: Path) -> str:
    """The subset's name: a hash of the font's bytes and the subset's code points."""
    return hashlib.sha256(path.read_bytes() + repr(SUBSET_UNICODES).encode()).hexdigest()[:24]


@functools.cache
def web_font_bytes(path: Path, cache_dir: Path | None = None) -> bytes:
    """A WOFF2 subset of a font (Arabic and Latin basics, layout features kept).

    Subsetting takes 3-4 s of CPU, serially at the end of a build, so the subsets of the
    pinned font packages ship in ``generator/webfonts/`` (``make webfonts``), and
    any other is kept in ``cache_dir``; both are named by :func:`web_font_key`, so a
    changed font or code point list is subset afresh.
    """
    key = web_font_key(path)
    shipped = WEBFONTS_DIR / f"{key}.woff2"
    if shipped.exists():
        return shipped.read_bytes()
    cached = cache_dir / "fonts" / f"{key}.woff2" if cache_dir else None
    if cached and cached.exists():
        return cached.read_bytes()
    data = subset_web_font(path)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    return data


def subset_web_font(path: Path) -> bytes:
    """The WOFF2 subset itself (fontTools; the same bytes on every run)."""
    from fontTools import subset  # imported only when subsetting (seconds of work anyway)

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options, lazy=False)
    font.recalcTimestamp = False  # the same font bytes on every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=SUBSET_UNICODES)
    subsetter.subset(font)
    out = BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def write_shipped_web_fonts() -> list[Path]:
    """``make webfonts``: (re)write the shipped subsets of the served fonts."""
    WEBFONTS_DIR.mkdir(exist_ok=True)
    for old in WEBFONTS_DIR.glob("*.woff2"):
        old.unlink()
    written = []
    for _family, _weight, path, served in FONTS:
        if served:
            target = WEBFONTS_DIR / f"{web_font_key(path)}.woff2"
            target.write_bytes(subset_web_font(path))
            written.append(target)
    return written


if __name__ == "__main__":
    for written in write_shipped_web_fonts():
        print(written.relative_to(PROJECT_DIR))


def write_static(dest: Path, cache_dir: Path | None = None) -> None:
    """Stylesheets and WOFF2 fonts into ``dest`` (the site's ``static/`` folder)."""
    (dest / "fonts").mkdir(parents=True, exist_ok=True)
    fonts_css = font_face_css(lambda p: f"fonts/{web_font_name(p)}", web=True)
    for name in STYLESHEETS:
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        if name == "style.css":
            text = fonts_css + text
        (dest / name).write_text(text, encoding="utf-8")
    for name in SCRIPTS + IMAGES:
        (dest / name).write_bytes((STATIC_DIR / name).read_bytes())
    for _family, _weight, path, served in FONTS:
        if served:
            (dest / "fonts" / web_font_name(path)).write_bytes(web_font_bytes(path, cache_dir))
