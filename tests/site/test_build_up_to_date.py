"""`invoke build` with nothing changed says so and keeps output/; any change builds again."""

import shutil
import subprocess

import pytest
from support import PYTHON, ROOT, copy_sample_content

pytestmark = pytest.mark.slow


@pytest.fixture
def site(tmp_path):
    content = copy_sample_content(tmp_path / "content")
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\nWHITEPAPER_PDF = False\n", encoding="utf-8")
    output = tmp_path / "output"

    def invoke_build(*extra):
        done = subprocess.run([PYTHON, "-m", "invoke", "build", "--settings", str(settings), "--output", str(output),
                               *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
        return done

    return invoke_build, content, output


def test_an_unchanged_build_is_skipped_and_any_edit_builds_again(site):
    invoke_build, content, output = site
    assert "Built the site" in invoke_build().stdout
    page = output / "posts" / "the-5-ws-1-who" / "index.html"
    folder = output.stat().st_ino

    again = invoke_build()
    assert "is up to date" in again.stdout and "Built the site" not in again.stdout
    assert output.stat().st_ino == folder

    with (content / "posts" / "the-5-ws-1-who.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA closing line added after the first build.\n")
    assert "Built the site" in invoke_build().stdout
    assert "A closing line added after the first build." in page.read_text(encoding="utf-8")

    assert "Built the site" in invoke_build("--force").stdout
    assert "is up to date" in invoke_build().stdout


def test_a_skipped_build_repeats_the_warnings_and_a_missing_output_is_built(site):
    invoke_build, content, output = site
    post = content / "posts" / "the-5-ws-1-who.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n![A chart]({static}/images/missing-chart.png)\n",
                    encoding="utf-8")
    first = invoke_build()
    warning = [line for line in first.stderr.splitlines() if "missing-chart.png" in line]
    assert warning and warning[0].startswith("WARNING: ")

    again = invoke_build()
    assert "is up to date" in again.stdout and "(1 warning(s))" in again.stdout
    assert warning[0] in again.stderr.splitlines()

    shutil.rmtree(output)
    assert "Built the site" in invoke_build().stdout
    assert (output / "index.html").is_file()
