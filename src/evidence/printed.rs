//! Printed cmdlet output without a transcript: a file written with `>`, `Out-File` or
//! `Tee-Object`, or pasted from a console without the prompt line. It is recognised when a
//! Format-List or Format-Table record in it carries the properties of one of the procedure's
//! cmdlets, and read with the transcript's record parsers, so it yields the same facts.
//! (With a prompt line it is a transcript, and the prompt names the command.)

use super::identify;
use super::transcript;
use crate::model::Model;

/// Lines read to recognise printed output; a record of the procedure's cmdlets comes early.
const SNIFF_LINES: usize = 2000;

/// Whether `lines` hold a printed record of one of the procedure's cmdlets.
pub fn looks_like_printed(lines: &[&str]) -> bool {
    transcript::printed_field_names(lines, SNIFF_LINES)
        .iter()
        .any(|names| identify::cmdlet_from_properties(names.iter().map(String::as_str)).is_some())
}

pub fn load(lines: &[&str], path: &str, file: usize, model: &mut Model) {
    transcript::load_output(lines, path, file, model);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn recognised_by_the_procedures_properties_only() {
        let sp = lines(
            "\nExtensionData         : System.Runtime.Serialization.ExtensionDataObject\nAccountEnabled        : False\nAppPrincipalId        : 00000002-0000-0ff1-ce00-000000000000\nServicePrincipalNames : {00000002-0000-0ff1-ce00-000000000000}\n",
        );
        assert!(looks_like_printed(&sp));
        let unrelated = lines("Name    : build\nVersion : 1.2\n\nName    : test\nVersion : 1.3\n");
        assert!(!looks_like_printed(&unrelated));
        let table = lines(
            "Identity      MetadataUrl\n--------      -----------\nmicrosoft.sts https://accounts.accesscontrol.windows.net/x/metadata/json/1\n",
        );
        assert!(looks_like_printed(&table));
    }
}
