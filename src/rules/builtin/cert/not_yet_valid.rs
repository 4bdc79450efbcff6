//! `cert/not-yet-valid`: a certificate whose NotBefore is after `--now`. Until then tokens it
//! signs are rejected and a credential with an earlier StartDate is refused.

use crate::rules::applies::{self, Applies};
use time::Duration;

use crate::rules::builtin::cert_common::{date, describe, judged_for_lifetime, ps_date};
use crate::rules::builtin::certificate_cap::per_file;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, _options: &toml::Table, _ctx: &Context) -> Vec<Hit> {
    let later = judged_for_lifetime(model).filter(|c| c.not_before > model.now);
    // The same instant in every message: written once.
    let now = date(model.now);
    per_file(later, "are not valid yet", |c| {
        // Stage it to take effect a day after it becomes valid, so the switch never lands
        // before NotBefore whatever the servers' time zones.
        let effective = c.not_before + Duration::days(1);
        Hit::new(
            format!(
                "{} is not valid until {}; expected a NotBefore on or before {} (now); until then use it only as a staged (-Roll) certificate",
                describe(c),
                date(c.not_before),
                now
            ),
            Some(c.location.clone()),
            Some(format!(
                "Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint {} -Roll -EffectiveDate {}",
                crate::ps_quote::literal(&c.thumbprint),
                crate::ps_quote::literal(&ps_date(effective))
            )),
        )
    })
}
