"""REFI-QDA (QDA-XML 1.0): projects (``.qdpx``) and codebooks (``.qdc``) exchanged with
ATLAS.ti, MAXQDA, NVivo, QualCoder and the other tools that implement it.

A ``.qdpx`` is a zip of ``project.qde`` (XML in ``urn:QDA-XML:project:1.0``) and a
``Sources/`` folder holding each document's plain text. Positions (``startPosition``,
``endPosition``) count Unicode code points of that plain text, which is written exactly as the
project stores it (UTF-8, no byte order mark, line endings as they are), so an export,
import and export again give the same codings at the same places.

Both are validated against the official schemas (``xsd/``). An import is untrusted input: no
DTD or entities, the archive's size bounded, no path outside it, every GUID well formed and
every reference resolved, every position inside its text; a problem names the element.
GUIDs are derived from names (uuid5), so the same project exports the same GUIDs.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from discursus.annotate.components.codes import PERSON_YES
from discursus.errors import DiscursusError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSD = Path(__file__).parent / "xsd"
_GUIDS = uuid.UUID("5d1b2f3e-8c7a-4e0b-9a35-6f2d1c0b7e49")  # discursus's namespace for uuid5

MAX_ARCHIVE_BYTES = 1 << 30  # expanded
MAX_RATIO = 200.0
MAX_MEMBERS = 200_000
MAX_XML_BYTES = 256 << 20
INTERNAL = "internal://"


class ExchangeError(DiscursusError):
    """A file that cannot be exchanged; ``problems`` lists every one."""

    def __init__(self, source: str, problems: list[str]) -> None:
        shown = problems[:20] + (
            [f"... and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(shown))
        self.source = source
        self.problems = problems


def guid(kind: str, key: str) -> str:
    """A GUID that is the same for the same thing in every export."""
    return str(uuid.uuid5(_GUIDS, f"{kind}\x1f{key}"))


@cache
def schema(name: str):
    """The official schema ``Project`` or ``Codebook`` (see xsd/)."""
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD / f"{name}.xsd"), _parser()))


def _parser():
    from lxml import etree

    # untrusted XML: no entities resolved, no DTD loaded, nothing fetched
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _q(tag: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{tag}"


# -- writing ----------------------------------------------------------------------------------


def _codebook_tree(codebook, used: list[str] = ()) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The codes to write as a tree of {name, description, color, codes} and each code's
    GUID by name: the codebook's (None: none), then the codes of ``used`` it lacks."""
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    guids: dict[str, str] = {}
    for code in codebook.codes if codebook else ():
        node = {"name": code.name, "description": code.description, "color": code.color,
                "codes": []}  # fmt: skip
        nodes[code.name] = node
        (nodes[code.parent]["codes"] if code.parent else roots).append(node)
        guids[code.name] = guid("code", code.path)
    for name in used:
        if name not in nodes:
            nodes[name] = {"name": name, "description": "", "color": None, "codes": []}
            roots.append(nodes[name])
            guids[name] = guid("code", name)
    return roots, guids


def _code_elements(parent, nodes, guids, notes_of, ns: str) -> None:
    from lxml import etree

    for node in nodes:
        attrs = {"guid": guids[node["name"]], "name": node["name"], "isCodable": "true"}
        if node.get("color"):
            attrs["color"] = node["color"]
        element = etree.SubElement(parent, _q("Code", ns), attrs)
        if node.get("description"):
            etree.SubElement(element, _q("Description", ns)).text = node["description"]
        if ns == PROJECT_NS:
            for note in notes_of.get(("code", node["name"]), []):
                etree.SubElement(element, _q("NoteRef"), targetGUID=note)
        _code_elements(element, node["codes"], guids, notes_of, ns)


def codebook_qdc(codebook) -> bytes:
    """A codebook (:class:`~discursus.annotate.codebook.Codebook`) as a ``.qdc`` file."""
    from lxml import etree

    roots, guids = _codebook_tree(codebook)
    root = etree.Element(_q("CodeBook", CODEBOOK_NS), nsmap={None: CODEBOOK_NS},
                         origin=_origin())  # fmt: skip
    codes = etree.SubElement(root, _q("Codes", CODEBOOK_NS))
    _code_elements(codes, roots, guids, {}, CODEBOOK_NS)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    _validate(data, "Codebook", "the written codebook")
    return data


def _origin() -> str:
    from importlib.metadata import version

    return f"discursus {version('discursus')}"


def _timestamp(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def _stored_time(value: str | None) -> str | None:
    """An xsd:dateTime as the project writes times (UTC, to the second)."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass
class ExportSummary:
    path: Path
    sources: int = 0
    codes: int = 0
    codings: int = 0
    notes: int = 0
    left_out: dict[str, int] = field(default_factory=dict)


def export_qdpx(project, path: str | Path, *, suggestions: bool = False) -> ExportSummary:
    """Write the project as a REFI-QDA project file (``.qdpx``).

    It holds every document's text, the codebook, people's codings
    (coded and accepted; ``suggestions``: the automatic coders' open ones too, under the
    coder's name) and the memos. Rejections and codings a changed text lost are left out
    (REFI-QDA has no place for them) and counted in the summary."""
    from lxml import etree

    path = Path(path)
    documents = project.documents(text=True)
    codings = project.codings()
    used_codes = list(dict.fromkeys(codings.code))  # every code a coding names, even if left out
    left_out: dict[str, int] = {}
    keep = codings.status.isin(PERSON_YES) & (codings.origin == "manual")
    if suggestions:
        keep |= codings.status.eq("suggested")
    unplaced = codings.anchor.eq("unplaced")
    for reason, mask in (
        ("rejected", codings.status.eq("rejected")),
        ("unplaced", keep & unplaced),
        ("open suggestions", ~keep & codings.status.eq("suggested")),
    ):
        if int(mask.sum()):
            left_out[reason] = int(mask.sum())
    codings = codings[keep & ~unplaced]
    memos = project.memos()
    roots, code_guids = _codebook_tree(project.codebook(), used_codes)
    users = sorted(set(codings.coder) | set(memos.author))
    user_guids = {name: guid("user", name) for name in users}
    doc_guids = {name: guid("source", name) for name in documents.name}

    # a note's GUID and place come from what it says and what it is on, never from ids,
    # so a project read back writes the same notes
    leads = {doc.name: int(doc.text.startswith("\ufeff")) for doc in documents.itertuples()}
    coded_at = {
        str(row.id): (f"{row.doc}\x1f{row.code}\x1f{max(0, row.start - leads.get(row.doc, 0))}"
                      f"\x1f{row.end - leads.get(row.doc, 0)}\x1f{row.coder}",
                      f"{row.code} in {row.doc}")
        for row in codings.itertuples()
    }  # fmt: skip
    notes_of: dict[tuple[str, str], list[str]] = {}
    written = []
    for memo in memos.itertuples():
        about = str(memo.about)
        key, label = (
            coded_at.get(about, (about, about)) if memo.target == "coding" else (about, about)
        )
        note = guid("note", f"{memo.target}\x1f{key}\x1f{memo.author}\x1f{memo.at}\x1f{memo.text}")
        notes_of.setdefault((memo.target, about), []).append(note)
        written.append(((memo.target, key, memo.at, memo.text), note, label, memo))
    written.sort(key=lambda item: item[0])

    root = etree.Element(_q("Project"), nsmap={None: PROJECT_NS}, name=project.path.name,
                         origin=_origin())  # fmt: skip
    if users:
        users_el = etree.SubElement(root, _q("Users"))
        for name in users:
            etree.SubElement(users_el, _q("User"), guid=user_guids[name], name=name)
    if roots:
        book = etree.SubElement(root, _q("CodeBook"))
        _code_elements(etree.SubElement(book, _q("Codes")), roots, code_guids, notes_of,
                       PROJECT_NS)  # fmt: skip
    files: dict[str, str] = {}
    by_doc = {name: group for name, group in codings.groupby("doc", sort=False)}
    if not documents.empty:
        sources = etree.SubElement(root, _q("Sources"))
    for doc in documents.itertuples():
        source_guid = doc_guids[doc.name]
        file_name = f"{source_guid}.txt"
        # a byte order mark read in with the file is not text: no tool counts it
        lead = 1 if doc.text.startswith("\ufeff") else 0
        text = doc.text[lead:]
        files[file_name] = text
        source = etree.SubElement(
            sources, _q("TextSource"), guid=source_guid, name=doc.name,
            plainTextPath=f"{INTERNAL}{file_name}",
        )  # fmt: skip
        for row in by_doc.get(doc.name, codings.iloc[:0]).itertuples():
            start, end = max(0, row.start - lead), row.end - lead
            if end <= start:
                continue
            key = f"{doc.name}\x1f{row.code}\x1f{start}\x1f{end}\x1f{row.coder}"
            selection = etree.SubElement(
                source, _q("PlainTextSelection"), guid=guid("selection", key),
                name=text[start:end][:60], startPosition=str(start),
                endPosition=str(end), creatingUser=user_guids[row.coder],
            )  # fmt: skip
            coding = etree.SubElement(selection, _q("Coding"), guid=guid("coding", key),
                                      creatingUser=user_guids[row.coder])  # fmt: skip
            etree.SubElement(coding, _q("CodeRef"), targetGUID=code_guids[row.code])
            for note in notes_of.get(("coding", str(row.id)), []):
                etree.SubElement(selection, _q("NoteRef"), targetGUID=note)
        for note in notes_of.get(("document", doc.name), []):
            etree.SubElement(source, _q("NoteRef"), targetGUID=note)
    if written:
        notes = etree.SubElement(root, _q("Notes"))
        for _, note_guid, label, memo in written:
            attrs = {"guid": note_guid, "name": f"memo on {memo.target} {label}".strip()}
            if memo.author in user_guids:
                attrs["creatingUser"] = user_guids[memo.author]
            stamp = _timestamp(memo.at)
            if stamp:
                attrs["creationDateTime"] = stamp
            note = etree.SubElement(notes, _q("Note"), attrs)
            etree.SubElement(note, _q("PlainTextContent")).text = memo.text
    for note in notes_of.get(("project", ""), []):
        etree.SubElement(root, _q("NoteRef"), targetGUID=note)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    _validate(data, "Project", "the written project.qde")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", data)
        for name, text in files.items():
            archive.writestr(f"Sources/{name}", text.encode("utf-8"))
    partial.replace(path)  # a crash leaves no half-written file under the name asked for
    return ExportSummary(path, len(files), len(code_guids), len(codings), len(memos), left_out)


# -- reading ----------------------------------------------------------------------------------


def _validate(data: bytes, name: str, source: str):
    """The parsed document, or every problem the schema finds, by line."""
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ExchangeError(source, [f"{source}: declares a DTD or entities: refused"])
    try:
        tree = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        problem = f"{source}:{exc.lineno}: not well-formed XML: {exc.msg}"
        raise ExchangeError(source, [problem]) from None
    checker = schema(name)
    if not checker.validate(tree):
        problems = [f"{source}:{e.line}: {e.message}" for e in checker.error_log]
        raise ExchangeError(source, problems)
    return tree


def read_qdc(path: str | Path) -> dict[str, Any]:
    """A ``.qdc`` codebook as codebook data (names, descriptions, colours; no rules)."""
    path = Path(path)
    data = _read_bounded(path, MAX_XML_BYTES)
    tree = _validate(data, "Codebook", str(path))
    codes = tree.find(_q("Codes", CODEBOOK_NS))
    problems: list[str] = []
    guids: dict[str, str] = {}
    items = _read_codes(codes, CODEBOOK_NS, guids, set(), problems, str(path))
    if problems:
        raise ExchangeError(str(path), problems)
    return {"name": path.stem, "codes": items}


def _read_bounded(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ExchangeError(str(path), [f"{path}: {size:,} bytes, over the {limit:,} limit"])
        return path.read_bytes()
    except OSError as exc:
        raise ExchangeError(str(path), [f"{path}: cannot read: {exc.strerror or exc}"]) from None


def _read_codes(parent, ns, guids, names, problems, source) -> list[dict[str, Any]]:
    """Codes under ``parent`` as codebook items; ``guids`` maps each GUID to its name. A name
    used twice in the tree gets its parent's name after it (a codebook's names are unique)."""
    items = []
    for element in parent.findall(_q("Code", ns)):
        name = element.get("name", "").strip() or "unnamed"
        code_guid = _guid_key(element.get("guid"))
        if code_guid in guids:
            problems.append(f"{source}:{element.sourceline}: code GUID {code_guid} used twice")
            continue
        unique, n = name, 1
        while unique in names:
            n += 1
            unique = f"{name} ({n})"
        names.add(unique)
        guids[code_guid] = unique
        item: dict[str, Any] = {"name": unique}
        description = element.findtext(_q("Description", ns))
        if description and description.strip():
            item["description"] = description.strip()
        color = element.get("color")
        if color and len(color) == 7:
            item["color"] = color
        elif color:  # "#abc" is allowed by REFI, not by a codebook: written out in full
            item["color"] = "#" + "".join(c * 2 for c in color[1:])
        children = _read_codes(element, ns, guids, names, problems, source)
        if children:
            item["codes"] = children
        items.append(item)
    return items


def _note_refs(element) -> list[str]:
    return [_guid_key(ref.get("targetGUID")) for ref in element.findall(_q("NoteRef"))]


def _guid_key(value: str | None) -> str:
    return (value or "").strip("{}").lower()


@dataclass
class ImportSummary:
    sources: dict[str, int] = field(default_factory=dict)  # added, updated, unchanged
    codes_added: int = 0
    codings: int = 0
    notes: int = 0
    skipped: list[str] = field(default_factory=list)


def open_qdpx(path: Path) -> tuple[Any, zipfile.ZipFile]:
    """The validated ``project.qde`` and the archive, after the archive's limits."""
    from discursus.errors import InputError
    from discursus.ingest.readers import check_zip_container
    from discursus.ingest.sources import safe_member_name

    data = _read_bounded(path, MAX_ARCHIVE_BYTES)
    try:
        archive = check_zip_container(data, str(path), MAX_ARCHIVE_BYTES, MAX_RATIO)
    except InputError as error:
        raise ExchangeError(str(path), [f"{path}: {error.reason}"]) from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ExchangeError(str(path), [f"{path}: {len(members):,} members, over {MAX_MEMBERS:,}"])
    bad = [m.filename for m in members if not safe_member_name(m.filename)]
    if bad:
        raise ExchangeError(str(path), [f"{path}!{name}: path escapes the archive: refused"
                                        for name in bad])  # fmt: skip
    names = {m.filename: m for m in members}
    if "project.qde" not in names:
        raise ExchangeError(str(path), [f"{path}: no project.qde: not a REFI-QDA project"])
    if names["project.qde"].file_size > MAX_XML_BYTES:
        raise ExchangeError(str(path), [f"{path}!project.qde: over {MAX_XML_BYTES:,} bytes"])
    tree = _validate(archive.read("project.qde"), "Project", f"{path}!project.qde")
    return tree, archive


def plain_text(data: bytes) -> str:
    """A source's plain text: UTF-8, its byte order mark (not a character of the text, and
    not counted by positions) dropped, line endings kept as they are."""
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def read_qdpx(path: str | Path) -> dict[str, Any]:
    """What a ``.qdpx`` holds, checked: users, codes (as codebook items), sources with their
    texts and codings, notes. Every problem is collected; any one refuses the import."""
    path = Path(path)
    tree, archive = open_qdpx(path)
    source = f"{path}!project.qde"
    problems: list[str] = []
    users = {_guid_key(u.get("guid")): (u.get("name") or u.get("id") or "").strip()
             for u in tree.iter(_q("User"))}  # fmt: skip
    code_guids: dict[str, str] = {}
    book = tree.find(_q("CodeBook"))
    codes = (
        _read_codes(book.find(_q("Codes")), PROJECT_NS, code_guids, set(), problems, source)
        if book is not None
        else []
    )
    notes = {}
    for note in tree.iter(_q("Note")):
        text = note.findtext(_q("PlainTextContent"))
        if text is None and (note.get("plainTextPath") or "").startswith(INTERNAL):
            text = _member_text(archive, note.get("plainTextPath"), path, problems)
        notes[_guid_key(note.get("guid"))] = {
            "text": text or "",
            "author": users.get(_guid_key(note.get("creatingUser")), "") or "imported",
            "at": note.get("creationDateTime"),
        }
    sources = []
    seen_names: set[str] = set()
    for element in tree.iter(_q("TextSource")):
        if element.getparent().tag != _q("Sources"):
            continue  # a note, or a picture's or PDF's text: not a document of its own
        name = (element.get("name") or "").strip() or _guid_key(element.get("guid"))
        where = f"{source}:{element.sourceline}: source {name!r}"
        content = element.findtext(_q("PlainTextContent"))
        text_path = element.get("plainTextPath")
        if content is not None and text_path:
            problems.append(f"{where}: has both PlainTextContent and plainTextPath")
            continue
        if content is None:
            if not text_path:
                problems.append(f"{where}: no plain text (PlainTextContent or plainTextPath)")
                continue
            if not text_path.startswith(INTERNAL):
                problems.append(
                    f"{where}: plainTextPath {text_path!r} is outside the archive: refused"
                )
                continue
            content = _member_text(archive, text_path, path, problems)
            if content is None:
                continue
        if name in seen_names:
            problems.append(f"{where}: a second source of that name")
            continue
        seen_names.add(name)
        codings = []
        for selection in element.findall(_q("PlainTextSelection")):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            place = f"{source}:{selection.sourceline}"
            if not 0 <= start < end <= len(content):
                problems.append(
                    f"{place}: selection {start}-{end} is not inside {name!r} "
                    f"({len(content):,} characters)"
                )
                continue
            selection_notes = [
                _guid_key(n.get("targetGUID")) for n in selection.findall(_q("NoteRef"))
            ]
            for coding in selection.findall(_q("Coding")):
                target = _guid_key(coding.find(_q("CodeRef")).get("targetGUID"))
                if target not in code_guids:
                    problems.append(f"{place}: coding refers to no code of the codebook ({target})")
                    continue
                user = coding.get("creatingUser") or selection.get("creatingUser")
                coder = users.get(_guid_key(user)) or "imported"
                codings.append(
                    {"start": start, "end": end, "code": code_guids[target], "coder": coder,
                     "notes": selection_notes}
                )  # fmt: skip
        source_notes = _note_refs(element)
        sources.append({"name": name, "guid": _guid_key(element.get("guid")), "text": content,
                        "codings": codings, "notes": source_notes})  # fmt: skip
    code_notes = {}
    if book is not None:
        for element in book.iter(_q("Code")):
            refs = _note_refs(element)
            if refs:
                code_notes[code_guids.get(_guid_key(element.get("guid")))] = refs
    project_notes = _note_refs(tree)
    every_ref = (
        [r for s in sources for r in s["notes"]]
        + [r for s in sources for c in s["codings"] for r in c["notes"]]
        + [r for refs in code_notes.values() for r in refs]
        + project_notes
    )
    for ref in every_ref:
        if ref not in notes:
            problems.append(f"{source}: a NoteRef refers to no note ({ref})")
    if problems:
        raise ExchangeError(str(path), problems)
    return {"name": tree.get("name") or path.stem, "codes": codes, "sources": sources,
            "notes": notes, "code_notes": code_notes, "project_notes": project_notes}  # fmt: skip


def _member_text(archive: zipfile.ZipFile, text_path: str, path: Path, problems) -> str | None:
    from discursus.ingest.sources import safe_member_name

    member = "Sources/" + text_path[len(INTERNAL) :]
    if not safe_member_name(member):
        problems.append(f"{path}: plainTextPath {text_path!r} escapes the archive: refused")
        return None
    try:
        info = archive.getinfo(member)
    except KeyError:
        problems.append(f"{path}: plainTextPath {text_path!r}: no {member} in the archive")
        return None
    if info.file_size > MAX_XML_BYTES:
        problems.append(f"{path}!{member}: over {MAX_XML_BYTES:,} bytes")
        return None
    with archive.open(info) as handle:
        data = handle.read(MAX_XML_BYTES + 1)
    try:
        return plain_text(data)
    except UnicodeDecodeError as exc:
        problems.append(f"{path}!{member}: not UTF-8 plain text ({exc.reason} at byte {exc.start})")
        return None


def import_qdpx(project, path: str | Path, who: str = "import") -> ImportSummary:
    """Read a REFI-QDA project file (``.qdpx``) into the project.

    Its sources become documents (a source imported before
    is updated, not copied), its codes into the codebook, its codings as the codings of the
    users who made them (origin manual; a coding the project has is not added twice), its
    notes as memos. One journal entry, so ``discursus undo`` takes the codings back."""
    from sqlalchemy import select

    from discursus.annotate.codebook import with_codes
    from discursus.annotate.components.codes import CODINGS
    from discursus.ingest.document import RawDocument
    from discursus.store.anchors import quote_selector
    from discursus.store.journaling import now
    from discursus.store.schema import memos
    from discursus.store.tables import RowCodec

    path = Path(path)
    read = read_qdpx(path)
    summary = ImportSummary()
    raw = [
        RawDocument(
            name=item["name"],
            source_key=f"refi-qda:{item['guid']}",
            source_path=f"{path}!{item['name']}",
            format="refi-qda",
            text=item["text"],
        )  # fmt: skip
        for item in read["sources"]
    ]
    with project.run("import", {"file": str(path)}) as run_id:
        for _, outcome in project.store_documents(raw, run_id):
            if isinstance(outcome, str):
                summary.sources[outcome] = summary.sources.get(outcome, 0) + 1
            else:
                summary.skipped.append(f"{outcome.path}: {outcome.reason}")
        project.refresh_duplicates()
    keys = {doc.source_key: doc for doc in raw}
    ids = project.document_ids_by_source_key(list(keys))
    book, summary.codes_added = with_codes(project.codebook(), read["codes"], read["name"])
    table = project.component_table(CODINGS)
    codec = RowCodec(CODINGS, table)
    existing = {
        (doc_id, row["code"], row["start"], row["end"], row["coder"]): row["id"]
        for doc_id, _, row in project.component_rows(
            CODINGS, list(ids.values()), "manual", with_ids=True
        )
    }
    with project.journalled(who, "import", f"{who} imported {path.name}") as changes:
        if book is not None and summary.codes_added:
            project.write_codebook(changes, book)
        note_targets: list[tuple[str, str, str]] = []  # (note guid, target, ref)
        for item in read["sources"]:
            doc_id = ids.get(f"refi-qda:{item['guid']}")
            if doc_id is None:
                continue
            note_targets += [(ref, "document", str(doc_id)) for ref in item["notes"]]
            for coding in item["codings"]:
                key = (doc_id, coding["code"], coding["start"], coding["end"], coding["coder"])
                if key in existing:  # imported before: not twice, its notes stay on it
                    note_targets += [(ref, "coding", str(existing[key])) for ref in coding["notes"]]
                    continue
                row = {
                    "start": coding["start"], "end": coding["end"], "code": coding["code"],
                    "unit": "passage", "status": "coded", "coder": coding["coder"],
                    "selector": quote_selector(item["text"], coding["start"], coding["end"]),
                    "imported_from": path.name,
                }  # fmt: skip
                stored = changes.insert(table, codec.encode(doc_id, row, None, "manual"))
                existing[key] = stored["id"]
                summary.codings += 1
                note_targets += [(ref, "coding", str(stored["id"])) for ref in coding["notes"]]
        for code, refs in read["code_notes"].items():
            note_targets += [(ref, "code", code) for ref in refs]
        note_targets += [(ref, "project", "") for ref in read["project_notes"]]
        have = {tuple(row) for row in changes.conn.execute(
            select(memos.c.target, memos.c.ref, memos.c.text)
        )}  # fmt: skip
        for ref, target, about in note_targets:
            note = read["notes"][ref]
            if not note["text"].strip() or (target, about, note["text"].strip()) in have:
                continue
            have.add((target, about, note["text"].strip()))
            at = _stored_time(note["at"]) or now()
            changes.insert(memos, {"target": target, "ref": about, "text": note["text"].strip(),
                                   "author": note["author"], "at": at})  # fmt: skip
            summary.notes += 1
    return summary
