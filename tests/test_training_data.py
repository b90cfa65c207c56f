"""Every data reader of `credence train` / `evaluate` fails in one located line, never a traceback.

A table per reader (stance JSONL, sentence JSONL, FNC-1 CSVs, Szeged XML, topic split CSV)
of bad inputs and the exact ``Error: …`` line; all texts are our own.
"""

import json

import pytest
from typer.testing import CliRunner

from credence.cli import app
from credence.errors import DataError
from credence.models.grouping import topic_groups
from credence.models.stance_data import read_topic_split

runner = CliRunner()

LATIN1 = "Le café est fermé.".encode("latin-1")
BODIES = 'Body ID,articleBody\n1,"The dam opened on Monday, officials said."\n2,"Rain fell."\n'
STANCES = (
    "Headline,Body ID,Stance\nDam opens,1,agree\nDam stays shut,1,disagree\nDam opens,2,unrelated\n"
)


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _train(*args):
    return runner.invoke(app, ["train", *args, "--out", "unused-model-dir"])


# (case, file content or None for missing / "DIR" for a directory, message after the path)
JSONL_CASES = [
    ("missing", None, ": no such file or directory"),
    ("directory", "DIR", ": is a directory, expected a JSONL file"),
    ("empty", "", ": no rows"),
    ("non-utf8", b"\n" + LATIN1 + b"\n", ", line 2: not UTF-8 text (byte 0xe9 at column 7)"),
    ("not-json", "{oops\n", ", line 1: invalid JSON (Expecting property name enclosed in double "
     "quotes at column 2)"),
    ("not-object", "[1, 2]\n", ", line 1: expected a JSON object, got a list"),
]  # fmt: skip


def _materialise(tmp_path, name, content):
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        _write(path, content)
    return path


@pytest.mark.parametrize(
    ("case", "content", "message"), JSONL_CASES, ids=[c[0] for c in JSONL_CASES]
)
@pytest.mark.parametrize("kind", ["stance", "uncertainty"])
def test_training_data_jsonl_errors_are_one_line(tmp_path, kind, case, content, message):
    path = _materialise(tmp_path, "data.jsonl", content)
    if kind == "uncertainty" and case == "directory":  # a directory of Szeged XML files
        message = ": no Szeged *.xml files in this directory"
    result = _train(kind, str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}{message}\n"


@pytest.mark.parametrize(
    ("kind", "row", "message"),
    [
        ("stance", {"text": "It rained.", "label": "certain"}, "the field 'claim' is missing"),
        ("uncertainty", {"claim": "a", "evidence": "b", "label": "agree"},
         "the field 'text' is missing"),
        ("uncertainty", {"text": "It rained.", "label": "agree"},
         "unknown label 'agree' (expected certain, uncertain)"),
        # No Python reprs (['x', 'y'], None): the field and what it is, in words.
        ("stance", {"claim": "a", "evidence": "b", "label": ["x", "y"]},
         "the field 'label' is a list, expected a string"),
        ("stance", {"claim": None, "evidence": "b", "label": "agree"},
         "the field 'claim' is null, expected a string"),
        ("stance", {"claim": "a", "evidence": " ", "label": "agree"},
         "the field 'evidence' is empty"),
        ("stance", {"claim": "a", "evidence": "b", "label": "agree", "group": [1]},
         "the field 'group' is a list, expected a string or an integer"),
        ("uncertainty", {"text": "It rained."}, "the field 'label' is missing"),
        ("uncertainty", {"text": "It rained.", "label": None},
         "the field 'label' is null, expected a string"),
        ("uncertainty", {"text": 7, "label": "certain"},
         "the field 'text' is a number, expected a string"),
    ],
)  # fmt: skip
def test_training_data_wrong_columns_are_named(tmp_path, kind, row, message):
    path = _write(tmp_path / "d.jsonl", json.dumps(row) + "\n")
    result = _train(kind, str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}, line 1: {message}\n"


FNC_CASES = [
    ("missing", None, ": no such file or directory"),
    ("directory", "DIR", ": is a directory, expected a CSV file"),
    ("empty", "", ": no rows (expected the header Headline, Body ID, Stance)"),
    ("non-utf8", b"Headline,Body ID,Stance\n" + LATIN1 + b",1,agree\n",
     ", line 2: not valid UTF-8: byte 0xe9 at byte offset 30 (save the file as UTF-8)"),
    ("wrong-columns", "Claim,Body,Label\nDam opens,1,agree\n",
     ", line 1: expected the header Headline, Body ID, Stance; got Claim, Body, Label"),
    ("short-row", "Headline,Body ID,Stance\nDam opens,1\n", ", line 2: expected 3 columns, got 2"),
    ("bad-label", "Headline,Body ID,Stance\nDam opens,1,maybe\n",
     ", line 2: unknown label 'maybe' (expected agree, disagree, discuss, unrelated)"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "content", "message"), FNC_CASES, ids=[c[0] for c in FNC_CASES])
def test_training_data_fnc_stances_errors_are_one_line(tmp_path, case, content, message):
    bodies = _write(tmp_path / "bodies.csv", BODIES)
    stances = _materialise(tmp_path, "stances.csv", content)
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {stances}{message}\n"


def test_training_data_fnc_bodies_errors_are_one_line(tmp_path):
    stances = _write(tmp_path / "stances.csv", STANCES)
    bodies = _write(tmp_path / "bodies.csv", "Body ID,articleBody\nx,Rain fell.\n")
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances))
    assert result.stderr == f"Error: {bodies}, line 2: Body ID must be an integer, got 'x'\n"
    result = _train("stance", "--bodies", str(tmp_path / "nope.csv"), "--stances", str(stances))
    assert result.stderr == f"Error: {tmp_path / 'nope.csv'}: no such file or directory\n"


SZEGED_OK = (
    '<?xml version="1.0" encoding="UTF-8"?><Annotation><DocumentSet><Document><DocID>d1</DocID>'
    '<DocumentPart><Sentence id="S1">It <ccue type="speculation_modal_probable_">may</ccue> '
    "rain.</Sentence></DocumentPart></Document></DocumentSet></Annotation>"
)


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("missing", None, ": no such file or directory"),
        ("empty", "", ", line 1: malformed Szeged XML (no element found: line 1, column 0)"),
        ("non-utf8", SZEGED_OK.encode("utf-8").replace(b"rain.", LATIN1),
         ", line 1: malformed Szeged XML (not well-formed (invalid token): line 1, column 183)"),
        ("no-sentences", "<Annotation></Annotation>", ": no rows"),
    ],
)  # fmt: skip
def test_training_data_szeged_errors_are_one_line(tmp_path, case, content, message):
    path = _materialise(tmp_path, "corpus.xml", content)
    result = _train("uncertainty", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}{message}\n"


def test_training_data_szeged_directory_skips_bad_files(tmp_path):
    corpus = tmp_path / "szeged"
    corpus.mkdir()
    result = _train("uncertainty", str(corpus))
    assert result.stderr == f"Error: {corpus}: no Szeged *.xml files in this directory\n"
    _write(corpus / "bad.xml", "<Annotation>")
    _write(corpus / "good.xml", SZEGED_OK)
    result = _train("uncertainty", str(corpus))
    assert result.stderr.startswith(f"Error: {corpus / 'bad.xml'}, line 1: malformed Szeged XML")
    # With --skip-errors the bad file is left out and named (evaluated by the default model).
    result = runner.invoke(app, ["evaluate", "uncertainty", str(corpus), "--skip-errors"])
    assert result.exit_code == 0, result.stderr
    assert "Skipped 1 bad row (--skip-errors):" in result.stderr
    assert f"{corpus / 'bad.xml'}, line 1: malformed Szeged XML" in result.stderr
    assert "1 rows from" in " ".join(result.stdout.split())


# --- topic split ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, ": no such file or directory"),
        ("DIR", ": is a directory, expected a topic split CSV file"),
        ("", ": no rows (expected the header Headline, Body ID, split)"),
        (b"Headline,Body ID,split\n" + LATIN1 + b",1,dev\n", ", line 2: not valid UTF-8: byte "
         "0xe9 at byte offset 29 (save the file as UTF-8)"),
        ("Headline,Body,part\n", ", line 1: expected the header Headline, Body ID, split; got "
         "Headline, Body, part"),
        ("Headline,Body ID,split\nDam opens,1\n", ", line 2: expected 3 columns, got 2"),
        ("Headline,Body ID,split\nDam opens,one,dev\n",
         ", line 2: Body ID must be an integer, got 'one'"),
        ("Headline,Body ID,split\nDam opens,1,test\n",
         ", line 2: unknown split 'test' (expected train, dev, drop)"),
        ("Headline,Body ID,split\nDam opens,1,dev\nDam opens,01,train\n",
         ", line 3: the pair (headline 'Dam opens', Body ID 01) is in both dev and train"),
    ],
)  # fmt: skip
def test_training_data_topic_split_errors(tmp_path, content, message):
    path = _materialise(tmp_path, "split.csv", content)
    with pytest.raises(DataError) as info:
        read_topic_split(path)
    assert str(info.value) == f"{path}{message}"


def test_training_data_topic_split_selects_pairs(tmp_path):
    bodies = _write(tmp_path / "bodies.csv", BODIES)
    stances = _write(tmp_path / "stances.csv", STANCES)
    split = _write(
        tmp_path / "split.csv",
        "Headline,Body ID,split\nDam opens,1,train\nDam stays shut,1,train\nDam opens,2,dev\n",
    )
    fnc = ["--bodies", str(bodies), "--stances", str(stances), "--split-file", str(split)]
    result = _train("stance", *fnc, "--split", "dev")
    # The dev part holds one 'unrelated' pair only: read and filtered, then refused.
    assert (
        result.stderr
        == f"Error: {stances}: every row has the label 'unrelated'; need two classes\n"
    )
    result = _train("stance", *fnc, "--split", "test")
    assert result.stderr == "Error: --split must be one of train, dev, drop. Got 'test' instead.\n"
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances), "--split", "dev")
    assert result.stderr == "Error: --split-file and --split go together: give both or neither.\n"
    other = _write(tmp_path / "other.csv", "Headline,Body ID,split\nSomething else,9,dev\n")
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances),
                    "--split-file", str(other), "--split", "dev")  # fmt: skip
    assert result.stderr == (
        f"Error: {other}: lists none of the 3 (headline, Body ID) pairs of {stances}\n"
    )


def test_training_data_topic_split_of_shared_fnc(shared_data):
    split = read_topic_split(shared_data / "fnc1" / "splits" / "topic_split.csv")
    counts = {name: sum(1 for v in split.values() if v == name) for name in ("train", "dev")}
    # README: 32,643 train / 4,430 dev pairs; a few pairs repeat in train_stances.csv.
    assert 32_000 < counts["train"] <= 32_643 and 4_300 < counts["dev"] <= 4_430


# --- topic grouping -------------------------------------------------------------------------


def test_training_data_topic_groups_join_related_pairs_only():
    claims = ["c1", "c2", "c3", "c4", "c1"]
    evidence = ["e1", "e1", "e2", "e3", "e3"]
    labels = ["agree", "discuss", "unrelated", "disagree", "unrelated"]
    groups = topic_groups(claims, evidence, labels)
    # c1-e1-c2 form a topic; c3's only pair is unrelated (own topic); c4-e3 a topic; the
    # unrelated (c1, e3) pair goes with c1 and does not merge the c1 and c4 topics.
    assert groups[0] == groups[1] == groups[4]
    assert len({groups[0], groups[2], groups[3]}) == 3


def test_training_data_topic_groups_do_not_depend_on_order():
    claims, evidence = ["a", "b", "c"], ["x", "y", "x"]
    labels = ["agree", "agree", "agree"]
    forward = topic_groups(claims, evidence, labels)
    backward = topic_groups(claims[::-1], evidence[::-1], labels)[::-1]
    assert forward == backward and forward[0] == forward[2] != forward[1]


def test_training_data_shared_fnc_split_and_topics(shared_data):
    from credence.models.training import group_rows, load_labelled_data

    fnc = shared_data / "fnc1"
    args = {"bodies": str(fnc / "train_bodies.csv"), "stances": str(fnc / "train_stances.csv")}
    split = str(fnc / "splits" / "topic_split.csv")
    train = load_labelled_data("stance", None, **args, split_file=split, split="train")
    dev = load_labelled_data("stance", None, **args, split_file=split, split="dev")
    assert (len(train), len(dev)) == (32_643, 4_430)  # the data README's figures
    assert train.split["rows_not_listed"] == 0
    # Topics are far fewer than article bodies: grouping by body alone would leak stories.
    topics, bodies = group_rows(train), group_rows(train, "evidence_id")
    assert topics.by == "topic" and 100 < topics.n_groups < bodies.n_groups / 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["uncertainty", "s.jsonl", "--bodies", "b.csv", "--stances", "s.csv"],
         "--bodies and --stances are FNC-1 stance data, not sentences."),
        (["stance", "p.jsonl", "--bodies", "b.csv", "--stances", "s.csv"],
         "Give a JSONL data file or --bodies and --stances, not both."),
        (["stance", "--bodies", "b.csv"], "FNC-1 input needs both --bodies and --stances."),
        (["stance"], "Give a JSONL data file, or --bodies and --stances for FNC-1."),
        (["uncertainty"], "Give a JSONL file or Szeged XML (a file or a directory)."),
    ],
)  # fmt: skip
def test_training_data_inconsistent_options_are_one_line(args, message):
    result = _train(*args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"


def test_training_data_split_file_is_for_stance_data(tmp_path):
    sentences = _write(tmp_path / "s.jsonl", '{"text": "It may rain.", "label": "uncertain"}\n')
    split = _write(tmp_path / "split.csv", "Headline,Body ID,split\nDam opens,1,dev\n")
    result = _train("uncertainty", str(sentences), "--split-file", str(split), "--split", "dev")
    assert result.stderr == "Error: --split-file applies to stance data (FNC-1 topic splits).\n"


# --- encodings of JSONL data ----------------------------------------------------------------

GOOD_PAIR = {"claim": "Dam opens", "evidence": "The dam opened.", "label": "agree"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_training_data_jsonl_with_byte_order_mark_keeps_line_numbers(tmp_path, codec):
    bad = dict(GOOD_PAIR, label="maybe")
    text = "\ufeff" + json.dumps(GOOD_PAIR) + "\n\n" + json.dumps(bad) + "\n"
    path = _write(tmp_path / "d.jsonl", text.encode(codec))
    result = _train("stance", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}, line 3: unknown label 'maybe' (expected agree, disagree, discuss, "
        "unrelated)\n"
    )


def test_training_data_jsonl_utf16_rows_are_read(tmp_path):
    from credence.models.sentence_data import read_sentence_rows
    from credence.models.stance_data import read_stance_rows

    rows = [{"text": "It may rain.", "label": "uncertain"}, {"text": "Rain.", "label": "certain"}]
    text = "\r\n".join(json.dumps(r) for r in rows) + "\r\n"
    path = _write(tmp_path / "s.jsonl", text.encode("utf-16"))
    got, skipped = read_sentence_rows(path)
    assert [(line, s.text) for line, _, s in got] == [(1, "It may rain."), (2, "Rain.")]
    assert skipped == []
    path = _write(tmp_path / "p.jsonl", (json.dumps(GOOD_PAIR) + "\n").encode("utf-32"))
    assert [p.claim for _, _, p in read_stance_rows(path)[0]] == ["Dam opens"]


def test_training_data_jsonl_utf16_without_mark_is_one_line(tmp_path):
    path = _write(tmp_path / "d.jsonl", (json.dumps(GOOD_PAIR) + "\n").encode("utf-16-le"))
    result = _train("stance", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}, line 1: binary file: NUL byte at byte offset 1 (UTF-16 text without a "
        "byte-order mark? save the file as UTF-8)\n"
    )


# --- FNC-1 CSV: bad bytes and unterminated quotes are located -------------------------------


def test_training_data_fnc_bodies_non_utf8_names_the_line(tmp_path):
    stances = _write(tmp_path / "stances.csv", STANCES)
    content = b'Body ID,articleBody\n1,"The dam\nopened."\n2,' + LATIN1 + b"\n"
    bodies = _write(tmp_path / "bodies.csv", content)
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bodies}, line 4: not valid UTF-8: byte 0xe9 at byte offset 48 "
        "(save the file as UTF-8)\n"
    )


UNTERMINATED = "unterminated quoted field: the quote opened on this line is never closed"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('Body ID,articleBody\n1,"Rain fell."\n2,"The dam opened\non Monday.\n3,Dry.\n', 3),
        # A closed multi-line field and a doubled quote before the unterminated one.
        ('Body ID,articleBody\n1,"Rain\n""fell""."\n2,Dry.\n3,"The dam opened\n', 5),
        ('Body ID,articleBody\r\n1,Rain 5" deep.\r\n2,"The dam opened', 3),
    ],
)
def test_training_data_fnc_bodies_unterminated_quote_names_its_line(tmp_path, content, line):
    stances = _write(tmp_path / "stances.csv", STANCES)
    bodies = _write(tmp_path / "bodies.csv", content)
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bodies}, line {line}: {UNTERMINATED}\n"


def test_training_data_csv_unterminated_quote_in_stances_and_split(tmp_path):
    bodies = _write(tmp_path / "bodies.csv", BODIES)
    stances = _write(tmp_path / "stances.csv", STANCES + '"Dam opens,1,agree\nDam,2,agree\n')
    result = _train("stance", "--bodies", str(bodies), "--stances", str(stances))
    assert result.stderr == f"Error: {stances}, line 5: {UNTERMINATED}\n"
    split = _write(tmp_path / "split.csv", 'Headline,Body ID,split\n"Dam opens,1,dev\n')
    with pytest.raises(DataError) as info:
        read_topic_split(split)
    assert str(info.value) == f"{split}, line 2: {UNTERMINATED}"


def test_training_data_split_ids_file_with_bad_bytes_is_one_error(tmp_path):
    from credence.models.fnc import read_body_ids

    ids = _write(tmp_path / "ids.txt", b"1\r\n2\xe9\r\n")
    with pytest.raises(DataError) as info:
        read_body_ids(ids)
    assert str(info.value) == (
        f"{ids}, line 2: not valid UTF-8: byte 0xe9 at byte offset 4 (save the file as UTF-8)"
    )
    assert read_body_ids(_write(ids, b"1\r\n\r\n02\r\n")) == {"1", "2"}
