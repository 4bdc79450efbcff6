//! PKI objects that are not certificates but travel with them: certificate revocation lists, bare
//! public keys and OCSP responses. Recognised strictly (a CRL or key must decode as DER), so they
//! can be named for what they are instead of reported as damaged certificates.

use x509_cert::certificate::Raw;
use x509_cert::crl::CertificateList;
use x509_cert::der::Decode;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_parser::asn1_rs::{Any, Class, FromBer, Tag};

use crate::model::NotCertificateKind;

/// The OCSP response types (`id-pkix-ocsp-basic` and its siblings) live under this arc.
const OCSP_ARC: &str = "1.3.6.1.5.5.7.48.1.";

/// What `der` is, with a detail for the finding, or `None` when it is none of these.
pub(super) fn recognise(der: &[u8]) -> Option<(NotCertificateKind, String)> {
    if let Ok(crl) = CertificateList::<Raw>::from_der(der) {
        let revoked = crl
            .tbs_cert_list
            .revoked_certificates
            .as_ref()
            .map_or(0, Vec::len);
        return Some((
            NotCertificateKind::RevocationList,
            format!(
                "issued by `{}`, listing {revoked} revoked certificate(s)",
                crl.tbs_cert_list.issuer
            ),
        ));
    }
    if let Ok(spki) = SubjectPublicKeyInfoOwned::from_der(der) {
        return Some((
            NotCertificateKind::PublicKey,
            format!(
                "algorithm {}, without the certificate around it",
                super::describe::oid_name(&spki.algorithm.oid.to_string())
            ),
        ));
    }
    if let Some(status) = ocsp_response_status(der) {
        return Some((
            NotCertificateKind::OcspResponse,
            format!("response status {status}"),
        ));
    }
    None
}

/// `OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT
/// SEQUENCE { responseType OID, response OCTET STRING } OPTIONAL }` (RFC 6960), nothing after.
fn ocsp_response_status(der: &[u8]) -> Option<&'static str> {
    let (rest, outer) = Any::from_ber(der).ok()?;
    if !rest.is_empty() || outer.header.tag() != Tag::Sequence {
        return None;
    }
    let (after_status, status) = Any::from_ber(outer.data).ok()?;
    if status.header.tag() != Tag::Enumerated || status.data.len() != 1 {
        return None;
    }
    let name = match status.data[0] {
        0 => "successful",
        1 => "malformedRequest",
        2 => "internalError",
        3 => "tryLater",
        5 => "sigRequired",
        6 => "unauthorized",
        _ => return None,
    };
    if after_status.is_empty() {
        return Some(name);
    }
    let (tail, bytes) = Any::from_ber(after_status).ok()?;
    if !tail.is_empty()
        || bytes.header.class() != Class::ContextSpecific
        || bytes.header.tag().0 != 0
    {
        return None;
    }
    let (_, inner) = Any::from_ber(bytes.data).ok()?;
    let (_, oid) = Any::from_ber(inner.data).ok()?;
    let oid = oid.as_oid().ok()?.to_id_string();
    oid.starts_with(OCSP_ARC).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocsp_error_response_is_recognised() {
        // SEQUENCE { ENUMERATED 3 (tryLater) }
        let der = [0x30, 0x03, 0x0a, 0x01, 0x03];
        assert_eq!(
            recognise(&der).map(|(k, _)| k),
            Some(NotCertificateKind::OcspResponse)
        );
        // An unknown status, or anything after the status but response bytes, is not one.
        assert_eq!(recognise(&[0x30, 0x03, 0x0a, 0x01, 0x04]), None);
        assert_eq!(
            recognise(&[0x30, 0x06, 0x0a, 0x01, 0x00, 0x02, 0x01, 0x00]),
            None
        );
    }
}
