"""Readers for Ueda's 重点目標 (priority goals) of a department, in three layouts, one module each:

- :mod:`~munigoals_ueda.juten.kanri_sheet`: 重点目標管理シート (tab-separated, actions ①…⑤ with
  数値目標, 中間報告 and 期末報告);
- :mod:`~munigoals_ueda.juten.ichiran`: 重点目標一覧表, tab-separated (one year's 達成状況 beside the
  next year's 期限・数値目標等);
- :mod:`~munigoals_ueda.juten.ichiran_pdf`: the same 一覧表 as PDF text, its columns interleaved.

These modules find the sheets' cells and places (goals, actions, years, columns); what the cells state
(numeric targets and their results, every other number as an observation, statuses in words, yearly
series) is read by the SDK's progress-report grammar (:mod:`munigoals.reports`), which any city's sheets
of targets and reports can use.
"""

from __future__ import annotations

from munigoals_ueda.juten import ichiran, ichiran_pdf, kanri_sheet

__all__ = ["LAYOUTS"]

#: The three 重点目標 layouts.
LAYOUTS = (kanri_sheet.LAYOUT, ichiran.LAYOUT, ichiran_pdf.LAYOUT)
