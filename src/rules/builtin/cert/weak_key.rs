//! `cert/weak-key`: an RSA key below 2048 bits; the SfB documentation requires at least 2048 for
//! the OAuthTokenIssuer certificate.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{describe, judged_for_lifetime, replace_any};
use crate::rules::builtin::certificate_cap::per_file;
use crate::model::{Model, PublicKeyInfo};
use crate::rules::Hit;
use crate::rules::template::Context;

/// The documented minimum RSA key size for the OAuthTokenIssuer certificate.
pub(crate) const MIN_RSA_BITS: u32 = 2048;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let weak = judged_for_lifetime(model)
        .filter(|c| matches!(c.public_key, PublicKeyInfo::Rsa { bits } if bits < MIN_RSA_BITS));
    per_file(
        weak,
        &format!("have an RSA key under {MIN_RSA_BITS} bits"),
        |c| {
            let bits = match c.public_key {
                PublicKeyInfo::Rsa { bits } => bits,
                _ => 0,
            };
            Hit::new(
                format!(
                    "{} has a {bits}-bit RSA key; expected at least {MIN_RSA_BITS} bits",
                    describe(c)
                ),
                Some(c.location.clone()),
                Some(replace_any(model, ctx.cmdlets, c, None)),
            )
        },
    )
}
