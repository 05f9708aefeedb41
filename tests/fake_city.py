"""A fake city for tests: a tiny layout that yields every table.

Layout (one fact a line)::

    FAKEPLAN <title> <fiscal year>
    POLICY <id> <title>
    IND <name>|<baseline>|<target>
    ROLE <actor>|<statement>
    ACT <n>|<text>|<target>|<actual>
    OBS <name>|<fiscal year>|<value>
    MEAS <heading>|<measure>
"""

from __future__ import annotations

import datetime as dt

from munigoals.sdk import (
    Action,
    ActionTarget,
    ActorRole,
    City,
    ConceptMapping,
    Document,
    Indicator,
    IndicatorKind,
    Layout,
    Municipality,
    ParseIssue,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    PopulationFigure,
    Quantity,
    Section,
    SectionKind,
    Severity,
    Span,
    Target,
    actor_group,
    hookimpl,
    normalize,
    parse_value,
)

MUNICIPALITY = Municipality("fakecity", "偽市", "Fake City", "202037", "長野県")


def sniff(text: str) -> float:
    return 0.9 if text.lstrip().startswith("FAKEPLAN") else 0.0


def parse(text: str, document: Document, municipality: Municipality) -> ParseResult:
    title, year = "", None
    policies: list[dict] = []
    issues = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = normalize(raw)
        span = Span.line(document.id, no)
        if not line:
            continue
        head, _, rest = line.partition(" ")
        if head == "FAKEPLAN":
            title, _, y = rest.rpartition(" ")
            year = int(y)
        elif head == "POLICY":
            pid, _, ptitle = rest.partition(" ")
            policies.append(
                {"id": pid, "title": ptitle, "span": span, "ind": [], "roles": [], "acts": [], "sections": []}
            )
        elif head == "IND":
            name, base, target = rest.split("|")
            bv, bu, _, _ = parse_value(base)
            tv, tu, cmp, _ = parse_value(target)
            policies[-1]["ind"].append(
                Indicator(
                    name,
                    None,
                    None,
                    bu or tu,
                    Quantity(bv, base, bu, year),
                    Target(tv, cmp, year, target, tu),
                    span,
                )
            )
        elif head == "ROLE":
            actor, statement = rest.split("|")
            policies[-1]["roles"].append(ActorRole(actor, actor_group(actor), (statement,), span))
        elif head == "ACT":
            n, act_text, target, actual = rest.split("|")
            tv, tu, cmp, _ = parse_value(target)
            av, au, _, _ = parse_value(actual)
            at = ActionTarget(
                act_text,
                Target(tv, cmp, year, target, tu),
                Quantity(av, actual, au),
                av is not None and tv is not None and av >= tv,
            )
            policies[-1]["acts"].append(Action(int(n), act_text, span, target_text=target, targets=(at,)))
        elif head == "OBS":
            name, fy, value = rest.split("|")
            bv, bu, _, _ = parse_value(value)
            actual = Quantity(bv, value, bu, int(fy))
            policies[-1]["ind"].append(
                Indicator(name, IndicatorKind.OBSERVED, None, bu, None, None, span, actuals=(actual,))
            )
        elif head == "MEAS":
            heading, measure = rest.split("|")
            policies[-1]["sections"].append(Section(heading, (measure,), span, SectionKind.MEASURES, (no,)))
        else:
            issues.append(ParseIssue(Severity.WARNING, f"not read: {line}", span))
    plan = Plan(
        municipality,
        PlanKind.PRIORITY_GOALS,
        title,
        document,
        (year, year) if year else None,
        policies=tuple(
            Policy(
                p["id"],
                p["title"],
                p["span"],
                indicators=tuple(p["ind"]),
                roles=tuple(p["roles"]),
                actions=tuple(p["acts"]),
                sections=tuple(p["sections"]),
            )
            for p in policies
        ),
    )
    return ParseResult((plan,), tuple(issues))


FAKE_LAYOUT = Layout("fakecity.lines", "fake one-fact-a-line plans for tests", sniff, parse, ("FAKEPLAN",))


@hookimpl
def munigoals_layouts() -> list[Layout]:
    return [FAKE_LAYOUT]


CITY = City(
    MUNICIPALITY,
    concepts=[
        ConceptMapping("sns_followers", "^フォロワー数$", "proxy", "the fake city counts one platform")
    ],
    population=[PopulationFigure("fakecity", 2_000, dt.date(2017, 1, 1), "a figure made up for tests")],
)


FIXTURE = """FAKEPLAN 偽市重点目標 2022
POLICY 1 広報の充実
IND フォロワー数|14,600人|15,600人以上
IND 公開分野数|５分野|６分野
ROLE 市民|情報を受け取ります
ROLE 事業者など|発信に協力します
ACT 1|講座の開催|20講座|24講座
POLICY 2 財政
IND 実質公債費比率|5.6%|6.5%未満
OBS 公開分野数|2021|6分野
MEAS 基本施策1 財政の健全化|公共施設の維持管理費を見直します
"""
