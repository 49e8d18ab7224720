#!/usr/bin/env python3
"""Open `symbi report` pages in a real headless browser (Debian's chromium).

1. The demo dataset: the page loads and its script runs to the end without an
   error (<body data-ok="1">, no data-errors in the DOM chromium dumps); the
   map has exactly one `.firm` mark per firm of firms.csv and one
   `.partnership` line per partnership of `symbi match` with the same options;
   the page asks for nothing over the network (no src/href/url()/@import).
   A screenshot at 1280x2000 is saved as <build>/report.png, and one at phone
   width as <build>/report-phone.png.
2. A hostile dataset (tests/output/data/hostile): names holding
   <script>alert(1)</script>, &amp;, "quotes", 'apos', an id that closes an
   attribute and opens an <img onerror>, Sámi, Cyrillic and CJK letters. The
   HTML never holds them unescaped; in the browser's DOM the names come back
   as text, exactly as written, and the page holds one script and no <img>.

Without chromium (and no way to install it: root with apt-get) it prints
'SKIP: chromium not available' and exits 77, which meson counts as skipped.
"""
import csv
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SYMBI = os.environ["SYMBI"]
DATADIR = os.environ["SYMBI_DATADIR"]
TESTS = os.environ["SYMBI_TESTS"]
BUILD = os.environ.get("SYMBI_BUILD") or tempfile.gettempdir()
DEMO = os.path.join(DATADIR, "innlandet")
HOSTILE = os.path.join(TESTS, "output", "data", "hostile")
OPTIONS = ["--sector", "--top", "3"]

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
    return cond


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("chromium not found: installing it with apt-get (root)")
        r = subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True,
                           timeout=900)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True, timeout=600)
            subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True,
                           timeout=900)
        return shutil.which("chromium")
    return None


def chromium(browser, url, extra):
    profile = tempfile.mkdtemp(prefix="symbi-chromium-")
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile] + extra + [url]
    try:
        r = subprocess.run(args, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if r.returncode != 0:
        problems.append("chromium %s exited %d: %s" % (" ".join(extra), r.returncode,
                                                     r.stderr.decode("utf-8", "replace")[-1500:]))
    return r.stdout.decode("utf-8", "replace")


class Dom(html.parser.HTMLParser):
    """The parts of a page the checks need: elements by class, <title> texts
    of the map's marks, body attributes, counts of tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.by_class = {}
        self.body = {}
        self.stack = []
        self.titles = []      # (parent class, text) of <title> inside svg marks
        self.texts = []
        self.attr_names = set()
        self.links = []
        self.elements = []
        self._title = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.elements.append((tag, a))
        self.attr_names.update(k for k, _ in attrs)
        for k in ("href", "xlink:href"):
            if k in a:
                self.links.append(a[k] or "")
        for c in (a.get("class") or "").split():
            self.by_class.setdefault(c, []).append((tag, a))
        if tag == "body":
            self.body = a
        if tag == "title" and self.stack:
            self._title = [self.stack[-1], ""]
        if tag not in ("meta", "br", "img", "input", "link"):
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title" and self._title:
            self.titles.append((self._title[0], self._title[1]))
            self._title = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._title is not None:
            self._title[1] += data
        self.texts.append(data)


def parse(text):
    d = Dom()
    d.feed(text)
    return d


def run(args):
    r = subprocess.run([SYMBI] + args, capture_output=True, timeout=600)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: symbi %s exited %d" % (" ".join(args), r.returncode))
    return r.stdout


def count_firms(folder):
    with open(os.path.join(folder, "firms.csv"), encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f)]


def static_checks(text, tag):
    """Nothing in the page may make the browser fetch anything: judged on the
    parsed HTML (attribute names, not text that merely looks like one)."""
    dom = parse(text)
    for name in ("src", "srcset", "poster", "action", "formaction", "background"):
        check(name not in dom.attr_names, tag + "a %s= attribute" % name)
    check(not dom.links or all(h.startswith("#") for h in dom.links), tag + "links %r" % dom.links[:3])
    for t in ("link", "img", "iframe", "object", "embed", "image", "use", "base"):
        check(dom.tags.get(t, 0) == 0, tag + "a <%s> element" % t)
    check(not re.search(r"url\(\s*['\"]?(https?:|//)", text), tag + "an external url()")
    check("@import" not in text, tag + "an @import")
    check(dom.tags.get("script", 0) == 1, tag + "%d <script> elements" % dom.tags.get("script", 0))
    meta = [a for t, a in dom.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    check(meta and "default-src 'none'" in meta[0].get("content", ""), tag + "no CSP default-src 'none'")


def dom_checks(dom, nfirms, nparts, tag):
    check(dom.body.get("data-ok") == "1", tag + "the page's script did not finish (data-ok)")
    check(not dom.body.get("data-errors"), tag + "script errors: %r" % dom.body.get("data-errors"))
    firms = [e for e in dom.by_class.get("firm", [])]
    parts = [e for e in dom.by_class.get("partnership", [])]
    check(len(firms) == nfirms, tag + "%d .firm marks for %d firms" % (len(firms), nfirms))
    check(len(parts) == nparts, tag + "%d .partnership lines for %d partnerships" % (len(parts), nparts))
    check(all(t == "circle" and a.get("data-id") for t, a in firms), tag + "a .firm is not a circle with data-id")
    check(len({a.get("data-id") for _, a in firms}) == nfirms, tag + "firm data-ids not distinct")
    check(dom.tags.get("script", 0) == 1, tag + "%d scripts in the DOM" % dom.tags.get("script", 0))
    check(dom.tags.get("img", 0) == 0, tag + "an <img> in the DOM")


def demo(browser):
    if not os.path.isfile(os.path.join(DEMO, "firms.csv")):
        problems.append("demo dataset %s not found" % DEMO)
        return
    nfirms = len(count_firms(DEMO))
    nparts = len(json.loads(run(["match", DEMO] + OPTIONS))["partnerships"])
    check(nparts > 0, "[demo] no partnership to draw")
    page = os.path.join(BUILD, "report.html")
    run(["report", DEMO, "-o", page] + OPTIONS)
    with open(page, encoding="utf-8") as f:
        text = f.read()
    static_checks(text, "[demo] ")
    run(["report", DEMO, "-o", page] + OPTIONS)
    with open(page, encoding="utf-8") as f:
        check(f.read() == text, "[demo] two runs differ")
    url = "file://" + os.path.abspath(page)
    dom = parse(chromium(browser, url, ["--dump-dom"]))
    dom_checks(dom, nfirms, nparts, "[demo] ")
    for name, size in (("report.png", "1280,2000"), ("report-phone.png", "390,2400")):
        shot = os.path.join(BUILD, name)
        if os.path.exists(shot):
            os.remove(shot)
        chromium(browser, url, ["--screenshot=" + shot, "--window-size=" + size])
        check(os.path.isfile(shot) and os.path.getsize(shot) > 10000, "[demo] no screenshot " + shot)
    print("ok   demo: %d firms, %d partnerships; screenshot %s" % (nfirms, nparts,
                                                                  os.path.join(BUILD, "report.png")))


def hostile(browser):
    rows = count_firms(HOSTILE)
    names = [r["name"] for r in rows]
    page = os.path.join(BUILD, "report-hostile.html")
    run(["report", HOSTILE, "-o", page, "--sector"])
    with open(page, encoding="utf-8") as f:
        text = f.read()
    tag = "[hostile] "
    static_checks(text, tag)
    for raw in ("<script>alert", "</script> Sagbruk", "<img", "onerror=alert(2)>", "\"quotes\"",
                "'apos'", "<b>Hamar", "<i>", "</td><script>"):
        check(raw not in text, tag + "raw %r in the HTML" % raw)
    for escaped in ("&lt;script&gt;alert(1)&lt;/script&gt; Sagbruk",
                    "Tom &amp;amp; Jerry &quot;quotes&quot; AS",
                    "&#39;apos&#39; Guovdageainnu Ášši Čáđŋŧž",
                    "Завод Кириллица &amp; Co", "木材工場 株式会社",
                    "x&quot;&gt;&lt;img src=x onerror=alert(2)&gt;",
                    "Øst &amp; &quot;Vest&quot; &lt;i&gt;"):
        check(escaped in text, tag + "%r missing from the HTML" % escaped)
    nparts = len(json.loads(run(["match", HOSTILE, "--sector"]))["partnerships"])
    check(nparts >= 2, tag + "expected the sawdust and the heat partnerships, got %d" % nparts)
    dom = parse(chromium(browser, "file://" + os.path.abspath(page), ["--dump-dom"]))
    dom_checks(dom, len(rows), nparts, tag)
    ids = {a.get("data-id") for _, a in dom.by_class.get("firm", [])}
    check(ids == {r["firm_id"] for r in rows}, tag + "firm ids read back as %r" % sorted(ids))
    titles = [t for (parent, t) in dom.titles if "firm" in (parent[1].get("class") or "").split()]
    for n in names:
        check(any(t.startswith(n + " (") for t in titles), tag + "name %r not read back as text" % n)
    print("ok   hostile names escaped and read back: %d firms, %d partnerships" % (len(rows), nparts))


def main():
    browser = find_chromium()
    if not browser:
        print("SKIP: chromium not available")
        sys.exit(77)
    os.makedirs(BUILD, exist_ok=True)
    hostile(browser)
    demo(browser)
    if problems:
        for p in problems[:60]:
            print("FAIL " + p)
        sys.exit(1)
    print("report pages pass in %s" % browser)


if __name__ == "__main__":
    main()
