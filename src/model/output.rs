//! What commands printed in a transcript: Format-List records, table rows, error records and
//! prompts for mandatory parameters. Parsed into fields; never judged here.

use serde::Serialize;

use super::Location;
use super::shared_text::{SharedText, shared_text};

/// A printed value: a scalar, or a `{a, b, c}` collection that may have been cut short by
/// `$FormatEnumerationLimit` (then only the first items are known). A list's items are boxed so
/// that a value takes a string's 24 bytes: a large transcript holds hundreds of thousands of
/// printed values, nearly all scalars.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FieldValue {
    Scalar {
        text: String,
    },
    List {
        items: Box<Vec<String>>,
        truncated: bool,
    },
}

impl FieldValue {
    /// The text as printed; a scalar's is borrowed (read for every field of every record).
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            FieldValue::Scalar { text } => std::borrow::Cow::Borrowed(text),
            FieldValue::List { .. } => {
                let mut s = String::with_capacity(self.printed_len());
                self.push_printed(&mut s, |out, item| out.push_str(item));
                std::borrow::Cow::Owned(s)
            }
        }
    }

    /// The length in bytes of [`FieldValue::as_text`].
    pub fn printed_len(&self) -> usize {
        match self {
            FieldValue::Scalar { text } => text.len(),
            FieldValue::List { items, truncated } => {
                let items_len: usize = items.iter().map(|i| i.len()).sum();
                let separators = ", ".len() * items.len().saturating_sub(1);
                "{}".len() + items_len + separators + if *truncated { "...".len() } else { 0 }
            }
        }
    }

    /// Appends [`FieldValue::as_text`] to `out`, each scalar and item through `push` (which
    /// may change it, as lower-casing does, as long as it writes as many bytes): the one
    /// writing of a list's printed form, for callers that build a larger text in place.
    pub fn push_printed(&self, out: &mut String, push: impl Fn(&mut String, &str)) {
        match self {
            FieldValue::Scalar { text } => push(out, text),
            FieldValue::List { items, truncated } => {
                out.push('{');
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    push(out, item);
                }
                if *truncated {
                    out.push_str("...");
                }
                out.push('}');
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Shared by every field that prints the same property (`field_name`): a large transcript
    /// holds hundreds of thousands of fields and few distinct names.
    pub name: SharedText,
    pub value: FieldValue,
    pub location: Location,
}

/// The shared copy of a printed property's name, for `Field::name`.
pub fn field_name(name: &str) -> SharedText {
    shared_text(name)
}

/// One object printed by Format-List (or one row of Format-Table, with the column headers as names).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub fields: Vec<Field>,
    /// The command whose output this is (index into `Model::commands`), when known.
    pub command: Option<usize>,
    /// The cmdlet whose output this is when no command in the evidence printed it: named by an
    /// exported object's type (CLIXML). `None` leaves it to the record's properties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown_by: Option<String>,
    pub location: Location,
    pub file: usize,
    pub order: usize,
}

impl Record {
    /// The field named `name` (case-insensitive).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The scalar text of a field, or the joined text of a list.
    pub fn text(&self, name: &str) -> Option<String> {
        self.field(name).map(|f| f.value.as_text().into_owned())
    }
}

/// The kind of error a transcript shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// `X : message` + `At line:` + `+ CategoryInfo` (Windows PowerShell, PS 7 NormalView).
    Normal,
    /// PowerShell 7 ConciseView: `X: message` or a framed `Line |` block.
    Concise,
    /// `The term 'X' is not recognized …`: the command does not exist in the session.
    CommandNotFound,
    /// A parser error (`Unexpected token …`): nothing on that line ran.
    Parser,
    /// `TerminatingError(X): "…"` pipeline events in system-wide transcription.
    PipelineEvent,
}

/// An error record printed in a transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRecord {
    pub kind: ErrorKind,
    /// The command the error names (`New-MsolServicePrincipalCredential`), when it names one.
    /// Shared with every record naming the same command ([`shared_text`]).
    pub command_name: Option<SharedText>,
    /// The message, continuation lines joined with single spaces.
    pub message: String,
    /// Shared with every other record printing the same text ([`shared_text`]).
    pub category: Option<SharedText>,
    pub fully_qualified_error_id: Option<SharedText>,
    /// The command this error belongs to (index into `Model::commands`), when known.
    pub command: Option<usize>,
    pub location: Location,
    pub file: usize,
    pub order: usize,
}

/// `Supply values for the following parameters:` followed by `Name:` lines: the command was run
/// without a mandatory parameter and PowerShell asked for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterPrompt {
    pub command_name: Option<String>,
    pub parameters: Vec<String>,
    pub command: Option<usize>,
    pub location: Location,
    pub file: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_texts_share_one_copy_and_serialise_as_text() {
        let a = shared_text("OperationStopped: (:) [Set-X], Exception");
        let b = shared_text(&String::from("OperationStopped: (:) [Set-X], Exception"));
        assert!(SharedText::ptr_eq(&a, &b));
        let e = ErrorRecord {
            kind: ErrorKind::Normal,
            command_name: None,
            message: "m".into(),
            category: Some(a),
            fully_qualified_error_id: None,
            command: None,
            location: Location::new("t.txt", 1, 1, 1),
            file: 0,
            order: 0,
        };
        let json = serde_json::to_value(&e).expect("serialises");
        assert_eq!(json["category"], "OperationStopped: (:) [Set-X], Exception");
        assert!(json["fully_qualified_error_id"].is_null());
    }

    #[test]
    fn a_printed_value_takes_a_strings_room() {
        assert_eq!(
            std::mem::size_of::<FieldValue>(),
            std::mem::size_of::<String>()
        );
    }
}
