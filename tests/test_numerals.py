"""Chinese and Arabic numerals as the source writes them."""

import pytest

from zonebook.data.numerals import arabic, forms, parse_chinese, parse_chinese_range, same_number, scan, to_chinese


@pytest.mark.parametrize(
    "token, value",
    [
        ("一", 1),
        ("两", 2),
        ("三", 3),
        ("十", 10),
        ("十九", 19),
        ("三十", 30),
        ("三十五", 35),
        ("百", 100),
        ("一百零五", 105),
        ("两百", 200),
        ("一千五百", 1500),
        ("零", 0),
        ("二〇一七", 2017),
    ],
)
def test_parse_chinese(token, value):
    assert parse_chinese(token) == value


@pytest.mark.parametrize("token", ["十十", "百十百", "", "亿", "3"])
def test_parse_chinese_rejects_what_is_not_one_number(token):
    assert parse_chinese(token) is None


def test_adjacent_digits_are_an_approximate_range():
    assert parse_chinese_range("三四十") == (30, 40)  # 三四十年: thirty to forty years
    assert parse_chinese_range("七八") == (7, 8)
    assert parse_chinese_range("三八") == (38, None)  # 三八河: a name, digit by digit


@pytest.mark.parametrize("number", [0, 1, 2, 10, 11, 19, 20, 30, 101, 110, 1000, 1010, 2017, 9999])
def test_to_chinese_round_trips(number):
    assert parse_chinese(to_chinese(number)) == number


def test_to_chinese_writes_the_standard_form():
    assert [to_chinese(n) for n in (10, 15, 30, 105)] == ["十", "十五", "三十", "一百零五"]
    with pytest.raises(ValueError):
        to_chinese(10_000)


def test_forms_of_a_value():
    assert forms(134.0) == ["134", "一百三十四"]
    assert forms(3.22) == ["3.22"]
    assert forms(1504.7) == ["1504.7"]
    assert forms(3) == ["3", "三"]
    assert forms(2) == ["2", "二", "两"]
    assert forms(10) == ["10", "十"]
    assert "百" in forms(100, "亿元")  # 百亿产业集群
    assert "134亿元" in forms(134, "亿元")
    assert forms(float("nan")) == []


def test_arabic_drops_needless_zeros():
    assert [arabic(v) for v in (134.0, 3.22, 1504.70, 307.15)] == ["134", "3.22", "1504.7", "307.15"]


def test_scan_finds_arabic_and_chinese_runs_with_offsets():
    text = "实有企业147家,税收3.22亿元,十项制度,三四十年,5-10年"
    found = scan(text)
    assert [(n.token, n.value, n.value_max) for n in found] == [
        ("147", 147, None),
        ("3.22", 3.22, None),
        ("十", 10, None),
        ("三四十", 30, 40),
        ("5", 5, None),
        ("10", 10, None),
    ]
    assert all(text[n.start : n.end] == n.token for n in found)


def test_scan_stops_at_wan_and_yi():
    assert [n.token for n in scan("百亿产业集群,约8万㎡")] == ["百", "8"]


def test_same_number_tolerates_float_noise_only():
    assert same_number(0.1 + 0.2, 0.3)
    assert not same_number(3.22, 3.2)
    assert not same_number(None, 0)
