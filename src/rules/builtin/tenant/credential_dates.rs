//! `tenant/credential-dates`: the credential's dates do not match the certificate. An EndDate after
//! the certificate's NotAfter (or a StartDate before NotBefore) makes the upload fail with
//! "Invalid value for parameter. Parameter name: Credential.EndDate."; no EndDate at all makes
//! MSOnline's default of one year apply, so the integration breaks silently a year later while the
//! certificate is still valid; an expired credential has already broken it.

use crate::rules::applies::{self, Applies};
use time::{Duration, OffsetDateTime};

use crate::domain::dates;
use crate::findings::Severity;
use crate::model::{Certificate, Credential, FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// The certificate a credential stands for, read from its key's bytes: the certificate file
/// holding the same certificate, or the key's own certificate when it is the one SfB has
/// assigned. A key that is another certificate is compared with none: its dates are that
/// certificate's business, and `cert/thumbprint-mismatch` reports the difference. A key whose
/// bytes the evidence does not hold stands for the only certificate file, if there is one.
fn certificate_for<'a>(c: &'a Credential, model: &'a Model) -> Option<&'a Certificate> {
    let exchange = |k: &Certificate| crate::rules::builtin::cert_common::is_exchange_auth_certificate(model, k);
    if let Some(key) = &c.certificate {
        if let Some(file) = model
            .certificates
            .iter()
            .find(|k| k.thumbprint == key.thumbprint)
        {
            return Some(file);
        }
        let assigned = model
            .configuration
            .oauth_certificate_thumbprints
            .iter()
            .any(|f| crate::rules::builtin::cert_common::normalise_thumbprint(&f.value) == key.thumbprint);
        return assigned.then_some(key);
    }
    let mut files = model.certificates.iter().filter(|k| !exchange(k));
    match (files.next(), files.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn day(d: OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::credentials(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for sp in &model.configuration.service_principals {
        let fix = Some(paste::upload_credential(
            ctx.cmdlets,
            &sp.app_id,
            &ctx.cert_path,
        ));
        // A key that is Exchange's auth certificate is Exchange hybrid's to judge.
        for c in sp.credentials.iter().filter(|c| {
            c.outcome != Outcome::Failed
                && !c
                    .certificate
                    .as_ref()
                    .is_some_and(|k| crate::rules::builtin::cert_common::is_exchange_auth_certificate(model, k))
        }) {
            // `-EndDate (Get-Date).AddDays(364)`: a date from the day of the upload, not from the
            // certificate, so the credential and the certificate end apart.
            if !matches!(c.source, FactSource::Record(_))
                && let Some(f) = &c.end_date
                && f.form.as_deref() == Some("date-from-today")
            {
                let text = c
                    .end_date
                    .as_ref()
                    .map(|f| f.value.clone())
                    .unwrap_or_default();
                hits.push(Hit::new(
                    format!("the credential on `{}` ends on a date computed from the day of the upload (`{text}`), not from the certificate: it expires apart from the certificate, and the integration breaks when the first of the two ends", sp.app_id),
                    Some(f.location.clone()),
                    fix.clone(),
                ));
                continue;
            }
            let cert = certificate_for(c, model);
            let start = c.start_date.as_ref().and_then(|f| dates::parse(&f.value));
            let end = c.end_date.as_ref().and_then(|f| dates::parse(&f.value));
            let shown = matches!(c.source, FactSource::Record(_));
            let legacy = c.cmdlet.to_ascii_lowercase().contains("msol")
                || c.cmdlet.to_ascii_lowercase().contains("azuread");
            if let Some(e) = end
                && e < model.now
            {
                hits.push(
                        Hit::new(format!("the credential on `{}` expired on {}; tokens signed with it are no longer accepted", sp.app_id, day(e)), Some(c.location.clone()), fix.clone())
                            .with_severity(Severity::Error),
                    );
                continue;
            }
            let Some(cert) = cert else {
                if end.is_none() && !shown && legacy && c.end_date.is_none() {
                    hits.push(Hit::new(
                        format!("the credential on `{}` has no -EndDate: it expires one year after the upload, whatever the certificate's validity", sp.app_id),
                        Some(c.location.clone()),
                        fix.clone(),
                    ));
                }
                continue;
            };
            if let Some(e) = end {
                if e > cert.not_after + Duration::days(1) {
                    let failed = if shown {
                        ""
                    } else {
                        ": the upload fails with \"Invalid value for parameter. Parameter name: Credential.EndDate.\""
                    };
                    hits.push(
                        Hit::new(format!("the credential on `{}` ends {}, after the certificate's NotAfter {}{failed}", sp.app_id, day(e), day(cert.not_after)), Some(c.location.clone()), fix.clone())
                            .with_severity(Severity::Error),
                    );
                } else if e + Duration::days(30) < cert.not_after {
                    hits.push(Hit::new(
                        format!("the credential on `{}` ends {}, {} days before the certificate (NotAfter {}): the integration breaks then while Lync still signs with this certificate", sp.app_id, day(e), (cert.not_after - e).whole_days(), day(cert.not_after)),
                        Some(c.location.clone()),
                        fix.clone(),
                    ));
                }
            } else if !shown
                && legacy
                && c.end_date.is_none()
                && cert.not_after > model.now + Duration::days(366)
            {
                hits.push(Hit::new(
                    format!("the credential on `{}` has no -EndDate: MSOnline's default ends it one year after the upload, while the certificate is valid until {}", sp.app_id, day(cert.not_after)),
                    Some(c.location.clone()),
                    fix.clone(),
                ));
            }
            if let Some(s) = start
                && s + Duration::days(1) < cert.not_before
            {
                hits.push(
                        Hit::new(format!("the credential on `{}` starts {}, before the certificate's NotBefore {}: no token is issued for it", sp.app_id, day(s), day(cert.not_before)), Some(c.location.clone()), fix.clone())
                            .with_severity(Severity::Error),
                    );
            }
        }
    }
    hits
}
