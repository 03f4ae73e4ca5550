"""A seeded generator of consistent final accounts (部门决算) in the layout of the national template.

The budget of the same seed (``generate.text.generate``) is the year's 年初预算; the final
account spends a little less of each economic item (drawn from a second random stream), so
its nine tables, its narrative and its completion rates all follow from one set of figures:
every total is the exact sum of its parts, 总计 = 本年收入合计 + 年初结转和结余 = 本年支出合计 +
年末结转和结余, and every percentage is recomputed from the printed figures (half-up).
Tests inject one defect at a time and expect a finding at the changed line.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .budget import CLASS_NAMES, CN_DIGIT, Budget, Generated, Writer, cn_index, draw, fmt, pct, scaled
from .text import BudgetDocument

D0 = Decimal(0)


def _actual(b: Budget, rng: random.Random) -> Budget:
    """The budget's items as spent: 85–100 % of each, to the cent."""
    return scaled(b, rng, 850, 1000)


@dataclass
class _Final:
    budget: Budget          # 年初预算
    act: Budget             # 决算
    opening: Decimal         # 年初结转和结余
    closing: Decimal         # 年末结转和结余

    @property
    def spent(self) -> Decimal:
        return self.act.total

    @property
    def income(self) -> Decimal:
        return self.act.total + self.closing - self.opening

    @property
    def grand(self) -> Decimal:
        return self.income + self.opening


def _function_rows(doc: BudgetDocument) -> list[tuple[str, str, Decimal, Decimal]]:
    """(code, name, basic, project) of every class, 款 and 项 row, in code order."""
    items = {code: (sum(c[:4], D0), c[4] + c[5]) for code, c in doc.rows.items()}
    out = []
    for klass in sorted({c[:3] for c in items}):
        mine = {c: v for c, v in items.items() if c.startswith(klass)}
        out.append((klass, CLASS_NAMES[klass], sum((v[0] for v in mine.values()), D0),
                    sum((v[1] for v in mine.values()), D0)))
        for kuan in sorted({c[:5] for c in mine}):
            under = {c: v for c, v in mine.items() if c.startswith(kuan)}
            out.append((kuan, _KUAN_NAMES.get(kuan, doc.b.kuan_name), sum((v[0] for v in under.values()), D0),
                        sum((v[1] for v in under.values()), D0)))
            out += [(c, doc.names[c], v[0], v[1]) for c, v in sorted(under.items())]
    return out


_KUAN_NAMES = {"20805": "行政事业单位养老支出", "21011": "行政事业单位医疗", "22102": "住房改革支出"}
_EMPTY_NOTE = "{dept}{year}年度无{what}，故本表无数据。"
#: The spending classes of the summary tables, numbered as the national template prints them.
SPENDING_CLASSES = ("一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
                    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
                    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
                    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
                    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出")
INCOME_ROWS = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
               "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


class _FinalDocument:
    """Writes one final account: cover and contents, part one, the nine tables, the narrative."""

    def __init__(self, f: _Final) -> None:
        self.f, self.g = f, Writer()
        self.doc, self.planned = BudgetDocument(f.act), BudgetDocument(f.budget)
        self.rows = _function_rows(self.doc)
        self.classes = {code: basic + project for code, _, basic, project in self.rows if len(code) == 3}

    def text(self) -> str:
        for part in (self.cover, self.summary_table, self.revenue_table, self.expenditure_table,
                     self.fiscal_summary_table, self.general_table, self.basic_table, self.three_public_table,
                     self.fund_tables, self.narrative):
            part()
        return "\n".join(self.g.lines) + "\n"

    def _title(self, title: str) -> None:
        self.g.add(title, "", "单位：万元", "")

    def cover(self) -> None:
        b, g = self.f.act, self.g
        compiled = "".join(CN_DIGIT[int(d)] for d in str(b.year + 1))
        g.add("", b.dept, "", f"{b.year} 年度部门决算", "", f"{compiled}年八月", "")
        g.add("目 录", "", f"第一部分 {b.dept}概况", "", "一、主要职能", "",
              f"第二部分 {b.dept} {b.year} 年度部门决算表", "")
        for n, title in enumerate(_TABLES, 1):
            g.add(f"{cn_index(n)}、{title}", "")
        g.add(f"第三部分 {b.dept} {b.year} 年度部门决算情况说明", "", "第四部分 名词解释", "")
        g.add("第一部分", "", f"{b.dept}概况", "", "一、主要职能", "",
              f"{b.dept}负责本行政区域内{b.kuan_name}的组织实施和监督管理。", "",
              "第二部分", "", f"{b.dept} {b.year} 年度部门决算表", "")

    def _class_column(self) -> list[tuple[str, Decimal | None]]:
        by_name = {CLASS_NAMES[c]: v for c, v in self.classes.items()}
        return [(f"{cn_index(n)}、{name}", by_name.get(name)) for n, name in enumerate(SPENDING_CLASSES, 1)]

    def summary_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[0])
        g.add("收入\t\t支出\t", "项目\t决算数\t项目\t决算数")
        spending = self._class_column()
        for n, (label, value) in enumerate(spending):
            income = f"{cn_index(n + 1)}、{INCOME_ROWS[n]}\t{fmt(f.income) if n == 0 else ''}" \
                if n < len(INCOME_ROWS) else "\t"
            g.add(f"{income}\t{label}\t{fmt(value)}")
        g.add(f"本年收入合计\t{fmt(f.income)}\t本年支出合计\t{fmt(f.spent)}", "使用非财政拨款结余\t\t结余分配\t",
              f"年初结转和结余\t{fmt(f.opening)}\t年末结转和结余\t{fmt(f.closing)}",
              f"总计\t{fmt(f.grand)}\t总计\t{fmt(f.grand)}", "",
              "注：本表反映部门本年度的总收支和年末结转结余情况。", "")

    def _coded_rows(self, values) -> None:
        for code, name, *cells in values:
            self.g.add("\t".join([code, name, *(fmt(c) for c in cells)]))

    def revenue_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[1])
        g.add("项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入",
              "功能分类科目编码\t科目名称\t\t\t\t\t\t\t", f"合计\t\t{fmt(f.income)}\t{fmt(f.income)}\t\t\t\t\t")
        moved = f.closing - f.opening    # the carry-over is income of the 行政运行 item, its 款 and its class
        run = f"{f.act.kuan}01"
        self._coded_rows((code, name, total, total) for code, name, basic, project in self.rows
                         for total in [basic + project + (moved if run.startswith(code) else D0)])
        g.add("", "注：本表反映部门本年度取得的各项收入情况。", "")

    def expenditure_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[2])
        g.add("项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出",
              "功能分类科目编码\t科目名称\t\t\t\t\t\t",
              f"合计\t\t{fmt(f.spent)}\t{fmt(f.act.basic)}\t{fmt(f.act.project_total)}\t\t\t")
        self._coded_rows((code, name, basic + project, basic, project) for code, name, basic, project in self.rows)
        g.add("", "注：本表反映部门本年度各项支出情况。", "")

    def fiscal_summary_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[3])
        g.add("收入\t\t支出\t\t\t\t", "项目\t决算数\t项目\t合计\t" + "\t".join(FUNDS))
        for n, (label, value) in enumerate(self._class_column()):
            income = f"{cn_index(n + 1)}、{FUNDS[n]}\t{fmt(f.income) if n == 0 else ''}" if n < len(FUNDS) else "\t"
            g.add(f"{income}\t{label}\t{fmt(value)}\t{fmt(value)}\t\t")
        g.add(f"本年收入合计\t{fmt(f.income)}\t本年支出合计\t{fmt(f.spent)}\t{fmt(f.spent)}\t\t",
              f"年初财政拨款结转和结余\t{fmt(f.opening)}\t年末财政拨款结转和结余\t{fmt(f.closing)}\t{fmt(f.closing)}\t\t")
        for n, fund in enumerate(FUNDS):
            g.add(f"{cn_index(n + 1)}、{fund}\t{fmt(f.opening) if n == 0 else ''}\t\t\t\t\t")
        g.add(f"总计\t{fmt(f.grand)}\t总计\t{fmt(f.grand)}\t{fmt(f.grand)}\t\t", "",
              "注：本表反映部门本年度财政拨款总收支和结转结余情况。", "")

    def general_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[4])
        g.add("项目\t\t合计\t基本支出\t项目支出", "功能分类科目编码\t科目名称\t\t\t")
        self._coded_rows((code, name, basic + project, basic, project) for code, name, basic, project in self.rows)
        g.add(f"合计\t\t{fmt(f.spent)}\t{fmt(f.act.basic)}\t{fmt(f.act.project_total)}", "",
              "注：本表反映部门本年度一般公共预算财政拨款支出情况。", "")

    def _economic_lists(self) -> tuple[list[str], list[str]]:
        b = self.f.act
        left = [f"301\t工资福利支出\t{fmt(sum((x[4] for x in b.wages + b.social), D0))}"]
        left += [f"{c}\t{n}\t{fmt(v)}" for c, n, _, _, v in sorted(b.wages + b.social)]
        if b.family:
            left.append(f"303\t对个人和家庭的补助\t{fmt(sum((x[4] for x in b.family), D0))}")
            left += [f"{c}\t{n}\t{fmt(v)}" for c, n, _, _, v in b.family]
        right = [f"302\t商品和服务支出\t{fmt(b.public_total)}"]
        right += [f"{c}\t{n}\t{fmt(v)}" for c, n, _, _, v in sorted(b.public)]
        return left, right

    def basic_table(self) -> None:
        b, g = self.f.act, self.g
        self._title(_TABLES[5])
        g.add("经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数")
        left, right = self._economic_lists()
        for n in range(max(len(left), len(right))):
            g.add(f"{left[n] if n < len(left) else chr(9) * 2}\t{right[n] if n < len(right) else chr(9) * 2}")
        g.add(f"人员经费合计\t\t{fmt(b.personnel)}\t公用经费合计\t\t{fmt(b.public_total)}", "",
              "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。", "")

    def three_public_table(self) -> None:
        f, g = self.f, self.g
        self._title(_TABLES[6])
        g.add("合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\t",
              "\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\t\t\t", "\t".join(["预算数", "决算数"] * 6))
        p, a = f.budget, f.act
        if p.three_total or a.three_total:
            g.add("\t".join(fmt(v) for v in (p.three_total, a.three_total, D0, D0, p.car_run, a.car_run, D0, D0,
                                               p.car_run, a.car_run, p.reception, a.reception)))
        g.add("", "注：本表反映部门本年度“三公”经费支出预决算情况。", "")
        if not (p.three_total or a.three_total):
            g.add(f"说明：{a.dept}本年度没有财政拨款“三公”经费支出，故本表无数据。", "")

    def fund_tables(self) -> None:
        a, g = self.f.act, self.g
        for title, what in ((_TABLES[7], "政府性基金预算"), (_TABLES[8], "国有资本经营预算")):
            self._title(title)
            g.add("项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
                  "功能分类科目编码\t科目名称\t\t\t合计\t基本支出\t项目支出\t", "",
                  f"注：本表反映部门本年度{what}财政拨款收入、支出及结转和结余情况。", "",
                  f"说明：{a.dept}本年度无{what}财政拨款收入和支出，故本表无数据。", "")

    # part three: the narrative ------------------------------------------------------------------
    @staticmethod
    def _against(budget: Decimal, actual: Decimal) -> str:
        """年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 r%。 and the reason for a difference."""
        said = (f"年初预算为 {fmt(budget)} 万元，支出决算为 {fmt(actual)} 万元，"
                f"完成年初预算的 {pct(actual, budget)}%。")
        if actual == budget:
            return said + "决算数同预算数持平。"
        word = "小于" if actual < budget else "大于"
        return said + f"决算数{word}预算数的主要原因：厉行节约，严控一般性支出。"

    def narrative(self) -> None:
        f, g, a = self.f, self.g, self.f.act
        g.add("第三部分", "", f"{a.dept} {a.year} 年度部门决算情况说明", "", "一、收入支出决算总体情况说明", "",
              f"{a.dept}{a.year}年度收入、支出总计 {fmt(f.grand)} 万元。", "", "二、收入决算情况说明", "",
              f"{a.dept}{a.year}年度本年收入合计 {fmt(f.income)} 万元，其中：财政拨款收入 {fmt(f.income)} 万元，"
              f"占 100.00%。", "", "三、支出决算情况说明", "",
              f"{a.dept}{a.year}年度本年支出合计 {fmt(f.spent)} 万元，其中：基本支出 {fmt(a.basic)} 万元，"
              f"占 {pct(a.basic, f.spent)}%；项目支出 {fmt(a.project_total)} 万元，"
              f"占 {pct(a.project_total, f.spent)}%。",
              "", "四、一般公共预算财政拨款支出决算情况说明", "", "（一）一般公共预算财政拨款支出决算总体情况", "",
              f"{a.year}年度一般公共预算财政拨款支出 {fmt(f.spent)} 万元，占本年支出合计的 100.00%。", "",
              "（二）一般公共预算财政拨款支出决算具体情况", "",
              "一般公共预算财政拨款支出" + self._against(f.budget.total, f.spent) + "其中：", "")
        self.items()
        self.narrative_basic()

    def items(self) -> None:
        planned = {code: basic + project for code, _, basic, project in _function_rows(self.planned)}
        names = {code: name for code, name, _, _ in self.rows}
        items = [(code, basic + project) for code, _, basic, project in self.rows if len(code) == 7]
        for n, (code, actual) in enumerate(items, 1):
            self.g.add(f"{n}、{names[code[:3]]}（类）{names[code[:5]]}（款）{names[code]}（项）。主要用于：本部门履行职能"
                       f"的支出。" + self._against(planned[code], actual), "")

    def narrative_basic(self) -> None:
        g, a, p = self.g, self.f.act, self.f.budget
        g.add("五、一般公共预算财政拨款基本支出决算情况说明", "",
              f"{a.year}年度一般公共预算财政拨款基本支出 {fmt(a.basic)} 万元。"
              f"其中：人员经费 {fmt(a.personnel)} 万元，"
              f"主要包括：基本工资、津贴补贴等；公用经费 {fmt(a.public_total)} 万元，主要包括：办公费等。", "",
              "六、财政拨款“三公”经费支出决算情况说明", "")
        if p.three_total:
            g.add(f"{a.year}年度“三公”经费财政拨款支出" + self._against(p.three_total, a.three_total), "")
        else:
            g.add(f"{a.dept}{a.year}年度没有财政拨款“三公”经费支出。", "")
        g.add("七、政府性基金预算财政拨款收入支出决算情况说明", "",
              f"{a.dept}{a.year}年度无政府性基金预算财政拨款收入和支出。", "",
              "八、国有资本经营预算财政拨款支出决算情况说明", "",
              f"{a.dept}{a.year}年度无国有资本经营预算财政拨款支出。", "", "九、其他重要事项的情况说明", "",
              "（一）机关运行经费支出情况", "",
              f"{a.year}年度本部门机关运行经费支出 {fmt(a.public_total)} 万元。", "", "（二）政府采购支出情况", "",
              f"{a.year}年度本部门政府采购支出总额 0 万元。", "", "（三）国有资产占用情况", "",
              f"截至{a.year}年12月31日，本部门共有车辆 {1 if a.car_run else 0} 辆。", "", "（四）预算绩效管理情况", "",
              f"{a.year}年度本部门对全部项目设定了绩效目标，并开展了绩效自评。", "",
              "第四部分 名词解释", "", "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。", "")


def generate_final(seed: int) -> Generated:
    """One consistent final account; its 年初预算 is ``generate.text.generate(seed, "万元")``."""
    budget = draw(seed, "万元")
    rng = random.Random(seed * 7919 + 1)
    act = _actual(budget, rng)
    money = [Decimal(rng.randint(0, 500)) / 100 if rng.random() < 0.6 else D0 for _ in range(2)]
    final = _Final(budget, act, money[0], money[1])
    text = _FinalDocument(final).text()
    figures = {"total": final.grand, "income": final.income, "spent": final.spent, "basic": act.basic,
               "personnel": act.personnel, "public": act.public_total, "budget_total": budget.total}
    return Generated(text=text, department=act.dept, year=act.year, unit="万元", figures=figures)


_TABLES = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
           "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
           "国有资本经营预算财政拨款收入支出决算表")
