//! `cert/thumbprint-mismatch`: the certificates in play disagree. Three sources can name the
//! OAuth certificate: the SfB assignment (`Get-CsCertificate -Type OAuthTokenIssuer`), the
//! exported certificate files, and the key credentials uploaded to (or shown on) the service
//! principals, each read as the certificate its bytes are. Exchange Online only trusts tokens
//! signed by a certificate among the principal's credentials, so sources with no thumbprint in
//! common mean the wrong certificate was exported or uploaded. Sources that share any thumbprint
//! agree (a roll legitimately shows two).
//!
//! One root cause, one finding: what on premises signs with is the assignment, else the
//! exported files; credentials are compared with that once (not with each source), and a wrong
//! export that was then uploaded is one finding about the upload. The Exchange auth certificate
//! (named by `Get-AuthConfig`, or by its default subject) is another integration's certificate:
//! a file or a key holding it is not compared here.

use crate::rules::builtin::cert_common::{
    basename, export_public, is_exchange_auth_certificate, judged, normalise_thumbprint, upload,
};
use crate::model::{Certificate, Location, Model};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::template::Context;

/// One thumbprint and where it came from, for the message.
struct Seen {
    thumbprint: String,
    origin: String,
    location: Location,
}

/// Whether two groups of sources name a certificate in common.
fn share(a: &[Seen], b: &[Seen]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| y.thumbprint == x.thumbprint))
}

/// Whether the evidence names the OAuth certificate in two places to compare (the assignment and
/// a file, or either of them and a credential).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    let cfg = &model.configuration;
    let assigned = !cfg.oauth_certificate_thumbprints.is_empty();
    let files = judged(model).next().is_some();
    let credentials = cfg
        .service_principals
        .iter()
        .any(|sp| !sp.credentials.is_empty());
    Applies::when(
        (assigned && files) || ((assigned || files) && credentials),
        || {
            "the evidence names the OAuth certificate in fewer than two places (its assignment, a file, a credential): nothing to compare".to_string()
        },
    )
}

pub(crate) fn check(model: &Model, _options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let cfg = &model.configuration;
    let assigned: Vec<Seen> = cfg
        .oauth_certificate_thumbprints
        .iter()
        .map(|f| Seen {
            thumbprint: normalise_thumbprint(&f.value),
            origin: "the OAuthTokenIssuer certificate assigned in SfB".to_string(),
            location: f.location.clone(),
        })
        .filter(|s| s.thumbprint.len() == 40)
        .collect();
    let exchange_owns = |c: &Certificate| is_exchange_auth_certificate(model, c);
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
            let key = c.certificate.as_ref().filter(|k| !exchange_owns(k))?;
            Some(Seen {
                thumbprint: key.thumbprint.clone(),
                origin: format!("the credential on {} ({})", sp.app_id, c.cmdlet),
                location: c.location.clone(),
            })
        })
        .collect();
    let mut hits = Vec::new();
    let wrong_export = !assigned.is_empty() && !files.is_empty() && !share(&assigned, &files);
    if wrong_export && !share(&files, &credentials) {
        let (e, a) = (&assigned[0], &files[0]);
        hits.push(Hit::new(
            format!(
                "{} has thumbprint {}, but {} has thumbprint {}; expected {}",
                e.origin, e.thumbprint, a.origin, a.thumbprint, e.thumbprint
            ),
            Some(a.location.clone()),
            Some(export_public(model, &export_target(model, a))),
        )
        .with_related(e.location.clone(), e.origin.as_str()));
    }
    // What on premises signs with: the assignment, else the exported files.
    let truth: &[Seen] = if assigned.is_empty() {
        &files
    } else {
        &assigned
    };
    if truth.is_empty() || credentials.is_empty() || share(truth, &credentials) {
        return hits;
    }
    // A wrong export that was uploaded: point at that upload, and say where it came from.
    let uploaded = files.iter().find_map(|f| {
        credentials
            .iter()
            .find(|c| wrong_export && c.thumbprint == f.thumbprint)
            .map(|c| (c, f))
    });
    let (e, a) = (&truth[0], uploaded.map_or(&credentials[0], |(c, _)| c));
    // The exported files agree with the assignment: name both, so the message says all the
    // evidence shows on premises.
    let agreeing_file = files
        .iter()
        .find(|f| f.thumbprint == e.thumbprint)
        .filter(|_| !assigned.is_empty());
    let origin = match agreeing_file {
        Some(f) => format!("{} and {} have", e.origin, f.origin),
        None => format!("{} has", e.origin),
    };
    let uploaded_export = uploaded
        .map(|(_, f)| format!(", the same as {}", f.origin))
        .unwrap_or_default();
    // Each source the message names, beside the credential it points at.
    let mut related: Vec<&Seen> = vec![e];
    related.extend(agreeing_file);
    related.extend(uploaded.map(|(_, f)| f));
    let hit = Hit::new(
        format!(
            "{origin} thumbprint {}, but {} has thumbprint {}{uploaded_export}; expected {}",
            e.thumbprint, a.origin, a.thumbprint, e.thumbprint
        ),
        Some(a.location.clone()),
        Some(format!(
            "$cert = Get-Item -LiteralPath {}\n{}",
            crate::ps_quote::literal(&format!("Cert:\\LocalMachine\\My\\{}", e.thumbprint)),
            upload(ctx.cmdlets, "$cert")
        )),
    );
    hits.push(
        related
            .into_iter()
            .fold(hit, |hit, s| hit.with_related(s.location.clone(), s.origin.as_str())),
    );
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
