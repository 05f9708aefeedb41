"""Publishing: a Frictionless Data Package that validates, reads back the same, and a SQLite database
that Datasette serves with its metadata."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polars as pl
import pytest

import munigoals

frictionless = pytest.importorskip(
    "frictionless", reason="frictionless is a dev dependency (pip install --group dev)"
)


EXPORTED = (
    "documents",
    "policies",
    "indicators",
    "roles",
    "actions",
    "targets",
    "observations",
    "comparison",
    "issues",
)


@pytest.fixture(scope="module")
def exported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    munigoals.export(out, [corpus], sqlite=out / "munigoals.db", license_id="CC-BY-4.0", parquet=True)
    return out


def test_an_export_of_the_corpus_validates(exported: Path) -> None:
    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    for table in EXPORTED:
        assert table in names
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0"}] and descriptor["created"]
    assert {"munigoals", "munigoals-ueda", "munigoals-suzaka"} <= set(descriptor["x_munigoals_versions"])
    suzaka = next(s for s in descriptor["sources"] if s["path"] == "004_22a3fa7b6e68a797.txt")
    assert suzaka["title"] == "第六次須坂市総合計画 前期基本計画" and len(suzaka["x_sha256"]) == 64
    indicators = next(r for r in descriptor["resources"] if r["name"] == "indicators")["schema"]
    assert indicators["primaryKey"] == ["row_id"]
    assert indicators["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["document"]}
    assert all(field["description"] for field in indicators["fields"])


@pytest.mark.parametrize("city", ["ueda", "suzaka"])
def test_the_data_each_plugin_ships_is_a_valid_package(city: str) -> None:
    data = munigoals.default_host().city(city).data_dir
    assert data is not None
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == f"munigoals-{city}" and descriptor["version"]
    assert all(len(source["x_sha256"]) == 64 for source in descriptor["sources"])


def test_a_broken_value_fails_validation(exported: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    with (broken / "indicators.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))  # titles hold commas: split with the csv module
    rows[1][rows[0].index("line")] = "not-a-line"
    with (broken / "indicators.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert not frictionless.validate(str(broken / "datapackage.json")).valid


def test_the_package_reads_back_the_same_with_polars_and_frictionless(exported: Path) -> None:
    with_polars = pl.read_csv(exported / "indicators.csv", infer_schema_length=0)
    package = frictionless.Package(str(exported / "datapackage.json"))
    rows = package.get_resource("indicators").read_rows()
    assert [row["row_id"] for row in rows] == with_polars["row_id"].to_list()
    assert [row["name"] for row in rows] == with_polars["name"].to_list()
    assert (
        pl.read_parquet(exported / "indicators.parquet")["row_id"].to_list()
        == with_polars["row_id"].to_list()
    )


def test_row_keys_are_stable_across_exports(exported: Path, corpus: Path, tmp_path: Path) -> None:
    munigoals.export(tmp_path / "again", [corpus])
    for table in ("indicators", "targets", "roles"):
        first = pl.read_csv(exported / f"{table}.csv", infer_schema_length=0)["row_id"]
        again = pl.read_csv(tmp_path / "again" / f"{table}.csv", infer_schema_length=0)["row_id"]
        assert first.to_list() == again.to_list() and first.n_unique() == len(first)


def test_the_sqlite_export_holds_every_table_and_full_text_search(exported: Path) -> None:
    db = sqlite3.connect(exported / "munigoals.db")
    tables = {name for (name,) in db.execute("select name from sqlite_master where type = 'table'")}
    for table in EXPORTED:
        assert table in tables
    csv_rows = len(pl.read_csv(exported / "indicators.csv", infer_schema_length=0))
    assert db.execute("select count(*) from indicators").fetchone()[0] == csv_rows
    hits = db.execute(
        "select count(*) from indicators_fts where indicators_fts match '実質公債費比率'"
    ).fetchone()[0]
    assert hits >= 2
    metadata = json.loads((exported / "metadata.json").read_text(encoding="utf-8"))
    assert "indicators" in metadata["databases"]["munigoals"]["tables"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_datasette_serves_a_table_with_its_metadata(exported: Path) -> None:
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette is not installed (it is a dev dependency)")
    port = _free_port()
    server = subprocess.Popen(
        [str(datasette), str(exported / "munigoals.db"), "--metadata", str(exported / "metadata.json"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/munigoals/indicators.json?_shape=objects", timeout=2
                ) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "datasette did not answer"
        assert body["rows"] and "row_id" in body["rows"][0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/metadata.json", timeout=5) as r:
            metadata = json.loads(r.read())
        assert "munigoals" in metadata["databases"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_export_with_source_date_epoch_is_the_same_bytes_twice(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for run in ("a", "b"):
        munigoals.export(tmp_path / run, [corpus / "004_22a3fa7b6e68a797.txt"], parquet=True)
    descriptor = json.loads((tmp_path / "a" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == "2023-11-14T22:13:20+00:00"
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "indicators.parquet" in files and files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_rebuild_of_the_same_data_keeps_its_build_date(corpus: Path, tmp_path: Path) -> None:
    import munigoals_suzaka

    from munigoals.api import build_bundle

    source = [corpus / "004_22a3fa7b6e68a797.txt"]
    build_bundle(munigoals_suzaka, "suzaka", source, tmp_path)
    descriptor_path = tmp_path / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["created"] = "2020-01-02T03:04:05+00:00"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build_bundle(munigoals_suzaka, "suzaka", source, tmp_path)
    assert json.loads(descriptor_path.read_text(encoding="utf-8"))["created"] == "2020-01-02T03:04:05+00:00"
    with (tmp_path / "indicators.jsonl").open("a", encoding="utf-8") as f:
        f.write("{}\n")  # the shipped data differs from what the documents give: a new build date
    build_bundle(munigoals_suzaka, "suzaka", source, tmp_path)
    assert json.loads(descriptor_path.read_text(encoding="utf-8"))["created"] != "2020-01-02T03:04:05+00:00"


@pytest.mark.parametrize("epoch", ["yesterday", "-5", "99999999999999999"])
def test_a_bad_source_date_epoch_is_refused_before_anything_is_written(
    epoch: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(munigoals.MunigoalsError, match="SOURCE_DATE_EPOCH"):
        munigoals.export(tmp_path / "out", [corpus / "004_22a3fa7b6e68a797.txt"])
    assert not (tmp_path / "out").exists()


def test_a_sqlite_target_that_cannot_be_written_is_refused_before_the_package(
    corpus: Path, tmp_path: Path
) -> None:
    document = tmp_path / "plan.txt"
    shutil.copy(corpus / "004_22a3fa7b6e68a797.txt", document)
    document.chmod(0o644)
    for target, says in ((tmp_path, "a folder"), (document, "a document being read")):
        with pytest.raises(munigoals.MunigoalsError, match=says):
            munigoals.export(tmp_path / "out", [document], sqlite=target)
        assert not (tmp_path / "out").exists()
    assert document.read_bytes() == (corpus / "004_22a3fa7b6e68a797.txt").read_bytes()


def test_sqlite_columns_are_typed_as_the_table_schema_says(exported: Path) -> None:
    db = sqlite3.connect(exported / "munigoals.db")
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    storage = {"number": {"real", "null"}, "integer": {"integer", "null"}, "string": {"text", "null"},
               "boolean": {"integer", "null"}}  # fmt: skip
    for resource in descriptor["resources"]:
        name = resource["name"]
        for field in resource["schema"]["fields"]:
            kinds = {k for (k,) in db.execute(f"select distinct typeof([{field['name']}]) from [{name}]")}
            assert kinds <= storage[field["type"]], (name, field["name"], kinds)
    declared = {row[1]: row[2] for row in db.execute("pragma table_info(indicators)")}
    assert declared["baseline_value"] == "REAL" and declared["target_year"] == "INTEGER"
    assert {row[1]: row[2] for row in db.execute("pragma table_info(comparison)")}["progress_rate"] == "REAL"
    keys = db.execute("pragma foreign_key_list(indicators)").fetchall()
    assert [(k[2], k[3], k[4]) for k in keys] == [("documents", "document", "document")]
    assert db.execute("pragma foreign_key_check").fetchall() == []


def _datasette(db: Path, path: str, **params: str) -> dict:  # type: ignore[type-arg]
    app = pytest.importorskip(
        "datasette.app", reason="datasette is a dev dependency (pip install --group dev)"
    )
    import asyncio

    async def get() -> dict:  # type: ignore[type-arg]
        response = await app.Datasette([str(db)]).client.get(path, params={"_shape": "objects", **params})
        assert response.status_code == 200, response.text[:300]
        return response.json()  # type: ignore[no-any-return]

    return asyncio.run(get())


def test_datasette_sorts_and_filters_numbers_as_numbers(exported: Path) -> None:
    db = exported / "munigoals.db"
    rows = _datasette(db, f"/{db.stem}/indicators.json", _sort_desc="baseline_value", _size="max")["rows"]
    values = [r["baseline_value"] for r in rows if r["baseline_value"] is not None]
    assert values and values == sorted(values, reverse=True)
    over = _datasette(db, f"/{db.stem}/indicators.json", baseline_value__gt="50", _size="max")["rows"]
    assert over and all(r["baseline_value"] > 50 for r in over)
    expected = sqlite3.connect(db).execute("select count(*) from indicators where baseline_value > 50")
    assert len(over) == expected.fetchone()[0]


@pytest.mark.parametrize("word", ["公債", "ソーシャルメディア", "自治会", "市", "ICT"])
def test_datasette_search_finds_every_row_that_holds_a_word(exported: Path, word: str) -> None:
    db = exported / "munigoals.db"
    connection = sqlite3.connect(db)
    searched = 0
    for (table,) in connection.execute("select name from sqlite_master where type = 'table'").fetchall():
        if table.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")):
            continue
        columns = [r[1] for r in connection.execute(f"pragma table_info([{table}])") if r[2] == "TEXT"]
        columns = [c for c in columns if c not in ("row_id", "sha256")]
        key = "document" if table == "documents" else "row_id"  # every table's primary key
        holding = {
            row[0]
            for row in connection.execute(
                f"select [{key}], {', '.join(f'[{c}]' for c in columns)} from [{table}]"
            )
            if any(word.lower() in (value or "").lower() for value in row[1:])
        }
        found = _datasette(db, f"/{db.stem}/{table}.json", _search=word, _size="max")["rows"]
        ids = {r[key] for r in found}
        assert ids == holding, (table, word)
        searched += len(holding)
    assert searched > 0, word


def test_every_csv_value_matches_its_field_s_constraints(exported: Path) -> None:
    descriptor = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in descriptor["resources"]:
        raw = (exported / resource["path"]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), resource["path"]  # a BOM, as every munigoals CSV
        rows = list(csv.DictReader(io.StringIO(raw.decode(resource["encoding"]))))
        for field in resource["schema"]["fields"]:
            allowed = field.get("constraints", {}).get("enum")
            for row in rows:
                value = row[field["name"]]
                assert value[:1] not in ("=", "+", "@", "\t", "\r"), (resource["name"], field["name"], value)
                if allowed is not None and value != "":
                    assert value in allowed, (resource["name"], field["name"], value)
                    checked += 1
    assert checked > 0
    comparators = {
        r["target_comparator"]
        for r in csv.DictReader(io.StringIO((exported / "indicators.csv").read_text(encoding="utf-8-sig")))
    }
    assert comparators - {""} <= {"eq", "ge", "le", "lt", "gt"} and "lt" in comparators


def test_frictionless_validate_passes_on_the_command_line(exported: Path) -> None:
    tool = Path(sys.executable).with_name("frictionless")
    if not tool.exists():
        pytest.skip("the frictionless command is not installed (it is a dev dependency)")
    proc = subprocess.run(
        [str(tool), "validate", str(exported / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_a_manifest_url_travels_into_the_package(corpus: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(corpus / "004_22a3fa7b6e68a797.txt", plans / "suzaka.txt")
    (plans / "documents.csv").write_text(
        "file,city,url\nsuzaka.txt,suzaka,https://example.org/plan.pdf\n", encoding="utf-8"
    )
    munigoals.export(tmp_path / "out", [plans])
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert [s.get("url") for s in descriptor["sources"]] == ["https://example.org/plan.pdf"]
    documents = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / "documents.csv").read_text(encoding="utf-8-sig")))
    )
    assert [d["url"] for d in documents] == ["https://example.org/plan.pdf"]
