"""Templates are checked whole before any page (issue 17 made it cheaper): every mistake Jinja's
compiler finds is still reported, in the templates no page renders as well, and a template is
compiled only when a page renders it."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.compiler
import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.commands.prepare import BuildOptions, prepare
from tests.conftest import NOW, make_site


def build_with_template(tmp_path: Path, name: str, text: str) -> tuple[int, str, Path]:
    """The minimal site with one template of its own: exit status, what stderr says, the site."""
    site = make_site(tmp_path)
    (site / "templates" / Path(name).parent).mkdir(parents=True, exist_ok=True)
    (site / "templates" / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    return result.exit_code, result.stderr, site


@pytest.mark.parametrize(("text", "message"), [
    ("<p>\n{{ 1 | no_such_filter }}\n</p>\n", "templates/unused.html:2: template syntax error: No filter named "
                                              "'no_such_filter'."),
    ("{% block a %}{% endblock %}\n{% block a %}{% endblock %}\n",
     "templates/unused.html:2: template syntax error: block 'a' defined twice"),
    ("{% for loop in [1] %}{% endfor %}\n",
     "templates/unused.html:1: template syntax error: Can't assign to special loop variable in for-loop target"),
    ("{% if x %}\n{% endfor %}\n",
     "templates/unused.html:2: template syntax error: Encountered unknown tag 'endfor'. Jinja was looking for "
     "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."),
])
def test_a_mistake_only_compiling_finds_in_a_template_no_page_renders_stops_the_build(
        tmp_path: Path, text: str, message: str) -> None:
    status, stderr, site = build_with_template(tmp_path, "unused.html", text)
    assert status == 1
    assert stderr == f"Error: {message}\nNothing was published.\n"
    assert not (site / "public").exists()


def test_mistakes_in_several_templates_are_reported_together_in_order(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "templates" / "partials").mkdir(parents=True)
    (site / "templates" / "b.html").write_text("{{ 1 | nope }}\n", encoding="utf-8")
    (site / "templates" / "partials" / "a.html").write_text("{% if %}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 1
    assert result.stderr == ("Error: templates/b.html:1: template syntax error: No filter named 'nope'.\n"
                             "Error: templates/partials/a.html:1: template syntax error: Expected an expression, "
                             "got 'end of statement block'\n2 errors; nothing was published.\n")


def test_a_template_is_compiled_only_when_a_page_renders_it_and_renders_as_checked(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "templates").mkdir()
    (site / "templates" / "unused.html").write_text("{{ 1 + 1 }}\n", encoding="utf-8")
    env = prepare(BuildOptions(site_dir=site, now=NOW)).env
    assert "unused.html" in env.env.loader.checked  # type: ignore[union-attr]
    compiled = {name for (_, name) in env.env.cache}  # type: ignore[union-attr]
    assert "unused.html" not in compiled and "single.html" not in compiled
    assert env.render("unused.html", {"lang": "id"}) == "2\n"


def test_jinja_refuses_to_generate_code_only_where_the_check_looks() -> None:
    """check_all() generates a template's code only if it has what Jinja's code generator may refuse
    (TemplateEnvironment._generator_may_refuse): one `self.fail` each. A Jinja that refuses more
    fails here, so that the check learns it before a mistake goes unreported."""
    compiler = Path(jinja2.compiler.__file__).read_text(encoding="utf-8")
    assert compiler.count("self.fail(") == 5


SNIPPETS = [
    "{{ x | upper }}", "{{ x | nope }}", "{% if a %}{{ x | nope }}{% endif %}", "{{ x is nope }}",
    "{% filter nope %}x{% endfilter %}",
    "{% block a %}{% endblock %}{% block b %}{% endblock %}", "{% block a %}{% block a %}{% endblock %}{% endblock %}",
    "{% extends 'base.html' %}", "{% if a %}{% extends 'base.html' %}{% endif %}",
    "{% for x in y %}{% extends 'base.html' %}{% endfor %}", "{% block a %}{% extends 'b.html' %}{% endblock %}",
    "{% macro m(caller) %}{{ caller() }}{% endmacro %}", "{% macro m(caller=none) %}{{ caller() }}{% endmacro %}",
    "{% macro m(a) %}{{ caller() }}{% endmacro %}", "{% for loop in y %}{% endfor %}",
    "{% for a, loop in y %}{% endfor %}", "{% for a in y %}{% set loop = 1 %}{% endfor %}",
]


def test_a_template_the_check_does_not_generate_is_one_jinja_generates(tmp_path: Path) -> None:
    env = prepare(BuildOptions(site_dir=make_site(tmp_path), now=NOW)).env
    refused, unflagged = [], []
    for snippet in SNIPPETS:
        tree = env.env.parse(snippet)
        try:
            env.env.compile(tree, "t.html", "t.html", raw=True)
        except jinja2.TemplateSyntaxError:
            refused.append(snippet)
            if not env._generator_may_refuse(tree):
                unflagged.append(snippet)
    assert unflagged == []
    assert len(refused) == 10  # each of the five refusals is among the snippets, some twice
