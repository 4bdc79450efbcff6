//! `cert/private-key-present`: PKCS#12 bundles or PEM private keys among the evidence. Only the
//! public certificate is ever uploaded; the key must stay on the SfB server.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{basename, export_public};
use crate::model::{Location, MAX_PER_FILE, Model, PrivateKeyKind};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificate_files(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for key in &model.private_keys {
        hits.push({
            let name = basename(&key.location.path);
            let what = match key.kind {
                PrivateKeyKind::Pkcs12 => "a PKCS#12 bundle (certificate with its private key)".to_string(),
                PrivateKeyKind::PemPrivateKey => format!("a `{}` block", key.label),
            };
            let public = {
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                format!("{stem}.cer")
            };
            Hit::new(
                format!(
                    "`{name}` holds private key material, {what}; expected only the public certificate (`{public}`, \"Base-64 encoded X.509 (.CER)\", no private key)"
                ),
                Some(key.location.clone()),
                Some(format!(
                    "Remove-Item -LiteralPath {}\n{}",
                    crate::ps_quote::literal(name),
                    export_public(model, &public)
                )),
            )
        });
        if key.more_in_file > 0 {
            hits.push(Hit::new(
                format!(
                    "`{}` holds {} more private keys, not listed (only the first {MAX_PER_FILE} are)",
                    basename(&key.location.path),
                    key.more_in_file
                ),
                Some(Location::file(&key.location.path)),
                None,
            ));
        }
    }
    hits
}
