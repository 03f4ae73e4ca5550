"""make review: score the findings against the independent hand reviews (tests/corpus/reviews).

    python bench/recall.py [--reviews DIR] [--corpus DIR] [--json OUT] [--baseline FILE] [--accept] [--missed]

Per document and per category: problems found / missed, and traps (consistent spots) hit by an error or warning.
With a baseline (default bench/recall-baseline.json) it prints what was gained and lost since; ``--accept`` writes
this run as the new baseline; ``--missed`` lists every problem not found.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.suite.corpus import group_documents  # noqa: E402
from audithelpers.suite.recall import load_reviews, score, tally  # noqa: E402


def _key(item) -> str:
    return f"{item.review}|{item.doc}|{item.page}|{item.quote[:60]}"


def run(reviews: Path, corpus: Path) -> tuple[list, list]:
    from audithelpers.ingest import ingest
    from audithelpers.reconcile import audit

    problems, traps = load_reviews(reviews)
    groups = {p.name: paths for paths in group_documents(corpus) for p in paths}
    outcomes, hit = [], []
    for paths in {tuple(groups[i.doc]) for i in problems + traps if i.doc in groups}:
        d = ingest(list(paths))
        findings = [f.to_dict() for f in audit(d)[0]]
        names = {p.name for p in paths}
        outcomes += score([i for i in problems if i.doc in names], d.source, findings)
        hit += score([i for i in traps if i.doc in names], d.source, findings, serious_only=True)
        print(f"  {paths[0].name}", file=sys.stderr, flush=True)
    key = lambda o: _key(o.item)  # noqa: E731
    return sorted(outcomes, key=key), sorted(hit, key=key)


def show(summary: dict) -> None:
    for title, table in (("document", summary["by_document"]), ("category", summary["by_category"])):
        print(f"\n{title:58s} {'problems':>8s} {'found':>6s} {'missed':>6s} {'not in text':>11s} {'traps hit':>9s}")
        for name, row in table.items():
            p, f = row.get("problems", 0), row.get("found", 0)
            rest = f"{row.get('not in text', 0):11d} {row.get('traps hit', 0):9d}"
            print(f"{name[:58]:58s} {p:8d} {f:6d} {p - f:6d} {rest}")
    print(f"\nfound {summary['found']} of {summary['problems']} problems; traps hit {summary['traps_hit']} of "
          f"{summary['traps']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", default=str(ROOT / "tests" / "corpus" / "reviews"))
    parser.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    parser.add_argument("--json", default=str(ROOT / "out" / "recall.json"))
    parser.add_argument("--baseline", default=str(ROOT / "bench" / "recall-baseline.json"))
    parser.add_argument("--accept", action="store_true")
    parser.add_argument("--missed", action="store_true", help="list every problem not found")
    args = parser.parse_args()
    outcomes, traps = run(Path(args.reviews), Path(args.corpus))
    summary = tally(outcomes, traps)
    show(summary)
    if args.missed:
        print("\nmissed:")
        for o in outcomes:
            if not o.matched:
                where = f"p.{o.item.page}" + ("" if o.lines else " (not located)")
                print(f"  [{o.item.category}/{o.item.severity}] {o.item.doc[:40]} {where}: {o.item.quote[:50]}")
    state = {_key(o.item): {"found": bool(o.matched), "findings": o.matched} for o in outcomes}
    state |= {"trap|" + _key(t.item): {"hit": bool(t.matched), "findings": t.matched} for t in traps}
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"summary": summary, "items": state}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    baseline = Path(args.baseline)
    if baseline.exists():
        before = json.loads(baseline.read_text(encoding="utf-8"))["items"]
        gained = [k for k, v in state.items() if v.get("found") and not before.get(k, {}).get("found")]
        lost = [k for k, v in state.items() if not v.get("found", True) and before.get(k, {}).get("found")]
        traps_new = [k for k, v in state.items() if v.get("hit") and not before.get(k, {}).get("hit")]
        print(f"\nsince the baseline: {len(gained)} gained, {len(lost)} lost, {len(traps_new)} traps newly hit")
        for k in gained + lost + traps_new:
            print(("  + " if k in gained else "  - " if k in lost else "  ! ") + k)
    if args.accept:
        baseline.write_text(json.dumps({"summary": summary, "items": state}, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        print(f"baseline written: {baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
