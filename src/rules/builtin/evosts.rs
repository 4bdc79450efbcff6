//! Which Skype for Business OAuth server is Entra ID's evoSTS (Hybrid Modern Authentication): the
//! one named `evoSTS`, of type `AzureAD`, or reading Entra ID's federation metadata. Shared by the
//! `hma/*` checks.

use crate::model::OAuthServer;
use crate::rules::builtin::metadata_url::split;

/// Whether `server` is meant to be the evoSTS server.
pub(crate) fn is_evosts(server: &OAuthServer) -> bool {
    server.identity.eq_ignore_ascii_case("evoSTS")
        || server
            .server_type
            .as_ref()
            .is_some_and(|t| t.is_known() && t.value.eq_ignore_ascii_case("AzureAD"))
        || server.metadata_url.as_ref().is_some_and(|u| {
            u.is_known()
                && split(&u.value).is_some_and(|p| {
                    (p.host == "login.windows.net" || p.host == "login.microsoftonline.com")
                        && p.path.ends_with("federationmetadata.xml")
                })
        })
}

/// The documented metadata URL of the evoSTS server.
pub(crate) const EVOSTS_METADATA_URL: &str =
    "https://login.windows.net/common/FederationMetadata/2007-06/FederationMetadata.xml";
