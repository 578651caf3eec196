"""The workbench: one project read and coded in a browser, by its people (see
:mod:`discursus.peoplework`), on the same database the CLI and the API use.

Pages are rendered on the server by Jinja2 with autoescaping, so a document's text and
metadata are only ever shown; the one script is served by the app itself (never a CDN), and
the Content-Security-Policy forbids any other, inline ones included. Every request that
changes something carries the session's CSRF token; a viewer's is refused.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from discursus.errors import DiscursusError
from discursus.peoplework import ROLES
from discursus.project import Project, open_project
from discursus.web.answers import LastAsked
from discursus.web.layers import LAYERS, annotations
from discursus.web.links import link
from discursus.web.text import python_offset, runs, utf16_offset
from discursus.web.window import sliders, within_window, years_of

SESSION_COOKIE = "discursus_session"
LOGIN_COOKIE = "discursus_login"
PAGE_SIZE = 50
KWIC_SHOWN = 50
WRITERS = ("owner", "coder")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Plotly's JavaScript writes a stylesheet of its own into the page (plotly.js#2355): the
# charts page alone allows inline styles; its scripts stay the app's own.
PLOTLY_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": SECURITY_HEADERS["Content-Security-Policy"].replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    ),
}


class Refused(Exception):
    """A request the workbench turns down: its status and the reason shown."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def create_app(project: Project | str | Path, secure_cookies: bool = False,
               warm: bool = False) -> FastAPI:  # fmt: skip
    """The workbench of ``project``. ``secure_cookies``: send the session cookie over HTTPS
    only (behind a TLS proxy). ``warm``: compute the discourse network, the semantic system
    and the charts in the background at once, so the first to open them need not wait."""
    opened = project if isinstance(project, Project) else open_project(project)
    pages = Environment(loader=PackageLoader("discursus.web", "templates"),
                        autoescape=select_autoescape(["html", "j2"]))  # fmt: skip
    pages.globals["link"] = link
    app = FastAPI(title="discursus workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(packages=[("discursus.web", "static")]), name="static")

    def render(name: str, status: int = 200, headers: dict[str, str] = SECURITY_HEADERS,
               **context: Any) -> HTMLResponse:  # fmt: skip
        html = pages.get_template(name).render(project_name=opened.path.name, **context)
        return HTMLResponse(html, status_code=status, headers=headers)

    def person(request: Request) -> dict[str, str] | None:
        return opened.session(request.cookies.get(SESSION_COOKIE))

    def signed_in(request: Request) -> dict[str, str]:
        found = person(request)
        if found is None:
            raise Refused(401, "sign in first")
        return found

    def checked(request: Request, csrf: str, writes: bool = True) -> dict[str, str]:
        """The person behind a state-changing request: signed in, with the session's CSRF
        token, and (``writes``) allowed to change the project."""
        found = signed_in(request)
        if not secrets.compare_digest(csrf or "", found["csrf"]):
            raise Refused(403, "the form's security token is missing or wrong: reload the page")
        if writes and found["role"] not in WRITERS:
            raise Refused(403, f"{found['name']} is a viewer: a viewer changes nothing")
        return found

    @app.exception_handler(DiscursusError)
    async def bad_request(request: Request, error: DiscursusError) -> Response:
        # what the API refuses (an empty memo, an unknown person) is the request's fault
        return render("refused.html.j2", status=400, reason=str(error), user=person(request))

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        if error.status == 401 and request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return render("refused.html.j2", status=error.status, reason=error.reason,
                      user=person(request))  # fmt: skip

    @app.get("/login", response_class=HTMLResponse)
    def login_page() -> Response:
        nonce = secrets.token_hex(16)
        response = render("login.html.j2", nonce=nonce, error=None)
        response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="strict",
                            secure=secure_cookies)  # fmt: skip
        return response

    @app.post("/login")
    def login(request: Request, name: str = Form(""), password: str = Form(""),
              nonce: str = Form("")) -> Response:  # fmt: skip
        # the login form's own token, against a forged sign-in from another site
        if not secrets.compare_digest(nonce, request.cookies.get(LOGIN_COOKIE, "")):
            raise Refused(403, "the form's security token is missing or wrong: reload the page")
        try:
            session = opened.sign_in(name, password)
        except DiscursusError as error:
            return render("login.html.j2", status=401, nonce=nonce, error=str(error))
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, session["token"], httponly=True, samesite="strict",
                            secure=secure_cookies, max_age=12 * 3600)  # fmt: skip
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        checked(request, csrf, writes=False)
        opened.sign_out(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse)
    def documents(request: Request, where: str = "", q: str = "", page: int = 1,
                  decided: int | None = None) -> Response:  # fmt: skip
        user = signed_in(request)
        from discursus.analysis.filters import select_documents

        error, hits = None, []
        every = opened.documents()
        try:
            shown = select_documents(every, where or None)
            if q:
                hits = _concordance(opened, every, q, where or None)
        except DiscursusError as problem:
            shown, error = every.iloc[:0], str(problem)
        page = max(1, page)
        rows = shown.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return render("documents.html.j2", user=user, where=where, q=q, error=error,
                      codes=_code_names(opened), blind=opened.blind_coding(), decided=decided,
                      documents=rows.to_dict("records"), total=len(shown), page=page,
                      pages=max(1, -(-len(shown) // PAGE_SIZE)), hits=hits)  # fmt: skip

    @app.get("/docs/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: int) -> Response:
        user = signed_in(request)
        try:
            found = opened.document(doc_id)
        except DiscursusError as problem:
            raise Refused(404, str(problem)) from None
        # a coder coding blind sees their own codings and the suggestions, no one else's
        blind = user["name"] if user["role"] == "coder" and opened.blind_coding() else None
        spans, suggested, people = annotations(opened, found, blind_for=blind)
        meta = {k: v for k, v in (found.get("meta") or {}).items()}
        memos = opened.memos("document")
        memos = memos[memos.about == found["name"]].to_dict("records")
        return render("document.html.j2", user=user, doc=found, meta=meta, memos=memos,
                      runs=runs(found["text"], spans), codes=_code_names(opened),
                      kinds=[(k, name) for k, name in LAYERS.items()
                             if k in {s["kind"] for s in spans}],
                      suggested=suggested,
                      people=[p for p in people
                              if user["role"] == "owner" or p["coder"] == user["name"]],
                      can_code=user["role"] in WRITERS)  # fmt: skip

    @app.post("/docs/{doc_id}/codings")
    def code_passage(request: Request, doc_id: int, csrf: str = Form(""), code: str = Form(""),
                     start: int = Form(...), end: int = Form(...),
                     memo: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        text = opened.document(doc_id)["text"]
        opened.add_coding(doc_id, code, user["name"], start=python_offset(text, start),
                          end=python_offset(text, end), memo=memo or None)  # fmt: skip
        return RedirectResponse(f"/docs/{doc_id}", status_code=303)

    def own_coding(user: dict, doc_id: int, coding_id: int, seen: str):
        """A person's coding as the page showed it: refused if someone removed or recoded it
        since, or if it is another's and the user only a coder."""
        rows = opened.codings(doc=doc_id)
        row = rows[rows.id == coding_id]
        if row.empty:
            raise Refused(409, "that coding was removed since the page was loaded: "
                               "nothing was changed")  # fmt: skip
        found = row.iloc[0]
        if found.origin != "manual":
            raise Refused(400, "a suggestion is accepted or rejected, not recoded or removed")
        if found.code != seen:
            raise Refused(409, f"that coding was recoded as {found.code!r} since the page was "
                               "loaded: nothing was changed")  # fmt: skip
        if user["role"] != "owner" and found.coder != user["name"]:
            raise Refused(403, f"a coder changes only their own codings ({found.coder}'s is not)")

    @app.post("/docs/{doc_id}/codings/{coding_id}/remove")
    def remove_coding(request: Request, doc_id: int, coding_id: int, csrf: str = Form(""),
                      seen: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        own_coding(user, doc_id, coding_id, seen)
        opened.remove_codings([coding_id], user["name"], doc=doc_id)
        return RedirectResponse(f"/docs/{doc_id}", status_code=303)

    @app.post("/docs/{doc_id}/codings/{coding_id}/recode")
    def recode_coding(request: Request, doc_id: int, coding_id: int, csrf: str = Form(""),
                      seen: str = Form(""), code: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        own_coding(user, doc_id, coding_id, seen)
        opened.recode([coding_id], code, user["name"], doc=doc_id)
        return RedirectResponse(f"/docs/{doc_id}", status_code=303)

    @app.post("/docs/{doc_id}/memos")
    def write_memo(request: Request, doc_id: int, csrf: str = Form(""),
                   text: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        opened.add_memo(text, user["name"], document=doc_id)
        return RedirectResponse(f"/docs/{doc_id}#memos", status_code=303)

    @app.get("/codes", response_class=HTMLResponse)
    def codes_page(request: Request) -> Response:
        user = signed_in(request)
        codebook = opened.codebook()
        counted = opened.codings().groupby(["code", "status"]).size().unstack(fill_value=0)
        memos = opened.memos("code")
        rows = []
        for code in codebook.codes if codebook else ():
            found = counted.loc[code.name] if code.name in counted.index else {}
            rows.append({"name": code.name, "path": code.path,
                         "description": getattr(code, "description", "") or "",
                         "coded": int(found.get("coded", 0)) + int(found.get("accepted", 0)),
                         "suggested": int(found.get("suggested", 0)),
                         "memos": memos[memos.about == code.name].to_dict("records")})  # fmt: skip
        return render("codes.html.j2", user=user, codes=rows,
                      can_write=user["role"] in WRITERS)  # fmt: skip

    @app.post("/codes/memos")
    def code_memo(request: Request, csrf: str = Form(""), code: str = Form(""),
                  text: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        opened.add_memo(text, user["name"], code=code)
        return RedirectResponse("/codes", status_code=303)

    @app.post("/docs/{doc_id}/decisions")
    def decide(request: Request, doc_id: int, csrf: str = Form(""), id: int = Form(...),
               decision: str = Form(...)) -> Response:  # fmt: skip
        user = checked(request, csrf)
        opened.review(_decision(decision), user["name"], ids=[id], doc=doc_id)
        return RedirectResponse(f"/docs/{doc_id}", status_code=303)

    @app.post("/decisions")
    def decide_in_bulk(request: Request, csrf: str = Form(""), decision: str = Form(...),
                       code: str = Form(...), min_score: str = Form(""),
                       rule: str = Form("")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        try:
            score = float(min_score) if min_score.strip() else None
        except ValueError:
            raise Refused(400, f"the least score {min_score!r} is not a number") from None
        count = opened.review(_decision(decision), user["name"], code=code,
                              min_score=score, rule=rule.strip() or None)  # fmt: skip
        return RedirectResponse(f"/?decided={count}", status_code=303)

    @app.post("/settings/blind")
    def blind(request: Request, csrf: str = Form(""), on: str = Form("")) -> Response:
        user = checked(request, csrf)
        if user["role"] != "owner":
            raise Refused(403, "only an owner turns blind coding on or off")
        opened.set_blind_coding(on == "1", user["name"])
        return RedirectResponse("/", status_code=303)

    @app.get("/agreement", response_class=HTMLResponse)
    def agreement(request: Request) -> Response:
        user = signed_in(request)
        chosen = request.query_params.getlist("coders")
        people = sorted(set(opened.codings().coder))
        scores, disagreements, error = [], [], None
        if chosen:
            try:
                found, differing = opened.agreement(chosen)
                scores = found.to_dict("records")
                disagreements = _passages_of(opened, differing.head(DISAGREEMENTS_SHOWN))
            except DiscursusError as problem:
                error = str(problem)
        return render("agreement.html.j2", user=user, people=people, chosen=chosen,
                      scores=scores, disagreements=disagreements, error=error)  # fmt: skip

    @app.post("/merge")
    def merge(request: Request, coders: Annotated[list[str], Form()], csrf: str = Form(""),
              into: str = Form(""), how: str = Form("agreed")) -> Response:  # fmt: skip
        user = checked(request, csrf)
        if user["role"] != "owner":
            raise Refused(403, "only an owner merges coders' codings")
        made, _ = opened.merge_coders(coders, into, user["name"], how=how)
        query = "&".join(f"coders={c}" for c in coders)
        return RedirectResponse(f"/agreement?{query}&merged={made}", status_code=303)

    # what the costly pages compute, kept until asked another way or the project changes
    networks, systems, drawn, spans = LastAsked(), LastAsked(), LastAsked(), LastAsked()

    def dated_years() -> list[int]:
        # the sliders' span: every document read, once per change of the project
        return spans.get("years", opened.change_stamp(),
                         lambda _: years_of(opened.documents()))[0]  # fmt: skip

    def charts_of(where: str | None, words: list[str], speakers: str = ""):
        from discursus.web.charts import live_charts

        return drawn.get((where, tuple(words), speakers), opened.change_stamp(),
                         lambda _: live_charts(opened, where, words, speakers or None))  # fmt: skip

    def system_of(where: str | None, by: str = "", camps: str = "", concepts: str = "terms",
                  actors: str = ""):  # fmt: skip
        def compute(_) -> dict:
            # the discourses: the camps, a field's values, else the codebook's passages
            options: dict[str, str] = {"by": by} if by else {}
            if camps:
                options.update(camps=camps, **({"actors": actors} if actors else {}))
            elif not by and opened.codebook() is not None:
                options["passages"] = "discourse"
            system = opened.semantic_system(
                where=where, boot=SEMANTIC_BOOT, concepts=concepts,
                parts=("nodal_points", "chains", "frontier", "network"), **options)  # fmt: skip
            # drawn once: a click lists passages, the pictures stay
            return {"system": system, "parts": _semantic_rows(opened, system)}

        return systems.get((by, where, camps, concepts, actors), opened.change_stamp(),
                           compute)  # fmt: skip

    def network_of(where: str | None, code: str = "", camp: int | None = None,
                   actors: str = ""):  # fmt: skip
        """The statements of the documents ``where`` keeps (``actors``: a document field
        whose values are the actors of its own voice), the picture of their network (of one
        code and camp: its coalitions and layout), and whether they are fresh."""
        from discursus.analysis.signifiers import actors_by_field
        from discursus.web.explore import network_view

        def compute(previous: dict | None) -> dict:
            found = opened.statements(where=where)
            if actors:
                found = actors_by_field(found, opened.documents(), actors)
            # the pictures last shown are drawn again from the new statements
            shown = list((previous or {}).get("pictures", {}))[-PICTURES_KEPT:]
            return {"statements": found,
                    "pictures": {key: network_view(found, *key) for key in shown}}  # fmt: skip

        entry, fresh = networks.get((where, actors), opened.change_stamp(), compute)
        key = (code or None, camp)
        if key not in entry["pictures"]:
            entry["pictures"][key] = network_view(entry["statements"], *key)
        return entry["statements"], entry["pictures"][key], fresh

    def warm_up() -> None:
        """The costly pages as first opened, computed before anyone asks (``discursus
        serve``): a problem is the page's to show when it is asked."""
        for compute in (lambda: network_of(None), lambda: system_of(None),
                        lambda: charts_of(None, [])):  # fmt: skip
            try:
                compute()
            except DiscursusError:
                continue

    if warm:
        threading.Thread(target=warm_up, name="discursus-warm-up", daemon=True).start()

    @app.get("/vendor/plotly.min.js")
    def plotly_js() -> Response:
        from discursus.web.charts import plotly_script

        return FileResponse(plotly_script(), media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})  # fmt: skip

    @app.get("/charts", response_class=HTMLResponse)
    def charts(request: Request, where: str = "", terms: str = "", speakers: str = "",
               start: int | None = Query(None, alias="from"),
               end: int | None = Query(None, alias="to")) -> Response:  # fmt: skip
        user = signed_in(request)
        years = dated_years()
        chosen = within_window(where, years, start, end)
        words = [t.strip() for t in terms.split(",") if t.strip()]
        error, found, fresh = None, [], True
        try:
            found, fresh = charts_of(chosen, words, speakers.strip())
        except DiscursusError as problem:
            error = str(problem)
        return render("charts.html.j2", user=user, where=where, terms=terms, charts=found,
                      speakers=speakers, stale=not fresh,
                      error=error, window=sliders(years, start, end),
                      headers=PLOTLY_HEADERS)  # fmt: skip

    @app.get("/explore/semantic", response_class=HTMLResponse)
    def explore_semantic(request: Request, by: str = "", where: str = "",
                         start: int | None = Query(None, alias="from"),
                         end: int | None = Query(None, alias="to"), discourse: str = "",
                         signifier: str = "", other: str = "", camps: str = "",
                         concepts: str = "terms", actors: str = "") -> Response:  # fmt: skip
        from discursus.web.explore import signifier_passages

        user = signed_in(request)
        error, parts, listed, fresh = None, [], [], True
        has_codes = opened.codebook() is not None
        years = dated_years()
        chosen = within_window(where, years, start, end)
        try:
            found, fresh = system_of(chosen, by, camps, concepts, actors.strip())
            parts = found["parts"]
            if signifier and discourse:
                listed = _passages_of(opened, signifier_passages(
                    found["system"], discourse, signifier, other or None))  # fmt: skip
        except DiscursusError as problem:
            error = str(problem)
        here = {"by": by, "where": where, "from": start, "to": end, "camps": camps,
                "concepts": concepts if concepts != "terms" else "", "actors": actors}  # fmt: skip
        return render("semantic.html.j2", user=user, by=by, where=where, parts=parts,
                      actors=actors,
                      camps=camps, concepts=concepts, error=error, has_codes=has_codes,
                      window=sliders(years, start, end), here=here, discourse=discourse,
                      signifier=signifier, other=other, listed=listed,
                      stale=not fresh)  # fmt: skip

    @app.get("/explore", response_class=HTMLResponse)
    def explore(request: Request, where: str = "", code: str = "", camp: str = "",
                node: str = "", other: str = "", actors: str = "",
                start: int | None = Query(None, alias="from"),
                end: int | None = Query(None, alias="to")) -> Response:  # fmt: skip
        from discursus.web.explore import statements_of

        user = signed_in(request)
        error, view, listed = None, {"nodes": [], "ties": [], "coalitions": [], "codes": []}, []
        years, fresh = dated_years(), True
        try:
            chosen = within_window(where, years, start, end)
            found, view, fresh = network_of(chosen, code, int(camp) if camp.strip() else None,
                                            actors.strip())  # fmt: skip
            if node:
                rows = statements_of(found, node, other or None, code or None)
                listed = _passages_of(opened, rows)
        except ValueError:
            error = f"camp {camp!r} is not a number"
        except DiscursusError as problem:
            error = str(problem)
        here = {"where": where, "code": code, "camp": camp, "from": start, "to": end,
                "actors": actors}  # fmt: skip
        return render("explore.html.j2", user=user, where=where, code=code, camp=camp,
                      actors=actors,
                      node=node, other=other, view=view, listed=listed, error=error,
                      size=SVG_SIZE, window=sliders(years, start, end), here=here,
                      stale=not fresh)  # fmt: skip

    def owner_only(request: Request, csrf: str | None = None) -> dict[str, str]:
        user = signed_in(request) if csrf is None else checked(request, csrf, writes=False)
        if user["role"] != "owner":
            raise Refused(403, "only an owner manages the project's people")
        return user

    @app.get("/people", response_class=HTMLResponse)
    def people(request: Request) -> Response:
        user = owner_only(request)
        return render("people.html.j2", user=user, people=opened.users().to_dict("records"),
                      roles=ROLES, added=None, password=None)  # fmt: skip

    @app.post("/people")
    def invite(request: Request, csrf: str = Form(""), name: str = Form(""),
               role: str = Form("coder")) -> Response:  # fmt: skip
        user = owner_only(request, csrf)
        # a first password, shown once to the owner to pass on; never a default one
        password = secrets.token_urlsafe(12)
        opened.add_user(name, password, role)
        return render("people.html.j2", user=user, people=opened.users().to_dict("records"),
                      roles=ROLES, added=name.strip(), password=password)  # fmt: skip

    @app.post("/people/{name}/role")
    def change_role(request: Request, name: str, csrf: str = Form(""),
                    role: str = Form("")) -> Response:  # fmt: skip
        owner_only(request, csrf)
        opened.set_role(name, role)
        return RedirectResponse("/people", status_code=303)

    @app.post("/people/{name}/remove")
    def remove_person(request: Request, name: str, csrf: str = Form("")) -> Response:
        owner_only(request, csrf)
        opened.remove_user(name)
        return RedirectResponse("/people", status_code=303)

    @app.post("/undo")
    def undo(request: Request, csrf: str = Form(""), back: str = Form("/")) -> Response:
        user = checked(request, csrf)
        opened.undo(user["name"])  # one's own latest change, never another's
        return RedirectResponse(back if back.startswith("/") and not back.startswith("//")
                                else "/", status_code=303)  # fmt: skip

    return app


DECISIONS = {"accept": "accepted", "reject": "rejected"}


def _code_names(project: Project) -> list[str]:
    """The codebook's codes, to pick from (none without a codebook)."""
    codebook = project.codebook()
    return sorted({c.name for c in codebook.codes} if codebook else set())


DISAGREEMENTS_SHOWN = 100
SVG_SIZE = 900
PICTURES_KEPT = 4  # network pictures drawn again when the statements are found again


SEMANTIC_BOOT = 50


def _semantic_rows(project: Project, system: dict) -> list[dict]:
    """Each discourse's nodal points, first chains and Others, each with its passages."""
    points, chains, others = system["nodal_points"], system["chains"], system["frontier"]
    if points is None or points.empty:
        return []
    evidence = []
    for frame in (chains, others):
        if frame is not None and not frame.empty:
            evidence += [e for row in frame.evidence for e in row[:1]]
    linked = {
        (e["doc"], e["start"]): e
        for e in _passages_of(project, pd.DataFrame(evidence, columns=["doc", "start", "end"]))
    }

    def rows_of(frame, discourse: str, n: int) -> list[dict]:
        if frame is None or frame.empty:
            return []
        rows = frame[frame.discourse == discourse].head(n).to_dict("records")
        for row in rows:
            first = (row.get("evidence") or [None])[0]
            row["passage"] = linked.get((first["doc"], first["start"])) if first else None
        return rows

    from discursus.web.explore import semantic_view

    return [
        {
            "discourse": d,
            "view": semantic_view(system, d),
            "points": rows_of(points, d, 3),
            "chains": rows_of(chains, d, 3),
            "others": rows_of(others, d, 5),
        }
        for d in sorted(set(points.discourse))
    ]


def _passages_of(project: Project, rows) -> list[dict]:
    """Rows (doc, start, end: statements, disagreements) with their document's id, their
    passage's words and the link to it (offsets in the page's UTF-16 units)."""
    names = {name: doc_id for doc_id, name in project.document_names().items()}
    texts = project.texts(sorted({names[d] for d in rows.doc if d in names}))
    found = []
    for row in rows.to_dict("records"):
        doc_id = names.get(row["doc"])
        text = texts.get(doc_id, "")
        found.append({**row, "doc_id": doc_id, "words": text[row["start"] : row["end"]][:300],
                      "at": f"{utf16_offset(text, row['start'])},"
                            f"{utf16_offset(text, row['end'])}"})  # fmt: skip
    return found


def _decision(value: str) -> str:
    if value not in DECISIONS:
        raise Refused(400, f"decision {value!r} is not one of {', '.join(DECISIONS)}")
    return DECISIONS[value]


def _concordance(project: Project, documents, query: str, where: str | None) -> list[dict]:
    """The first lines of a concordance of ``query`` (the CLI's query language), each
    linked into its document (``documents``: the project's, read once for the page)."""
    from discursus.analysis.corpus import Corpus

    lines = Corpus.of(project, where=where, documents=documents).kwic(query, limit=KWIC_SHOWN)
    ids = dict(zip(documents["name"], documents["id"], strict=True))
    return [{**row, "doc_id": ids.get(row["doc"])} for row in lines.to_dict("records")]
