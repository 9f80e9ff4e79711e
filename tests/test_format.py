from ui.format import fmt_delta, fmt_int, fmt_num, fmt_pct, fmt_rank


def test_vietnamese_number_format():
    assert fmt_num(65.49) == "65,49"
    assert fmt_num(94.835, 2) in ("94,83", "94,84")
    assert fmt_int(1234567) == "1.234.567"
    assert fmt_num(1234.5, 1) == "1.234,5"
    assert fmt_pct(88.62) == "88,62%"
    assert fmt_delta(-0.4) == "−0,40" and fmt_delta(1.25) == "+1,25"
    assert fmt_rank(7, 34) == "7/34"


def test_missing_is_a_dash_never_zero():
    assert fmt_num(None) == fmt_num(float("nan")) == fmt_pct(None) == fmt_rank(None, 34) == "—"


def test_md_escape_leaves_no_markup_and_keeps_ordinary_text():
    from core.format import md_escape

    assert md_escape("Xã Ea Ktur: 54,86 (cũ) lúc 10:30") == "Xã Ea Ktur: 54,86 (cũ) lúc 10:30"
    assert md_escape("![x](http://e.vn/a.png)") == "!\\[x\\](http\\://e.vn/a.png)"
    assert md_escape("[link](u)") == "\\[link\\](u)"
    assert md_escape("**đậm**") == "\\*\\*đậm\\*\\*"
    assert md_escape("<img src=x>") == "\\<img src=x\\>"
    assert md_escape(":material/home: `c` $x$") == "\\:material/home: \\`c\\` \\$x\\$"
    assert md_escape("www.e.vn") == "www\\.e.vn"
    assert md_escape("# h") == "\\# h" and md_escape("- m") == "\\- m" and md_escape("1. m") == "1\\. m"
    assert md_escape("dòng 1\ndòng 2\x1b\x07") == "dòng 1 dòng 2"
