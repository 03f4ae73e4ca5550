import codecs

import pytest
from hypothesis import given, settings, strategies as st

from audithelpers.errors import InputError
from audithelpers.read.text import read_bytes, read_source, split_lines

from fuzzdocs import budget_document
from helpers import SEED, check_well_formed, seed_text


def test_utf8_seed_keeps_line_numbers():
    src = read_source(SEED)
    assert src.encoding == "utf-8"
    assert src.line(3) == "新乡市红旗区政务服务和大数据管理局"
    assert "295.42" in src.line(95)


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16"),
])
def test_encodings_give_the_same_lines(encode, encoding):
    text = seed_text()
    src = read_bytes(encode(text), "x.txt")
    assert src.encoding == encoding
    assert src.lines == read_source(SEED).lines


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_count_lines_like_lf(newline):
    src = read_bytes(seed_text().replace("\n", newline).encode("utf-8"))
    assert src.lines == read_source(SEED).lines


def test_full_width_forms_are_normalised_for_parsing_only():
    src = read_bytes("收入总计２９５．４２万元（含结转）：\n".encode("utf-8"))
    assert src.norm[0] == "收入总计295.42万元(含结转):"
    assert src.lines[0] == "收入总计２９５．４２万元（含结转）："


def test_form_feed_is_a_page_break_not_a_line_end():
    lines, pages = split_lines("a\nb\fc\n\fd\ne")
    assert lines == ["a", "bc", "d", "e"]
    assert pages == [1, 1, 3, 3]


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"abc\x80\xff\x80 def", "neither UTF-8 nor GB18030"),
])
def test_bad_bytes_raise_input_error(data, problem):
    with pytest.raises(InputError, match=problem):
        read_bytes(data, "bad.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_source(tmp_path)


def test_error_names_the_file_and_pickles():
    import pickle

    err = InputError("data/x.txt", "the file is empty")
    assert str(err) == "data/x.txt: the file is empty"
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.problem, str(again)) == (err.path, err.problem, str(err))


def _ingest_or_clean_error(data: bytes, path: str = "fuzz.txt"):
    """Either a one-line InputError naming the file, or a well-formed disclosure (see helpers)."""
    from audithelpers.ingest import ingest_source

    try:
        d = ingest_source(read_bytes(data, path))
    except InputError as err:
        assert err.path == path and str(err) == f"{path}: {err.problem}"
        assert err.problem.strip() and "\n" not in err.problem
        return None
    check_well_formed(d)
    return d


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_clean_error_or_a_well_formed_disclosure(data):
    _ingest_or_clean_error(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("收入支出合计表万元0123456789.\t\n\r\f一、（）:部门预算年 ")),
               max_size=400))
def test_arbitrary_budget_like_text_gives_a_clean_error_or_a_well_formed_disclosure(text):
    _ingest_or_clean_error(text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(budget_document())
def test_budget_shaped_documents_give_a_clean_error_or_a_well_formed_disclosure(text):
    """Documents with titled tables of random cells and sentences with figures get past reading into
    segmentation, table building, facts and the reconciler; what is accepted holds a table of a
    known kind or a budget figure (else it is 'no budget table and no budget figures')."""
    d = _ingest_or_clean_error(text.encode("utf-8"))
    if d is not None:
        assert any(t.kind != "unknown" for t in d.tables) or len(d.facts)
