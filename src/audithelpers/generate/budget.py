"""What the budget and final-accounts generators share: a seeded draw of one department's budget
(``draw``, every total the exact sum of its parts), its scaling, number formats and the line writer."""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal


CITIES = ["新乡市", "洛阳市", "开封市", "安阳市", "许昌市", "南阳市", "商丘市", "周口市"]
DISTRICTS = ["红旗区", "西工区", "龙亭区", "文峰区", "魏都区", "卧龙区", "梁园区", "川汇区"]
ORGS = [("财政局", "20106", "财政事务"), ("统计局", "20105", "统计信息事务"), ("审计局", "20108", "审计事务"),
        ("商务局", "20113", "商贸事务"), ("档案馆", "20126", "档案事务"),
        ("人民政府办公室", "20103", "政府办公厅（室）及相关机构事务"),
        ("发展和改革委员会", "20104", "发展与改革事务"), ("市场监督管理局", "20138", "市场监督管理事务")]
OTHER_NAMES = {"20106": "其他财政事务支出", "20105": "其他统计信息事务支出", "20108": "其他审计事务支出",
               "20113": "其他商贸事务支出", "20126": "其他档案事务支出",
               "20103": "其他政府办公厅（室）及相关机构事务支出",
               "20104": "其他发展与改革事务支出", "20138": "其他市场监督管理事务"}
PROJECTS = ["信息系统运维经费", "专项业务工作经费", "办公楼物业管理费", "档案数字化加工", "业务培训经费",
            "政务外网线路租赁费", "宣传工作经费", "课题研究经费", "设备购置经费", "聘用人员经费"]
WAGES = [("30101", "基本工资", "50101", "工资奖金津补贴"), ("30102", "津贴补贴", "50101", "工资奖金津补贴"),
         ("30103", "奖金", "50101", "工资奖金津补贴"), ("30112", "其他社会保障缴费", "50102", "社会保障缴费")]
PUBLIC = [("30201", "办公费", "50201", "办公经费"), ("30211", "差旅费", "50201", "办公经费"),
          ("30228", "工会经费", "50201", "办公经费"), ("30229", "福利费", "50201", "办公经费"),
          ("30215", "会议费", "50202", "会议费"), ("30216", "培训费", "50203", "培训费")]
FUNCTION_ITEMS = {"30108": ("2080505", "机关事业单位基本养老保险缴费支出", "50102", "社会保障缴费",
                            "机关事业单位基本养老保险缴费"),
                  "30110": ("2101101", "行政单位医疗", "50102", "社会保障缴费", "职工基本医疗保险缴费"),
                  "30113": ("2210201", "住房公积金", "50103", "住房公积金", "住房公积金")}
CN_NUM = "一二三四五六七八九十"
CN_DIGIT = "〇一二三四五六七八九"


def cn_index(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Generated:
    text: str
    department: str
    year: int
    unit: str
    figures: dict[str, Decimal] = field(default_factory=dict)


class Money:
    """Random amounts printed with two decimals in the chosen unit."""

    def __init__(self, rng: random.Random, unit: str) -> None:
        self.rng, self.unit = rng, unit
        self.scale = Decimal(1) if unit == "万元" else Decimal(10000)

    def amount(self, low: float, high: float) -> Decimal:
        """A random amount between ``low`` and ``high`` 万元, printed to the cent of the unit."""
        scale = 100 * int(self.scale)
        cents = self.rng.randint(int(low * scale), int(high * scale))
        return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def fmt(value: Decimal | None) -> str:
    return "" if value is None else format(value.quantize(Decimal("0.01")), "f")


#: The function classes of a generated disclosure.
CLASS_NAMES = {"201": "一般公共服务支出", "208": "社会保障和就业支出", "210": "卫生健康支出", "221": "住房保障支出"}
#: Header rows of a function table (functional classification by basic and project spending).
FUNCTION_HEADER = ("科目编码\t\t\t单位代 码\t单位（科目名称）\t合计\t基本支出\t\t\t\t\t项目支出\t\t",
                   "类\t款\t项\t\t\t\t小计\t人员经费\t\t公用经费\t\t小计\t其他运转类\t特定目标类",
                   "\t\t\t\t\t\t\t工资福利支出\t对个人和家庭的补助\t商品和服务支出\t资本性支出\t\t\t")

_Item = tuple[str, str, str, str, Decimal]      # economic code, name, government code, name, amount
_Project = tuple[str, str, str, Decimal]        # kind, name, function code, amount


@dataclass
class Budget:
    """The figures of one generated disclosure, drawn from the seed's generator in a fixed order."""

    rng: random.Random
    unit: str
    dept: str
    kuan: str
    kuan_name: str
    year: int
    unit_code: str
    wages: list[_Item]
    social: list[_Item]
    family: list[_Item]
    reception: Decimal
    car_run: Decimal
    public: list[_Item]
    projects: list[_Project]
    delta: Decimal
    grew: bool
    prior: Decimal

    @property
    def personnel_items(self) -> list[_Item]:
        return self.wages + self.social + self.family

    @property
    def personnel(self) -> Decimal:
        return sum((x[4] for x in self.personnel_items), Decimal(0))

    @property
    def public_total(self) -> Decimal:
        return sum((x[4] for x in self.public), Decimal(0))

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public_total

    @property
    def project_total(self) -> Decimal:
        return sum((p[3] for p in self.projects), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.basic + self.project_total

    @property
    def three_total(self) -> Decimal:
        return self.reception + self.car_run


def draw(seed: int, unit: str | None) -> Budget:
    """Draw department, year and every amount; the order of the draws fixes the text of a seed."""
    rng = random.Random(seed)
    unit = unit or rng.choice(["万元", "元"])
    money = Money(rng, unit)
    org, kuan, kuan_name = rng.choice(ORGS)
    dept = f"{rng.choice(CITIES)}{rng.choice(DISTRICTS)}{org}"
    year = rng.randint(2020, 2025)
    unit_code = f"{rng.randint(1, 999):03d}"

    wages = [(c, n, g, gn, money.amount(5, 60)) for c, n, g, gn in rng.sample(WAGES, rng.randint(2, 4))]
    social = [(c, FUNCTION_ITEMS[c][4], FUNCTION_ITEMS[c][2], FUNCTION_ITEMS[c][3], money.amount(2, 15))
              for c in FUNCTION_ITEMS]
    family = [("30302", "退休费", "50905", "离退休费", money.amount(1, 8))] if rng.random() < 0.6 else []
    reception = money.amount(0.2, 2) if rng.random() < 0.5 else Decimal(0)
    car_run = money.amount(0.5, 4) if rng.random() < 0.5 else Decimal(0)
    public = [(c, n, g, gn, money.amount(0.5, 8)) for c, n, g, gn in rng.sample(PUBLIC, rng.randint(2, 5))]
    if reception:
        public.append(("30217", "公务接待费", "50206", "公务接待费", reception))
    if car_run:
        public.append(("30231", "公务用车运行维护费", "50208", "公务用车运行维护费", car_run))

    projects = []
    for name in rng.sample(PROJECTS, rng.randint(2, 5)):
        kind = rng.choice(["其他运转类", "特定目标类"])
        code = f"{kuan}02" if kind == "其他运转类" else f"{kuan}99"
        projects.append((kind, name, code, money.amount(1, 80)))
    budget = Budget(rng, unit, dept, kuan, kuan_name, year, unit_code, wages, social, family, reception, car_run,
                     public, projects, Decimal(0), False, Decimal(0))
    total = budget.total
    delta = money.amount(1, 40)
    grew = rng.random() < 0.5
    prior = total - delta if grew else total + delta
    if prior <= 0:
        grew, prior = False, total + delta
    budget.delta, budget.grew, budget.prior = delta, grew, prior
    return budget


def scaled(b: Budget, rng: random.Random, low: int, high: int) -> Budget:
    """The budget with every item times a random ``low``–``high`` per mille, to the cent; 公务接待费 and
    公务用车运行维护费 follow their economic items (what was spent of it, or the next year's)."""
    def times(value: Decimal) -> Decimal:
        return (value * Decimal(rng.randint(low, high)) / 1000).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def items(rows):
        return [(*row[:4], times(row[4])) for row in rows]
    public = items(b.public)
    by_code = {row[0]: row[4] for row in public}
    return replace(b, wages=items(b.wages), social=items(b.social), family=items(b.family), public=public,
                   projects=[(*p[:3], times(p[3])) for p in b.projects],
                   reception=by_code.get("30217", Decimal(0)), car_run=by_code.get("30231", Decimal(0)))


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
