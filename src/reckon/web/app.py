"""The web app: FastAPI, server-rendered Jinja2 pages, htmx fragments.

Each request resolves one ``Actor`` from its session (``_actor``), and every
view asks ``permissions.allowed`` before it reads; the record columns a view
receives come from ``permissions.columns_for``, so redaction is in the query.
Every POST must carry the session's CSRF token. Every change goes through
``web.library``, signed by the user's own key.
"""

from __future__ import annotations

import csv
import io
import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData, UploadFile
from starlette.templating import Jinja2Templates

from reckon.case import Case
from reckon.errors import ReckonError
from reckon.store.browse import COUNT_CAP, RecordFilter
from reckon.store.schema import DECISIONS, EVENT_TYPES, SOURCE_KINDS
from reckon.web import accounts, i18n, library
from reckon.web import permissions as perm
from reckon.web.sessions import COOKIE, RateLimit, Session, Sessions, csrf_ok

log = logging.getLogger("reckon.web")
HERE = Path(__file__).parent
PER_PAGE = 50
# The app's own scripts and styles only: no inline script, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class Denied(Exception):
    """The actor lacks the right (403), or is not logged in (redirect to login)."""


class Missing(Exception):
    """No such thing (404)."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["allowed"] = perm.allowed
    env.globals["R"] = perm
    return env


def create_app(
    case_dir: Path,
    *,
    secure_cookies: bool = True,
    idle: float = 30 * 60,
    lifetime: float = 12 * 3600,
    login_attempts: int = 10,
) -> FastAPI:
    base = library.open_case(case_dir)
    sessions = Sessions(idle=idle, lifetime=lifetime)
    limiter = RateLimit(attempts=login_attempts)
    templates = Jinja2Templates(env=_environment())
    cases: dict[str, Case] = {}  # key id -> the case signed by that key

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.case = base
    app.state.sessions = sessions

    # --- plumbing ------------------------------------------------------------

    def session_of(request: Request) -> Session | None:
        return sessions.get(request.cookies.get(COOKIE))

    def actor_of(request: Request) -> perm.Actor | None:
        s = session_of(request)
        return s.actor if s else None

    def need(request: Request, right: str) -> perm.Actor:
        actor = actor_of(request)
        if actor is None:
            raise Denied("login")
        if not perm.allowed(actor, right):
            raise Denied("forbidden")
        return actor

    def case_for(request: Request) -> Case:
        s = session_of(request)
        if s is None or s.key is None:
            raise Denied("login")
        kid = s.key.identity.key_id
        if kid not in cases:
            cases[kid] = library.as_user(base, s.key)
        return cases[kid]

    async def form_of(request: Request) -> FormData:
        form = await request.form()
        sent = request.headers.get("x-csrf-token") or form.get("csrf")
        if not csrf_ok(session_of(request), sent if isinstance(sent, str) else None):
            raise Denied("csrf")
        return form

    def lang_of(request: Request) -> str:
        s = session_of(request)
        return s.lang if s else "en"

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        s = session_of(request)
        lang = s.lang if s else "en"
        context.update(
            request=request,
            actor=s.actor if s else None,
            csrf=s.csrf if s else "",
            lang=lang,
            dir="rtl" if lang == "fa" else "ltr",
            t=lambda key: i18n.word(key, lang),
            num=lambda v: i18n.number(v, lang),
            day=lambda v: i18n.day(v, lang),
            digits=lambda v: i18n.digits(v, lang),
            case_name=base.settings.name,
        )
        response = templates.TemplateResponse(request, name, context, status_code=status)
        return response

    def with_cookie(response: Response, session: Session) -> Response:
        response.set_cookie(
            COOKIE,
            session.id,
            httponly=True,
            secure=secure_cookies,
            samesite="strict",
            max_age=int(lifetime),
            path="/",
        )
        return response

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        if response.headers.get("content-type", "").startswith("image/svg"):
            # an SVG shown as an image runs no script; its own styles must apply
            response.headers["Content-Security-Policy"] = "script-src 'none'"
        else:
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        if str(exc) == "login":
            if request.headers.get("hx-request"):
                return Response(status_code=401, headers={"HX-Redirect": "/login"})
            return RedirectResponse("/login", status_code=303)
        if str(exc) == "csrf":
            return render(request, "error.html", 403, message="CSRF token missing or wrong")
        return render(request, "error.html", 403, message=i18n.word("forbidden", lang_of(request)))

    @app.exception_handler(Missing)
    async def missing(request: Request, exc: Missing) -> Response:
        return render(request, "error.html", 404, message=i18n.word("not_found", lang_of(request)))

    @app.exception_handler(ReckonError)
    async def user_error(request: Request, exc: ReckonError) -> Response:
        return render(request, "error.html", 400, message=str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("request failed: %s %s", request.method, request.url.path)
        return render(request, "error.html", 500, message=i18n.word("error", lang_of(request)))

    # --- logging in --------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        s = session_of(request) or sessions.new()
        response = render_for(request, s, "login.html", message="")
        return with_cookie(response, s)

    def render_for(
        request: Request, s: Session, name: str, status: int = 200, **ctx: Any
    ) -> HTMLResponse:
        # before the cookie is set the request has no session: show this one's token
        request.cookies[COOKIE] = s.id
        return render(request, name, status, **ctx)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        client = request.client.host if request.client else "?"
        s = session_of(request)
        assert s is not None  # form_of checked its token
        if not limiter.allow(client, str(form.get("username", ""))):
            return render(
                request, "login.html", 429, message="too many attempts; wait a few minutes"
            )
        try:
            done = accounts.authenticate(
                base,
                str(form.get("username", "")),
                str(form.get("password", "")),
                str(form.get("code", "")),
            )
        except accounts.LoginRefused as exc:
            return render(request, "login.html", 401, message=str(exc))
        a = done.account
        actor = perm.Actor(a.username, a.role, a.key_id, a.lang)
        fresh = sessions.login(s, actor, done.key)
        return with_cookie(RedirectResponse("/", status_code=303), fresh)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await form_of(request)
        s = session_of(request)
        if s:
            sessions.end(s.id)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @app.post("/lang")
    async def switch_lang(request: Request) -> Response:
        form = await form_of(request)
        actor = need(request, perm.READ)
        s = session_of(request)
        assert s is not None
        s.lang = "fa" if str(form.get("lang")) == "fa" else "en"
        accounts.set_lang(base, actor.username, s.lang)
        back = str(form.get("next") or "/")
        return RedirectResponse(
            back if back.startswith("/") and not back.startswith("//") else "/", status_code=303
        )

    # --- dashboard ------------------------------------------------------------------

    charts: dict[tuple[int, str], str] = {}

    @app.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> Response:
        need(request, perm.READ)
        seq = base.vault.last_event().seq
        return render(
            request,
            "dashboard.html",
            summary=library.summary(base),
            seq=seq,
            provinces=library.province_names(),
        )

    @app.get("/charts/per-day.svg")
    def per_day_chart(request: Request) -> Response:
        # an image of its own: the chart's inline styles stay inside the image
        need(request, perm.READ)
        lang = lang_of(request)
        key = (base.vault.last_event().seq, lang)
        if key not in charts:
            charts.clear()
            charts[key] = library.per_day_chart(base, lang, i18n.word("per_day", lang))
        if not charts[key]:
            raise Missing()
        return Response(charts[key], media_type="image/svg+xml")

    # --- records ----------------------------------------------------------------------

    def record_filter(request: Request, actor: perm.Actor) -> RecordFilter:
        q = request.query_params
        text = q.get("q", "").strip()
        mine = None
        if q.get("mine"):
            mine = [k for k, who in library.entered_by(base).items() if who == actor.key_id]
        return RecordFilter(
            key=library.name_key(text) if text else None,
            words=len(text.split()),
            source=q.get("source") or None,
            province=q.get("province") or None,
            event_type=q.get("event_type") or None,
            status=q.get("status") or None,
            date_from=_date(q.get("date_from")),
            date_to=_date(q.get("date_to")),
            only=mine,
        )

    def page_number(request: Request) -> int:
        try:
            return max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            return 1

    @app.get("/records", response_class=HTMLResponse)
    def records_page(request: Request) -> Response:
        actor = need(request, perm.READ)
        f = record_filter(request, actor)
        page = page_number(request)
        rows, total = library.search(
            base, f, columns=perm.columns_for(actor), with_raw=False, page=page, per_page=PER_PAGE
        )
        context: dict[str, Any] = {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-min(total, COUNT_CAP) // PER_PAGE)),
            "query": dict(request.query_params),
            "sources": library.sources(base),
            "event_types": EVENT_TYPES,
            "statuses": ("confirmed", "under_investigation"),
            "cap": COUNT_CAP,
        }
        name = "records_rows.html" if request.headers.get("hx-request") else "records.html"
        return render(request, name, **context)

    @app.get("/records.csv")
    def records_csv(request: Request) -> Response:
        actor = need(request, perm.READ)
        columns = ["source", *perm.columns_for(actor)]
        rows, _ = library.search(
            base,
            record_filter(request, actor),
            columns=perm.columns_for(actor),
            with_raw=False,
            page=1,
            per_page=100_000,
        )
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="records.csv"'},
        )

    @app.get("/api/records")
    def records_json(request: Request) -> Response:
        actor = need(request, perm.READ)
        rows, total = library.search(
            base,
            record_filter(request, actor),
            columns=perm.columns_for(actor),
            with_raw=perm.may_see_raw(actor),
            page=page_number(request),
            per_page=PER_PAGE,
        )
        return JSONResponse({"total": total, "records": _jsonable(rows)})

    @app.get("/records/new", response_class=HTMLResponse)
    def new_record_page(request: Request) -> Response:
        need(request, perm.ENTER)
        return render(
            request,
            "record_new.html",
            kinds=SOURCE_KINDS,
            event_types=EVENT_TYPES,
            sources=library.sources(base),
            message="",
            values={},
        )

    @app.post("/records/preview", response_class=HTMLResponse)
    async def preview(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.ENTER)
        fields = {f: str(form.get(f, "")) for f in library.ENTRY_FIELDS}
        return render(request, "preview.html", reading=library.read_entry(fields))

    @app.post("/records/new", response_class=HTMLResponse)
    async def enter(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.ENTER)
        fields = {f: str(form.get(f, "")) for f in library.ENTRY_FIELDS}
        source = str(form.get("source", ""))
        rid = str(form.get("record_id", ""))
        case = case_for(request)
        try:
            library.enter_record(
                case,
                source=source,
                list_kind=str(form.get("kind", "other")),
                record_id=rid,
                fields=fields,
            )
        except ReckonError as exc:
            return render(
                request,
                "record_new.html",
                400,
                kinds=SOURCE_KINDS,
                event_types=EVENT_TYPES,
                sources=library.sources(base),
                message=str(exc),
                values=dict(form),
            )
        found = library.record_by_key(
            base, source.strip(), rid.strip(), columns=("id",), with_raw=False
        )
        target = f"/records/{found['id']}?entered=1" if found else "/records"
        return RedirectResponse(target, status_code=303)

    @app.get("/records/{record_id}", response_class=HTMLResponse)
    def record_page(request: Request, record_id: int) -> Response:
        actor = need(request, perm.READ)
        row = library.record(
            base, record_id, columns=perm.columns_for(actor), with_raw=perm.may_see_raw(actor)
        )
        if row is None:
            raise Missing()
        author = library.entered_by(base).get((row["source"], row["source_record_id"]))
        return render(
            request,
            "record.html",
            row=row,
            evidence=library.evidence_of_record(base, record_id),
            author=library.key_holders(base).get(author or "", None),
            mine=author == actor.key_id,
            editable=_editable(),
            entered=bool(request.query_params.get("entered")),
            proposed=bool(request.query_params.get("proposed")),
        )

    @app.post("/records/{record_id}/edit")
    async def edit(request: Request, record_id: int) -> Response:
        form = await form_of(request)
        actor = need(request, perm.ENTER)
        row = library.record(base, record_id, columns=("id", "source_record_id"), with_raw=False)
        if row is None:
            raise Missing()
        target = f"{row['source']}:{row['source_record_id']}"
        field, value = str(form.get("field", "")), str(form.get("value", "")) or None
        author = library.entered_by(base).get((row["source"], row["source_record_id"]))
        if perm.allowed(actor, perm.EDIT_ANY) or author == actor.key_id:
            library.edit_record(case_for(request), target, field, value)
            return RedirectResponse(f"/records/{record_id}", status_code=303)
        if field not in _editable():
            raise ReckonError(f"field {field!r} cannot be edited")
        library.propose_edit(base, target, field, value, actor.username)
        return RedirectResponse(f"/records/{record_id}?proposed=1", status_code=303)

    @app.get("/edits", response_class=HTMLResponse)
    def edits_page(request: Request) -> Response:
        need(request, perm.REVIEW)
        return render(request, "edits.html", edits=library.pending_edits(base))

    @app.post("/edits/{proposal}")
    async def decide_edit(request: Request, proposal: int) -> Response:
        form = await form_of(request)
        actor = need(request, perm.REVIEW)
        library.decide_edit(case_for(request), proposal, form.get("accept") == "1", actor.username)
        return RedirectResponse("/edits", status_code=303)

    # --- persons -----------------------------------------------------------------------

    @app.get("/persons/{person_id}", response_class=HTMLResponse)
    def person_page(request: Request, person_id: int) -> Response:
        actor = need(request, perm.READ)
        found = library.person(
            base, person_id, columns=perm.columns_for(actor), with_raw=perm.may_see_raw(actor)
        )
        if found is None:
            raise Missing()
        person, linked, steps, evidence = found
        return render(
            request, "person.html", person=person, linked=linked, steps=steps, evidence=evidence
        )

    # --- review ---------------------------------------------------------------------

    @app.get("/review", response_class=HTMLResponse)
    def review_page(request: Request) -> Response:
        actor = need(request, perm.REVIEW)
        decided = library.decided_pairs(base)
        pairs = [p for p in library.review_pairs(base) if _pair_key(p) not in decided]
        pair = pairs[0] if pairs else None
        a = b = None
        if pair is not None:
            cols = perm.columns_for(actor)
            a = library.record_by_key(
                base,
                str(pair["source_a"]),
                str(pair["record_a"]),
                columns=cols,
                with_raw=False,
            )
            b = library.record_by_key(
                base,
                str(pair["source_b"]),
                str(pair["record_b"]),
                columns=cols,
                with_raw=False,
            )
        name = "review_pair.html" if request.headers.get("hx-request") else "review.html"
        return render(request, name, pair=pair, a=a, b=b, left=len(pairs), shown=REVIEW_SHOWN)

    @app.post("/review/decide", response_class=HTMLResponse)
    async def review_decide(request: Request) -> Response:
        form = await form_of(request)
        actor = need(request, perm.REVIEW)
        decision = str(form.get("decision", ""))
        if decision not in DECISIONS:
            raise ReckonError(f"decision must be one of {', '.join(DECISIONS)}")
        library.decide_pair(
            case_for(request),
            (str(form.get("source_a")), str(form.get("record_a"))),
            (str(form.get("source_b")), str(form.get("record_b"))),
            decision,
            actor.username,
            str(form.get("probability") or "") or None,
        )
        if request.headers.get("hx-request"):
            return review_page(request)
        return RedirectResponse("/review", status_code=303)

    # --- uploads -----------------------------------------------------------------------

    @app.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request) -> Response:
        actor = need(request, perm.READ)
        if not (perm.allowed(actor, perm.IMPORT) or perm.allowed(actor, perm.EVIDENCE)):
            raise Denied("forbidden")
        return render(
            request, "upload.html", kinds=SOURCE_KINDS, result=None, form=None, message=""
        )

    @app.post("/upload/list", response_class=HTMLResponse)
    async def upload_list(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.IMPORT)
        upload = form.get("file")
        source, kind = str(form.get("source", "")), str(form.get("kind", "other"))
        columns = {k[4:]: str(v) for k, v in form.items() if k.startswith("map_") and v}
        with tempfile.TemporaryDirectory() as tmp:
            path = await _saved(upload, Path(tmp), form.get("stash"))
            result = library.import_list(
                case_for(request), path, source=source, kind=kind, columns=columns
            )
            if isinstance(result, library.MappingForm):
                stash = _stash(path)
                return render(
                    request,
                    "upload.html",
                    kinds=SOURCE_KINDS,
                    result=None,
                    form=result,
                    source=source,
                    kind=kind,
                    stash=stash,
                    message="",
                )
        return render(
            request, "upload.html", kinds=SOURCE_KINDS, result=result, form=None, message=""
        )

    @app.post("/upload/evidence", response_class=HTMLResponse)
    async def upload_evidence(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.EVIDENCE)
        custody: dict[str, Any] = {
            k: str(form.get(k) or "") or None
            for k in (
                "collected_by",
                "collected_at",
                "location",
                "acquisition",
                "description",
                "witness",
                "contact",
            )
        }
        custody["records"] = [
            line.strip() for line in str(form.get("records", "")).splitlines() if line.strip()
        ]
        with tempfile.TemporaryDirectory() as tmp:
            files = [await _saved(u, Path(tmp), None) for u in form.getlist("files")]
            payload = library.add_evidence(
                case_for(request),
                files,
                custody,
                sensitive=form.get("sensitive") == "1",
                barred={
                    a.key_id
                    for a in accounts.list_users(base)
                    if not perm.may_see_raw(perm.Actor(a.username, a.role, a.key_id))
                },
            )
        result = {"evidence": [i["object"] for i in payload["items"]]}
        return render(
            request, "upload.html", kinds=SOURCE_KINDS, result=result, form=None, message=""
        )

    # --- estimates, verify, audit, users --------------------------------------------

    @app.get("/estimate", response_class=HTMLResponse)
    def estimate_page(request: Request) -> Response:
        need(request, perm.ESTIMATE)
        return render(request, "estimate.html", result=None, method="chapman")

    @app.post("/estimate", response_class=HTMLResponse)
    async def estimate(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.ESTIMATE)
        method = str(form.get("method", "chapman"))
        if method not in ("chapman", "loglinear", "lcmcr"):
            raise ReckonError("method is chapman, loglinear or lcmcr")
        return render(
            request, "estimate.html", result=library.estimate(base, method), method=method
        )

    @app.get("/verify", response_class=HTMLResponse)
    def verify_page(request: Request) -> Response:
        need(request, perm.VERIFY)
        return render(request, "verify.html", report=None)

    @app.post("/verify", response_class=HTMLResponse)
    async def verify(request: Request) -> Response:
        await form_of(request)
        need(request, perm.VERIFY)
        return render(request, "verify.html", report=library.verify(base))

    @app.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request) -> Response:
        need(request, perm.AUDIT)
        try:
            after = max(0, int(request.query_params.get("after", "0")))
        except ValueError:
            after = 0
        return render(
            request,
            "audit.html",
            events=library.audit(base, after=after),
            holders=library.key_holders(base),
            after=after,
        )

    @app.get("/users", response_class=HTMLResponse)
    def users_page(request: Request) -> Response:
        need(request, perm.USERS)
        return render(
            request, "users.html", users=accounts.list_users(base), roles=perm.ROLES, message=""
        )

    @app.post("/users", response_class=HTMLResponse)
    async def add_user(request: Request) -> Response:
        form = await form_of(request)
        need(request, perm.USERS)
        try:
            _, secret = accounts.add_user(
                case_for(request),
                str(form.get("username", "")),
                str(form.get("role", "")),
                str(form.get("password", "")),
                totp=form.get("totp") == "1",
            )
        except ReckonError as exc:
            return render(
                request,
                "users.html",
                400,
                users=accounts.list_users(base),
                roles=perm.ROLES,
                message=str(exc),
            )
        message = f"TOTP secret (shown once): {secret}" if secret else ""
        return render(
            request,
            "users.html",
            users=accounts.list_users(base),
            roles=perm.ROLES,
            message=message,
        )

    @app.post("/users/{username}/disable")
    async def disable_user(request: Request, username: str) -> Response:
        await form_of(request)
        need(request, perm.USERS)
        accounts.set_disabled(base, username)
        sessions.end_user(username)
        return RedirectResponse("/users", status_code=303)

    return app


# The fields shown side by side in the review queue.
REVIEW_SHOWN = (
    "full_name",
    "father_name",
    "sex",
    "age",
    "event_type",
    "date_start",
    "place_text",
    "province_code",
    "city",
    "cause",
)


def _pair_key(p: dict[str, Any]) -> tuple[str, str, str, str]:
    return (str(p["source_a"]), str(p["record_a"]), str(p["source_b"]), str(p["record_b"]))


def _editable() -> tuple[str, ...]:
    from reckon.events.records import EDITABLE

    shown = (
        "full_name",
        "father_name",
        "sex",
        "age",
        "event_type",
        "date_text",
        "place_text",
        "province_code",
        "city",
        "cause",
        "notes",
    )
    return tuple(f for f in shown if f in EDITABLE)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _csv_cell(value: Any) -> Any:
    from reckon.exports import safe_cell

    return safe_cell(value) if isinstance(value, str) else value


def _jsonable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()} for row in rows
    ]


_STASH: dict[str, Path] = {}
_STASH_DIR = Path(tempfile.gettempdir())


def _stash(path: Path) -> str:
    """Keep an uploaded list while its mapping is filled in; a random token names it."""
    import secrets

    token = secrets.token_urlsafe(16)
    kept = Path(tempfile.mkdtemp(prefix="reckon-upload-", dir=_STASH_DIR)) / path.name
    shutil.copyfile(path, kept)
    _STASH[token] = kept
    return token


async def _saved(upload: Any, folder: Path, stash: Any) -> Path:
    if isinstance(stash, str) and stash in _STASH:
        if isinstance(upload, UploadFile):
            await upload.close()
        kept = _STASH.pop(stash)
        target = folder / kept.name
        shutil.move(str(kept), target)
        shutil.rmtree(kept.parent, ignore_errors=True)
        return target
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ReckonError("choose a file to upload")
    name = Path(upload.filename).name or "upload"
    target = folder / name
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    await upload.close()
    return target
