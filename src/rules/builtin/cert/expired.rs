//! `cert/expired`: a certificate whose NotAfter is before `--now`. Tokens signed with it are
//! rejected, and a credential made from it cannot outlive it.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::cert_common::{date, describe, judged_for_lifetime, replace_any};
use crate::rules::builtin::certificate_cap::per_file;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let expired = judged_for_lifetime(model).filter(|c| c.not_after < model.now);
    // The same instant in every message: written once.
    let now = date(model.now);
    per_file(expired, "have expired", |c| {
        Hit::new(
            format!(
                "{} expired on {}; expected a NotAfter later than {} (now)",
                describe(c),
                date(c.not_after),
                now
            ),
            Some(c.location.clone()),
            Some(replace_any(model, ctx.cmdlets, c, None)),
        )
    })
}
