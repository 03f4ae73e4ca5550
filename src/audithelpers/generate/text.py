"""A seeded generator of consistent budget disclosures in the seed's text layout.

Every total is the exact sum of its parts, every percentage is recomputed from the
printed figures (half-up), and the narrative states what the tables say. The reconciler
must raise no ``error`` on these documents; tests inject one defect at a time and expect a
finding that cites the changed line. ``budget-audit generate`` writes them with params
files for the batch runs.
"""
from __future__ import annotations

from decimal import Decimal

from .budget import (Budget, CLASS_NAMES, CN_DIGIT, FUNCTION_HEADER, FUNCTION_ITEMS, Generated,
                     OTHER_NAMES, Writer, cn_index, draw, fmt, pct)

class BudgetDocument:
    """Writes the text of one disclosure from its budget: cover, narrative, then the ten tables."""

    def __init__(self, b: Budget) -> None:
        self.b = b
        self.g = Writer()
        kuan = b.kuan
        # function rows: code -> [wages(301), family(303), goods(302), capital, other-op, special]
        self.rows: dict[str, list[Decimal]] = {}
        for _, _, _, _, v in b.wages:
            self._add(f"{kuan}01", 0, v)
        for c, _, _, _, v in b.social:
            self._add(FUNCTION_ITEMS[c][0], 0, v)
        for *_, v in b.family:   # retirement pay has its own function item (2080501), not 行政运行
            self._add("2080501", 1, v)
        for *_, v in b.public:
            self._add(f"{kuan}01", 2, v)
        for kind, _, code, v in b.projects:
            self._add(code, 4 if kind == "其他运转类" else 5, v)
        self.names = {f"{kuan}01": "行政运行", f"{kuan}02": "一般行政管理事务", f"{kuan}99": OTHER_NAMES[kuan],
                      "2080501": "行政单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",
                      "2101101": "行政单位医疗", "2210201": "住房公积金"}
        self.class_totals: dict[str, Decimal] = {}
        for code, cells in self.rows.items():
            self.class_totals[code[:3]] = self.class_totals.get(code[:3], Decimal(0)) + sum(cells, Decimal(0))
        title_year = f"{b.year}年"
        self.tables = [("summary", f"{title_year}部门收支预算表"), ("revenue", f"{title_year}部门收入预算表"),
                       ("expenditure", f"{title_year}部门支出预算表"),
                       ("fiscal_summary", f"{title_year}财政拨款收支总体情况表"),
                       ("general_budget", f"{title_year}一般公共预算支出预算表"),
                       ("basic_expenditure", "一般公共预算基本支出表"),
                       ("three_public", f"{title_year}一般公共预算“三公”经费预算表"),
                       ("fund_budget", f"{title_year}政府性基金支出预算表"), ("projects", "项目支出预算表"),
                       ("project_performance", f"{title_year}度部门预算项目绩效目标表")]

    def _add(self, code: str, column: int, value: Decimal) -> None:
        self.rows.setdefault(code, [Decimal(0)] * 6)[column] += value

    def text(self) -> str:
        """The whole disclosure, part by part (the project codes of the last table are drawn last)."""
        self.cover()
        self.overview()
        self.narrative_totals()
        self.narrative_spending()
        self.narrative_other()
        self.summary_table()
        self.revenue_table()
        self.function_table(self.tables[2][1])
        self.fiscal_summary_table()
        self.function_table(self.tables[4][1], "备注：本表仅含当年财政拨款安排的支出。")
        self.basic_table()
        self.three_public_table()
        self.fund_table()
        self.projects_table()
        self.performance_table()
        return "\n".join(self.g.lines) + "\n"

    # cover, contents and part one -------------------------------------------------------------
    def cover(self) -> None:
        """Cover, contents and the tables' list."""
        b, g = self.b, self.g
        dept, year = b.dept, b.year
        compiled = "".join(CN_DIGIT[int(d)] for d in str(year - 1))   # the year before, in Chinese digits
        g.add("", dept, "", f"{year} 年度部门预算", "", f"{compiled}年十二月", "")
        g.add("目 录", "", f"第一部分 {dept}概况", "", "一、主要职责", "", f"第二部分 {dept} {year} 年部门预算情况说明",
              "", "第三部分 名词解释", "", f"附件：{dept} {year} 年部门预算表", "")
        for n, (_, title) in enumerate(self.tables, 1):
            g.add(f"{cn_index(n)}、{title}", "")

    def overview(self) -> None:
        """Part one: the department's duties."""
        b = self.b
        self.g.add("第一部分", "", f"{b.dept}概况", "", "一、主要职责", "",
                   f"{b.dept}负责本行政区域内{b.kuan_name}的组织实施和监督管理，完成上级交办的其他任务。", "")

    # part two: the narrative ------------------------------------------------------------------
    def narrative_totals(self) -> None:
        """Sections 一 to 三: income and spending totals, the change on last year, the basic/project split."""
        b, g, u = self.b, self.g, self.b.unit
        dept, year, total, basic, project_total = b.dept, b.year, b.total, b.basic, b.project_total
        change_word, change_pct_word = ("增加", "增长") if b.grew else ("减少", "下降")
        g.add("第二部分", "", dept, "", f"{year} 年部门预算情况说明", "", "一、收入支出预算总体情况说明", "")
        g.add(f"{dept}部门 {year} 年收入总计 {fmt(total)} {u}，支出总计 {fmt(total)} {u}，与 {year - 1} 年预算相比，"
              f"收入{change_word} {fmt(b.delta)} {u}，{change_pct_word} {pct(b.delta, b.prior)}%，"
              f"主要原因是业务工作量变化。", "")
        g.add("二、收入预算总体情况说明", "",
              f"{dept}部门 {year} 年收入合计 {fmt(total)} {u}，其中：一般公共预算 {fmt(total)} {u}；"
              f"政府性基金收入 0 {u}。", "")
        g.add("三、支出预算总体情况说明", "",
              f"{dept}部门 {year} 年支出合计 {fmt(total)} {u}，其中：基本支出 {fmt(basic)} {u}，"
              f"占 {pct(basic, total)}%；"
              f"项目支出 {fmt(project_total)} {u}，占 {pct(project_total, total)}%。", "")

    def narrative_spending(self) -> None:
        """Sections 四 to 六: general-budget spending, its basic spending, the 三公 funds."""
        b, g, u = self.b, self.g, self.b.unit
        dept, year, total, basic, project_total = b.dept, b.year, b.total, b.basic, b.project_total
        personnel, public_total, class_totals = b.personnel, b.public_total, self.class_totals
        g.add("四、一般公共预算支出情况说明", "")
        main_class = max(class_totals, key=lambda c: class_totals[c])
        g.add(f"{dept} {year} 年一般公共预算支出年初预算为 {fmt(total)} {u}，其中：基本支出 {fmt(basic)} {u}，"
              f"占 {pct(basic, total)}%；项目支出 {fmt(project_total)} {u}，占 {pct(project_total, total)}%。"
              f"主要用于以下方面："
              f"{CLASS_NAMES[main_class][:-2]}（类）支出 {fmt(class_totals[main_class])} {u}，"
              f"占 {pct(class_totals[main_class], total)}%。", "")
        g.add("五、一般公共预算基本支出情况说明", "",
              f"{dept}部门 {year} 年一般公共预算基本支出年初预算为 {fmt(basic)} {u}。"
              f"其中：人员经费支出 {fmt(personnel)} {u}，"
              f"占 {pct(personnel, basic)}%；"
              f"公用经费支出 {fmt(public_total)} {u}，占 {pct(public_total, basic)}%。", "")
        g.add("六、“三公”经费支出情况说明", "",
              f"我部门 {year} 年“三公”经费预算为 {fmt(b.three_total)} {u}。其中：因公出国（境）费 0 {u}；"
              f"公务用车购置及运行费 {fmt(b.car_run)} {u}，其中，公务用车购置费 0 {u}，"
              f"公务用车运行维护费 {fmt(b.car_run)} {u}；"
              f"公务接待费 {fmt(b.reception)} {u}。", "")

    def narrative_other(self) -> None:
        """Sections 七 and 八, part three (terms) and the tables' cover."""
        b, g, u = self.b, self.g, self.b.unit
        dept, year = b.dept, b.year
        g.add("七、政府性基金预算支出情况说明", "", f"我部门 {year} 年没有使用政府性基金预算拨款安排的支出。", "")
        g.add("八、其他重要事项情况说明", "", "（一）机关运行经费", "",
              f"{dept}部门 {year} 年机关运行经费支出预算 {fmt(b.public_total)} {u}，主要保障机构正常运转。", "",
              "（二）政府采购支出情况", "",
              f"{year} 年政府采购预算安排 0 {u}，其中：政府采购货物预算 0 {u}、政府采购工程预算 0 {u}、"
              f"政府采购服务预算 0 {u}。", "",
              "（三）绩效目标设置情况", "", "我部门预算项目均按要求编制了绩效目标。", "",
              "（四）国有资产占用情况", "", f"{year - 1} 年期末，我部门共有车辆 {1 if b.car_run else 0} 辆。", "")
        g.add("第三部分", "", "名词解释", "",
              "一、基本支出：是指为保障机构正常运转、完成日常工作任务所必需的开支。", "",
              "二、项目支出：是指在基本支出之外，为完成特定行政工作任务或事业发展目标所发生的支出。", "",
              "三、“三公”经费：是指部门使用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。", "",
              "四、机关运行经费：是指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的"
              "各项资金。", "")
        g.add("附件：", "", dept, "", f"{year} 年部门预算表", "")

    # tables -----------------------------------------------------------------------------------
    def head(self, title: str) -> None:
        """A table's title, department and unit lines."""
        self.g.add(title, "", f"部门名称：{self.b.dept}", "", f"单位：{self.b.unit}", "")

    def summary_table(self) -> None:
        """部门收支预算表: income and spending side by side."""
        g, total = self.g, self.b.total
        self.head(self.tables[0][1])
        g.add("收入\t\t支出\t", "项目\t金额\t项目\t金额")
        spend_side = [f"{cn_index(n)}、{name[:-2]}" for n, name in enumerate(CLASS_NAMES.values(), 1)]
        spend_values = [self.class_totals.get(c) for c in CLASS_NAMES]
        income_side = ["一、一般公共预算", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入", "四、事业收入",
                       "五、其他收入"]
        income_values = [total, None, None, None, None]
        for i in range(max(len(income_side), len(spend_side))):
            left = (income_side[i], fmt(income_values[i])) if i < len(income_side) else ("", "")
            right = (spend_side[i], fmt(spend_values[i])) if i < len(spend_side) else ("", "")
            g.add("\t".join([*left, *right]))
        g.add(f"本年收入合计\t{fmt(total)}\t本年支出合计\t{fmt(total)}", "上年结转结余\t\t年终结转结余\t",
              f"收入总计\t{fmt(total)}\t支出总计\t{fmt(total)}", "")

    def revenue_table(self) -> None:
        """部门收入预算表: one row a function code."""
        g, total, rows = self.g, self.b.total, self.rows
        self.head(self.tables[1][1])
        g.add("科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算"
              "\t财政专户管理资金\t单位资金",
              "类\t款\t项\t\t\t\t\t\t\t\t")
        g.add(f"\t\t\t\t合计\t{fmt(total)}\t{fmt(total)}\t\t\t\t")
        for code in sorted(rows):
            value = sum(rows[code], Decimal(0))
            g.add(f"{code[:3]}\t{code[3:5]}\t{code[5:]}\t\t{self.names[code]}\t{fmt(value)}\t{fmt(value)}\t\t\t\t")
        g.add("")

    def function_table(self, title: str, note: str | None = None) -> None:
        """A spending table by function code, basic (by kind) and project (by type) columns."""
        g, rows = self.g, self.rows
        self.head(title)
        g.add(*FUNCTION_HEADER)

        def line(prefix: str, cells: list[Decimal]) -> str:
            b = cells[0] + cells[1] + cells[2] + cells[3]
            p = cells[4] + cells[5]
            vals = [b + p, b, *cells[:4], p, cells[4], cells[5]]
            return prefix + "\t".join(fmt(v) if v else "" for v in vals)

        sums = [sum((r[i] for r in rows.values()), Decimal(0)) for i in range(6)]
        g.add(line("\t\t\t\t合计\t", sums), line(f"\t\t\t{self.b.unit_code}\t{self.b.dept}\t", sums))
        for code in sorted(rows):
            g.add(line(f"{code[:3]}\t{code[3:5]}\t{code[5:]}\t\t{self.names[code]}\t", rows[code]))
        g.add("")
        if note:
            g.add(note, "")

    def fiscal_summary_table(self) -> None:
        """财政拨款收支总体情况表."""
        g, total, class_totals = self.g, self.b.total, self.class_totals
        self.head(self.tables[3][1])
        g.add("收入\t\t支出\t\t\t\t\t", "项 目\t金 额\t项 目\t合 计\t一般公共预算\t\t政府性基金\t国有资本经营预算",
              "\t\t\t\t小 计\t其中：财政拨款\t\t")
        g.add(f"一、本年收入\t{fmt(total)}\t一、本年支出\t{fmt(total)}\t{fmt(total)}\t{fmt(total)}\t\t",
              f"(一) 一般公共预算拨款\t{fmt(total)}\t\t\t\t\t\t")
        spend_rows = [f"({cn_index(n)}) {name}\t{fmt(class_totals.get(c))}\t{fmt(class_totals.get(c))}"
                      f"\t{fmt(class_totals.get(c))}\t\t"
                      for n, (c, name) in enumerate(CLASS_NAMES.items(), 1)]
        income_rows = ["(二) 政府性基金预算拨款\t", "(三) 国有资本经营预算拨款\t", "二、上年结转\t"]
        for i in range(max(len(spend_rows), len(income_rows))):
            left = income_rows[i] if i < len(income_rows) else "\t"
            right = spend_rows[i] if i < len(spend_rows) else "\t\t\t\t\t"
            g.add(f"{left}\t{right}")
        g.add("\t\t二、年终结转结余\t\t\t\t\t",
              f"收入合计：\t{fmt(total)}\t支出合计\t{fmt(total)}\t{fmt(total)}\t{fmt(total)}\t\t", "")

    def basic_table(self) -> None:
        """一般公共预算基本支出表: personnel and public items by economic code."""
        g, b = self.g, self.b
        self.head(self.tables[5][1])
        g.add("部门预算支出经济分类科目\t\t政府预算支出经济分类科目编码\t\t本年一般公共预算基本支出\t\t",
              "科目编码\t科目名称\t科目编码\t科目名称\t合计\t人员经费\t公用经费",
              f"合计\t\t\t\t{fmt(b.basic)}\t{fmt(b.personnel)}\t{fmt(b.public_total)}")
        for c, n, gc, gn, v in b.personnel_items:
            g.add(f"{c}\t{n}\t{gc}\t{gn}\t{fmt(v)}\t{fmt(v)}\t")
        for c, n, gc, gn, v in b.public:
            g.add(f"{c}\t{n}\t{gc}\t{gn}\t{fmt(v)}\t\t{fmt(v)}")
        g.add("")

    def three_public_table(self) -> None:
        """“三公”经费预算表 (a note when there are none)."""
        g, b = self.g, self.b
        self.head(self.tables[6][1])
        g.add("“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
              "\t\t小计\t公务用车购置费\t公务用车运行费\t")
        if b.three_total:
            g.add(f"{fmt(b.three_total)}\t\t{fmt(b.car_run) if b.car_run else ''}\t\t"
                  f"{fmt(b.car_run) if b.car_run else ''}\t"
                  f"{fmt(b.reception) if b.reception else ''}", "")
        else:
            g.add("", "注：我单位没有三公经费支出，故此表无数据。", "")

    def fund_table(self) -> None:
        """政府性基金支出预算表: always empty, with its note."""
        self.head(self.tables[7][1])
        self.g.add(*FUNCTION_HEADER, "\t\t\t\t合计\t\t\t\t\t\t\t\t\t", "",
                   "注：我单位没有政府性基金支出，故此表无数据。", "")

    def projects_table(self) -> None:
        """项目支出预算表: one row a project."""
        g, b = self.g, self.b
        self.head(self.tables[8][1])
        g.add("类型\t项目名称\t项目单位\t合计\t本年拨款\t\t\t财政拨款结转结余\t\t\t财政专户管理资金\t单位资金",
              "\t\t\t\t一般公共预算\t政府性基金预算\t国有资本经营预算\t一般公共预算\t政府性基金预算\t国有资本经营预算\t\t",
              f"\t\t\t{fmt(b.project_total)}\t{fmt(b.project_total)}\t\t\t\t\t\t\t",
              f"\t{b.unit_code}\t{b.dept}\t{fmt(b.project_total)}\t{fmt(b.project_total)}\t\t\t\t\t\t\t")
        for kind, name, _, v in b.projects:
            g.add(f"{kind}\t{name}\t{b.dept}本级\t{fmt(v)}\t{fmt(v)}\t\t\t\t\t\t\t")
        g.add("")

    def performance_table(self) -> None:
        """部门预算项目绩效目标表 (draws each project's code from the generator)."""
        g, b = self.g, self.b
        self.head(self.tables[9][1])
        g.add("单位编码 (项目编 码)\t项目单位 (项目名 称)\t项目金额 (万元)\t\t\t\t绩效目标\t\t\t\t\t\t\t",
              "\t\t\t\t\t\t成本指标\t\t产出指标\t\t效益指标\t\t满意度指标\t",
              "\t\t资金总 额\t政府预 算资金\t财政专户 管理资金\t单位资 金"
              "\t三级指标\t指标值\t三级指标\t指标值\t三级指标\t指标值\t三级指标\t指标值",
              f"{b.unit_code}\t\t{fmt(b.project_total)}\t{fmt(b.project_total)}\t\t\t\t\t\t\t\t\t\t",
              f"{b.unit_code}001\t{b.dept}本级\t{fmt(b.project_total)}\t{fmt(b.project_total)}\t\t\t\t\t\t\t\t\t\t")
        for n, (_, name, _, v) in enumerate(b.projects):
            g.add(f"{b.rng.randint(10**17, 10**18 - 1)}{n:02d}\t{name}\t{fmt(v)}\t{fmt(v)}\t\t\t{name}\t≥90%"
                  f"\t完成率\t100%\t工作效率\t提升\t满意度\t≥90%")


def generate(seed: int, unit: str | None = None) -> Generated:
    """One consistent disclosure; the same seed gives the same text."""
    b = draw(seed, unit)
    text = BudgetDocument(b).text()
    figures = {"total": b.total, "basic": b.basic, "project": b.project_total, "personnel": b.personnel,
               "public": b.public_total, "three_public": b.three_total, "prior": b.prior}
    return Generated(text=text, department=b.dept, year=b.year, unit=b.unit, figures=figures)
