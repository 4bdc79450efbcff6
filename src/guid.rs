//! GUID shapes: what a correct id looks like, and how a near miss differs. Shared by the loaders
//! (to recognise ids) and the guid rules (to explain mistakes).

/// The group lengths of a GUID: 8-4-4-4-12.
pub const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

pub fn is_guid(s: &str) -> bool {
    // Asked of every GUID-like token in the evidence: eight, four, four, four and twelve hex
    // digits, the dashes at fixed places; one pass over the bytes, nothing collected.
    let bytes = s.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The lengths of a token's dash-separated groups in characters, when it has exactly five
/// (`None` for another number of groups).
fn five_group_lengths(token: &str) -> Option<[usize; 5]> {
    let mut lengths = [0; 5];
    let mut group = 0;
    for c in token.chars() {
        if c == '-' {
            group += 1;
        } else {
            *lengths.get_mut(group)? += 1;
        }
    }
    (group == 4).then_some(lengths)
}

/// Lengths of the dash-separated groups of a GUID-like token.
pub fn group_lengths(s: &str) -> Vec<usize> {
    s.split('-').map(|g| g.chars().count()).collect()
}

/// A token shaped like a GUID (five dash-separated hex groups) whose group lengths are not
/// 8-4-4-4-12. Ids are the most copied-by-hand text in the procedure; one missing zero is the
/// classic mistake.
pub fn is_near_guid(token: &str) -> bool {
    token.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
        // Every group within two digits of its four or more has one at least: none is empty.
        && five_group_lengths(token).is_some_and(|lengths| {
            lengths != GROUPS && (lengths.iter().zip(GROUPS)).all(|(&l, n)| l.abs_diff(n) <= 2)
        })
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
    if five_group_lengths(token) != Some(GROUPS) || is_guid(token) {
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
    // Evidence names the same few ids again and again (every rule asks about every token), so
    // each thread remembers its answers; a bounded memory, emptied when full.
    thread_local! {
        static ANSWERS: std::cell::RefCell<Answers> = std::cell::RefCell::default();
    }
    ANSWERS.with(|answers| {
        if let Some(answer) = answers.borrow().get(token) {
            return *answer;
        }
        let answer = nearest_well_known(token);
        let mut answers = answers.borrow_mut();
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        answers.insert(token.to_string(), answer);
        answer
    })
}

/// The answers a thread remembers for [`closest_well_known`].
type Answers = std::collections::HashMap<
    String,
    Option<(&'static str, &'static str)>,
    foldhash::fast::FixedState,
>;
/// How many answers a thread remembers before starting again.
const REMEMBERED: usize = 4096;

/// [`closest_well_known`] worked out: the nearest well-known id within `NEAR` edits.
fn nearest_well_known(token: &str) -> Option<(&'static str, &'static str)> {
    let bare: Vec<char> = token
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let counts = CharCounts::of(&bare);
    well_known_bare()
        .iter()
        .filter(|known| counts.edits_at_least(&known.counts) <= NEAR)
        .filter_map(|known| {
            crate::edit_distance::within(&bare, &known.chars, NEAR)
                .map(|d| (d, known.id, known.name))
        })
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, id, name)| (id, name))
}

/// How many edits a near miss may be from the id it was meant to be.
const NEAR: usize = 2;

/// A well-known id without dashes, as `closest_well_known` compares it.
struct BareId {
    id: &'static str,
    name: &'static str,
    chars: Vec<char>,
    counts: CharCounts,
}

fn well_known_bare() -> &'static [BareId] {
    static BARE: std::sync::OnceLock<Vec<BareId>> = std::sync::OnceLock::new();
    BARE.get_or_init(|| {
        crate::wellknown::WELL_KNOWN_IDS
            .iter()
            .map(|(id, name)| {
                let chars: Vec<char> = id.chars().filter(|c| *c != '-').collect();
                let counts = CharCounts::of(&chars);
                BareId {
                    id,
                    name,
                    chars,
                    counts,
                }
            })
            .collect()
    })
}

/// How often each hexadecimal digit occurs in a (lower-case) text, every other character counted
/// together. Transcripts hold thousands of tenant and object ids, and a random id's digits are
/// nothing like a well-known id's run of zeros: the counts rule it out before any distance is
/// computed. (Counting the other characters together only lowers the bound: it stays a bound.
/// Seventeen counts, not one per ASCII character: the comparison runs for every well-known id.)
#[derive(Clone, PartialEq, Eq)]
struct CharCounts([u16; 17]);

impl CharCounts {
    fn of(chars: &[char]) -> CharCounts {
        let mut counts = [0u16; 17];
        for c in chars {
            let slot = match c {
                '0'..='9' => usize::from(*c as u8 - b'0'),
                'a'..='f' => usize::from(*c as u8 - b'a') + 10,
                _ => 16,
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        CharCounts(counts)
    }

    /// A lower bound of the edit distance between the two texts: an insertion or deletion
    /// changes the counts' difference by one, a substitution by at most two, so half the
    /// difference (rounded up) is never more than the distance.
    fn edits_at_least(&self, other: &CharCounts) -> usize {
        let difference: usize = (self.0.iter().zip(&other.0))
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        difference.div_ceil(2)
    }
}

/// GUID-like tokens in a text (including near misses and look-alikes), with their char offset.
/// Read on bytes: a token is ASCII letters, digits and dashes, and every byte of a non-ASCII
/// character is a separator, as the character is; only the offset counts characters.
///
/// A token is a whole run of those bytes that starts with a letter or digit and holds four
/// dashes, so the search goes from dash to dash: the runs without one are never read (every
/// value of every command is searched, by several rules).
pub fn tokens(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    // A token has four dashes: most texts have fewer and hold none.
    if memchr::memchr_iter(b'-', bytes).nth(3).is_none() {
        return Vec::new();
    }
    let in_token = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let mut out = Vec::new();
    // Where the last run read ends: later dashes inside it belong to it.
    let mut read_to = 0;
    // Characters before byte `counted_to` (every byte but UTF-8's continuation bytes starts one).
    let (mut counted_to, mut chars_before) = (0, 0);
    for dash in memchr::memchr_iter(b'-', bytes) {
        if dash < read_to {
            continue;
        }
        let mut start = dash;
        while start > 0 && in_token(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = dash + 1;
        while end < bytes.len() && in_token(bytes[end]) {
            end += 1;
        }
        read_to = end;
        // A run that starts with a dash (`-Name`) is no token, nor is any part of it.
        if !bytes[start].is_ascii_alphanumeric() {
            continue;
        }
        let Some(token) = text.get(start..end) else {
            continue;
        };
        if memchr::memchr_iter(b'-', token.as_bytes()).count() == 4 {
            chars_before += bytes[counted_to..start]
                .iter()
                .filter(|b| (**b & 0xC0) != 0x80)
                .count();
            counted_to = start;
            out.push((chars_before, token));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_guid_reads_as_splitting_into_groups_did() {
        let by_groups = |s: &str| {
            let groups: Vec<&str> = s.split('-').collect();
            groups.len() == 5
                && (groups.iter().zip(GROUPS))
                    .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
        };
        let id = "00000004-0000-0ff1-ce00-000000000000";
        let mut texts = vec![
            id.to_string(),
            format!("{id}-"),
            format!("-{id}"),
            String::new(),
        ];
        for i in 0..id.len() {
            for with in ["", "g", "0", "-", "é", "00"] {
                texts.push(format!("{}{with}{}", &id[..i], &id[i + 1..]));
            }
        }
        for t in &texts {
            assert_eq!(is_guid(t), by_groups(t), "{t:?}");
        }
        assert!(texts.iter().filter(|t| is_guid(t)).count() > 30);
    }

    /// Near misses and look-alike letters read as splitting into groups did (the first
    /// versions, kept here as the reference), on an id with every character replaced, dropped
    /// or doubled, and a second change after it.
    #[test]
    fn near_guids_and_lookalikes_read_as_splitting_into_groups_did() {
        let near_by_groups = |token: &str| {
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
        };
        let lookalike_shape_by_groups = |token: &str| {
            let groups: Vec<&str> = token.split('-').collect();
            groups.len() == 5
                && groups
                    .iter()
                    .zip(GROUPS)
                    .all(|(g, n)| g.chars().count() == n)
                && !is_guid(token)
        };
        let id = "00000004-0000-0ff1-ce00-000000000000";
        let edits = ["", "g", "0", "-", "é", "00", "O", "l", "--", "ſ"];
        let mut texts = vec![String::new(), "-".repeat(4), "0-0-0-0-0".to_string()];
        for i in 0..id.len() {
            for with in edits {
                let once = format!("{}{with}{}", &id[..i], &id[i + 1..]);
                for (j, _) in once.char_indices().step_by(7) {
                    for again in ["", "0", "-", "S"] {
                        let next = once[j..].chars().next().map_or(0, char::len_utf8);
                        texts.push(format!("{}{again}{}", &once[..j], &once[j + next..]));
                    }
                }
                texts.push(once);
            }
        }
        let (mut near, mut lookalike) = (0, 0);
        for t in &texts {
            assert_eq!(is_near_guid(t), near_by_groups(t), "{t:?}");
            near += usize::from(is_near_guid(t));
            let corrected = lookalike_correction(t);
            assert_eq!(
                corrected.is_some(),
                lookalike_shape_by_groups(t) && corrected.as_deref().is_some_and(is_guid),
                "{t:?}"
            );
            lookalike += usize::from(corrected.is_some());
        }
        assert!(
            near > 500 && lookalike > 500,
            "{near} near, {lookalike} look-alike"
        );
    }

    #[test]
    fn the_counts_rule_out_random_ids_before_any_distance() {
        // What makes them worth keeping: an object id's digits are nothing like a well-known id's.
        for random in [
            "8f4c2a1e3b7d4c9a9e2f5d6b7a8c9d0e",
            "ee5c7a1f2d3b4c5d6e7f8091a2b3c4d5",
        ] {
            let chars: Vec<char> = random.chars().collect();
            let counts = CharCounts::of(&chars);
            for known in well_known_bare() {
                assert!(
                    counts.edits_at_least(&known.counts) > NEAR,
                    "{random} {}",
                    known.id
                );
            }
        }
    }

    #[test]
    fn the_counts_never_rule_out_a_near_id() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let mut texts: Vec<String> = crate::wellknown::WELL_KNOWN_IDS
            .iter()
            .map(|(id, _)| id.replace('-', ""))
            .collect();
        let edits: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                (0..t.len()).flat_map(move |i| {
                    [
                        format!("{}{}", &t[..i], &t[i + 1..]),
                        format!("{}x{}", &t[..i], &t[i..]),
                        format!("{}é{}", &t[..i], &t[i + 1..]),
                        format!("{}{}", &t[..i], &t[i..].replacen('0', "O", 2)),
                    ]
                })
            })
            .collect();
        texts.extend(edits);
        texts.extend(["", "1", "ee5c7a1f2d3b4c5d6e7f8091a2b3c4d5", "éé"].map(String::from));
        // Every text against the well-known ids (what `closest_well_known` compares), and
        // against a sample of the others.
        let against: Vec<&String> = texts
            .iter()
            .take(5)
            .chain(texts.iter().step_by(41))
            .collect();
        let mut near = 0;
        for a in &texts {
            for b in &against {
                let bound = CharCounts::of(&c(a)).edits_at_least(&CharCounts::of(&c(b)));
                let distance = crate::edit_distance::edit_distance(&c(a), &c(b));
                assert!(
                    bound <= distance,
                    "{a:?} {b:?}: bound {bound} over {distance}"
                );
                near += usize::from(distance <= NEAR);
            }
        }
        assert!(near > 500, "{near}");
    }

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
            let by_bytes: Vec<(usize, String)> = tokens(text)
                .into_iter()
                .map(|(at, token)| (at, token.to_string()))
                .collect();
            assert_eq!(by_bytes, tokens_by_chars(text), "{text}");
        }
        // Generated texts: every way of joining a few pieces that make, break or border tokens.
        let pieces = [
            "00000004", "-", "0000", "0ff1", "ce00", " ", "é", "/", "--", "a", "-x", "€1", "ß",
        ];
        let mut generated = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("{a}{b}{c}{d}-0ff1{a}-{b}{c}-{d}-9");
                        let by_bytes: Vec<(usize, String)> = tokens(&text)
                            .into_iter()
                            .map(|(at, token)| (at, token.to_string()))
                            .collect();
                        assert_eq!(by_bytes, tokens_by_chars(&text), "{text}");
                        generated += usize::from(!by_bytes.is_empty());
                    }
                }
            }
        }
        assert!(generated > 1000, "{generated}");
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
