"""`dnm-catalogue wording`: runs of 8+ words a record shares with a source text."""

from __future__ import annotations

from pathlib import Path

from dnm_catalogue.cli import main
from dnm_catalogue.records.wording import shared_runs
from helpers import write_record

WORDING = Path(__file__).parent / "fixtures" / "wording"


def test_accents_case_and_punctuation_are_ignored():
    runs = shared_runs([("summary", (WORDING / "echoes.txt").read_text("utf-8"))],
                       (WORDING / "abstract.txt").read_text("utf-8"))
    assert [(run.field, " ".join(run.words)) for run in runs] == [
        ("summary", "DECARY HETUS sample of vendors 348 were drug items sold by 145 distinct vendors "
                    "shipping")]


def test_seven_shared_words_are_not_a_run():
    assert shared_runs([("summary", "we note that websites on the darknet where drugs are")],
                       "Cryptomarkets are websites on the darknet where drugs are sold.") == []
    runs = shared_runs([("summary", "are websites on the darknet where drugs are sold")],
                       "Cryptomarkets are websites on the darknet where drugs are sold.")
    assert [len(run.words) for run in runs] == [9]


def test_runs_do_not_cross_from_one_finding_to_the_next():
    source = "one two three four five six seven eight"
    runs = shared_runs([("findings[0].text", "one two three four"),
                        ("findings[1].text", "five six seven eight")], source)
    assert runs == []


def test_command_lists_runs_and_exits_1(tmp_path, capsys):
    write_record(tmp_path, "echo-record", findings=(
        "findings:\n  - text: Of the sample, 348 were drug items sold by 145 distinct vendors shipping "
        "from 19 countries.\n"))
    code = main(["wording", "echo-record", str(WORDING / "abstract.txt"), "--reports", str(tmp_path)])
    out = capsys.readouterr()
    assert code == 1
    assert "findings[0].text: 13 words: 348 were drug items sold by 145 distinct vendors shipping " \
           "from 19 countries" in out.out
    assert "1 run of 8 or more words" in out.err


def test_command_passes_own_words(tmp_path, capsys):
    write_record(tmp_path, "own-words")
    code = main(["wording", "own-words", str(WORDING / "abstract.txt"), "--reports", str(tmp_path)])
    assert code == 0
    assert "no run of 8 or more words" in capsys.readouterr().err


def test_unknown_record_is_a_usage_error(tmp_path, capsys):
    code = main(["wording", "no-such-record", str(WORDING / "abstract.txt"), "--reports", str(tmp_path)])
    assert code == 2
    assert "no such record" in capsys.readouterr().err
