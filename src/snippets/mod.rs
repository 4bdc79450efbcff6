//! One library of PowerShell snippets, per cmdlet generation, for everything hybridlint writes
//! that changes or shows a tenant principal: the `fix` script's guarded steps
//! (`tenant::upload_credential`, …) and the rules' paste-ready fixes (`paste`). Procedures name
//! the snippets by `SnippetName` in their steps' `[step.fix]`; the texts live here once, so the
//! generators cannot drift apart (they did: three wrote credential uploads three ways).

pub mod paste;
pub mod tenant;

pub use tenant::Principal;
