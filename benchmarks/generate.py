"""Synthetic planning documents in each layout munigoals reads, for N municipalities.

The facts vary (names, numbers, years, actors, how names wrap); the structure is each layout's. The
text is made from a small vocabulary of our own, not from any real document.

    python benchmarks/generate.py OUT_DIR --municipalities 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_SUBJECTS = [
    "子育て",
    "防災",
    "観光",
    "移住",
    "地域交通",
    "健康づくり",
    "環境保全",
    "文化芸術",
    "農業振興",
    "デジタル化",
]
_MEASURES = ["参加者数", "開催回数", "登録件数", "満足度", "利用率", "相談件数", "協力事業者数", "公開件数"]
_UNITS = {"参加者数": "人", "開催回数": "回", "登録件数": "件", "満足度": "％", "利用率": "％", "相談件数": "件",
          "協力事業者数": "社", "公開件数": "件"}  # fmt: skip
_ACTORS_S = ["市　民", "企　業", "活動団体"]
_ACTORS_U = ["市民", "事業者など", "自治会・活動団体など", "行政"]
_CIRCLED = "①②③④⑤"


def _value(rng: random.Random, unit: str) -> str:
    return f"{rng.uniform(5, 95):.1f}" if unit == "％" else f"{rng.randint(1, 20000):,}"


def shisaku_pages(rng: random.Random, city: str, pages: int) -> str:
    """施策 pages in the Suzaka layout."""
    out = []
    for k in range(pages):
        subject = rng.choice(_SUBJECTS)
        out += [f"施策 {k + 1}  {city}の{subject}の推進", "", "施 策 の 目 指 す 姿",
                f"●\t{subject}に取り組む人が増え、暮らしやすい", "", "まちを目指します。", "", "【成果指標】", "",
                "指標の種類 指標名 現状値（年度） 目標値", "（2030年）", ""]  # fmt: skip
        for _ in range(rng.randint(1, 3)):
            measure = rng.choice(_MEASURES)
            unit = _UNITS[measure]
            name = f"{subject}に関する事業の{measure}"
            category = rng.choice(["統計指標", "市民取組指標", "市民意識指標"])
            base = "―" if rng.random() < 0.1 else f"{_value(rng, unit)}（{rng.randint(2019, 2024)}）"
            target = _value(rng, unit) + (" 未満" if rng.random() < 0.1 else "")
            if rng.random() < 0.3:  # a name that wraps
                out += [f"{category} {name[:8]}", f"{name[8:]}（{unit}） {base} {target}", ""]
            else:
                out += [f"{category} {name}（{unit}） {base} {target}", ""]
        out += ["◆現状と課題", f"☞☞ {subject}の担い手が不足しています。", "", "◆施策の取組方針", f"☞☞ {subject}を進めます。", "",
                f"◆主な取組内容  {subject}課", "", "取組項目 具体的な内容", "", f"{subject}の充実", "◇\t事業の実施", "◇\t情報の発信", "",
                "【プロセス指標】", "", "指標名 現状値（年度） 目標値", "（2030年）", ""]  # fmt: skip
        measure = rng.choice(_MEASURES)
        out += [f"{subject}講座の{measure}（{_UNITS[measure]}） {_value(rng, _UNITS[measure])}（2024） {_value(rng, _UNITS[measure])}", "",
                "◆共創のまちづくりに向けた各主体の役割", "", "主　体 期待される役割", ""]  # fmt: skip
        for actor in _ACTORS_S:
            out += [f"{actor} {subject}に関心を持ち、活動に参加します", ""]
        if rng.random() < 0.3:
            out += ["", f"- {rng.randint(10, 300)} -", "", "総", "合", "", ""]
    return "\n".join(out) + "\n"


def sogo_sections(rng: random.Random, city: str, sections: int) -> str:
    """総合計画 sections in the Ueda layout."""
    out = ["", "# 第2編", "", "## くらし・福祉", "", "### 第1章 安心して暮らせるまち", ""]
    for k in range(sections):
        subject = rng.choice(_SUBJECTS)
        out += [f"## 2-1-{k + 1} {subject}の推進", "", f"{city}は{subject}を進めます。", "", "### 現状と課題", "",
                f"- {subject}の課題があります。", "", "## 達成度をはかる指標・目標値", "", "指標の内容\t基準値\t計画目標(令和12年度)"]  # fmt: skip
        for _ in range(rng.randint(1, 4)):
            measure = rng.choice(_MEASURES)
            unit = _UNITS[measure].replace("％", "%")
            base = f"{_value(rng, unit)}{unit} (令和{rng.randint(4, 6)}年度)"
            target = f"{_value(rng, unit)}{unit}" + rng.choice(["", "以上", "未満"])
            out.append(f"{subject}{measure}\t{base}\t{target}")
        out += ["", "## 各主体に期待される主な役割分担", ""]
        for actor in _ACTORS_U:
            out.append(
                f"{actor}\t<ul> <li>・{subject}に取り組みます。</li> <li>・情報を共有します。</li> </ul>"
            )
        out += ["", "## 施策の方向性・展開", "", f"### 基本施策1 {subject}の充実", "", "- ①事業を進めます。", "", "## 主な事業", "",
                f"{subject}事業 啓発事業", "", "## 関連する主な個別計画", "", f"{city}{subject}計画", ""]  # fmt: skip
    return "\n".join(out) + "\n"


def kanri_sheet(rng: random.Random, city: str, goals: int) -> str:
    """重点目標管理シート in the Ueda layout."""
    header = "\t取組項目及び方法・手段（何をどのように）\t期間・期限（いつ・いつまでに）\t数値目標（どの水準まで）\t中間報告（目標に対する進捗状況・進捗度）\t期末報告（目標に対する達成状況・達成度）\t\t"
    out = [f"# {city}市民部", "", "## 令和5年度 重点目標", ""]
    titles = [f"{rng.choice(_SUBJECTS)}の推進{k + 1}" for k in range(goals)]
    out += [f"- {k + 1} {t}" for k, t in enumerate(titles)] + [""]
    for k, title in enumerate(titles):
        out += [f"重点目標\t{title}\t\t\t部局名\t{city}市民部\t優先順位\t{k + 1}位", "現況・課題\t課題があります。\t\t\t\t\t\t",
                "目的・効果\t効果を目指します。\t\t\t\t\t\t", header]  # fmt: skip
        for a in range(rng.randint(1, 4)):
            goal_value = rng.randint(2, 50)
            actual = rng.randint(0, 60)
            out.append(
                f"{_CIRCLED[a]}\t○事業{a + 1}の実施\t年度末まで\t(1) 講座を{goal_value}回以上開催\t(1) 実施中\t(1) 計{actual}回開催\t\t"
            )
        out += ["特記事項\t○市民参加・協働の推進\t\t\t○取組による効果\t\t\t", ""]
    return "\n".join(out) + "\n"


def ichiran(rng: random.Random, city: str, goals: int) -> str:
    """重点目標一覧表 (tab-separated) in the Ueda layout."""
    out = [
        "",
        "重点目標一覧表",
        "",
        f"担当部局名\t{city}企画部",
        "",
        "【令和5年度重点目標】",
        "",
        "【令和6年度重点目標】",
        "",
    ]
    for k in range(goals):
        subject = rng.choice(_SUBJECTS)
        out += [f"重点目標\t{subject}の推進\t重点目標\t{subject}のさらなる推進\t",
                "\t具体的な重点取組項目（箇条書き）\t達成状況・達成度\t具体的な重点取組項目（箇条書き）\t期限・数値目標等",
                f"{k + 1}\t<p>① {subject}講座</p> <p>② 情報発信</p>\t<p>① 講座を{rng.randint(1, 30)}回開催</p> <p>② 発信した</p>"
                f"\t<p>① {subject}講座の拡大</p> <p>② 情報発信の強化</p>\t<p>① 講座{rng.randint(1, 40)}回</p> <p>② 年度末</p>", ""]  # fmt: skip
    return "\n".join(out) + "\n"


def generate(out: Path, municipalities: int, seed: int = 1) -> list[Path]:
    """Write four documents per municipality (one per layout) into ``out``; return their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for m in range(municipalities):
        city = f"架空{m:04d}市"
        docs = {
            f"m{m:04d}-shisaku.txt": shisaku_pages(rng, city, rng.randint(3, 8)),
            f"m{m:04d}-sogo.md": sogo_sections(rng, city, rng.randint(3, 8)),
            f"m{m:04d}-kanri.txt": kanri_sheet(rng, city, rng.randint(2, 7)),
            f"m{m:04d}-ichiran.txt": ichiran(rng, city, rng.randint(2, 5)),
        }
        for name, text in docs.items():
            path = out / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--municipalities", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.municipalities, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
