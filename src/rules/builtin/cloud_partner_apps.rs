//! The cloud services Exchange Server trusts as partner applications in the reverse direction
//! (Skype for Business Online / Teams with Exchange Server on premises): their ids, the names the
//! documentation gives them, and what each one serves, for the `sfbonline/*` checks.

use crate::model::{ExchangePartnerApplication, Fact, FactSource, Model, Outcome};
use crate::rules::applies::Applies;
use crate::wellknown::{CLOUD_VOICEMAIL_APP_ID, LYNC_APP_ID, TEAMS_SCHEDULER_APP_ID};

/// One cloud service Exchange Server must trust.
pub(crate) struct CloudApp {
    pub id: &'static str,
    /// The partner application's documented name (and older ones).
    pub names: &'static [&'static str],
    /// What stops working without it.
    pub serves: &'static str,
}

pub(crate) const CLOUD_APPS: &[CloudApp] = &[
    CloudApp {
        id: LYNC_APP_ID,
        names: &["SfBOnline", "SfBLegacy"],
        serves: "Skype for Business Online and Teams reaching on-premises mailboxes (archiving, conversation history, contacts)",
    },
    CloudApp {
        id: TEAMS_SCHEDULER_APP_ID,
        names: &["TeamsScheduler"],
        serves: "scheduling Teams meetings in Outlook for on-premises mailboxes and their delegates",
    },
    CloudApp {
        id: CLOUD_VOICEMAIL_APP_ID,
        names: &["CloudVoicemail"],
        serves: "Cloud Voicemail delivering voicemail to on-premises mailboxes",
    },
];

/// The cloud service with this id.
pub(crate) fn by_id(id: &str) -> Option<&'static CloudApp> {
    CLOUD_APPS
        .iter()
        .find(|a| a.id.eq_ignore_ascii_case(id.trim()))
}

/// The cloud service a partner application's name says it is.
pub(crate) fn by_name(name: &str) -> Option<&'static CloudApp> {
    CLOUD_APPS
        .iter()
        .find(|a| a.names.iter().any(|n| n.eq_ignore_ascii_case(name.trim())))
}

/// The known value of a fact.
pub(crate) fn known(f: &Option<Fact>) -> Option<&str> {
    f.as_ref()
        .filter(|f| f.is_known())
        .map(|f| f.value.as_str())
}

/// The cloud service a partner application is, by its id or else its name.
pub(crate) fn of(app: &ExchangePartnerApplication) -> Option<&'static CloudApp> {
    known(&app.application_identifier)
        .and_then(by_id)
        .or_else(|| known(&app.name).and_then(by_name))
}

/// The application's name for commands: its own, or the documented one.
pub(crate) fn display_name(app: &ExchangePartnerApplication, cloud: &CloudApp) -> String {
    known(&app.name).unwrap_or(cloud.names[0]).to_string()
}

/// The documented creation of the partner application, linked to its application account.
pub(crate) fn create(cloud: &CloudApp) -> String {
    let name = cloud.names[0];
    format!(
        "$account = New-MailUser -Name {name}-ApplicationAccount -ExternalEmailAddress {name}-ApplicationAccount@<your verified domain> -ApplicationAccount\nNew-PartnerApplication -Name {name} -ApplicationIdentifier {} -Enabled $true -LinkedAccount $account.Identity",
        cloud.id
    )
}

/// Where an observation stands in the evidence order (commands and records share it), so "later"
/// holds across files: a fix run after the evidence overrides it.
pub(crate) fn order(model: &Model, app: &ExchangePartnerApplication) -> Option<usize> {
    match app.seen.source {
        FactSource::Command(i) => model.commands.get(i).map(|c| c.order),
        FactSource::Record(i) => model.records.get(i).map(|r| r.order),
        _ => None,
    }
}

/// Whether `later` comes after `earlier` in the evidence.
pub(crate) fn is_later(
    model: &Model,
    later: &ExchangePartnerApplication,
    earlier: &ExchangePartnerApplication,
) -> bool {
    matches!((order(model, later), order(model, earlier)), (Some(a), Some(b)) if a > b)
}

/// Whether a later observation of the same cloud application (not a failed command) shows
/// `holds`: a later command or printed state that makes an earlier one history.
pub(crate) fn later_shows(
    model: &Model,
    app: &ExchangePartnerApplication,
    cloud: &CloudApp,
    holds: impl Fn(&ExchangePartnerApplication) -> bool,
) -> bool {
    model
        .configuration
        .exchange
        .partner_applications
        .iter()
        .any(|o| {
            o.seen.outcome != Outcome::Failed
                && is_later(model, o, app)
                && of(o).is_some_and(|c| c.id == cloud.id)
                && holds(o)
        })
}

/// The checks of one cloud application's partner application apply when the evidence creates
/// or shows one (see `rules::applies`).
pub(crate) fn cloud_apps_shown(model: &Model) -> Applies {
    Applies::when(
        model
            .configuration
            .exchange
            .partner_applications
            .iter()
            .any(|a| of(a).is_some()),
        || {
            "the evidence creates or shows no partner application of a cloud service (00000004-…, TeamsScheduler, CloudVoicemail)".to_string()
        },
    )
}
