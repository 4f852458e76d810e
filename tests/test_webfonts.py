"""The shipped WOFF2 subsets are those of the installed font packages (else every cold
build would subset them again, seconds each)."""

from generator.assets import FONTS, WEBFONTS_DIR, subset_web_font, web_font_bytes, web_font_key


def test_every_served_font_has_its_subset_shipped():
    served = [path for _family, _weight, path, shown in FONTS if shown]
    shipped = {p.name for p in WEBFONTS_DIR.glob("*.woff2")}
    assert {f"{web_font_key(path)}.woff2" for path in served} == shipped


def test_a_shipped_subset_is_the_subset_made_afresh(tmp_path):
    path = next(path for _family, _weight, path, shown in FONTS if shown)
    fresh = subset_web_font(path)
    assert fresh[:4] == b"wOF2"
    assert web_font_bytes(path, tmp_path) == fresh
    assert not (tmp_path / "fonts").exists()  # served from the package, nothing cached
