//! `cert/expires-soon`: a certificate that is still valid but expires within `days` (default 30).
//! The renewal must be staged at least 24 hours ahead and re-uploaded to both principals, or
//! Exchange Online stops trusting SfB tokens at the switch.

use crate::rules::applies::{self, Applies};
use time::Duration;

use crate::rules::builtin::cert_common::{date, describe, judged_for_lifetime, replace_any};
use crate::rules::builtin::certificate_cap::per_file;
use crate::model::Model;
use crate::rules::Hit;
use crate::rules::options::{self, OptionDoc, OptionsSpec};
use crate::rules::template::Context;

/// The warning window when the rule's options give none.
pub(crate) const DEFAULT_DAYS: i64 = 30;

/// `[rule-options."cert/expires-soon"]`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// The warning window in days.
    days: Option<u32>,
}

pub(in crate::rules) const OPTIONS: OptionsSpec = OptionsSpec {
    keys: &[OptionDoc {
        key: "days",
        json_type: "integer",
        doc: "the warning window in days (a whole number, 0 or more; default 30)",
    }],
    validate: |t| options::read::<Options>(t).map(|_| ()),
};

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::certificates(model)
}

pub(crate) fn check(model: &Model, options: &toml::Table, ctx: &Context) -> Vec<Hit> {
    // Validated when the rule and the configuration were loaded.
    let days = options::read::<Options>(options)
        .ok()
        .and_then(|o| o.days)
        .map_or(DEFAULT_DAYS, i64::from);
    let horizon = model.now + Duration::days(days);
    // Inclusive: a certificate with exactly `days` left is within the window the message names.
    let soon = judged_for_lifetime(model).filter(|c| c.not_after >= model.now && c.not_after <= horizon);
    per_file(soon, &format!("expire within {days} days"), |c| {
        let left = (c.not_after - model.now).whole_days();
        // Roll two days before expiry: the documented minimum is 24 hours ahead.
        let effective = (c.not_after - Duration::days(2)).max(model.now + Duration::days(1));
        Hit::new(
            format!(
                "{} expires on {}, in {left} days (warning window: {days} days); expected a NotAfter after {}",
                describe(c),
                date(c.not_after),
                date(horizon)
            ),
            Some(c.location.clone()),
            Some(format!(
                "{}\n# after the switch: Remove-CsCertificate -Type OAuthTokenIssuer -Previous",
                replace_any(model, ctx.cmdlets, c, Some(effective))
            )),
        )
    })
}
