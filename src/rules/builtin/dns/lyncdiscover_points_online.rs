//! `dns/lyncdiscover-points-online`: `lyncdiscover.<sip domain>` leads to Skype for Business
//! Online (`webdir.online.lync.com`) while users are still homed on premises. Clients and the
//! OWA online-meeting path then discover the cloud, which does not know those users.

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
        .filter(|d| d.observation.purpose == Purpose::Lyncdiscover)
        .filter_map(|d| {
            let target = d.targets().into_iter().find(|t| is_online_lync(t))?;
            Some(Hit::new(
                format!(
                    "`{}` is a CNAME to `{target}` (Skype for Business Online), but users are homed on premises",
                    d.observation.name
                ),
                Some(d.location.clone()),
                Some(format!(
                    "While any user is homed on premises, point `{}` to the on-premises reverse proxy that publishes the Director or Front End pool's external web services (an A record or a CNAME to its FQDN).",
                    d.observation.name
                )),
            ))
        })
        .collect()
}
