//! What a command does in the procedure (`credential`, `spn`, `oauth-server`, …), whatever its
//! cmdlet generation: the step the cmdlet catalogue gives it. Both the normaliser (which failure a
//! later success of the same step supersedes) and the checklist read it; the model only records
//! the normaliser's answer.

use crate::model::Command;

/// What a command does in the procedure, whatever the cmdlet generation (`credential`, `spn`,
/// `exchange-principal-enabled`, `oauth-server`, …), without the principal it acts on.
pub fn command_kind(command: &Command) -> Option<&'static str> {
    crate::cmdlets::step_of(command).map(|s| s.as_str())
}
