//! Which integration the evidence is for: the procedures recognised in it, each with what
//! recognised it and where. Filled in by `procedure::recognise` after the evidence is read and
//! before rules run; rules, the checklist and `fix` read it so that steps of an integration the
//! evidence is not about are never demanded.

use serde::Serialize;

use super::Location;

/// One procedure the evidence is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecognisedProcedure {
    /// The procedure's id (its file name under `procedures/`).
    pub id: String,
    /// What recognised it, in words (the procedure file's `why`).
    pub why: String,
    /// The evidence that did (the first command or record matching), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// What the evidence is for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recognition {
    /// The procedures recognised, in catalogue order.
    pub procedures: Vec<RecognisedProcedure>,
    /// The evidence has commands of the OAuth family (service-principal, Exchange or Skype for
    /// Business OAuth cmdlets) that fit no known procedure: where the first one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrecognised: Option<Location>,
}

impl Recognition {
    pub fn has(&self, id: &str) -> bool {
        self.procedures.iter().any(|p| p.id == id)
    }
}
