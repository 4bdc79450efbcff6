//! `dns/sip-points-online`: the sign-in records (`_sip._tls` SRV, `sip.`) lead to Skype for
//! Business Online (`sipdir.online.lync.com`) while users are homed on premises, so external
//! sign-in goes to the cloud, which does not know them.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::is_online_lync;
use crate::model::Model;
use crate::recording::Purpose;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::dns_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    model
        .probes
        .dns
        .iter()
        .filter(|d| matches!(d.observation.purpose, Purpose::SipSrv | Purpose::SipHost))
        .filter_map(|d| {
            let target = d.targets().into_iter().find(|t| is_online_lync(t))?;
            let kind = if d.observation.purpose == Purpose::SipSrv {
                "SRV record"
            } else {
                "name"
            };
            Some(Hit::new(
                format!(
                    "the sign-in {kind} `{}` points to `{target}` (Skype for Business Online), but users are homed on premises",
                    d.observation.name
                ),
                Some(d.location.clone()),
                Some(format!(
                    "While any user is homed on premises, point `{}` to the on-premises Access Edge external FQDN.",
                    d.observation.name
                )),
            ))
        })
        .collect()
}
