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
