//! `cert/thumbprint-mismatch`: the certificates in play disagree. Three sources can name the
//! OAuth certificate: the SfB assignment (`Get-CsCertificate -Type OAuthTokenIssuer`), the
//! exported certificate files, and the credential values uploaded to (or shown on) the service
//! principals. Exchange Online only trusts tokens signed by a certificate among the principal's
//! credentials, so two sources with no thumbprint in common mean the wrong certificate was
//! exported or uploaded. Sources that share any thumbprint agree (a roll legitimately shows two).

use base64::Engine as _;
use sha1::{Digest, Sha1};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::cert_common::{basename, export_public, judged, normalise_thumbprint, upload};
use crate::model::{Location, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

/// One thumbprint and where it came from, for the message.
struct Seen {
    thumbprint: String,
    origin: String,
    location: Location,
}

#[derive(Clone, Copy)]
enum Source {
    Assigned,
    Files,
    Credentials,
}

pub fn check(model: &Model, _options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let cfg = &model.configuration;
    let assigned: Vec<Seen> = cfg
        .oauth_certificate_thumbprints
        .iter()
        .map(|f| Seen {
            thumbprint: normalise_thumbprint(&f.value),
            origin: format!(
                "the OAuthTokenIssuer certificate assigned in SfB ({}:{})",
                f.location.path, f.location.line
            ),
            location: f.location.clone(),
        })
        .filter(|s| s.thumbprint.len() == 40)
        .collect();
    let files: Vec<Seen> = judged(model)
        .map(|c| Seen {
            thumbprint: c.thumbprint.clone(),
            origin: format!("the certificate file `{}`", basename(&c.location.path)),
            location: c.location.clone(),
        })
        .collect();
    let credentials: Vec<Seen> = cfg
        .service_principals
        .iter()
        .flat_map(|sp| sp.credentials.iter().map(move |c| (sp, c)))
        .filter_map(|(sp, c)| {
            let thumbprint = credential_thumbprint(c.value.as_deref()?)?;
            Some(Seen {
                thumbprint,
                origin: format!(
                    "the credential value on {} ({} at {}:{})",
                    sp.app_id, c.cmdlet, c.location.path, c.location.line
                ),
                location: c.location.clone(),
            })
        })
        .collect();
    let sources = [
        (Source::Assigned, &assigned),
        (Source::Files, &files),
        (Source::Credentials, &credentials),
    ];
    let mut hits = Vec::new();
    for (i, (expected_kind, expected)) in sources.iter().enumerate() {
        for (actual_kind, actual) in &sources[i + 1..] {
            if expected.is_empty() || actual.is_empty() {
                continue;
            }
            let shared = expected
                .iter()
                .any(|e| actual.iter().any(|a| a.thumbprint == e.thumbprint));
            if shared {
                continue;
            }
            let (e, a) = (&expected[0], &actual[0]);
            let fix = match (expected_kind, actual_kind) {
                (_, Source::Credentials) => format!(
                    "$cert = Get-Item -LiteralPath {}\n{}",
                    crate::ps_quote::literal(&format!("Cert:\\LocalMachine\\My\\{}", e.thumbprint)),
                    upload(ctx.cmdlets, "$cert")
                ),
                _ => export_public(model, &export_target(model, a)),
            };
            hits.push(Hit::new(
                format!(
                    "{} has thumbprint {}, but {} has thumbprint {}; expected {}",
                    e.origin, e.thumbprint, a.origin, a.thumbprint, e.thumbprint
                ),
                Some(a.location.clone()),
                Some(fix),
            ));
        }
    }
    hits
}

/// The path to export the right certificate to: the evidence's own export path if any.
fn export_target(model: &Model, seen: &Seen) -> String {
    model
        .configuration
        .certificate_exports
        .first()
        .map(|f| f.value.clone())
        .unwrap_or_else(|| basename(&seen.location.path).to_string())
}

/// SHA-1 of the DER a credential value encodes, or `None` when the value is not Base64 of a
/// certificate (that is another rule's finding, not a mismatch).
pub(super) fn credential_thumbprint(value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()?;
    X509Certificate::from_der(&der).ok()?;
    Some(hex::encode_upper(Sha1::digest(&der)))
}

#[cfg(test)]
mod tests {
    use super::credential_thumbprint;

    #[test]
    fn undecodable_values_are_ignored() {
        assert_eq!(credential_thumbprint("$credentialsValue"), None);
        assert_eq!(credential_thumbprint("-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(credential_thumbprint("AQID"), None);
    }
}
