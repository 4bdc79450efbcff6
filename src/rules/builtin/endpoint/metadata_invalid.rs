//! `endpoint/metadata-invalid`: a metadata URL answered 200, but not with an OAuth metadata
//! document (an HTML page, other JSON, no signing certificate, a body over the size cap) or
//! with the wrong content type. The reader (ACS, Exchange, New-CsPartnerApplication) rejects it.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::{endpoint_role, is_metadata};
use crate::findings::Severity;
use crate::model::{MetadataParse, Model};
use crate::recording::HttpsOutcome;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for e in model.probes.endpoints.iter().filter(|e| is_metadata(e)) {
        let o = &e.observation;
        if o.outcome != HttpsOutcome::Response || !o.status.is_some_and(|s| (200..300).contains(&s))
        {
            continue;
        }
        let content_type = o
            .headers
            .get("content-type")
            .map(String::as_str)
            .unwrap_or("");
        let json_type = content_type.to_ascii_lowercase().contains("json");
        let fix = Some(format!(
            "Open `{}` in a browser: it must return the JSON metadata document (`keys` with the signing certificate, `endpoints`). Check the reverse proxy publishes the pool's /metadata/json/1 unchanged.",
            o.url
        ));
        let problem = if o.body_truncated {
            Some(format!(
                "the body is larger than the {} KiB hybridlint reads; no metadata document is that large",
                crate::domain::limits::MAX_BODY_BYTES / 1024
            ))
        } else {
            match &e.metadata {
                None => Some("no body was read".to_string()),
                Some(MetadataParse::NotJson { detail }) => Some(detail.clone()),
                Some(MetadataParse::NotMetadata { detail }) => Some(detail.clone()),
                Some(MetadataParse::Document(doc)) => {
                    let signing: Vec<_> = doc
                        .keys
                        .iter()
                        .filter(|k| {
                            k.usage
                                .as_deref()
                                .is_none_or(|u| u.eq_ignore_ascii_case("signing"))
                        })
                        .collect();
                    if signing.iter().any(|k| k.thumbprint.is_some()) {
                        None
                    } else if let Some(p) = signing.iter().find_map(|k| k.problem.clone()) {
                        Some(format!("its signing key is unusable: {p}"))
                    } else {
                        Some("it publishes no signing certificate".to_string())
                    }
                }
            }
        };
        match problem {
            Some(p) => {
                let typed = if content_type.is_empty() {
                    String::new()
                } else {
                    format!(" (Content-Type `{content_type}`)")
                };
                hits.push(Hit::new(
                    format!(
                        "{} `{}` is not a valid metadata document{typed}: {p}",
                        endpoint_role(e),
                        o.url
                    ),
                    Some(e.location.clone()),
                    fix,
                ));
            }
            None if !json_type => hits.push(
                Hit::new(
                    format!(
                        "{} `{}` is served as `{}`, not JSON; strict readers refuse it",
                        endpoint_role(e),
                        o.url,
                        if content_type.is_empty() {
                            "(no Content-Type)"
                        } else {
                            content_type
                        }
                    ),
                    Some(e.location.clone()),
                    fix,
                )
                .with_severity(Severity::Warning),
            ),
            None => {}
        }
    }
    hits
}
