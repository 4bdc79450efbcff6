//! Certificate evidence: DER, PEM (one or many blocks, LF or CRLF), bare Base64 of DER (a saved
//! credential value), PKCS#7 bundles in DER and PEM, and recognition of PKCS#12 bundles, PEM
//! private keys, signing requests, CRLs, bare public keys and OCSP responses. Decodes into the
//! model's certificates, private keys and not-certificates; judges nothing (whether DER is a
//! problem, or a key should be here, is for the rules).
//!
//! A certificate counts only when its DER is strict (see `strict`): x509-parser alone reads
//! damaged bytes as a certificate with empty fields. A file named like a certificate (`.cer`,
//! `.pfx`, …) is always claimed, even when it decodes to nothing, so the `cert/not-a-certificate`
//! rule can say so instead of the file being re-read as text and silently skipped. Per file, at
//! most `MAX_PER_FILE` not-certificates and keys are recorded; the rest are counted.

pub mod armour;
mod container;
pub mod describe;
mod other_objects;
mod plain_shape;
mod strict;

use std::borrow::Cow;

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::*;

use crate::model::{
    CertificateEncoding, EvidenceKind, Location, MAX_PER_FILE, Model, NotCertificate,
    NotCertificateKind, PrivateKey, PrivateKeyKind,
};

/// Extensions that promise certificate or key material.
const CERTIFICATE_EXTENSIONS: &[&str] = &[
    ".cer", ".crt", ".pem", ".der", ".p7b", ".p7c", ".pfx", ".p12", ".key", ".csr",
];

/// Reads certificate material from `bytes`. Returns the kind recorded, or `None` when the bytes are
/// not certificate or key material (the caller then tries the text loaders).
pub fn load(bytes: &[u8], path: &str, file: usize, model: &mut Model) -> Option<EvidenceKind> {
    let named = has_certificate_extension(path);
    let mut found = Found::default();
    let mut loader = Loader {
        path,
        file,
        named,
        model,
        found: &mut found,
    };
    if looks_like_der(bytes) {
        loader.der(bytes, CertificateEncoding::Der, Location::file(path));
    }
    if loader.found.is_empty()
        && (named || !starts_as_plain_utf16_text(bytes))
        && let Some(text) = as_text(bytes)
    {
        loader.text(&text);
    }
    if loader.found.is_empty() && named {
        let (kind, detail) = unusable(bytes);
        loader.not_certificate(kind, detail, Location::file(path));
    }
    found.kind()
}

/// What one file yielded, to choose the file's evidence kind.
#[derive(Default)]
struct Found {
    certificates: bool,
    keys: bool,
    other: bool,
}

impl Found {
    fn is_empty(&self) -> bool {
        !(self.certificates || self.keys || self.other)
    }

    fn kind(&self) -> Option<EvidenceKind> {
        if self.certificates || self.other {
            Some(EvidenceKind::Certificate)
        } else if self.keys {
            Some(EvidenceKind::PrivateKey)
        } else {
            None
        }
    }
}

/// The certificate `der` is, when it is one in strict DER (as a certificate file's must be):
/// for key bytes found inside other evidence (a key credential), which are not files of their own.
pub fn certificate_in(
    der: &[u8],
    encoding: CertificateEncoding,
    location: Location,
    file: usize,
) -> Option<crate::model::Certificate> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    strict::check(der).ok()?;
    Some(describe::describe(&cert, der, encoding, location, file))
}

fn has_certificate_extension(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    CERTIFICATE_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// A DER SEQUENCE with a long-form (or BER indefinite) length: how every certificate, bundle and
/// request starts.
fn looks_like_der(bytes: &[u8]) -> bool {
    matches!(bytes, [0x30, 0x80..=0x84, ..])
}

/// Text in UTF-8, or in the encoding its byte-order mark names (Windows PowerShell's `Out-File`
/// writes UTF-16LE with a BOM). Bytes that are neither still count as text when they hold PEM
/// armour: armour is ASCII, and a stray byte in a text dump before it (a Latin-1 name, a
/// control character) must not hide the certificate. UTF-8 is borrowed, not copied.
fn as_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes.get(bom_len..)?);
        return (!had_errors).then_some(text);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(Cow::Borrowed(text));
    }
    let lossy = String::from_utf8_lossy(bytes);
    lossy.contains("-----BEGIN ").then_some(lossy)
}

/// How much of a UTF-16 file `starts_as_plain_utf16_text` decodes: a few lines of a transcript.
const UTF16_PREFIX_BYTES: usize = 4096;

/// Whether `bytes`, UTF-16 text with a byte-order mark, show in their first
/// `UTF16_PREFIX_BYTES` that `Loader::text` would find nothing in them for a file not named like
/// a certificate: the first line with content does not start with armour, and a character that
/// is neither Base64 nor white space rules out a bare Base64 value. Windows PowerShell writes its
/// transcripts in UTF-16; decoding each whole to learn this, and again for the transcript
/// reader, was a fifth of the decoding on a folder of them. Decoding stops at a character's
/// edge (the decoder keeps what it has not finished), so the start read is the start of the
/// whole text, and whether the whole has bad sequences does not matter: then `as_text` gives
/// nothing either. `false` (read it all) for other encodings, short files, and starts that
/// cannot tell.
fn starts_as_plain_utf16_text(bytes: &[u8]) -> bool {
    let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) else {
        return false;
    };
    if encoding == encoding_rs::UTF_8 {
        return false;
    }
    let Some(start) = bytes.get(bom_len..bom_len + UTF16_PREFIX_BYTES) else {
        return false;
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let Some(room) = decoder.max_utf8_buffer_length(start.len()) else {
        return false;
    };
    let mut text = String::with_capacity(room);
    let (_, read, _) = decoder.decode_to_string(start, &mut text, false);
    if read != start.len() {
        return false;
    }
    // A start of Base64 and white space alone may be a bare value (and one of white space
    // alone has no line with content below): read it all.
    if armour::is_bare_base64(&text) {
        return false;
    }
    let armour = "-----BEGIN ";
    // `str::lines` as `Loader::text` reads them; only a line ended within the start is whole.
    for piece in text.split_inclusive('\n') {
        let (line, whole) = match piece.strip_suffix('\n') {
            Some(line) => (line, true),
            None => (piece, false),
        };
        if line.trim().is_empty() {
            continue;
        }
        let content = line.trim_start();
        return !content.starts_with(armour) && (whole || content.len() >= armour.len());
    }
    false
}

/// One file being read: where findings point, and what it has yielded so far.
struct Loader<'a> {
    path: &'a str,
    file: usize,
    /// Named like certificate material: other PKI objects (CRLs, keys) in it are reported.
    named: bool,
    model: &'a mut Model,
    found: &'a mut Found,
}

impl Loader<'_> {
    /// Records a not-certificate, or counts it once the file has `MAX_PER_FILE` of them.
    fn not_certificate(&mut self, kind: NotCertificateKind, detail: String, location: Location) {
        self.found.other = true;
        let recorded = &mut self.model.not_certificates;
        let in_file = recorded
            .iter()
            .rev()
            .take(MAX_PER_FILE)
            .take_while(|n| n.file == self.file)
            .count();
        if in_file >= MAX_PER_FILE
            && let Some(last) = recorded.last_mut()
        {
            last.more_in_file += 1;
            return;
        }
        recorded.push(NotCertificate {
            kind,
            detail,
            location,
            file: self.file,
            more_in_file: 0,
        });
    }

    /// Records private key material, or counts it once the file has `MAX_PER_FILE` keys.
    fn private_key(&mut self, kind: PrivateKeyKind, label: &str, location: Location) {
        self.found.keys = true;
        let recorded = &mut self.model.private_keys;
        let in_file = recorded
            .iter()
            .rev()
            .take(MAX_PER_FILE)
            .take_while(|k| k.file == self.file)
            .count();
        if in_file >= MAX_PER_FILE
            && let Some(last) = recorded.last_mut()
        {
            last.more_in_file += 1;
            return;
        }
        recorded.push(PrivateKey {
            kind,
            label: label.to_string(),
            location,
            file: self.file,
            more_in_file: 0,
        });
    }

    /// Records the certificate in `der` when it is one in strict DER; `false` when x509-parser
    /// cannot read it at all (the caller tries other kinds of object).
    fn certificate(
        &mut self,
        der: &[u8],
        encoding: CertificateEncoding,
        location: &Location,
    ) -> bool {
        let Ok((_, cert)) = X509Certificate::from_der(der) else {
            return false;
        };
        match strict::check(der) {
            Ok(()) => {
                self.model.certificates.push(describe::describe(
                    &cert,
                    der,
                    encoding,
                    location.clone(),
                    self.file,
                ));
                self.found.certificates = true;
            }
            Err(problem) => self.not_certificate(
                NotCertificateKind::Malformed,
                format!("{problem} ({} bytes of DER)", der.len()),
                location.clone(),
            ),
        }
        true
    }

    /// Decodes one DER object of any supported kind. `encoding` is how a certificate found
    /// directly was stored; certificates inside a PKCS#7 bundle are recorded as `Pkcs7`.
    fn der(&mut self, der: &[u8], encoding: CertificateEncoding, location: Location) -> bool {
        if self.certificate(der, encoding, &location) {
            return true;
        }
        if let Some(members) = container::pkcs7_certificates(der) {
            let mut any = false;
            for member in members {
                any |= self.certificate(member, CertificateEncoding::Pkcs7, &location);
            }
            if !any {
                self.not_certificate(
                    NotCertificateKind::Garbage,
                    "a PKCS#7 bundle that holds no certificate".to_string(),
                    location,
                );
            }
            return true;
        }
        if container::is_pkcs12(der) {
            match container::pkcs12_contents(der) {
                Some(contents) if contents.key_bags == 0 => {
                    let encrypted = match contents.encrypted_parts {
                        0 => String::new(),
                        n => format!(
                            "; {n} part(s) encrypted with its password, where openssl and Windows put certificates, not keys"
                        ),
                    };
                    self.not_certificate(
                        NotCertificateKind::Pkcs12WithoutKey,
                        format!(
                            "no key bag in its unencrypted part ({} certificate bag(s) there){encrypted}",
                            contents.certificate_bags
                        ),
                        location,
                    );
                }
                _ => self.private_key(PrivateKeyKind::Pkcs12, "PKCS#12", location),
            }
            return true;
        }
        if X509CertificationRequest::from_der(der).is_ok() {
            self.not_certificate(
                NotCertificateKind::SigningRequest,
                "DER PKCS#10 request; the CA has not issued a certificate from it yet".to_string(),
                location,
            );
            return true;
        }
        if self.named
            && let Some((kind, detail)) = other_objects::recognise(der)
        {
            self.not_certificate(kind, detail, location);
            return true;
        }
        false
    }

    fn text(&mut self, text: &str) {
        // Armour inside a transcript (say, `Get-Content cert.cer` echoed) is the transcript's
        // business: only a file that starts with armour, or is named like a certificate, is one.
        let starts_armoured = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start().starts_with("-----BEGIN "));
        if starts_armoured || self.named {
            let mut other_labels: Vec<String> = Vec::new();
            for block in armour::blocks(text) {
                let location = Location::new(self.path, block.line, block.column, block.len);
                if !self.block(&block, location) && !other_labels.contains(&block.label) {
                    other_labels.push(block.label);
                }
            }
            if self.named && self.found.is_empty() && !other_labels.is_empty() {
                let labels = other_labels
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.not_certificate(
                    NotCertificateKind::Garbage,
                    format!(
                        "PEM armour labelled {labels}, which is neither a certificate, a key nor a request"
                    ),
                    Location::file(self.path),
                );
            }
            if !self.found.is_empty() {
                return;
            }
        }
        if armour::is_bare_base64(text)
            && let Some(der) = armour::decode_base64(text)
        {
            self.der(&der, CertificateEncoding::Base64, Location::file(self.path));
        }
    }

    /// Reads one armoured block; `false` when its label is one this loader does not read.
    fn block(&mut self, block: &armour::Block, location: Location) -> bool {
        let label = block.label.as_str();
        if label.ends_with("PRIVATE KEY") {
            // Key material counts even when damaged: it should not be here either way.
            self.private_key(PrivateKeyKind::PemPrivateKey, label, location);
            return true;
        }
        let undecodable = |what: &str| {
            format!(
                "`-----BEGIN {label}-----` armour whose {what} does not decode (its Base64 is cut short or damaged)"
            )
        };
        match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => match &block.der {
                Some(der) => {
                    // `TRUSTED CERTIFICATE` (openssl) appends trust settings after the DER.
                    let der = match label {
                        "TRUSTED CERTIFICATE" => first_element(der).unwrap_or(der),
                        _ => der,
                    };
                    if !self.certificate(der, CertificateEncoding::Pem, &location) {
                        let (kind, problem) = der_problem(der);
                        self.not_certificate(
                            kind,
                            format!("`-----BEGIN {label}-----` armour whose DER does not decode: {problem}"),
                            location,
                        );
                    }
                }
                None => self.not_certificate(
                    NotCertificateKind::Truncated,
                    undecodable("certificate"),
                    location,
                ),
            },
            "PKCS7" | "CERTIFICATE CHAIN" => {
                let ok = block.der.as_deref().is_some_and(|der| {
                    container::pkcs7_certificates(der).is_some()
                        && self.der(der, CertificateEncoding::Pkcs7, location.clone())
                });
                if !ok {
                    self.not_certificate(
                        NotCertificateKind::Truncated,
                        undecodable("PKCS#7 bundle"),
                        location,
                    );
                }
            }
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => self.not_certificate(
                NotCertificateKind::SigningRequest,
                format!(
                    "`-----BEGIN {label}-----` armour; the CA has not issued a certificate from it yet"
                ),
                location,
            ),
            "X509 CRL" | "PUBLIC KEY" | "RSA PUBLIC KEY" if self.named => {
                let (kind, detail) = match block.der.as_deref().and_then(other_objects::recognise)
                {
                    Some(recognised) => recognised,
                    None if label == "X509 CRL" => (
                        NotCertificateKind::RevocationList,
                        "`-----BEGIN X509 CRL-----` armour whose DER does not decode".to_string(),
                    ),
                    None => (
                        NotCertificateKind::PublicKey,
                        format!("`-----BEGIN {label}-----` armour"),
                    ),
                };
                self.not_certificate(kind, detail, location);
            }
            _ => return false,
        }
        true
    }
}

/// What is wrong with DER that should be a certificate, as strict decoding says: cut short
/// (`Truncated`) or otherwise not DER (`Malformed`: BER, bad lengths, missing fields).
fn der_problem(der: &[u8]) -> (NotCertificateKind, String) {
    match strict::check(der) {
        Err(problem) if problem.starts_with("cut short") => {
            (NotCertificateKind::Truncated, problem)
        }
        Err(problem) => (NotCertificateKind::Malformed, problem),
        Ok(()) => (
            NotCertificateKind::Malformed,
            "a certificate x509-parser cannot read".to_string(),
        ),
    }
}

/// The first DER element of `der` (header and contents), when its length fits.
fn first_element(der: &[u8]) -> Option<&[u8]> {
    let (rest, _) = x509_parser::asn1_rs::Any::from_der(der).ok()?;
    der.get(..der.len() - rest.len())
}

/// Why a certificate-named file yielded nothing: it starts like certificate material (DER
/// sequence, armour, Base64 of DER) but does not decode, or it is something else entirely.
fn unusable(bytes: &[u8]) -> (NotCertificateKind, String) {
    if bytes.is_empty() {
        return (NotCertificateKind::Garbage, "an empty file".to_string());
    }
    if looks_like_der(bytes) {
        let (kind, problem) = der_problem(bytes);
        return (
            kind,
            format!("{problem} ({} bytes of binary DER)", bytes.len()),
        );
    }
    let text = as_text(bytes).unwrap_or_default();
    let trimmed = text.trim_start();
    if trimmed.starts_with("-----BEGIN") {
        return (
            NotCertificateKind::Truncated,
            "armour that does not decode (cut short or damaged)".to_string(),
        );
    }
    if trimmed.starts_with("MII") && armour::is_bare_base64(&text) {
        return (
            NotCertificateKind::Truncated,
            "Base64 that starts like a certificate but does not decode (cut short or damaged)"
                .to_string(),
        );
    }
    let detail = if text.is_empty() {
        format!("{} bytes of binary data that is not DER", bytes.len())
    } else {
        "text that is neither PEM armour nor Base64 of a certificate".to_string()
    };
    (NotCertificateKind::Garbage, detail)
}

#[cfg(test)]
mod tests;
