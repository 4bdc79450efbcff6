//! `cert/weak-signature`: a certificate signed with MD5 or SHA-1. The SfB docs do not state a
//! hash requirement, so this is a warning: such signatures are forgeable or being retired, and
//! modern CAs and Exchange's own auth certificate use SHA-256.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{describe, judged_for_lifetime, replace_any};
use crate::rules::builtin::certificate_cap::per_file;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

const WEAK: &[&str] = &["MD2", "MD4", "MD5", "SHA-1"];

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let weak = judged_for_lifetime(model).filter(|c| {
        c.signature_hash
            .as_deref()
            .is_some_and(|h| WEAK.contains(&h))
    });
    per_file(weak, "are signed with MD5 or SHA-1", |c| {
        Hit::new(
            format!(
                "{} is signed with {} ({}); expected SHA-256 or stronger (sha256WithRSAEncryption)",
                describe(c),
                c.signature_hash.as_deref().unwrap_or_default(),
                c.signature_algorithm
            ),
            Some(c.location.clone()),
            Some(replace_any(model, ctx.cmdlets, c, None)),
        )
    })
}
