//! The words of a text as symptom matching compares them: lower case, split on anything that is
//! not a letter or digit, common English words dropped, and each word cut to a rough stem so
//! "joining", "joined" and "join" meet. Crude on purpose: the vocabulary is a few dozen symptom
//! texts, not English.

use std::collections::BTreeSet;

/// Words that say nothing about which symptom is meant.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "do", "does", "doesn", "don", "for", "from", "get", "gets", "got", "has", "have", "i",
    "in", "is", "isn", "it", "its", "ll", "me", "my", "no", "not", "of", "on", "or", "our", "s",
    "see", "shows", "t", "that", "the", "their", "there", "they", "this", "to", "was", "we",
    "were", "when", "will", "with", "won", "you", "your",
];

/// The stems of the meaningful words of `text`, in order, duplicates kept.
pub fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// The distinct stems of `text`.
pub fn stem_set(text: &str) -> BTreeSet<String> {
    stems(text).into_iter().collect()
}

/// A rough English stem: plural and verb endings removed (`details` → `detail`, `joining` →
/// `join`, `disabled` → `disabl`, `entries` → `entry`). Words of digits are kept whole.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.chars().any(|c| c.is_ascii_digit()) {
        return w;
    }
    let cut = |w: &str, suffix: &str, min_left: usize| -> Option<String> {
        let base = w.strip_suffix(suffix)?;
        (base.chars().count() >= min_left).then(|| base.to_string())
    };
    // The plural first, then a verb ending: "meetings" → "meeting" → "meet".
    let singular = if let Some(base) = cut(&w, "ies", 2) {
        base + "y"
    } else if w.ends_with("ss") {
        w.clone()
    } else {
        cut(&w, "s", 3).unwrap_or_else(|| w.clone())
    };
    cut(&singular, "ing", 3)
        .or_else(|| cut(&singular, "ed", 3))
        .unwrap_or(singular)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_meet_at_one_stem() {
        assert_eq!(stem("joining"), stem("join"));
        assert_eq!(stem("joined"), stem("join"));
        assert_eq!(stem("details"), stem("detail"));
        assert_eq!(stem("meetings"), stem("meeting"));
        assert_eq!(stem("buttons"), "button");
        assert_eq!(stem("entries"), "entry");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("32053"), "32053");
    }

    #[test]
    fn common_words_and_punctuation_are_dropped() {
        assert_eq!(
            stems("We'll add JOINING details, after the invitation!"),
            vec!["add", "join", "detail", "invitation"]
        );
    }
}
