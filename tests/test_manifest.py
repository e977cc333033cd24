"""Batch manifests: CSV and JSONL rows of (card, front, back), paths relative to the
manifest, one-line errors that name the file and line, duplicate card names refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.discover import CardFiles
from pipeline.errors import InputError
from pipeline.manifest import check_manifest, read_manifest


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_paths_relative_to_the_manifest(tmp_path: Path) -> None:
    m = write(tmp_path / "lists" / "m.csv",
              "card,front,back,note\n"
              "a,img/a_f.jpg,img/a_b.jpg,x\n"
              "b,/abs/b.pdf,,\n"
              "\n"
              " c ,c.png,  ,\n")
    base = tmp_path / "lists"
    assert list(read_manifest(m)) == [
        CardFiles("a", base / "img/a_f.jpg", base / "img/a_b.jpg"),
        CardFiles("b", Path("/abs/b.pdf"), None),
        CardFiles("c", base / "c.png", None),
    ]
    assert check_manifest(m) == 3


def test_jsonl_rows_and_a_back_without_front(tmp_path: Path) -> None:
    m = write(tmp_path / "m.jsonl",
              '{"card": "a", "front": "a.jpg", "back": "b.jpg"}\n'
              '{"card": "b", "front": "b.jpg"}\n'
              "\n"
              '{"card": "c", "front": null, "back": "c_back.jpg"}\n')
    assert list(read_manifest(m)) == [
        CardFiles("a", tmp_path / "a.jpg", tmp_path / "b.jpg"),
        CardFiles("b", tmp_path / "b.jpg", None),
        CardFiles("c", None, tmp_path / "c_back.jpg"),
    ]


def test_csv_header_without_back_column(tmp_path: Path) -> None:
    m = write(tmp_path / "m.csv", "front,card\nx.png,1\n")
    assert list(read_manifest(m)) == [CardFiles("1", tmp_path / "x.png", None)]


@pytest.mark.parametrize(
    ("name", "text", "where", "problem"),
    [
        ("m.csv", "", "m.csv", "empty manifest"),
        ("m.csv", "name,path\na,b.png\n", "m.csv line 1", "header lacks column card, front"),
        ("m.csv", "card,front,back\na,a.png\nb,b.png,,extra\n", "m.csv line 2", "2 fields"),
        ("m.csv", "card,front,back\n,a.png,\n", "m.csv line 2", "no card name"),
        ("m.csv", "card,front,back\na,,\n", "m.csv line 2", "neither a front nor a back"),
        ("m.jsonl", '{"card": "a", "front": "a.png"}\n{"card": "b",\n', "m.jsonl line 2",
         "not JSON"),
        ("m.jsonl", '["a", "a.png"]\n', "m.jsonl line 1", "expected an object"),
        ("m.jsonl", '{"card": "a", "fornt": "a.png"}\n', "m.jsonl line 1", "expected the keys"),
        ("m.jsonl", '{"card": "a", "front": "a.png", "side": 1}\n', "m.jsonl line 1",
         "unknown key 'side'"),
        ("m.jsonl", '{"card": "a", "front": 7}\n', "m.jsonl line 1", "front must be a path"),
        ("m.jsonl", '{"card": 7, "front": "a.png"}\n', "m.jsonl line 1", "no card name"),
        ("m.txt", "card,front\n", "m.txt", "a manifest is a .csv or .jsonl file"),
    ],
)
def test_malformed_manifests_name_file_line_and_problem(
    tmp_path: Path, name: str, text: str, where: str, problem: str
) -> None:
    m = write(tmp_path / name, text)
    with pytest.raises(InputError) as e:
        check_manifest(m)
    message = str(e.value)
    assert message.startswith(str(tmp_path / where) + ":"), message
    assert problem in message
    assert "\n" not in message


def test_duplicate_card_names_are_refused_and_named(tmp_path: Path) -> None:
    m = write(tmp_path / "m.csv", "card,front\na,1.png\nb,2.png\na,3.png\nb,4.png\na,5.png\n")
    with pytest.raises(InputError, match=r"2 duplicate card names: 'a' \(3 times\), "
                                         r"'b' \(2 times\); each card must appear once"):
        check_manifest(m)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="manifest not found"):
        check_manifest(tmp_path / "nope.csv")
