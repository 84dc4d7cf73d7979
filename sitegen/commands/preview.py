"""What only the preview of `sitegen serve` adds to pages: a script that shows a failed build.

Every previewed page loads `/_sitegen/preview.js`. It reads `/_sitegen/status.json`, which
`sitegen serve` rewrites after each build; when the last build failed, the page (the last good
version) gets an overlay with each problem's file, line and message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sitegen.core.errors import Problem
from sitegen.core.messages import tr

FOLDER = "/_sitegen/"
SCRIPT = FOLDER + "preview.js"
STATUS = FOLDER + "status.json"

OVERLAY_JS = """\
(async () => {
  let status;
  try {
    status = await (await fetch('/_sitegen/status.json', {cache: 'no-store'})).json();
  } catch (error) {
    return;
  }
  if (!status.problems || status.problems.length === 0) return;
  const box = document.createElement('section');
  box.id = 'sitegen-error';
  box.setAttribute('role', 'alert');
  box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:70vh;overflow:auto;z-index:2147483647;' +
    'background:#7f1d1d;color:#fff;font:15px/1.45 ui-monospace,monospace;padding:1rem 1.25rem;' +
    'box-shadow:0 -4px 16px rgba(0,0,0,.4)';
  const title = document.createElement('strong');
  title.textContent = status.title;  // in the language sitegen speaks (messages.py)
  box.append(title);
  const list = document.createElement('ul');
  list.style.cssText = 'margin:.5rem 0 0;padding-left:1.25rem';
  for (const problem of status.problems) {
    const item = document.createElement('li');
    item.textContent = (problem.line ? `${problem.file}:${problem.line}` : problem.file) + ': ' + problem.message;
    list.append(item);
  }
  box.append(list);
  document.body.append(box);
})();
"""


def preview_files() -> dict[str, bytes]:
    """The overlay script, and a status saying the build succeeded."""
    return {SCRIPT: OVERLAY_JS.encode(), STATUS: status_json([])}


def status_json(problems: Iterable[Problem]) -> bytes:
    data = {"title": tr("The last change did not build. This is the last good version; fix the file and save again."),
            "problems": [{"file": p.path, "line": p.line, "message": p.message} for p in problems]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def with_preview_script(html: str) -> str:
    """The page with the overlay script, before </body> (or at the end of a page without one)."""
    tag = f'<script src="{SCRIPT}" defer></script>\n'
    position = html.rfind("</body>")
    return html + tag if position < 0 else html[:position] + tag + html[position:]
