//! Text copied into a CI system's logging command (GitHub's `::error …::`, Azure Pipelines'
//! `##vso[…]`): each system has its own escapes, for the message and, stricter, for a property
//! value. Both writers copy the runs that need no escape whole.

/// Which part of a command a text goes in: a property value escapes more than the message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Message,
    Property,
}

/// The bytes a message escapes, in every system here: `%`, CR and LF (each system's test holds
/// its escapes to this), so a message is searched for these three alone.
pub(super) const MESSAGE_ESCAPES: [u8; 3] = [b'%', b'\r', b'\n'];

/// Appends `s` to `out`, each byte `escape` names (for `part`) replaced by its escape. The
/// escaped bytes must be ASCII, so every cut falls between characters.
pub(super) fn push_escaped(
    out: &mut String,
    s: &str,
    part: Part,
    escape: impl Fn(u8, Part) -> Option<&'static str>,
) {
    let mut start = 0;
    let mut put = |i: usize, b: u8| {
        if let Some(escaped) = escape(b, part) {
            out.push_str(&s[start..i]);
            out.push_str(escaped);
            start = i + 1;
        }
    };
    match part {
        // Messages and fixes are most of the text: a vectorised search for the three bytes
        // rather than a look at every byte.
        Part::Message => {
            let [a, b, c] = MESSAGE_ESCAPES;
            for i in memchr::memchr3_iter(a, b, c, s.as_bytes()) {
                put(i, s.as_bytes()[i]);
            }
        }
        Part::Property => {
            for (i, b) in s.bytes().enumerate() {
                put(i, b);
            }
        }
    }
    out.push_str(&s[start..]);
}

/// Whether `escape` escapes, in a message, exactly [`MESSAGE_ESCAPES`].
#[cfg(test)]
pub(super) fn escapes_in_a_message_are_the_three(
    escape: impl Fn(u8, Part) -> Option<&'static str>,
) -> bool {
    (0..=u8::MAX).all(|b| escape(b, Part::Message).is_some() == MESSAGE_ESCAPES.contains(&b))
}
