//! `sfbonline/partner-app-missing`: evidence of the reverse direction on Exchange Server (one of
//! its cloud partner applications created or shown) without another of them: Skype for Business
//! Online (`00000004-…`), TeamsScheduler (`7557eb47-…`) or CloudVoicemail (`db7de2b5-…`). Each
//! serves a feature. Only the whole list shown (`Get-PartnerApplication` output) shows one
//! missing; scripts and transcripts that create some say they cannot confirm the others.

use crate::findings::Severity;
use crate::model::{FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cloud_partner_apps::{CLOUD_APPS, create, known, of};
use crate::rules::template::Context;

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        !model.configuration.exchange.partner_applications.is_empty(),
        || "the evidence creates or shows no Exchange partner application".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let apps = &model.configuration.exchange.partner_applications;
    let seen: Vec<_> = apps
        .iter()
        .filter(|a| a.seen.outcome != Outcome::Failed)
        .filter_map(|a| of(a).map(|c| (a, c)))
        .collect();
    let Some((anchor, _)) = seen.first() else {
        return Vec::new();
    };
    // Every partner application shown (`Get-PartnerApplication | Format-List`, unfiltered): what
    // exists. Creating some, even in a transcript, says nothing about the others.
    let shown = apps.iter().any(|a| match a.seen.source {
        FactSource::Record(i) => model.records.get(i).is_some_and(|r| {
            r.command
                .and_then(|c| model.commands.get(c))
                .is_none_or(|c| {
                    c.arguments.is_empty()
                        && !c.piped_into.iter().any(|p| {
                            ["where-object", "where", "?"].contains(&p.to_ascii_lowercase().as_str())
                        })
                })
        }),
        _ => false,
    });
    // A partner application whose id only run time knows may be the missing one.
    let unknown_id = apps
        .iter()
        .find(|a| a.application_identifier.as_ref().is_some_and(|f| !f.is_known()));
    let mut hits = Vec::new();
    for cloud in CLOUD_APPS {
        // Seen by its id, or by its name (a copied line with another id is
        // sfbonline/partner-app-wrong-id's finding).
        let named = |a: &&crate::model::ExchangePartnerApplication| {
            known(&a.name).is_some_and(|n| cloud.names.iter().any(|c| c.eq_ignore_ascii_case(n)))
        };
        if seen.iter().any(|(_, c)| c.id == cloud.id) || apps.iter().any(|a| named(&a)) {
            continue;
        }
        let name = cloud.names[0];
        let mut hit = Hit::new(
            format!(
                "Exchange Server has no partner application {name} ({}), needed for {}",
                cloud.id, cloud.serves
            ),
            Some(anchor.seen.location.clone()),
            Some(create(cloud)),
        );
        if let Some(u) = unknown_id {
            hit = hit.with_severity(Severity::Info);
            hit.message = format!(
                "cannot confirm that Exchange Server has the partner application {name} ({}): the partner application at line {} has an id only run time knows",
                cloud.id, u.seen.location.line
            );
        } else if !shown {
            hit = hit.with_severity(Severity::Info);
            hit.message.push_str(
                " in the scripts read; they may be one part of the procedure, so this cannot be confirmed",
            );
        }
        hits.push(hit);
    }
    hits
}
