//! Byte arrays as PowerShell prints them: Microsoft Graph's `Key` and `CustomKeyIdentifier` are
//! `byte[]`, which Format-List shows as `{48, 130, 3, 176…}`, cut after `$FormatEnumerationLimit`
//! items (4 by default), or as `System.Byte[]` when nested. A whole list gives the bytes; a cut or
//! opaque one says only that a value is there.

use crate::model::FieldValue;

/// What a printed value says about the bytes it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    /// Every byte is shown.
    Whole(Vec<u8>),
    /// A byte array, but not all of it is shown: its value is unknown.
    Cut,
}

/// `Some` when the printed value is a byte array, `None` when it is anything else.
pub fn read(value: &FieldValue) -> Option<Printed> {
    match value {
        FieldValue::List { items, truncated } => {
            if items.is_empty() {
                return None;
            }
            let bytes: Option<Vec<u8>> =
                items.iter().map(|i| i.trim().parse::<u8>().ok()).collect();
            match (bytes, truncated) {
                (Some(_), true) => Some(Printed::Cut),
                (Some(b), false) => Some(Printed::Whole(b)),
                (None, _) => None,
            }
        }
        FieldValue::Scalar { text } => text
            .trim()
            .eq_ignore_ascii_case("System.Byte[]")
            .then_some(Printed::Cut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::transcript::format_list::parse_value;

    #[test]
    fn printed_forms() {
        assert_eq!(read(&parse_value("{48, 130, 3, 176…}")), Some(Printed::Cut));
        assert_eq!(
            read(&parse_value("{48, 130, 3, 176...}")),
            Some(Printed::Cut)
        );
        assert_eq!(
            read(&parse_value("{48, 130}")),
            Some(Printed::Whole(vec![48, 130]))
        );
        assert_eq!(read(&parse_value("System.Byte[]")), Some(Printed::Cut));
        assert_eq!(read(&parse_value("{a, b}")), None);
        assert_eq!(read(&parse_value("{300, 1}")), None);
        assert_eq!(read(&parse_value("MIIC")), None);
        assert_eq!(read(&parse_value("{}")), None);
    }
}
