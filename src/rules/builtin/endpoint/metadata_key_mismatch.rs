//! `endpoint/metadata-key-mismatch`: the pool's metadata document publishes a signing
//! certificate that is neither the exported OAuth certificate nor any credential uploaded to
//! the service principals. Exchange Online validates the pool's tokens against the credentials,
//! and partners read the key from this document: after a certificate roll one of them is stale.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{basename, judged, normalise_thumbprint};
use crate::model::{Location, Model};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    // What the rest of the evidence says the OAuth certificate is.
    // (thumbprint, what names it, where)
    let mut known: Vec<(String, String, Location)> = judged(model)
        .map(|c| {
            (
                c.thumbprint.clone(),
                format!("the certificate file `{}`", basename(&c.location.path)),
                c.location.clone(),
            )
        })
        .collect();
    known.extend(
        model
            .configuration
            .oauth_certificate_thumbprints
            .iter()
            .map(|f| {
                (
                    normalise_thumbprint(&f.value),
                    "the OAuthTokenIssuer certificate assigned in SfB".to_string(),
                    f.location.clone(),
                )
            }),
    );
    for sp in &model.configuration.service_principals {
        for c in &sp.credentials {
            if let Some(k) = &c.certificate {
                known.push((
                    k.thumbprint.clone(),
                    format!("the credential on `{}` ({})", sp.app_id, c.cmdlet),
                    c.location.clone(),
                ));
            }
        }
    }
    if known.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (e, doc) in crate::rules::builtin::probe_common::pool_documents(model) {
        let published: Vec<&str> = doc
            .keys
            .iter()
            .filter_map(|k| k.thumbprint.as_deref())
            .collect();
        if published.is_empty() || published.iter().any(|p| known.iter().any(|(k, _, _)| k == p)) {
            continue;
        }
        let mut sources: Vec<String> = known.iter().map(|(t, s, _)| format!("{s} has {t}")).collect();
        sources.dedup();
        let hit = Hit::new(
            format!(
                "`{}` publishes the signing certificate {}, which matches none of the OAuth certificates in the evidence: {}",
                e.observation.url,
                published.join(", "),
                sources.join("; ")
            ),
            Some(e.location.clone()),
            Some(
                "Make one certificate the OAuthTokenIssuer everywhere: assign it with `Set-CsCertificate -Type OAuthTokenIssuer`, wait for replication (or restart the pool's web services) so /metadata/json/1 publishes it, and upload the same certificate as the credential of both service principals.".to_string(),
            ),
        );
        // Each certificate the evidence names, where it names it (once per place).
        let mut places: Vec<&Location> = Vec::new();
        let hit = known.iter().fold(hit, |hit, (t, s, l)| {
            if places.contains(&l) {
                return hit;
            }
            places.push(l);
            hit.with_related(l.clone(), format!("{s} has {t}"))
        });
        hits.push(hit);
    }
    hits
}
