"""`make eval`: how well the vagueness classifier finds vague sentences (precision, recall, F1 of the vague class).

Three sets, each scored by the shipped model (``models/vagueness.npz``) at its stored threshold:

- **held-out**: the 20% of ``corpora/labelled/vagueness-*.jsonl`` that the model card reports. The shipped model
  is refitted on all sentences, so it has seen these; the figures are re-derived here by refitting on the
  training 80% with the stored C and threshold (the same seed and split as ``make train``).
- **hard cases** of that held-out part (``"hard": true``).
- **samples**: every prose sentence of the three sample reports in ``corpora/samples/``, hand-labelled under
  ``corpora/labelled/GUIDE.md`` into ``corpora/labelled/samples-vagueness.jsonl``. These are sentences as
  the pipeline splits them from whole reports (longer, in context) and were never used for training.

Writes the figures to bench/eval.json under "vagueness" (the outline's part is left as it is).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from analyzers.vagueness_model import (
    MODEL_PATH,
    SEED,
    STRATUM_MIN,
    TEST_SIZE,
    VaguenessModel,
    VaguenessScorer,
    data_files,
    default_formulas,
    default_lexicon,
    fit,
    prf,
    read_examples,
    read_facts,
    stratified_split,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_LABELLED = ROOT / "corpora" / "labelled" / "samples-vagueness.jsonl"
EVAL_JSON = ROOT / "bench" / "eval.json"


def held_out(model: VaguenessModel) -> dict[str, Any]:
    """Refit on the training 80% with the shipped C and threshold; score the held-out 20% and its hard cases."""
    examples = [e for path in data_files() for e in read_examples(path)]
    meta = model.meta or {}
    c, seed = float(meta["model"]["C"]), int(meta.get("split", {}).get("seed", SEED))
    lexicon, formulas = default_lexicon(), default_formulas()
    labels, branches = [e.label for e in examples], [e.branch for e in examples]
    train_idx, test_idx, _ = stratified_split(labels, branches, seed, TEST_SIZE, STRATUM_MIN)
    train = [examples[i] for i in train_idx]
    test = [examples[i] for i in test_idx]
    held, _ = fit([e.text for e in train], [e.label for e in train], c, lexicon, categories=model.categories)
    probs = held.vagueness([e.text for e in test], [read_facts(e.text, lexicon, formulas) for e in test])
    truth = [e.label == "vague" for e in test]
    predicted = [bool(p >= model.threshold) for p in probs]
    hard = [i for i, e in enumerate(test) if e.hard]
    return {
        "all": prf(truth, predicted),
        "hard": prf([truth[i] for i in hard], [predicted[i] for i in hard]),
    }


def samples(scorer: VaguenessScorer) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = [json.loads(line) for line in SAMPLES_LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = scorer.score([r["text"] for r in rows])
    truth = [r["label"] == "vague" for r in rows]
    predicted = [s.vague for s in scored]
    by_file: dict[str, Any] = {}
    for name in dict.fromkeys(r["sample"] for r in rows):
        idx = [i for i, r in enumerate(rows) if r["sample"] == name]
        by_file[name] = prf([truth[i] for i in idx], [predicted[i] for i in idx])
    hard = [i for i, r in enumerate(rows) if r.get("hard")]
    errors = [
        {"sample": r["sample"], "text": r["text"], "truth": r["label"], "vagueness": round(s.vagueness, 3)}
        for r, s in zip(rows, scored, strict=True)
        if s.vague != (r["label"] == "vague")
    ]
    figures = {
        "all": prf(truth, predicted),
        "hard": prf([truth[i] for i in hard], [predicted[i] for i in hard]),
        "by_sample": by_file,
        "errors": len(errors),
    }
    return figures, errors


def _line(name: str, m: dict[str, Any]) -> str:
    return (
        f"vagueness {name:<28} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
        f"  (n={m['n']}, vague {m['support']})"
    )


def main() -> int:
    if not MODEL_PATH.exists():
        print(f"eval: no vagueness model at {MODEL_PATH.relative_to(ROOT)}; run `make train`", file=sys.stderr)
        return 1
    scorer = VaguenessScorer.load_default()
    assert scorer is not None
    model = scorer.model
    results: dict[str, Any] = {"threshold": model.threshold}
    if data_files() and model.meta is not None:
        results["held_out"] = held_out(model)
        print(_line("held-out 20%", results["held_out"]["all"]))
        print(_line("held-out 20%, hard cases", results["held_out"]["hard"]))
    if SAMPLES_LABELLED.exists():
        figures, errors = samples(scorer)
        results["samples"] = {**figures, "error_sentences": errors}
        print(_line("sample reports", figures["all"]))
        print(_line("sample reports, hard cases", figures["hard"]))
        for name, m in figures["by_sample"].items():
            print(_line(f"  {name}", m))
        for e in errors:
            print(f"  miss [{e['truth']}, {e['vagueness']:.2f}] {e['text']}")
    stored = json.loads(EVAL_JSON.read_text(encoding="utf-8")) if EVAL_JSON.exists() else {}
    stored["vagueness"] = results
    EVAL_JSON.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {EVAL_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
