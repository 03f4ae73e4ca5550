"""Generated districts: one department over several years, consistent with itself; injected defects
listed in a manifest, each found at its line by the rule the manifest names."""
import csv

from audithelpers.cli import main
from audithelpers.generate.district import department_years, write_district
from audithelpers.reconcile import reconcile

from helpers import ingest_lines


def test_a_department_over_three_years_states_each_change_from_the_year_before():
    years = department_years(7, 3, "万元")
    assert [b.year for b, _ in years] == [years[0][0].year + k for k in range(3)]
    assert len({b.dept for b, _ in years}) == 1
    for (before, _), (after, text) in zip(years, years[1:], strict=False):
        assert after.prior == before.total and after.delta == abs(after.total - before.total)
        change = "增加" if after.grew else "减少"
        assert f"与 {before.year} 年预算相比，收入{change} {after.delta:.2f} 万元" in text
    for _, text in years:
        assert [f.rule for f in reconcile(ingest_lines(text.split("\n"))) if f.severity != "info"] == []


def test_each_injected_defect_is_found_at_its_line(tmp_path):
    write_district(4, tmp_path, years=2, unit="万元", defect_rate=1.0)
    with (tmp_path / "defects.csv").open(encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    assert len(manifest) == 8 and {m["defect"] for m in manifest} >= {"table_cell", "department_name",
                                                                        "placeholder"}
    for m in manifest:
        text = (tmp_path / "data" / m["document"]).read_text(encoding="utf-8")
        found = reconcile(ingest_lines(text.split("\n")))
        assert any(f.rule == m["rule"] and int(m["line"]) in f.lines for f in found), m


def test_generate_years_and_defects_from_the_command_line(tmp_path, capsys):
    assert main(["generate", "--count", "2", "--years", "2", "--defects", "0.5", "--out", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.split()) == 4 and (tmp_path / "defects.csv").is_file()
    assert main(["generate", "--count", "1", "--defects", "2", "--out", str(tmp_path)]) == 2
    assert main(["generate", "--count", "1", "--kind", "final", "--years", "2", "--out", str(tmp_path)]) == 2
