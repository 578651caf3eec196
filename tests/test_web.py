"""The workbench in a browser's place (FastAPI's TestClient): its people, signing in, reading,
coding a passage, undoing it, and what it refuses."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

import discursus
from discursus.annotate.codebook import parse_codebook
from discursus.cli import app as cli
from discursus.errors import ProjectError
from discursus.store.schema import users
from discursus.web.app import create_app

PASSWORDS = {"Ana": "ana-owner-pass-1", "Ben": "ben-coder-pass-2", "Cy": "cy-viewer-pass-3"}
TEXTS = {
    "harbour.txt": '😀 "We will reopen the harbour," said Mira Osk, the port director. '
    "The council agreed.\n",
    "evil.txt": "Intro <script>alert(1)</script> and <img src=x onerror=alert(2)> "
    '<a href="javascript:alert(3)">link</a>.\n',
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "evil.meta.json").write_text('{"title": "<script>alert(4)</script>"}')
    opened = discursus.open_project(folder / "p", create=True)
    opened.ingest([str(corpus)])
    opened.annotate()
    book = parse_codebook("name: Port\ncodes:\n  - name: harbour\n    keywords: [harbour]\n"
                          "  - name: council\n    keywords: [council]\n")  # fmt: skip
    settings = {"codes": {"codebook": book.to_dict(), "unit": "sentence"}}
    opened.annotate(discursus.annotate.AnnotateConfig(components=("codes",), settings=settings))
    for (name, password), role in zip(PASSWORDS.items(), ("owner", "coder", "viewer"),
                                      strict=True):  # fmt: skip
        opened.add_user(name, password, role)
    return opened


def signed_in(project, name: str, app=None) -> TestClient:
    client = TestClient(app or create_app(project))
    page = client.get("/login")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    done = client.post("/login", data={"name": name, "password": PASSWORDS[name],
                                       "nonce": nonce})  # fmt: skip
    assert done.status_code == 200 and "Documents" in done.text, done.text
    return client


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_passwords_are_kept_as_argon2_hashes_and_roles_checked(project):
    with project.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.name == "Ben"))
        digest = stored.scalar_one()
    assert digest.startswith("$argon2id$") and PASSWORDS["Ben"] not in digest
    assert project.users().set_index("name").role.to_dict() == {
        "Ana": "owner", "Ben": "coder", "Cy": "viewer"}  # fmt: skip
    with pytest.raises(ProjectError, match="role 'admin' is not one of owner, coder, viewer"):
        project.add_user("Dee", "long-enough-pass", "admin")
    with pytest.raises(ProjectError, match="10 characters or more"):
        project.add_user("Dee", "short", "coder")
    with pytest.raises(ProjectError, match="already a person named 'Ben'"):
        project.add_user("Ben", "long-enough-pass", "coder")
    with pytest.raises(ProjectError, match="Ana is the last owner"):
        project.set_role("Ana", "coder")
    with pytest.raises(ProjectError, match="the name or the password is wrong"):
        project.sign_in("Ben", "not-his-password")


def test_people_from_the_command_line(tmp_path):
    path = tmp_path / "p"
    discursus.open_project(path, create=True)
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "Eva", "--role", "owner", "-p", str(path),
                                "--password-stdin"], input="eva-secret-pass\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    runner.invoke(cli, ["user", "add", "Fox", "-p", str(path), "--password-stdin"],
                  input="fox-secret-pass\n")  # fmt: skip
    assert runner.invoke(cli, ["user", "role", "Fox", "viewer", "-p", str(path)]).exit_code == 0
    listed = runner.invoke(cli, ["user", "list", "-p", str(path), "-f", "csv"])
    assert [line.split(",")[:2] for line in listed.stdout.splitlines()] == [
        ["name", "role"], ["Eva", "owner"], ["Fox", "viewer"]]  # fmt: skip
    gone = runner.invoke(cli, ["user", "remove", "Gus", "-p", str(path)])
    assert gone.exit_code != 0 and "no person named 'Gus'; people: Eva, Fox" in gone.output
    assert runner.invoke(cli, ["user", "remove", "Fox", "-p", str(path)]).exit_code == 0


def test_the_server_needs_an_owner_first(tmp_path):
    path = tmp_path / "p"
    discursus.open_project(path, create=True)
    result = CliRunner().invoke(cli, ["serve", "-p", str(path)])
    assert result.exit_code != 0 and "no owner yet" in result.output


def test_signing_in_and_out(project):
    client = TestClient(create_app(project))
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    page = client.get("/login")
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text).group(1)
    wrong = client.post("/login", data={"name": "Ben", "password": "guess", "nonce": nonce})
    assert wrong.status_code == 401 and "the name or the password is wrong" in wrong.text
    forged = TestClient(create_app(project)).post(
        "/login", data={"name": "Ben", "password": PASSWORDS["Ben"], "nonce": "0" * 32}
    )
    assert forged.status_code == 403  # a sign-in posted from elsewhere has no login token
    client = signed_in(project, "Ben")
    listing = client.get("/")
    assert "harbour.txt" in listing.text and "Ben (coder)" in listing.text
    assert "script-src 'self'" in listing.headers["content-security-policy"]
    client.post("/logout", data={"csrf": csrf_of(listing.text)})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_expired_session_signs_in_again(project):
    session = project.sign_in("Ben", PASSWORDS["Ben"], hours=-1)
    assert project.session(session["token"]) is None
    client = TestClient(create_app(project), cookies={"discursus_session": session["token"]})
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_a_coder_codes_a_passage_sees_it_and_undoes_it(project):
    client = signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    page = client.get(f"/docs/{doc['id']}")
    text = doc["text"]
    start = text.index("We will")
    # the page counts in UTF-16 units: the emoji before the passage is two of them
    saved = client.post(
        f"/docs/{doc['id']}/codings",
        data={
            "csrf": csrf_of(page.text),
            "code": "reopening",
            "start": start + 1,
            "end": start + 1 + len("We will reopen the harbour"),
            "memo": "the port's plan",
        },
    )
    assert saved.status_code == 200, saved.text
    mine = project.codings(coder="Ben")
    assert mine.code.tolist() == ["reopening"]
    # one document's codings, read alone
    alone = project.codings(doc=doc["id"])
    assert set(alone.doc) == {"harbour.txt"} and "reopening" in set(alone.code)
    assert project.codings(doc="evil.txt").empty
    row = mine.iloc[0]
    assert text[row.start : row.end] == "We will reopen the harbour"
    shown = client.get(f"/docs/{doc['id']}").text
    assert 'class="k-code ' in shown and "code: reopening (Ben, coded)" in shown
    assert 'class="k-quote ' in shown  # the reported speech, highlighted too
    client.post("/undo", data={"csrf": csrf_of(shown), "back": f"/docs/{doc['id']}"})
    assert project.codings(coder="Ben").empty


def test_a_viewer_and_a_forged_request_change_nothing(project):
    doc = project.document("harbour.txt")
    viewer = signed_in(project, "Cy")
    page = viewer.get(f"/docs/{doc['id']}")
    assert "Code the passage" not in page.text
    refused = viewer.post(
        f"/docs/{doc['id']}/codings",
        data={"csrf": csrf_of(page.text), "code": "x", "start": 0, "end": 5},
    )
    assert refused.status_code == 403 and "a viewer changes nothing" in refused.text
    coder = signed_in(project, "Ben")
    forged = coder.post(f"/docs/{doc['id']}/codings", data={"code": "x", "start": 0, "end": 5})
    assert forged.status_code == 403 and "security token is missing or wrong" in forged.text
    assert project.codings(coder="Ben").empty and project.codings(coder="Cy").empty


def test_hostile_text_and_metadata_are_shown_as_text(project):
    client = signed_in(project, "Ana")
    doc = project.document("evil.txt")
    for page in (client.get("/").text, client.get(f"/docs/{doc['id']}").text,
                 client.get("/", params={"q": "link"}).text):  # fmt: skip
        assert "<script>alert" not in page and "<img src=x" not in page
        assert 'href="javascript:' not in page
    shown = client.get(f"/docs/{doc['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in shown  # the title, in the metadata


def test_a_coder_accepts_a_suggestion_and_rejects_a_code_in_bulk(project):
    client = signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    page = client.get(f"/docs/{doc['id']}").text
    assert "Open suggestions (2)" in page and 'class="k-suggestion ' in page
    harbour = project.codings(code="harbour", status="suggested", doc=doc["id"]).iloc[0]
    client.post(
        f"/docs/{doc['id']}/decisions",
        data={"csrf": csrf_of(page), "id": int(harbour.id), "decision": "accept"},
    )
    mine = project.codings(coder="Ben")
    assert mine[["code", "status"]].values.tolist() == [["harbour", "accepted"]]
    listing = client.get("/").text
    other_rule = client.post(
        "/decisions",
        data={
            "csrf": csrf_of(listing),
            "decision": "reject",
            "code": "council",
            "rule": "nothing:x",
        },
    )
    assert "0 suggestion(s) decided" in other_rule.text  # no suggestion of that rule
    done = client.post(
        "/decisions",
        data={
            "csrf": csrf_of(listing),
            "decision": "reject",
            "code": "council",
            "rule": "keyword:council",
        },
    )
    assert "1 suggestion(s) decided" in done.text
    assert sorted(project.codings(coder="Ben").status) == ["accepted", "rejected"]
    bad = client.post("/decisions", data={"csrf": csrf_of(listing), "decision": "maybe",
                                          "code": "council"})  # fmt: skip
    assert bad.status_code == 400 and "maybe&#39; is not one of accept, reject" in bad.text
    for _ in range(2):  # the decisions undone, one at a time
        client.post("/undo", data={"csrf": csrf_of(listing)})
    assert project.codings(coder="Ben").empty


def test_blind_coding_hides_the_other_peoples_codings(project):
    owner, coder = signed_in(project, "Ana"), signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    listing = coder.get("/").text
    refused = coder.post("/settings/blind", data={"csrf": csrf_of(listing), "on": "1"})
    assert refused.status_code == 403 and "only an owner" in refused.text
    page = owner.get(f"/docs/{doc['id']}").text
    owner.post("/settings/blind", data={"csrf": csrf_of(page), "on": "1"})
    assert project.blind_coding()
    owner.post(f"/docs/{doc['id']}/codings", data={"csrf": csrf_of(page), "code": "council",
                                                   "start": 1, "end": 4})  # fmt: skip
    assert "council (Ana, coded)" in owner.get(f"/docs/{doc['id']}").text
    assert "council (Ana, coded)" not in coder.get(f"/docs/{doc['id']}").text
    project.undo()  # Ana's coding
    project.undo()  # blind coding off again
    assert not project.blind_coding() and project.codings(coder="Ana").empty


def test_a_coder_of_one_project_cannot_read_another(project, tmp_path):
    other = discursus.open_project(tmp_path / "other", create=True)
    other.add_user("Zoe", "zoe-owner-pass-9", "owner")
    session = project.sign_in("Ben", PASSWORDS["Ben"])
    client = TestClient(create_app(other), cookies={"discursus_session": session["token"]})
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_undo_takes_back_ones_own_change_never_anothers(project):
    ana, ben = signed_in(project, "Ana"), signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    page_a, page_b = ana.get(f"/docs/{doc['id']}").text, ben.get(f"/docs/{doc['id']}").text
    ana.post(f"/docs/{doc['id']}/codings", data={"csrf": csrf_of(page_a), "code": "plan",
                                                 "start": 1, "end": 8})  # fmt: skip
    ben.post(f"/docs/{doc['id']}/codings", data={"csrf": csrf_of(page_b), "code": "port",
                                                 "start": 20, "end": 27})  # fmt: skip
    ana.post("/undo", data={"csrf": csrf_of(page_a)})  # Ana's coding came first: hers goes
    assert project.codings(coder="Ana").empty
    assert project.codings(coder="Ben").code.tolist() == ["port"]
    again = ana.post("/undo", data={"csrf": csrf_of(page_a)})
    assert again.status_code == 400 and "nothing of Ana" in again.text
    project.undo("Ben")
    assert project.codings(coder="Ben").empty


def test_agreement_between_coders_and_their_merge(project):
    ana, ben = signed_in(project, "Ana"), signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    text = doc["text"]
    first = text.index("We will")
    page_a, page_b = ana.get(f"/docs/{doc['id']}").text, ben.get(f"/docs/{doc['id']}").text
    # both code the first sentence "port"; Ana alone the second (the page counts the emoji
    # as two units)
    for client, page, start in ((ana, page_a, first), (ben, page_b, first)):
        client.post(
            f"/docs/{doc['id']}/codings",
            data={"csrf": csrf_of(page), "code": "port", "start": start + 1, "end": start + 8},
        )
    second = text.index("The council")
    ana.post(
        f"/docs/{doc['id']}/codings",
        data={"csrf": csrf_of(page_a), "code": "port", "start": second + 1, "end": second + 12},
    )
    shown = ben.get("/agreement", params=[("coders", "Ana"), ("coders", "Ben")]).text
    row = shown[shown.index("<td>port</td>") :].split("</tr>")[0]
    assert '<td class="num">2</td>' in row  # two sentences coded by any of them
    assert '<td class="num">0.500</td>' in row  # they agree on one of the two
    assert "The council agreed." in shown and f"/docs/{doc['id']}#at=" in shown
    refused = ben.post("/merge", data={"csrf": csrf_of(shown), "coders": ["Ana", "Ben"],
                                       "into": "both"})  # fmt: skip
    assert refused.status_code == 403 and "only an owner" in refused.text
    page = ana.get("/agreement", params=[("coders", "Ana"), ("coders", "Ben")]).text
    merged = ana.post("/merge", data={"csrf": csrf_of(page), "coders": ["Ana", "Ben"],
                                      "into": "both"})  # fmt: skip
    assert merged.status_code == 200
    both = project.codings(coder="both")
    # the sentence both said yes on, and not the one Ana alone coded
    assert len(both) == 1 and "We will reopen" in text[both.start.iloc[0] : both.end.iloc[0]]
    for who in ("Ana", "Ana", "Ana", "Ben"):  # the merge and Ana's two codings; Ben's
        project.undo(who)
    assert project.codings(coder="both").empty and project.codings(coder="Ana").empty


def test_exploring_the_discourse_network_of_the_sample(coded_sample, tmp_path):
    import html
    import shutil

    shutil.copytree(coded_sample.path, tmp_path / "p")
    sample = discursus.open_project(tmp_path / "p")
    sample.add_user("Ana", PASSWORDS["Ana"], "owner")
    client = signed_in(sample, "Ana")
    page = html.unescape(client.get("/explore").text)
    nodes = re.findall(r'fill="(#[0-9a-f]{6})" class="node"><title>([^:]+):', page)
    colour = {name: fill for fill, name in nodes}
    # the sample's two rival camps, in two colours
    assert colour["Daria Kessel"] == colour["Tomas Ferreira"] != colour["Yusuf Baranli"]
    assert "<line " in page and "modularity" in page
    hers = html.unescape(client.get("/explore", params={"node": "Daria Kessel"}).text)
    rows = re.findall(r"<tr><td>Daria Kessel</td><td>([^<]+)</td>", hers)
    statements = sample.statements()
    assert len(rows) == (statements.actor == "Daria Kessel").sum() and rows
    assert re.search(r'href="/docs/\d+#at=\d+,\d+"', hers)
    camp = client.get("/explore", params={"camp": "2"}).text
    assert camp.count('class="node"') < page.count('class="node"')
    # the time window: each node links within it; 2024 alone is one interview, one actor
    earlier = html.unescape(client.get("/explore", params={"to": "2023"}).text)
    assert 'href="/explore?to=2023&node=Daria+Kessel"' in earlier
    later = html.unescape(client.get("/explore", params={"from": "2024"}).text)
    assert 'class="node"' not in later and "Fewer than two actors" in later
    # actors by a field: each document's own voice is its discourse's, a reported speaker theirs
    from discursus.analysis.signifiers import actors_by_field

    by_field = actors_by_field(statements, sample.documents(), "discourse")
    fielded = html.unescape(client.get("/explore", params={"actors": "discourse"}).text)
    drawn = set(re.findall(r'class="node"><title>([^:]+):', fielded))
    assert {"open horizons", "dignity and resistance"} <= drawn <= set(by_field.actor)
    asked = {"actors": "discourse", "node": "open horizons"}
    theirs = html.unescape(client.get("/explore", params=asked).text)
    rows = re.findall(r"<tr><td>open horizons</td>", theirs)
    assert len(rows) == (by_field.actor == "open horizons").sum()
    bad = client.get("/explore", params={"where": "year >>> 2"}).text
    assert 'class="error"' in bad


def test_a_conflicting_edit_is_refused_not_overwritten(project):
    ana, ben = signed_in(project, "Ana"), signed_in(project, "Ben")
    doc = project.document("harbour.txt")
    url = f"/docs/{doc['id']}"
    page_b = ben.get(url).text
    ben.post(f"{url}/codings", data={"csrf": csrf_of(page_b), "code": "plan", "start": 1,
                                     "end": 8})  # fmt: skip
    mine = int(project.codings(coder="Ben").id.iloc[0])
    stale = ana.get(url).text  # the owner's page shows Ben's coding as "plan"
    assert "Codings to change (1)" in stale
    page_b = ben.get(url).text
    ben.post(f"{url}/codings/{mine}/recode", data={"csrf": csrf_of(page_b), "seen": "plan",
                                                   "code": "reopening"})  # fmt: skip
    assert project.codings(coder="Ben").code.tolist() == ["reopening"]
    clash = ana.post(f"{url}/codings/{mine}/remove", data={"csrf": csrf_of(stale),
                                                           "seen": "plan"})  # fmt: skip
    assert clash.status_code == 409 and "recoded as &#39;reopening&#39; since" in clash.text
    ana.post(f"{url}/codings", data={"csrf": csrf_of(stale), "code": "port", "start": 20,
                                     "end": 27})  # fmt: skip
    hers = int(project.codings(coder="Ana").id.iloc[0])
    not_his = ben.post(f"{url}/codings/{hers}/remove", data={"csrf": csrf_of(page_b),
                                                            "seen": "port"})  # fmt: skip
    assert not_his.status_code == 403 and "only their own codings" in not_his.text
    ben.post(f"{url}/codings/{mine}/remove", data={"csrf": csrf_of(page_b),
                                                   "seen": "reopening"})  # fmt: skip
    gone = ana.post(f"{url}/codings/{mine}/remove", data={"csrf": csrf_of(stale),
                                                          "seen": "reopening"})  # fmt: skip
    assert gone.status_code == 409 and "removed since the page was loaded" in gone.text
    assert project.codings(coder="Ben").empty
    project.undo("Ana")
    assert project.codings(coder="Ana").empty


def test_a_memo_on_a_document_is_saved_and_shown_as_text(project):
    client = signed_in(project, "Ben")
    doc = project.document("evil.txt")
    page = client.get(f"/docs/{doc['id']}").text
    client.post(f"/docs/{doc['id']}/memos", data={"csrf": csrf_of(page),
                                                  "text": "<b>check</b> the source"})  # fmt: skip
    memos = project.memos("document")
    assert memos[["about", "text", "author"]].values.tolist() == [
        ["evil.txt", "<b>check</b> the source", "Ben"]]  # fmt: skip
    shown = client.get(f"/docs/{doc['id']}").text
    assert "&lt;b&gt;check&lt;/b&gt; the source" in shown and "Memos (1)" in shown
    empty = client.post(f"/docs/{doc['id']}/memos", data={"csrf": csrf_of(page), "text": " "})
    assert empty.status_code == 400 and "the memo is empty" in empty.text
    project.undo("Ben")
    assert project.memos("document").empty


def test_an_owner_invites_changes_and_removes_people(project):
    owner, coder = signed_in(project, "Ana"), signed_in(project, "Ben")
    assert coder.get("/people").status_code == 403
    page = owner.get("/people").text
    invited = owner.post("/people", data={"csrf": csrf_of(page), "name": "Dana",
                                          "role": "viewer"})  # fmt: skip
    password = re.search(r"shown this once: <code>([^<]+)</code>", invited.text).group(1)
    assert len(password) >= 16 and project.session(project.sign_in("Dana", password)["token"])
    owner.post("/people/Dana/role", data={"csrf": csrf_of(page), "role": "coder"})
    assert project.users().set_index("name").role["Dana"] == "coder"
    last = owner.post("/people/Ana/role", data={"csrf": csrf_of(page), "role": "viewer"})
    assert last.status_code == 400 and "Ana is the last owner" in last.text
    owner.post("/people/Dana/remove", data={"csrf": csrf_of(page)})
    assert "Dana" not in set(project.users().name)


def test_the_semantic_system_of_each_discourse_with_its_passages(coded_sample, tmp_path):
    import html
    import shutil

    shutil.copytree(coded_sample.path, tmp_path / "p")
    sample = discursus.open_project(tmp_path / "p")
    sample.add_user("Ana", PASSWORDS["Ana"], "owner")
    client = signed_in(sample, "Ana")
    page = html.unescape(client.get("/explore/semantic", params={"by": "discourse"}).text)
    # the sample's two discourses and their nodal points (as semantic-system finds them)
    assert "<h2>open horizons</h2>" in page and "<h2>dignity and resistance</h2>" in page
    horizons = page[page.index("<h2>open horizons</h2>") :]
    assert horizons.startswith("<h2>open horizons</h2>\n<p>Nodal point: <b>partnership</b>")
    assert re.search(r'href="/docs/\d+#at=\d+,\d+"', page)
    bad = client.get("/explore/semantic", params={"by": "party"}).text
    assert "no field &#39;party&#39;" in bad
    # drawn: each discourse's signifiers, the nodal point outlined, each a link to its passages
    system = sample.semantic_system("discourse", boot=0, parts=("network", "chains"))
    drawn = re.findall(r'<circle [^>]*class="node( nodal)?"><title>([^<:,]+)', horizons)
    assert (" nodal", "partnership") in drawn
    ties = system["network"][system["network"].discourse == "open horizons"]
    assert {t for _, t in drawn} >= set(ties.a) | set(ties.b)
    tie = ties.iloc[0]
    listed = html.unescape(client.get("/explore/semantic", params={
        "by": "discourse", "discourse": "open horizons", "signifier": tie.a,
        "other": tie.b}).text)  # fmt: skip
    passages = re.findall(rf'<td class="muted">{tie.a} with {tie.b}</td><td><a href="/docs/\d+'
                          rf'#at=(\d+),(\d+)">([^<]+)</a>', listed)  # fmt: skip
    assert len(passages) == len(tie.evidence)  # the sentences where the two meet
    text = sample.document(passages[0][2])["text"]
    first = tie.evidence[0]
    assert tie.a in text[first["start"] : first["end"]].lower()
    # the time window: the 2024 interview alone has no horizons discourse
    window = {"by": "discourse", "from": "2024"}
    later = html.unescape(client.get("/explore/semantic", params=window).text)
    assert "<h2>open horizons</h2>" not in later and 'name="from" min="2023"' in later
    # the camps (the network's coalitions) as the discourses, read in the codes
    camps = html.unescape(client.get("/explore/semantic", params={
        "camps": "coalitions", "concepts": "codes"}).text)  # fmt: skip
    found = sample.semantic_system(camps="coalitions", concepts="codes", boot=0,
                                   parts=("nodal_points",))["nodal_points"]  # fmt: skip
    assert re.findall(r"<h2>([^<]+)</h2>", camps) == sorted(set(found.discourse))
    for name, rows in found.groupby("discourse"):
        first = rows.sort_values("rank").signifier.iloc[0]
        assert f"<h2>{name}</h2>\n<p>Nodal point: <b>{first}</b>" in camps
    # the camps of actors by a field: as semantic_system finds them
    asked = {"camps": "coalitions", "actors": "discourse"}
    by_field = html.unescape(client.get("/explore/semantic", params=asked).text)
    found = sample.semantic_system(camps="coalitions", actors="discourse", boot=0,
                                   parts=("nodal_points",))["nodal_points"]  # fmt: skip
    shown = dict(re.findall(r"<h2>([^<]+)</h2>\n<p>Nodal point: (.*?)</p>", by_field))
    assert shown.keys() == set(found.discourse)
    for name, rows in found.groupby("discourse"):  # its three, in order (camp 2: corridor 2nd)
        firsts = rows.sort_values("rank").signifier.head(3).tolist()
        assert re.findall(r"<b>([^<]+)</b>", shown[name]) == firsts


def test_the_codes_with_their_counts_and_memos(project):
    client = signed_in(project, "Ben")
    page = client.get("/codes").text
    row = page[page.index("<b>harbour</b>") :].split("</tr>")[0]
    assert '<td class="num">0</td><td class="num">1</td>' in row  # none coded, one suggested
    client.post("/codes/memos", data={"csrf": csrf_of(page), "code": "harbour",
                                      "text": "ports and <i>docks</i>"})  # fmt: skip
    shown = client.get("/codes").text
    assert "ports and &lt;i&gt;docks&lt;/i&gt;" in shown
    viewer = signed_in(project, "Cy")
    refused = viewer.post("/codes/memos", data={"csrf": csrf_of(viewer.get("/codes").text),
                                                "code": "harbour", "text": "x"})  # fmt: skip
    assert refused.status_code == 403
    project.undo("Ben")
    assert project.memos("code").empty


def test_the_document_view_marks_each_kind_of_annotation_in_its_own_layer(tmp_path):
    import html

    from discursus.annotate.targets import Target, TargetList

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.txt").write_text(
        '"We will reopen the harbour for our nation," said Mira Osk, the port director. '
        "As Halden (2019) showed, the tariff plan allegedly hurt the harbour.\n",
        encoding="utf-8",
    )
    opened = discursus.open_project(tmp_path / "p", create=True)
    opened.ingest([str(corpus)])
    book = parse_codebook("name: Port\ncodes:\n  - name: harbour\n    keywords: [harbour]\n")
    opened.annotate()
    opened.annotate(discursus.annotate.AnnotateConfig(
        components=("codes",), settings={"codes": {"codebook": book.to_dict()}}))  # fmt: skip
    opened.set_targets(TargetList((Target("tariff plan", "issue", ()),)), "Ana")
    opened.annotate()
    for (name, password), role in zip(PASSWORDS.items(), ("owner", "coder", "viewer"),
                                      strict=True):  # fmt: skip
        opened.add_user(name, password, role)
    doc = opened.document("port.txt")
    page = html.unescape(signed_in(opened, "Cy").get(f"/docs/{doc['id']}").text)

    def marked(kind: str) -> list[str]:
        return re.findall(rf'<span class="[^"]*\bk-{kind}\b[^"]*" title="[^"]*">([^<]*)</span>',
                          page)  # fmt: skip

    layers = re.findall(r'class="layer" value="(\w+)"', page)
    assert layers == ["suggestion", "quote", "speaker", "citation", "statement", "stance",
                      "technique"]  # fmt: skip
    assert "".join(marked("speaker")) == "Mira Osk, the port director"
    assert "".join(marked("citation")) == "Halden (2019)"
    assert "".join(marked("technique")) == "our nationallegedly"  # Flag_Waving, Doubt
    # the second sentence's stance: the text's own, against the tariff plan ("hurt")
    assert "".join(marked("stance")).startswith("As Halden (2019) showed, the tariff plan")
    assert "stance: the text against tariff plan (hurt)" in page
    # her words on the harbour are her statement on the code harbour (by the rules' codings)
    assert "".join(marked("statement")).startswith("We will reopen the harbour")
    assert re.search(r"statement: Mira Osk [+±-] harbour", page)
    # a coder coding blind sees no statements: they are made of everyone's codings
    opened.set_blind_coding(True, "Ana")
    blind = html.unescape(signed_in(opened, "Ben").get(f"/docs/{doc['id']}").text)
    assert 'value="statement"' not in blind and 'value="citation"' in blind


def _plotted(values) -> list:
    """A chart's values as Plotly's JSON holds them: a list, or a typed array (base64)."""
    import base64

    import numpy as np

    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return values


def test_the_reports_charts_drawn_live_each_point_linked(coded_sample, tmp_path):
    import json
    import shutil

    from discursus.web.charts import _script_safe

    shutil.copytree(coded_sample.path, tmp_path / "p")
    sample = discursus.open_project(tmp_path / "p")
    sample.add_user("Cy", PASSWORDS["Cy"], "viewer")
    client = signed_in(sample, "Cy")

    def charts_of(page: str) -> dict[str, dict]:
        blocks = re.findall(r'<script type="application/json" id="chart-([\w-]+)">(.*?)</script>',
                            page, re.S)  # fmt: skip
        return {name: json.loads(data) for name, data in blocks}

    shown = client.get("/charts", params={"terms": "sovereignty"})
    charts = charts_of(shown.text)
    assert list(charts) == ["codes", "codes-by-year", "penetration", "keywords", "trend"]
    csp = shown.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self' 'unsafe-inline'" in csp
    assert "'unsafe-inline'" not in client.get("/").headers["content-security-policy"]
    # a cell of the heatmap opens its document; a keyword its concordance
    heat = charts["codes"]["figure"]["data"][0]
    first = sample.document(heat["x"][0])
    assert charts["codes"]["links"][0][0][0] == f"/docs/{first['id']}"
    words = charts["keywords"]["figure"]["data"][0]["y"]
    assert charts["keywords"]["links"][0][0] == f"/?q={words[0]}"
    # sovereignty per year (2023 and 2024), each point its year's concordance
    line = charts["trend"]["figure"]["data"][0]
    assert line["name"] == "sovereignty" and line["x"] == ["2023", "2024"]
    assert charts["trend"]["links"][0][1] == "/?q=sovereignty&where=year+%3D+2024"
    hits = client.get(charts["trend"]["links"][0][1]).text
    assert "13_rezavand_interview_translated.txt" in hits and "sovereignty" in hits
    # each discourse's reach per year: the share of speakers articulating it, as penetration's
    shares, _ = sample.penetration("year", boot=100)
    for line in charts["penetration"]["figure"]["data"]:
        mine = shares[shares.discourse == line["name"]]
        assert _plotted(line["y"]) == pytest.approx(list(mine.share_speakers * 100))
    assert charts["penetration"]["links"][0] == ["/?where=year+%3D+2023", "/?where=year+%3D+2024"]
    # the time window: 2024 alone is the one document of 2024
    window = charts_of(client.get("/charts", params={"from": "2024", "to": "2024"}).text)
    assert window["codes"]["figure"]["data"][0]["x"] == ["13_rezavand_interview_translated.txt"]
    assert 'type="range" class="year" name="from" min="2023" max="2024" value="2024"' in (
        client.get("/charts", params={"from": "2024"}).text
    )
    plotly = client.get("/vendor/plotly.min.js")
    assert plotly.status_code == 200 and "javascript" in plotly.headers["content-type"]
    # a value cannot end the data block it travels in
    hostile = {"name": "</script><script>alert(1)</script>&"}
    assert "<" not in _script_safe(hostile) and json.loads(_script_safe(hostile)) == hostile


def test_a_costly_answer_is_kept_and_a_slow_one_shown_while_it_is_computed_again():
    import threading
    import time

    from discursus.web.answers import LastAsked

    asked = []

    def answer(value, wait: float = 0.0):
        def compute(previous):
            time.sleep(wait)
            asked.append(value)
            return value * 2

        return compute

    kept = LastAsked(size=2, patience=60)
    assert kept.get("year >= 2015", 1, answer(3)) == (6, True)
    assert kept.get("year >= 2015", 1, answer(4)) == (6, True)  # the same question: kept
    assert kept.get("year >= 2015", 2, answer(5)) == (10, True)  # changed, computed at once
    assert kept.get("year < 2015", 2, answer(7)) == (14, True)
    assert kept.get("year >= 2015", 2, answer(8)) == (10, True)  # two questions are kept
    assert kept.get("outlet = 'X'", 2, answer(9)) == (18, True)  # a third drops the oldest
    assert kept.get("year < 2015", 2, answer(1)) == (2, True)
    assert asked == [3, 5, 7, 9, 1]
    # an answer that took long is shown again, not fresh, while the new one is computed
    slow = LastAsked(patience=0.05)
    assert slow.get("q", 1, answer(10, wait=0.1)) == (20, True)
    assert slow.get("q", 2, answer(11, wait=0.1)) == (20, False)
    for thread in threading.enumerate():
        if thread.name == "discursus-refresh":
            thread.join(timeout=10)
    assert slow.get("q", 2, answer(12)) == (22, True)


def test_the_server_computes_the_costly_pages_before_anyone_asks(coded_sample, tmp_path):
    import shutil
    import threading

    shutil.copytree(coded_sample.path, tmp_path / "p")
    sample = discursus.open_project(tmp_path / "p")
    sample.add_user("Ana", PASSWORDS["Ana"], "owner")
    app = create_app(sample, warm=True)
    for thread in threading.enumerate():
        if thread.name == "discursus-warm-up":
            thread.join(timeout=120)

    def refused(*args, **kwargs):
        raise AssertionError("found again: the warm-up's statements were not kept")

    sample.statements = refused
    page = signed_in(sample, "Ana", app).get("/explore").text
    assert 'class="node"' in page and "Daria Kessel" in page
    assert "Computed before the latest changes" not in page  # the warm-up's is fresh


def test_a_slow_network_is_shown_marked_while_a_coding_is_taken_in(coded_sample, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    import shutil
    import threading

    from discursus.web import answers

    shutil.copytree(coded_sample.path, tmp_path / "p")
    sample = discursus.open_project(tmp_path / "p")
    sample.add_user("Ana", PASSWORDS["Ana"], "owner")
    monkeypatch.setattr(answers, "PATIENCE", 0.0)  # as if the sample took long
    client = signed_in(sample, "Ana")
    first = client.get("/explore").text
    assert "Computed before the latest changes" not in first
    doc = sample.document("05_baranli_rally.txt")
    sample.add_coding(doc["id"], "sovereignty", "Ana", start=0, end=40)
    marked = client.get("/explore").text
    assert "Computed before the latest changes" in marked
    assert marked.count('class="node"') == first.count('class="node"')  # the last picture
    for thread in threading.enumerate():
        if thread.name == "discursus-refresh":
            thread.join(timeout=120)
    again = client.get("/explore").text
    assert "Computed before the latest changes" not in again and 'class="node"' in again
