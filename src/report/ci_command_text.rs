//! Text copied into a CI system's logging command (GitHub's `::error …::`, Azure Pipelines'
//! `##vso[…]`): each system has its own escapes, for the message and, stricter, for a property
//! value. Both writers copy the runs that need no escape whole.

/// Which part of a command a text goes in: a property value escapes more than the message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Message,
    Property,
}

/// Appends `s` to `out`, each byte `escape` names (for `part`) replaced by its escape. The
/// escaped bytes must be ASCII, so every cut falls between characters.
pub(super) fn push_escaped(
    out: &mut String,
    s: &str,
    part: Part,
    escape: impl Fn(u8, Part) -> Option<&'static str>,
) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let Some(escaped) = escape(b, part) else {
            continue;
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}
