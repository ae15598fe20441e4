"""Real sample files for upload tests: a PDF, a PNG, a JPEG, and a PDF signed with a throw-away certificate."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from reports.pdf import render_pdf


def pdf(text: str = "Tờ khai") -> bytes:
    return render_pdf(f"<p>{text}</p>")


def image(kind: str = "PNG", colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, kind)
    return buffer.getvalue()


@dataclass(frozen=True)
class Authority:
    """A throw-away certification authority and one signer certificate it issued."""

    root_pem: bytes
    signer: signers.SimpleSigner

    def sign(self, content: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(content))
        meta = signers.PdfSignatureMetadata(field_name="ChuKy")
        with ThreadPoolExecutor(max_workers=1) as worker:  # pyHanko's own event loop, apart from Playwright's
            return worker.submit(signers.sign_pdf, writer, meta, signer=self.signer).result().getvalue()

    def install(self, instance_dir: Path) -> None:
        """Trust this authority in an instance (its signature-roots folder)."""
        folder = instance_dir / "signature-roots"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "test-root.pem").write_bytes(self.root_pem)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def authority(now: datetime, signer_name: str = "Nguyễn Văn An") -> Authority:
    """Certificates valid around `now` (the test clock's moment)."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name("Test Root CA"))
        .issuer_name(_name("Test Root CA"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    root_asn1 = asn1_x509.Certificate.load(root.public_bytes(der))
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs([root_asn1]),
    )
    return Authority(root.public_bytes(serialization.Encoding.PEM), signer)
