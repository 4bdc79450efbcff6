//! `tenant/credential-not-asymmetric`: a credential uploaded without `-Type Asymmetric` (MSOnline's
//! default is symmetric: a shared secret, not the certificate) or with usage other than Verify.
//! ACS then has no public key to verify Lync's signed tokens with.

use crate::rules::applies::{self, Applies};
use crate::model::{FactSource, Model};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::credentials(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for sp in &model.configuration.service_principals {
        for c in &sp.credentials {
            let msonline = c
                .cmdlet
                .eq_ignore_ascii_case("New-MsolServicePrincipalCredential");
            let from_command = matches!(c.source, FactSource::Command(_));
            let fix = Some(paste::upload_credential(
                ctx.cmdlets,
                &sp.app_id,
                &ctx.cert_path,
            ));
            let unknown = |f: &str| c.unknown_fields.iter().any(|u| u == f);
            match &c.key_type {
                // A type only run time knows is never called wrong.
                _ if unknown("type") => {}
                None if msonline && from_command => hits.push(Hit::new(
                    format!("the credential for `{}` has no -Type: New-MsolServicePrincipalCredential then creates a symmetric key, not a certificate credential", sp.app_id),
                    Some(c.location.clone()),
                    fix.clone(),
                )),
                Some(t) if !t.to_ascii_lowercase().starts_with("asymmetric") => hits.push(Hit::new(
                    format!("the credential for `{}` has type `{t}`; a certificate credential must be Asymmetric (AsymmetricX509Cert in Graph)", sp.app_id),
                    Some(c.location.clone()),
                    fix.clone(),
                )),
                _ => {}
            }
            if let Some(u) = &c.usage
                && !unknown("usage")
                && !u.eq_ignore_ascii_case("Verify")
            {
                hits.push(Hit::new(
                        format!("the credential for `{}` has usage `{u}`; it must be Verify (ACS verifies Lync's signatures with it)", sp.app_id),
                        Some(c.location.clone()),
                        fix,
                    ));
            }
        }
    }
    hits
}
