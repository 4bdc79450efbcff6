//! GUID shapes: what a correct id looks like, and how a near miss differs. Shared by the loaders
//! (to recognise ids) and the guid rules (to explain mistakes).

/// The group lengths of a GUID: 8-4-4-4-12.
pub const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip(GROUPS)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Lengths of the dash-separated groups of a GUID-like token.
pub fn group_lengths(s: &str) -> Vec<usize> {
    s.split('-').map(|g| g.chars().count()).collect()
}

/// A token shaped like a GUID (five dash-separated hex groups) whose group lengths are not
/// 8-4-4-4-12. Ids are the most copied-by-hand text in the procedure; one missing zero is the
/// classic mistake.
pub fn is_near_guid(token: &str) -> bool {
    let groups: Vec<&str> = token.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_hexdigit()))
        && !is_guid(token)
        && groups
            .iter()
            .zip(GROUPS)
            .all(|(g, n)| g.len().abs_diff(n) <= 2)
}

/// Letters that people (and fonts) mistake for digits in ids.
pub fn lookalike_digit(c: char) -> Option<char> {
    match c {
        'O' | 'o' => Some('0'),
        'l' | 'I' | 'i' | '|' => Some('1'),
        'S' | 's' => Some('5'),
        'Z' | 'z' => Some('2'),
        _ => None,
    }
}

/// A GUID-shaped token (right group lengths) that is not hex only because of look-alike letters;
/// returns the token with those letters replaced by the digits they stand for.
pub fn lookalike_correction(token: &str) -> Option<String> {
    let groups: Vec<&str> = token.split('-').collect();
    if groups.len() != 5
        || !groups
            .iter()
            .zip(GROUPS)
            .all(|(g, n)| g.chars().count() == n)
        || is_guid(token)
    {
        return None;
    }
    let corrected: String = token
        .chars()
        .map(|c| {
            if c.is_ascii_hexdigit() || c == '-' {
                c
            } else {
                lookalike_digit(c).unwrap_or(c)
            }
        })
        .collect();
    is_guid(&corrected).then_some(corrected)
}

/// The well-known id a near miss was most likely meant to be: same digits once dashes are
/// ignored, within two edits.
pub fn closest_well_known(token: &str) -> Option<(&'static str, &'static str)> {
    // Most ids in evidence are typed right: no distance to compute.
    if let Some((id, name)) = crate::wellknown::WELL_KNOWN_IDS
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(token))
    {
        return Some((id, name));
    }
    let bare: Vec<char> = token
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crate::wellknown::WELL_KNOWN_IDS
        .iter()
        .filter_map(|(id, name)| {
            let target: Vec<char> = id.chars().filter(|c| *c != '-').collect();
            crate::edit_distance::within(&bare, &target, 2).map(|d| (d, *id, *name))
        })
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, id, name)| (id, name))
}

/// GUID-like tokens in a text (including near misses and look-alikes), with their char offset.
/// Read on bytes: a token is ASCII letters, digits and dashes, and every byte of a non-ASCII
/// character is a separator, as the character is; only the offset counts characters.
pub fn tokens(text: &str) -> Vec<(usize, String)> {
    // A token has four dashes: most texts have fewer and hold none.
    if text.bytes().filter(|b| *b == b'-').nth(3).is_none() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let in_token = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let mut out = Vec::new();
    // Characters before byte `i`: every byte but UTF-8's continuation bytes starts one.
    let mut chars_before = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() && (i == 0 || !in_token(bytes[i - 1])) {
            let mut j = i;
            while j < bytes.len() && in_token(bytes[j]) {
                j += 1;
            }
            if let Some(token) = text.get(i..j)
                && token.bytes().filter(|b| *b == b'-').count() == 4
            {
                out.push((chars_before, token.to_string()));
            }
            chars_before += j - i;
            i = j;
        } else {
            chars_before += usize::from(bytes[i] & 0xC0 != 0x80);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk over characters `tokens` once was, as the reference for the walk over bytes.
    fn tokens_by_chars(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_alphanumeric()
                && (i == 0 || !chars[i - 1].is_ascii_alphanumeric() && chars[i - 1] != '-')
            {
                let mut j = i;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '-') {
                    j += 1;
                }
                let token: String = chars[i..j].iter().collect();
                if token.matches('-').count() == 4 {
                    out.push((i, token));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn the_byte_walk_gives_the_tokens_and_offsets_the_char_walk_gives() {
        let texts = [
            "x 00000004-0000-0ff1-ce00-00000000000/lyncweb",
            "-a-b-c-d 1-2-3-4-5 a--b-c-d-e-f 00000002-0000-0ff1-ce00-000000000000",
            "Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000",
            "-x-1-2-3-4-",
            "é€ 00000004-0000-0ff1-ce00-000000000000—1-2-3-4-5é",
            "ü1-2-3-4-5 ß-a-b-c-d-e",
        ];
        for text in texts {
            assert_eq!(tokens(text), tokens_by_chars(text), "{text}");
        }
        // The texts hold tokens (the fourth none: its token starts after a dash).
        assert_eq!(texts.map(|t| tokens(t).len()), [1, 2, 1, 0, 2, 1]);
        assert!(tokens("Get-CsOAuthServer -Identity microsoft.sts").is_empty());
    }

    #[test]
    fn near_misses() {
        assert!(is_near_guid("00000004-0000-0ff1-ce00-00000000000"));
        assert!(!is_near_guid("00000004-0000-0ff1-ce00-000000000000"));
        assert_eq!(
            closest_well_known("00000004-0000-0ff1-ce00-00000000000").map(|x| x.0),
            Some(crate::wellknown::LYNC_APP_ID)
        );
        assert_eq!(
            lookalike_correction("00000004-0000-Off1-ce0O-000000000000").as_deref(),
            Some(crate::wellknown::LYNC_APP_ID)
        );
        assert_eq!(
            tokens("x 00000004-0000-0ff1-ce00-00000000000/lyncweb").len(),
            1
        );
    }
}

/// Replaces `token` in `text` only where it stands alone (not inside a longer run of hex digits
/// and dashes), so correcting a truncated id leaves the correct id beside it intact.
pub fn replace_token(text: &str, token: &str, replacement: &str) -> String {
    let is_part = |c: char| c.is_ascii_hexdigit() || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find(token) {
        let before = rest[..at].chars().next_back().or(previous);
        let after = rest[at + token.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_part) || after.is_some_and(is_part) {
            out.push_str(token);
        } else {
            out.push_str(replacement);
        }
        previous = token.chars().next_back();
        rest = &rest[at + token.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod replace_tests {
    use super::replace_token;

    #[test]
    fn only_whole_tokens_are_replaced() {
        let short = "00000004-0000-0ff1-ce00-00000000000";
        let right = "00000004-0000-0ff1-ce00-000000000000";
        let text = format!("Set-X -Id {short} -Other {right}");
        assert_eq!(
            replace_token(&text, short, right),
            format!("Set-X -Id {right} -Other {right}")
        );
    }
}
