//! `sfbonline/partner-app-wrong-id`: an Exchange partner application named for a cloud service
//! (SfBOnline, TeamsScheduler, CloudVoicemail) with another service's id, or a GUID that is none
//! of them. Exchange then trusts the wrong caller, and the named service's calls are refused.
//! (A near miss of a well-known id is `guid/*`'s finding.)

use crate::model::Model;
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cloud_partner_apps::{by_id, by_name, create, known};
use crate::rules::template::Context;

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(
        !model.configuration.exchange.partner_applications.is_empty(),
        || "the evidence creates or shows no Exchange partner application".to_string(),
    )
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for app in &model.configuration.exchange.partner_applications {
        let (Some(name), Some(id_fact)) = (known(&app.name), app.application_identifier.as_ref())
        else {
            continue;
        };
        let Some(cloud) = by_name(name) else {
            continue;
        };
        if !id_fact.is_known() {
            continue;
        }
        let id = id_fact.value.trim();
        if id.eq_ignore_ascii_case(cloud.id) || !crate::guid::is_guid(id) {
            continue;
        }
        let other = by_id(id)
            .map(|o| format!(", the id of {}", o.names[0]))
            .or_else(|| crate::wellknown::well_known_name(id).map(|n| format!(", the {n} id")))
            .unwrap_or_default();
        hits.push(Hit::new(
            format!(
                "partner application {name} has application identifier `{id}`{other}; {} is `{}` ({})",
                cloud.names[0], cloud.id, cloud.serves
            ),
            Some(id_fact.location.clone()),
            Some(format!("Remove-PartnerApplication -Identity {name}\n{}", create(cloud))),
        ));
    }
    hits
}
