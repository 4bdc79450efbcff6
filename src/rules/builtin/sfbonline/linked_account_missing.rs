//! `sfbonline/linked-account-missing`: Exchange Server's partner application for Skype for
//! Business Online, TeamsScheduler or CloudVoicemail created without `-LinkedAccount` (or shown
//! with an empty `LinkedAccount`). The linked application account carries the management roles
//! (UserApplication, ArchiveApplication; GetDelegate for TeamsScheduler) that authorise the
//! service's calls; without it Exchange authenticates the caller and then refuses it.

use crate::model::{FactSource, Model, Outcome};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cloud_partner_apps::{cloud_apps_shown, display_name, later_shows, of};
use crate::rules::template::Context;

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
        let Some(cloud) = of(app) else {
            continue;
        };
        let missing = match (&app.linked_account, app.seen.source) {
            // Only a command that creates it says the link is missing; Set- leaves it as it was.
            (None, FactSource::Command(_)) => {
                app.seen.cmdlet.eq_ignore_ascii_case("New-PartnerApplication")
            }
            // Output that shows the field blank (a field not shown says nothing).
            (Some(f), FactSource::Record(_)) => f.is_known() && f.value.trim().is_empty(),
            _ => false,
        };
        // Linked later (Set-PartnerApplication -LinkedAccount, or shown linked): the link exists.
        let linked_later = later_shows(model, app, cloud, |o| {
            o.linked_account
                .as_ref()
                .is_some_and(|f| !f.is_known() || !f.value.trim().is_empty())
        });
        if !missing || linked_later {
            continue;
        }
        let name = display_name(app, cloud);
        let account = cloud.names[0];
        hits.push(Hit::new(
            format!(
                "partner application {name} ({}) has no linked application account: Exchange has no account whose management roles authorise its calls ({})",
                cloud.id, cloud.serves
            ),
            Some(app.seen.location.clone()),
            Some(format!(
                "$account = New-MailUser -Name {account}-ApplicationAccount -ExternalEmailAddress {account}-ApplicationAccount@<your verified domain> -ApplicationAccount\nNew-ManagementRoleAssignment -Role UserApplication -User $account.Identity\nNew-ManagementRoleAssignment -Role ArchiveApplication -User $account.Identity\nSet-PartnerApplication -Identity {name} -LinkedAccount $account.Identity"
            )),
        ));
    }
    hits
}
