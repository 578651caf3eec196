"""Files built in memory to try readers with: valid, broken and hostile ones."""

from __future__ import annotations

import io
import zipfile


def pdf_with_text(*pages: str) -> bytes:
    """A minimal valid PDF with one line of text per page (Helvetica, no compression)."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    for pid, text in zip(page_ids, pages, strict=True):
        stream = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, pid + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypted_pdf(text: str, password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text(text))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_with_paragraphs(*paragraphs: str, title: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_external_entity(target: str) -> bytes:
    """A DOCX whose document.xml declares an external entity pointing at ``target``."""
    original = zipfile.ZipFile(io.BytesIO(docx_with_paragraphs("placeholder")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as hostile:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                declaration_end = xml.index("?>") + 2
                doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
                xml = xml[:declaration_end] + doctype + xml[declaration_end:]
                xml = xml.replace("placeholder", "&xxe;")
                data = xml.encode("utf-8")
            hostile.writestr(item, data)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_corrupt_member(members: dict[str, bytes], corrupt: str) -> bytes:
    """A zip whose member ``corrupt`` has its deflate stream damaged (the directory stays
    valid, so only reading that member fails)."""
    return corrupt_member(zip_of(members), corrupt)


def corrupt_member(archive: bytes, member: str) -> bytes:
    """Flip bytes inside one member's compressed data."""
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(member)
    data = bytearray(archive)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    for i in range(start, start + min(info.compress_size, 40)):
        data[i] ^= 0x5A
    return bytes(data)
