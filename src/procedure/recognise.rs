//! Which procedures the evidence is for. Each procedure's signals are matched against the
//! commands, method calls, assignments and printed records: procedures recognised by a signal
//! that is not weak win; weak signals (shared ground, such as a principal's id) count only when
//! nothing else is recognised. Evidence with no signal at all is judged as the default procedure
//! when it holds nothing of the OAuth family either (a certificate alone, probes), and said to
//! fit no known procedure when it does (a service principal or OAuth cmdlet no procedure knows).

use super::catalogue::{DEFAULT_PROCEDURE, Procedure};
use super::signal::{Haystack, Signal};
use crate::model::{Location, Model, RecognisedProcedure, Recognition};

/// The recognition of the evidence in `model`; `forced` (`--procedure ID`) replaces it.
pub fn recognise(model: &Model, procedures: &[Procedure], forced: Option<&str>) -> Recognition {
    if let Some(id) = forced {
        return Recognition {
            procedures: vec![RecognisedProcedure {
                id: id.to_string(),
                why: "chosen with --procedure".to_string(),
                location: None,
            }],
            unrecognised: None,
        };
    }
    let hay = Haystack::new(model);
    // Each procedure is matched on its own, on the run's threads; the answers keep its order.
    let matched = crate::threads::map_in_order(procedures, |p| {
        // The first signal (in file order) that matches, strong ones before weak ones.
        for s in p.file.recognise.iter().filter(|s| !s.weak) {
            if let Some(location) = first_match(model, &hay, s) {
                return Some((true, recognised(p, s, location)));
            }
        }
        (p.file.recognise.iter())
            .filter(|s| s.weak)
            .find_map(|s| first_match(model, &hay, s).map(|l| (false, recognised(p, s, l))))
    });
    let (mut strong, mut weak) = (Vec::new(), Vec::new());
    for (is_strong, procedure) in matched.into_iter().flatten() {
        if is_strong {
            strong.push(procedure);
        } else {
            weak.push(procedure);
        }
    }
    if !strong.is_empty() {
        return Recognition {
            procedures: strong,
            unrecognised: None,
        };
    }
    if !weak.is_empty() {
        return Recognition {
            procedures: weak,
            unrecognised: None,
        };
    }
    // A command that changes something says more than one that reads.
    let family = || model.commands.iter().filter(|c| is_oauth_family(&c.name));
    let first = family()
        .find(|c| !c.name.to_ascii_lowercase().starts_with("get-"))
        .or_else(|| family().next());
    if let Some(c) = first {
        return Recognition {
            procedures: Vec::new(),
            unrecognised: Some(c.location.clone()),
        };
    }
    Recognition {
        procedures: procedures
            .iter()
            .filter(|p| p.id == DEFAULT_PROCEDURE)
            .map(|p| RecognisedProcedure {
                id: p.id.clone(),
                why: "nothing in the evidence names a particular integration: judged as the default procedure".to_string(),
                location: None,
            })
            .collect(),
        unrecognised: None,
    }
}

fn recognised(p: &Procedure, s: &Signal, location: Option<Location>) -> RecognisedProcedure {
    RecognisedProcedure {
        id: p.id.clone(),
        why: s.why.clone(),
        location,
    }
}

/// Where the evidence first matches `s`: `Some(None)` for a match with no line to point at.
fn first_match(model: &Model, hay: &Haystack, s: &Signal) -> Option<Option<Location>> {
    if let Some(c) = model.commands.iter().find(|c| s.matches_command(hay, c)) {
        return Some(Some(c.location.clone()));
    }
    if let Some((_, m)) =
        (model.method_calls.iter().enumerate()).find(|(i, _)| s.matches_method_call(hay, *i))
    {
        return Some(Some(m.location.clone()));
    }
    if let Some((_, a)) =
        (model.assignments.iter().enumerate()).find(|(i, _)| s.matches_assignment(hay, *i))
    {
        return Some(Some(a.location.clone()));
    }
    (model.records.iter().enumerate())
        .find(|(i, _)| s.matches_record(hay, *i))
        .map(|(_, r)| Some(r.location.clone()))
}

/// A cmdlet of the server-to-server OAuth family: service principals and their keys, and the
/// OAuth objects of Exchange Server and Skype for Business Server.
fn is_oauth_family(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let tenant = crate::cmdlets::is_tenant(name) && !n.starts_with("connect-");
    let exchange = [
        "authserver",
        "partnerapplication",
        "authconfig",
        "intraorganizationconnector",
    ]
    .iter()
    .any(|noun| n.split_once('-').is_some_and(|(_, rest)| rest == *noun));
    // Skype for Business Server's OAuth objects and its OAuth certificate.
    let skype = [
        "csoauthserver",
        "cspartnerapplication",
        "csoauthconfiguration",
    ]
    .iter()
    .any(|noun| n.split_once('-').is_some_and(|(_, rest)| rest == *noun))
        || n == "get-cscertificate"
        || n == "set-cscertificate";
    tenant || exchange || skype
}
