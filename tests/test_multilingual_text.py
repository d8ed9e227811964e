"""Dates and figures in other languages (CLDR via babel), read through text.dates and
text.quantities so matching, prefilter and discrepancies all see them. Short fictional sentences."""

from datetime import date

import pytest

from corroborate.text.dates import canonical_date_word, date_spans, find_dates
from corroborate.text.quantities import find_quantities, number_values

PAGE_DATE = date(2031, 3, 12)  # a Wednesday


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Le pont de Valmoré a cédé le 9 mars 2031, selon la mairie.", date(2031, 3, 9)),
        ("Die Brücke von Valmoré stürzte am 9. März ein.", date(2031, 3, 9)),
        ("Мост в Вальморе обрушился 9 марта 2031 года.", date(2031, 3, 9)),
        ("ヴァルモレの橋は２０３１年３月９日に崩落した。", date(2031, 3, 9)),
        ("발모레 다리는 3월 9일 새벽 무너졌다.", date(2031, 3, 9)),
        ("El puente se derrumbó el 9 de marzo de 2031.", date(2031, 3, 9)),
    ],
)
def test_dates_in_other_languages_resolve_to_days(sentence, expected):
    days = [mention.day for mention in find_dates(sentence, PAGE_DATE)]
    assert expected in days


def test_bare_day_of_month_and_weekday_resolve_against_the_page_date():
    japanese = find_dates("ヴァルモレで9日、橋が崩落した。", PAGE_DATE)
    assert [mention.day for mention in japanese] == [date(2031, 3, 9)]
    korean = find_dates("일요일이었던 지난 9일 다리가 무너졌다.", PAGE_DATE)
    assert {mention.day for mention in korean} == {date(2031, 3, 9)}  # Sunday 9 March
    french = find_dates("Le pont a cédé dimanche matin.", PAGE_DATE)
    assert [mention.day for mention in french] == [date(2031, 3, 9)]


def test_a_capitalised_latin_weekday_name_is_not_read_as_a_day():
    assert find_dates("Ambassador Domingo arrived in Valmoré.", PAGE_DATE) == []


def test_foreign_date_spans_keep_day_numbers_out_of_quantities():
    text = "Am 9. März wurden 3 Pfeiler zerstört."
    assert date_spans(text)
    assert all(quantity.value != 9 for quantity in find_quantities(text))


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("Die Reparatur kostet 1,8 Milliarden Euro.", 1.8e9, "EUR"),
        ("La mairie chiffre les dégâts à 88 millions d'euros.", 88e6, "EUR"),
        ("Ущерб оценили в 88 миллионов евро.", 88e6, "EUR"),
        ("被害額は8800万ユーロにのぼる。", 88e6, "EUR"),
        ("피해액은 8,800만 유로로 추산됐다.", 88e6, "EUR"),
        ("损失约为1.2亿美元。", 1.2e8, "USD"),
        ("El coste asciende a 102 millones de dólares.", 102e6, "USD"),
        ("Le coût : 2 300 000 €.", 2.3e6, "EUR"),
    ],
)
def test_figures_with_local_scale_words_and_currencies(sentence, value, unit):
    quantities = find_quantities(sentence)
    assert any(q.value == pytest.approx(value) and q.unit == unit for q in quantities), quantities
    assert any(v == pytest.approx(value) for v in number_values(sentence, sentence.lower().split()))


def test_english_figures_read_as_before():
    quantities = find_quantities("The storm left 2 million people without power and cost $4.5m.")
    assert [(q.value, q.unit, q.noun) for q in quantities] == [
        (2e6, "", "people"),
        (4.5e6, "USD", ""),
    ]


def test_foreign_month_and_weekday_names_compare_as_the_english_ones():
    assert canonical_date_word("octobre") == canonical_date_word("october") == "oct"
    assert canonical_date_word("октября") == "oct"
    assert canonical_date_word("sonntag") == canonical_date_word("sunday")
