//! A key credential's bytes as the certificate they are. Wherever the evidence holds a key whole
//! (a CLIXML `BA`, a Graph byte array printed in full, MSOnline's Base64 `Value`, an export's
//! number list or Base64 string), it is parsed with the certificate loader's own code, so rules
//! compare the real certificate's thumbprint and dates instead of credential strings. Keys
//! uploaded as the ASCII bytes of the Base64 text (Microsoft's published Graph procedure) or as
//! a PEM file's bytes are read through that text. Anything else is no certificate, and other
//! rules say what it is.

use crate::evidence::certificate::{armour, certificate_in};
use crate::model::{CertificateEncoding, Configuration, FactSource, Model};

/// Gives every credential whose value is a certificate its `certificate`.
pub fn attach(cfg: &mut Configuration, model: &Model) {
    for credential in cfg
        .service_principals
        .iter_mut()
        .flat_map(|sp| sp.credentials.iter_mut())
    {
        let Some(value) = credential.value.as_deref() else {
            continue;
        };
        let file = match credential.source {
            FactSource::Command(i) => model.commands.get(i).map(|c| c.file),
            FactSource::Record(i) => model.records.get(i).map(|r| r.file),
            FactSource::MethodCall(i) => model.method_calls.get(i).map(|m| m.file),
            FactSource::Assignment | FactSource::Expected => None,
        };
        let Some(file) = file else { continue };
        credential.certificate = read(value).and_then(|(der, encoding)| {
            certificate_in(&der, encoding, credential.location.clone(), file)
        });
    }
}

/// The DER a credential value (Base64 of the key's bytes) holds, and how the key stored it.
fn read(value: &str) -> Option<(Vec<u8>, CertificateEncoding)> {
    let bytes = armour::decode_base64(value)?;
    if bytes.first() == Some(&0x30) {
        return Some((bytes, CertificateEncoding::Der));
    }
    // The key's bytes are text: Base64 of the DER, or a PEM file.
    let text = std::str::from_utf8(&bytes).ok()?;
    if text.contains("-----BEGIN CERTIFICATE-----") {
        let block = armour::blocks(text).find(|b| b.label == "CERTIFICATE")?;
        return Some((block.der?, CertificateEncoding::Pem));
    }
    let der = armour::decode_base64(text)?;
    (der.first() == Some(&0x30)).then_some((der, CertificateEncoding::Base64))
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;

    const DER_BASE64: &str = include_str!("../../fixtures/clean-graph/LyncOAuth.cer");

    fn der() -> Vec<u8> {
        let body: String = DER_BASE64
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        armour::decode_base64(&body).expect("the fixture is Base64")
    }

    #[test]
    fn keys_in_every_published_form_are_the_certificate() {
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let der = der();
        let body = b64(&der);
        for (value, encoding) in [
            (body.clone(), CertificateEncoding::Der),
            (b64(body.as_bytes()), CertificateEncoding::Base64),
            (b64(DER_BASE64.as_bytes()), CertificateEncoding::Pem),
        ] {
            let (read_der, read_encoding) = read(&value).expect("a certificate");
            assert_eq!(read_der, der);
            assert_eq!(read_encoding, encoding);
        }
        assert_eq!(read("$credValue"), None);
        assert_eq!(read(&b64(b"not a certificate")), None);
    }
}
