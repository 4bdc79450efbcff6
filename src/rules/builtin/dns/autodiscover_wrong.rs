//! `dns/autodiscover-wrong`: `autodiscover.<smtp domain>` does not exist, or leads to Exchange
//! Online (`autodiscover.outlook.com`) although the evidence shows Exchange on premises. The
//! Storage Service finds mailboxes through autodiscover; a wrong answer means archiving and
//! OWA integration fail (Storage Service event 32053).

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::dns_words;
use crate::model::Model;
use crate::recording::{DnsOutcome, Purpose};
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::dns_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let on_premises = model.probes.facts.exchange_on_premises;
    let mut hits = Vec::new();
    for d in model
        .probes
        .dns
        .iter()
        .filter(|d| d.observation.purpose == Purpose::Autodiscover)
    {
        let name = &d.observation.name;
        if matches!(
            d.observation.outcome,
            DnsOutcome::Nxdomain | DnsOutcome::NoRecords
        ) {
            hits.push(Hit::new(
                format!("the autodiscover name `{name}` {}", dns_words(d.observation.outcome)),
                Some(d.location.clone()),
                Some(format!(
                    "Publish `{name}`: a CNAME to autodiscover.outlook.com when mailboxes are only in Exchange Online, or to the on-premises Exchange (hybrid). Or set `Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc`."
                )),
            ));
            continue;
        }
        if on_premises
            && let Some(target) = d
                .targets()
                .into_iter()
                .find(|t| t == "autodiscover.outlook.com")
        {
            hits.push(Hit::new(
                format!(
                    "`{name}` is a CNAME to `{target}` (Exchange Online), but the evidence shows an Exchange server on premises"
                ),
                Some(d.location.clone()),
                Some(format!(
                    "With Exchange on premises or an Exchange hybrid, point `{name}` to the on-premises Exchange autodiscover service."
                )),
            ));
        }
    }
    hits
}
