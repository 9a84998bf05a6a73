"""The README's two commands are what a fresh machine runs; CI runs the second one verbatim."""
import re

from helpers import ROOT


def readme_commands():
    return re.findall(r"```bash\n#[^\n]*\n([^\n]+)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))[:2]


def test_readme_starts_with_exactly_two_commands():
    run, test = readme_commands()
    assert "zhenggai app" in run and "torch==2.13.0" in run
    assert "pytest" in test and "torch==2.13.0" in test


def test_ci_runs_the_readme_test_command():
    assert readme_commands()[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_measurements_table_is_what_the_benchmarks_recorded():
    """The table is rebuilt by benchmarks/report.py from benchmarks/results/*.json; an edit by hand, or a
    recorded run whose table was not rebuilt, fails here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("report", ROOT / "benchmarks" / "report.py")
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    between = text.split(report.START, 1)[1].split(report.END, 1)[0]
    assert between.strip() == report.table().strip()
    assert len(report.table().splitlines()) > 2 + 5  # header and rule, and the recorded rows
