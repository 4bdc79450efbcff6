//! The well-known identifiers and endpoints of the integration (domain.md §0). Loaders use them to
//! recognise what the evidence talks about; rules use them to say what is expected.

/// Exchange (Online and on-premises): application id of the "Office 365 Exchange Online" principal.
pub const EXCHANGE_APP_ID: &str = "00000002-0000-0ff1-ce00-000000000000";
/// SharePoint.
pub const SHAREPOINT_APP_ID: &str = "00000003-0000-0ff1-ce00-000000000000";
/// Lync / Skype for Business (Server and Online).
pub const LYNC_APP_ID: &str = "00000004-0000-0ff1-ce00-000000000000";
/// ACS, the `microsoft.sts` issuer: a different pattern (`0000-0000-c000`).
pub const ACS_APP_ID: &str = "00000001-0000-0000-c000-000000000000";
/// Microsoft Graph.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
/// The Teams calendar scheduler ("TeamsScheduler"), a partner application of Exchange Server.
pub const TEAMS_SCHEDULER_APP_ID: &str = "7557eb47-c689-4224-abcf-aef9bd7573df";
/// Cloud Voicemail, a partner application of Exchange Server.
pub const CLOUD_VOICEMAIL_APP_ID: &str = "db7de2b5-2149-435e-8043-e080dd50afae";

/// The ids a GUID-shaped token in the evidence is compared with, with names for messages.
pub const WELL_KNOWN_IDS: &[(&str, &str)] = &[
    (ACS_APP_ID, "ACS (microsoft.sts)"),
    (EXCHANGE_APP_ID, "Exchange"),
    (SHAREPOINT_APP_ID, "SharePoint"),
    (LYNC_APP_ID, "Lync / Skype for Business"),
    (GRAPH_APP_ID, "Microsoft Graph"),
];

pub fn well_known_name(id: &str) -> Option<&'static str> {
    WELL_KNOWN_IDS
        .iter()
        .find(|(i, _)| i.eq_ignore_ascii_case(id))
        .map(|(_, n)| *n)
}

/// ACS host of the tenant metadata document.
pub const ACS_HOST: &str = "accounts.accesscontrol.windows.net";

/// The tenant metadata URL `New-CsOAuthServer microsoft.sts -MetadataUrl` expects.
pub fn acs_metadata_url(tenant: &str) -> String {
    format!("https://{ACS_HOST}/{tenant}/metadata/json/1")
}

/// Exchange Online autodiscover, for `Set-CsOAuthConfiguration -ExchangeAutodiscoverUrl`.
pub const EXO_AUTODISCOVER_URL: &str =
    "https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc";
