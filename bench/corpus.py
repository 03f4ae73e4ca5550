"""make corpus: extract + check over a folder of real documents, one row per disclosure.

    python bench/corpus.py [FOLDER] [--json OUT] [--baseline FILE] [--accept]

FOLDER defaults to data/corpus (with its MANIFEST.csv of hand-read totals). The table is
printed and written as JSON (default out/corpus.json); with a baseline (default
bench/corpus-baseline.json) the changes since the last accepted run are printed too.
``--accept`` writes this run as the new baseline (timings are left out of it).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.suite.corpus import STANDARD, corpus_row, group_documents, read_manifest  # noqa: E402


def short(name: str, width: int = 44) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def print_table(rows: list[dict]) -> None:
    print(f"{'document':44s} {'status':7s} {'pp':>3s} {'kinds':>5s} {'total':>5s} {'linked':>7s} "
          f"{'E':>3s} {'W':>4s} {'I':>3s} {'s':>5s}")
    for r in rows:
        if r["status"] != "read":
            print(f"{short(r['document']):44s} refused {r['reason'][:60]}  {r['seconds']:.1f}s")
            continue
        linked = f"{r['narrative_linked']}/{r['narrative_amounts']}"
        # against the hand-read total where the manifest has one, else by the document's own figures
        total = ("ok" if r["headline_ok"] else "DIFF") if r["expected"] is not None else \
            ("self" if r.get("self_consistent") else "NOT")
        print(f"{short(r['document']):44s} {'read':7s} {r['pages']:>3d} {len(r['standard_found']):>3d}/{len(STANDARD)} "
              f"{total:>5s} {linked:>7s} {r['errors']:>3d} {r['warnings']:>4d} {r['infos']:>3d} {r['seconds']:>5.1f}")
    read = [r for r in rows if r["status"] == "read"]
    # pages are those of PDFs: a web page has none, and its time per "page" would mean nothing
    per30 = [r["seconds"] / r["pages"] * 30 for r in read if any(f.lower().endswith(".pdf") for f in r["files"])]
    linked = sum(r["narrative_linked"] for r in read), sum(r["narrative_amounts"] for r in read)
    tabled = [r for r in read if r["standard_found"]]
    in_tabled = sum(r["narrative_linked"] for r in tabled), sum(r["narrative_amounts"] for r in tabled)
    unlabelled = [r for r in read if r["expected"] is None]
    if unlabelled:   # no hand-read totals: read right by self-consistency
        print(f"\nread right by self-consistency (no hand-read total): {sum(r['self_consistent'] for r in unlabelled)}"
              f"/{len(unlabelled)}")
        for r in unlabelled:
            if not r["self_consistent"]:
                print(f"  {short(r['document'])}: {'; '.join(r['self_problems'])}")
    print(f"\n{len(read)}/{len(rows)} read; headline total right in {sum(r['headline_ok'] for r in read)}; "
          f"errors {sum(r['errors'] for r in read)}, warnings {sum(r['warnings'] for r in read)}, "
          f"infos {sum(r['infos'] for r in read)}")
    print(f"narrative amounts linked to a table cell: {linked[0]}/{linked[1]} ({_pct(*linked)}); "
          f"in the {len(tabled)} documents with tables {in_tabled[0]}/{in_tabled[1]} ({_pct(*in_tabled)})")
    if per30:
        print(f"seconds per 30 PDF pages: median {statistics.median(per30):.2f}, worst {max(per30):.2f}; "
              f"slowest document {max(r['seconds'] for r in read):.1f} s")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def compare(rows: list[dict], baseline: list[dict]) -> None:
    before = {r["document"]: r for r in baseline}
    print("\nChanges since the baseline:")
    changed = False
    for r in rows:
        old = before.get(r["document"])
        if old is None:
            print(f"  new document {r['document']}")
            changed = True
            continue
        if old["status"] != r["status"]:
            print(f"  {r['document']}: {old['status']} -> {r['status']}")
            changed = True
        added = sorted(set(r.get("findings", [])) - set(old.get("findings", [])))
        gone = sorted(set(old.get("findings", [])) - set(r.get("findings", [])))
        if added or gone:
            changed = True
            print(f"  {r['document']}: {len(added)} findings added, {len(gone)} gone")
            for f in added[:5]:
                print(f"      + {f}")
            for f in gone[:5]:
                print(f"      - {f}")
    if not changed:
        print("  none")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "data" / "corpus"))
    parser.add_argument("--json", default=str(ROOT / "out" / "corpus.json"))
    parser.add_argument("--baseline", default=None,
                        help="default: bench/corpus-baseline.json for data/corpus, bench/<folder name>-baseline.json "
                             "for another folder")
    parser.add_argument("--accept", action="store_true", help="write this run as the new baseline")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"corpus: {folder}: not a folder", file=sys.stderr)
        return 2
    if args.baseline is None:
        same = folder.resolve() == (ROOT / "data" / "corpus").resolve()
        args.baseline = str(ROOT / "bench" / f"{'corpus' if same else folder.resolve().name}-baseline.json")
    manifest = read_manifest(folder)
    rows = []
    for paths in group_documents(folder):
        rows.append(corpus_row(paths, manifest))
        print(f"  {len(rows)} {rows[-1]['document']} {rows[-1]['status']} {rows[-1]['seconds']:.1f}s",
              file=sys.stderr, flush=True)
    print_table(rows)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    baseline = Path(args.baseline)
    if baseline.exists():
        compare(rows, json.loads(baseline.read_text(encoding="utf-8")))
    if args.accept:
        kept = [{k: v for k, v in r.items() if k != "seconds"} for r in rows]
        baseline.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"baseline written: {baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
