//! Procedures as data: one file per integration of the server-to-server OAuth family under
//! `procedures/` (embedded at build time; `--procedures DIR` adds more), with its parties, how
//! evidence is recognised as it, its steps in order, and the rules that judge it. `recognise`
//! says which of them the evidence is for, so that a step of an integration the evidence is not
//! about is never demanded.

pub mod catalogue;
pub mod listing;
pub mod recognise;
pub mod signal;

pub use catalogue::{Procedure, ProcedureFile, Step};

use std::collections::BTreeMap;

use crate::model::Recognition;

/// The rules that judge only procedures the evidence is not for, each with the reason it does
/// not run. A rule no procedure names (certificates, scripts, ids) judges any evidence.
pub fn rules_off(procedures: &[Procedure], recognition: &Recognition) -> BTreeMap<String, String> {
    let mut owners: BTreeMap<&str, Vec<&Procedure>> = BTreeMap::new();
    for p in procedures {
        for r in &p.file.rules {
            owners.entry(r.as_str()).or_default().push(p);
        }
    }
    owners
        .into_iter()
        .filter(|(_, ps)| !ps.iter().any(|p| recognition.has(&p.id)))
        .map(|(rule, ps)| {
            let titles: Vec<&str> = ps.iter().map(|p| p.file.title.as_str()).collect();
            (
                rule.to_string(),
                format!(
                    "the evidence is not about {} (see `hybridlint procedures`; --procedure ID chooses one)",
                    titles.join(" or ")
                ),
            )
        })
        .collect()
}

/// The procedure with this id, or a usage message naming the known ones.
pub fn find<'a>(procedures: &'a [Procedure], id: &str) -> Result<&'a Procedure, String> {
    procedures.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<&str> = procedures.iter().map(|p| p.id.as_str()).collect();
        format!("no procedure `{id}`; known: {}", ids.join(", "))
    })
}
