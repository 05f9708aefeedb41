"""Progress reports: sheets that set numeric targets for a year and report, in words, what was done.

Many places publish such sheets (重点目標管理シート, 重点目標一覧表, 行政評価シート): a cell of targets
(``24回以上``, ``100件以上``), a mid-year and a year-end report in running text, and cells of context
(現況・課題, 目的・効果). What a layout cannot say as data, and every such sheet needs, is the Japanese of
those cells, read here once for every city:

- :mod:`munigoals.reports.targets`: the numeric targets a cell sets, their results in a report, statuses
  (中止, 延期) and whether a result meets its target (by :mod:`munigoals.metrics`);
- :mod:`munigoals.reports.stated`: every other number a report or context cell states, as an
  observation named by what it counts (result, plan or context), or reported with its line;
- :mod:`munigoals.reports.statuses`: statuses in words of items that no target has, and deeds a report
  or context cell says were done in words alone (``最終提言が提出されました``);
- :mod:`munigoals.reports.items`: what item cells say besides numbers (①② parts, the office doing the
  work, the item part a bare target stands under, a goal's place in the plan, baseline → target);
- :mod:`munigoals.reports.series`: a series of yearly values in running text;
- :mod:`munigoals.reports.days`: the day a report states a number for;
- :mod:`munigoals.reports.cells`: what their cells share (circled item numbers, a cell as text, the
  期限 a cell states).

A city's layout reads the sheet's cells and places; these modules say what the cells state. Plugins reach
them through :mod:`munigoals.sdk`.
"""
