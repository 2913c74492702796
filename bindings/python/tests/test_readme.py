"""The README's examples, run as doctests: every ```pycon block, in order,
sharing one namespace."""

import doctest
import re
from pathlib import Path

import eft_session

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_examples_run():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 3, "the README's examples were not found"
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md", str(README), 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (output above)"


def test_the_package_docstring_runs():
    failures, tried = doctest.testmod(eft_session)
    assert tried >= 4 and failures == 0
