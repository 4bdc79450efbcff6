//! `sfbonline/partner-app-disabled`: Exchange Server's partner application for Skype for Business
//! Online, TeamsScheduler or CloudVoicemail is disabled (`-Enabled $false`, or `Enabled : False`
//! shown): Exchange refuses that service's calls.

use crate::model::{Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cloud_partner_apps::{cloud_apps_shown, display_name, later_shows, of};
use crate::rules::template::Context;

fn is_false(value: &str) -> bool {
    matches!(
        value.trim().trim_start_matches('$').to_ascii_lowercase().as_str(),
        "false" | "0"
    )
}

/// Applies when the evidence creates or shows a cloud service's partner application.
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    cloud_apps_shown(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for app in &model.configuration.exchange.partner_applications {
        if app.seen.outcome == Outcome::Failed {
            continue;
        }
        let (Some(cloud), Some(enabled)) = (of(app), app.enabled.as_ref()) else {
            continue;
        };
        if !enabled.is_known() || !is_false(&enabled.value) {
            continue;
        }
        // Enabled again later in the evidence: the disabled state is history.
        let later_enabled = later_shows(model, app, cloud, |o| {
            o.enabled
                .as_ref()
                .is_some_and(|e| e.is_known() && !is_false(&e.value))
        });
        if later_enabled {
            continue;
        }
        let name = display_name(app, cloud);
        hits.push(Hit::new(
            format!(
                "partner application {name} ({}) is disabled, so Exchange refuses its calls: {}",
                cloud.id, cloud.serves
            ),
            Some(enabled.location.clone()),
            Some(format!("Set-PartnerApplication -Identity {name} -Enabled $true")),
        ));
    }
    hits
}
