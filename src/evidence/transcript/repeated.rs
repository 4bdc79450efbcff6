//! Prompts typed again. A transcript repeats the same command lines (a check run every few
//! minutes, a block pasted twice), and a line whose reading neither read nor changed a variable
//! reads the same way every time: such a line is read once per file, and that reading is used
//! again wherever the line comes back.

use std::collections::HashMap;
use std::ops::Deref;

use crate::evidence::powershell::{self, Env, Parsed};

/// The readings of a file's prompts that depend on their text alone, by text.
#[derive(Default)]
pub(super) struct RepeatedPrompts<'t> {
    readings: HashMap<&'t str, Parsed, foldhash::fast::FixedState>,
}

/// A prompt's reading: one kept from an earlier prompt with the same text, or its own.
pub(super) enum Reading<'a> {
    Kept(&'a Parsed),
    Own(Parsed),
}

impl Deref for Reading<'_> {
    type Target = Parsed;

    fn deref(&self) -> &Parsed {
        match self {
            Reading::Kept(parsed) => parsed,
            Reading::Own(parsed) => parsed,
        }
    }
}

impl<'t> RepeatedPrompts<'t> {
    /// `text` read as `powershell::parse_with` reads it with the variables `env` holds.
    pub(super) fn read(&mut self, text: &'t str, env: &mut Env) -> Reading<'_> {
        if self.readings.contains_key(text) {
            return Reading::Kept(&self.readings[text]);
        }
        let uses = powershell::env::uses();
        let parsed = powershell::parse_with(text, env);
        if powershell::env::uses() != uses {
            return Reading::Own(parsed);
        }
        Reading::Kept(self.readings.entry(text).or_insert(parsed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_uses_no_variable_is_read_once_and_the_others_every_time() {
        let mut prompts = RepeatedPrompts::default();
        let mut env = Env::new();
        let plain =
            "Get-Content C:\\Logs\\oauth-$(Get-Date -Format yyyyMMdd).log | Select-Object -Last 20";
        let first = prompts.read(plain, &mut env);
        assert!(matches!(first, Reading::Kept(_)));
        assert_eq!(*first, powershell::parse_with(plain, &mut Env::new()));
        assert!(matches!(prompts.read(plain, &mut env), Reading::Kept(_)));
        // An assignment changes a variable and a use reads one: read anew each time, with the
        // variables as they are then.
        let assign = "$x = 'a'";
        assert!(matches!(prompts.read(assign, &mut env), Reading::Own(_)));
        let read = "Set-CsOAuthConfiguration -ServiceName $x";
        let once = prompts.read(read, &mut env);
        assert!(matches!(once, Reading::Own(_)));
        assert_eq!(*once, powershell::parse_with(read, &mut env.clone()));
        assert!(prompts.readings.len() == 1, "{:?}", prompts.readings.keys());
    }
}
