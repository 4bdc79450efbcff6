//! `endpoint/http-error`: the endpoint answered, but not with success: an error status, a
//! redirect loop, or more redirects than any client follows. Exchange Online and
//! New-CsPartnerApplication read metadata documents anonymously and expect a 200.

use crate::rules::applies::{self, Applies};
use crate::rules::builtin::probe_common::endpoint_role;
use crate::model::Model;
use crate::recording::HttpsOutcome;
use crate::rules::Hit;
use crate::rules::template::Context;

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::endpoint_probes(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let mut hits = Vec::new();
    for e in &model.probes.endpoints {
        let o = &e.observation;
        let message = match (o.outcome, o.status) {
            (HttpsOutcome::RedirectLoop | HttpsOutcome::TooManyRedirects, _) => format!(
                "{} `{}` {}{}",
                endpoint_role(e),
                o.url,
                if o.outcome == HttpsOutcome::RedirectLoop {
                    "redirects in a loop"
                } else {
                    "redirects more times than a client follows"
                },
                o.error
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ),
            (HttpsOutcome::Response, Some(status)) if !(200..300).contains(&status) => format!(
                "{} `{}` answered HTTP {status}{}",
                endpoint_role(e),
                o.url,
                reason(status)
            ),
            _ => continue,
        };
        hits.push(Hit::new(
            message,
            Some(e.location.clone()),
            Some(format!(
                "Open `{}` anonymously from outside the network; it must answer 200. Check the reverse proxy rule (path, host header, no authentication on /metadata/json/1) and the IIS site on the pool.",
                o.url
            )),
        ));
    }
    hits
}

fn reason(status: u16) -> &'static str {
    match status {
        301 | 302 | 303 | 307 | 308 => " (a redirect that led nowhere)",
        401 => " (authentication required: the document must be anonymous)",
        403 => " (forbidden)",
        404 => " (not found: wrong path or the site is not published)",
        500..=599 => " (server error)",
        _ => "",
    }
}
