"""The core end to end with a fake city registered in-process: plugin host, reading, tables, CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import polars as pl
import pytest
from click.testing import CliRunner

import munigoals
import munigoals.plugins
from munigoals import Municipality, MunigoalsError, PluginHost, PopulationFigure, hookimpl
from munigoals.api import parse
from munigoals.cli import cli
from munigoals.model import Span
from munigoals.reading import decode
from munigoals.sdk import City
from munigoals.tables import SCHEMAS, TABLE_NAMES
from tests import fake_city


@pytest.fixture
def host() -> Iterator[PluginHost]:
    host = PluginHost.only(fakecity=fake_city)
    try:
        yield host
    finally:
        host.unregister("fakecity")


@pytest.fixture
def fake_host(monkeypatch: pytest.MonkeyPatch, host: PluginHost) -> PluginHost:
    """Make the command line use the in-process host."""
    monkeypatch.setattr(munigoals.plugins, "default_host", lambda: host)
    return host


@pytest.fixture
def fixture_file(tmp_path: Path) -> Path:
    path = tmp_path / "fake.txt"
    path.write_text(fake_city.FIXTURE, encoding="utf-8")
    return path


def test_fake_city_is_discovered(host: PluginHost) -> None:
    assert [c.slug for c in host.cities] == ["fakecity"]
    assert host.city("fakecity").layouts[0].name == "fakecity.lines"
    assert host.failures == ()


def test_all_five_tables_come_out_with_their_schemas(host: PluginHost, fixture_file: Path) -> None:
    run = parse([fixture_file], host=host)
    assert set(run.tables) == set(TABLE_NAMES)
    for name, frame in run.tables.items():
        assert frame.schema == SCHEMAS[name], name
        assert len(frame) > 0, name
    ind = run.tables["indicators"].row(0, named=True)
    assert ind["name"] == "フォロワー数"
    assert (ind["baseline_value"], ind["target_value"], ind["target_comparator"]) == (14600, 15600, "ge")
    assert (ind["city"], ind["city_code"], ind["document"], ind["line"]) == (
        "fakecity",
        "202037",
        "fake.txt",
        3,
    )
    ratio = run.tables["indicators"].filter(pl.col("name") == "実質公債費比率").row(0, named=True)
    assert ratio["target_comparator"] == "lt"
    target = run.tables["targets"].row(0, named=True)
    assert (target["target_value"], target["actual_value"], target["achieved"]) == (20, 24, True)
    assert run.tables["roles"]["actor_group"].to_list() == ["citizens", "businesses"]
    assert run.tables["policies"]["fiscal_year"].to_list() == [2022, 2022]


@pytest.mark.parametrize("variant", ["utf-8", "utf-8-sig", "cp932", "crlf"])
def test_encodings_and_line_ends_give_identical_rows(
    host: PluginHost, fixture_file: Path, tmp_path: Path, variant: str
) -> None:
    text = fake_city.FIXTURE
    data = text.replace("\n", "\r\n").encode() if variant == "crlf" else text.encode(variant)
    other = tmp_path / "other" / "fake.txt"
    other.parent.mkdir()
    other.write_bytes(data)
    expected = parse([fixture_file], host=host).tables
    got = parse([other], host=host)
    for name in TABLE_NAMES:
        assert got.tables[name].equals(expected[name]), name
    assert got.documents[0].document.encoding in {"utf-8", "utf-8-sig", "cp932", "shift_jis"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF"),
        (b"PK\x03\x04rest", "ZIP container"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_bytes_are_refused_with_a_message(data: bytes, message: str) -> None:
    with pytest.raises(MunigoalsError, match=message):
        decode(data, "x.txt")


def test_nothing_recognises_unrelated_text(host: PluginHost, tmp_path: Path) -> None:
    path = tmp_path / "other.txt"
    path.write_text("吾輩は猫である。名前はまだ無い。\n", encoding="utf-8")
    with pytest.raises(MunigoalsError, match=r"no plugin recognises .*fakecity\.lines"):
        parse([path], host=host)


def test_two_formats_claiming_a_document_equally_is_an_error(host: PluginHost, fixture_file: Path) -> None:
    class Twin:
        CITY = City(Municipality("twin", "双子市", "Twin", "202070", "長野県"))

        @hookimpl
        def munigoals_layouts(self) -> list[object]:
            return [attrs.evolve(fake_city.FAKE_LAYOUT, name="twin.lines")]

    host.register(Twin(), "twin")
    try:
        with pytest.raises(
            MunigoalsError,
            match=r"claimed equally by .*fakecity\.lines.* and .*twin\.lines|twin\.lines and fakecity\.lines",
        ):
            parse([fixture_file], host=host)
        assert parse([fixture_file], host=host, cities=["twin"]).tables["indicators"]["city"][0] == "twin"
    finally:
        host.unregister("twin")


def test_cities_share_a_layout_and_the_document_says_whose_it_is(
    host: PluginHost, fixture_file: Path
) -> None:
    class Neighbour:
        """A city whose plans come in the fake city's layout: it writes no reader of its own."""

        CITY = City(
            Municipality("neighbour", "隣市", "Neighbour", "202070", "長野県"), layouts=["fakecity.lines"]
        )

    host.register(Neighbour(), "neighbour")
    try:
        assert host.city("neighbour").layouts == host.city("fakecity").layouts
        # the document names 偽市, not 隣市: it is the fake city's
        assert set(parse([fixture_file], host=host).tables["policies"]["city"]) == {"fakecity"}
        # --city says whose it is where the text does not
        assert set(parse([fixture_file], host=host, cities=["neighbour"]).tables["policies"]["city"]) == {
            "neighbour"
        }
    finally:
        host.unregister("neighbour")


def test_a_plugin_that_fails_to_validate_is_recorded_and_others_keep_working(
    host: PluginHost, fixture_file: Path
) -> None:
    class Broken:
        @property
        def CITY(self) -> City:  # made when the host reads it, so the host records the error
            return City(Municipality("broken", "壊市", "Broken", "123456", "長野県"))  # bad check digit

    host.register(Broken(), "broken")
    try:
        assert [f.name for f in host.failures] == ["broken"]
        assert "check digit" in host.failures[0].reason
        assert len(parse([fixture_file], host=host).tables["indicators"]) == 4
    finally:
        host.unregister("broken")


def test_unknown_city_is_an_error(host: PluginHost) -> None:
    with pytest.raises(MunigoalsError, match="unknown city 'nowhere'; known cities: fakecity"):
        host.city("nowhere")


def test_folder_reads_every_document_and_reports_the_unreadable(host: PluginHost, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(fake_city.FIXTURE, encoding="utf-8")
    (folder / "b.md").write_text(fake_city.FIXTURE.replace("偽市重点目標", "別の計画"), encoding="utf-8")
    (folder / "c.txt").write_bytes(b"%PDF-1.4 binary")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    run = parse([folder], host=host)
    assert [d.document.id for d in run.documents] == ["a.txt", "b.md"]
    assert any("c.txt" in str(issue) and "PDF" in issue.message for issue in run.issues)


def test_span_validation() -> None:
    with pytest.raises(ValueError, match="before first_line"):
        Span("d", 5, 4)
    assert str(Span("d", 3, 3)) == "d:3"


def test_municipality_code_check_digit() -> None:
    assert Municipality("ueda", "上田市", "Ueda", "202037", "長野県").code == "202037"
    with pytest.raises(ValueError, match="check digit"):
        Municipality("ueda", "上田市", "Ueda", "202038", "長野県")


# -- command line --------------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    # a wide terminal, whatever the one the tests run under (a worker process may report 80 columns)
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        cli, list(args), catch_exceptions=False, standalone_mode=True
    )
    return result.exit_code, result.stdout, result.stderr


def test_cli_parse_every_table_and_format(fake_host: PluginHost, fixture_file: Path, tmp_path: Path) -> None:
    for table in TABLE_NAMES:
        code, out, _ = run_cli("parse", str(fixture_file), "--table", table, "--format", "json")
        assert code == 0
        rows = json.loads(out)
        assert rows and list(rows[0]) == list(SCHEMAS[table])
    code, out, _ = run_cli("parse", str(fixture_file), "--format", "table")
    assert code == 0 and "フォロワー数" in out
    csv_path = tmp_path / "out.csv"
    code, _, _ = run_cli("parse", str(fixture_file), "--format", "csv", "-o", str(csv_path))
    assert code == 0 and csv_path.read_bytes().startswith(b"\xef\xbb\xbfcity,")
    pq = tmp_path / "out.parquet"
    assert run_cli("parse", str(fixture_file), "--format", "parquet", "-o", str(pq))[0] == 0
    assert pl.read_parquet(pq).schema == SCHEMAS["indicators"]
    code, out, _ = run_cli("parse", str(fixture_file), "--format", "jsonl", "--table", "roles")
    assert [json.loads(line)["actor"] for line in out.splitlines()] == ["市民", "事業者など"]


def test_cli_cities_lists_the_fake_city(fake_host: PluginHost) -> None:
    code, out, _ = run_cli("cities")
    assert code == 0 and "fakecity" in out and "fakecity.lines" in out


def test_cli_strict_fails_on_parse_issues_and_writes_nothing(
    fake_host: PluginHost, fixture_file: Path, tmp_path: Path
) -> None:
    fixture_file.write_text(fake_city.FIXTURE + "GARBAGE line\n", encoding="utf-8")
    out_file = tmp_path / "x.csv"
    result = CliRunner().invoke(cli, ["parse", str(fixture_file), "--strict", "-o", str(out_file)])
    assert result.exit_code == 1
    assert isinstance(result.exception, MunigoalsError) or "strict" in result.stderr
    assert "fake.txt:12: warning: not read: GARBAGE line" in result.stderr
    assert not out_file.exists()


def test_a_city_values_concepts_and_population_reach_the_comparison(
    host: PluginHost, fixture_file: Path
) -> None:
    city = host.city("fakecity")
    assert city.concepts[0].city == "fakecity"  # a plugin's rules are for its own city
    frame = munigoals.api.compare(["sns_followers"], paths=[fixture_file], host=host)
    row = frame.row(0, named=True)
    assert (row["city"], row["match"], row["note"]) == (
        "fakecity",
        "proxy",
        "the fake city counts one platform",
    )
    assert (row["population"], row["population_source"]) == (2000, "a figure made up for tests")
    assert row["baseline_per_1000"] == pytest.approx(14600 / 2000 * 1000)


def test_a_city_values_bundled_data(host: PluginHost, fixture_file: Path, tmp_path: Path) -> None:
    from munigoals.tables import write_bundle

    data = tmp_path / "data"
    write_bundle(parse([fixture_file], host=host).tables, data)

    class Shipped:
        CITY = City(Municipality("shipped", "出荷市", "Shipped", "202070", "長野県"), data_dir=data)

    host.register(Shipped(), "shipped")
    try:
        tables = munigoals.bundled_tables(["shipped"], host=host)
        assert tables["indicators"]["name"].to_list()[:2] == ["フォロワー数", "公開分野数"]
        assert tables["roles"]["statement"].null_count() == len(tables["roles"])  # no prose is shipped
    finally:
        host.unregister("shipped")


def test_a_plugin_whose_population_is_for_another_city_fails_to_validate(host: PluginHost) -> None:
    class Wrong:
        CITY = City(
            Municipality("wrong", "誤市", "Wrong", "202070", "長野県"),
            population=[PopulationFigure("elsewhere", 5, dt.date(2020, 1, 1), "x")],
        )

    host.register(Wrong(), "wrong")
    try:
        assert [f.name for f in host.failures] == ["wrong"]
    finally:
        host.unregister("wrong")


def test_a_plugin_declares_its_documents_for_citations(host: PluginHost, fixture_file: Path) -> None:
    import hashlib

    from munigoals.model import KnownDocument, PlanKind

    text_sha = hashlib.sha256(fake_city.FIXTURE.encode()).hexdigest()
    known = KnownDocument(
        "fake.txt", text_sha, "偽市重点目標", True, "偽市", PlanKind.PRIORITY_GOALS, fiscal_years=(2022,)
    )

    class Documents:
        CITY = City(Municipality("docs", "文書市", "Docs", "202070", "長野県"), documents=[known])

    host.register(Documents(), "docs")
    try:
        run = parse([fixture_file], host=host)
        document = run.documents[0].document
        assert document.text_sha256 == text_sha
        city, found = host.known_document(document.text_sha256, "renamed.txt")
        assert (city.slug, found) == ("docs", known)
        assert host.known_document("0" * 64, "fake.txt") == (city, known)  # by name, where the text differs
    finally:
        host.unregister("docs")


def test_evolved_copies_only_what_changes() -> None:
    from munigoals.sdk import Quantity, evolved

    q = Quantity(12.0, "12人", "人", 2020)
    assert evolved(q, unit="人", text="12人") is q  # nothing changes: the value itself
    changed = evolved(q, unit="%")
    assert changed is not q and changed.unit == "%" and changed.text == "12人"
    retyped = evolved(q, value=12)  # equal, of another type: set as asked, as attrs.evolve does
    assert retyped is not q and type(retyped.value) is int
