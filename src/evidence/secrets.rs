//! Finds secrets written into text evidence and blanks them before anything else reads the text:
//! `ConvertTo-SecureString "…" -AsPlainText`, literal `-Password`/`-ClientSecret`/`-AccessToken`
//! values, literals assigned to secret-named variables or hashtable keys, `client_secret=…` in
//! request bodies, passwords a transcript printed (`GetNetworkCredential().Password`, a
//! `Password : …` or `SecretText : …` list field), bearer tokens and JWT-shaped strings, and the
//! bodies of PEM private keys.
//!
//! Each secret's characters are replaced by `MASK`, one for one, so every column on the line stays
//! true and the parsers read the rest of the line as before; the model keeps only where a secret
//! was (`model::Secret`). Nothing downstream (rules, reporters, `hybridlint model`) can echo what
//! it never had. `crate::secrets::mask` turns the blanks into `*` for display.
//!
//! Scanning is line by line; a line is only looked at closely when a cheap search finds one of
//! the words every pattern needs. Secrets split over continuation lines are not recognised.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::model::SecretKind;

// The blank a secret's characters become is the display's (`crate::secrets::MASK`), so the
// display, below every layer, never reads the loaders.
pub use crate::secrets::MASK;

/// A secret's place on a line: 0-based line, 0-based character column, length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub kind: SecretKind,
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// Words one of which every pattern below needs: lines without any are skipped.
const PREFILTER_WORDS: [&str; 11] = [
    "securestring",
    "pass",
    "pwd",
    "secret",
    "token",
    "bearer",
    "eyJ",
    "private key",
    "apikey",
    "getnetworkcredential",
    "ptrtostring",
];
/// The words as a case-insensitive pattern: Unicode case folding, so `ſ` (long s) matches `s`.
static PREFILTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("(?i){}", PREFILTER_WORDS.join("|"))).expect("static regex")
});
/// Lower-case words searched in lower-cased text: aho-corasick's vectorised search (Teddy),
/// one search over a whole file's text where a search per line paid its set-up on every line
/// and a case-insensitive automaton could not vectorise. Where the CPU has no vector
/// instructions for it, an automaton gives the same answers, slower. Of the words starting at
/// one place, the longest is found.
enum LowerWords {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl LowerWords {
    fn new<const N: usize>(words: [&str; N]) -> LowerWords {
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(words)
            .build();
        match packed {
            Some(packed) => LowerWords::Packed(packed),
            None => LowerWords::automaton(words),
        }
    }

    /// The automaton alone (the fallback, and what tests hold the vector search to).
    fn automaton<const N: usize>(words: [&str; N]) -> LowerWords {
        let automaton = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .expect("static words");
        LowerWords::Automaton(automaton)
    }

    /// The first word starting at or after `at` in `text`.
    fn find_from(&self, text: &[u8], at: usize) -> Option<aho_corasick::Match> {
        match self {
            LowerWords::Packed(packed) => {
                packed.find_in(text, aho_corasick::Span::from(at..text.len()))
            }
            LowerWords::Automaton(automaton) => {
                automaton.find(aho_corasick::Input::new(text).range(at..))
            }
        }
    }
}

/// The prefilter's words, searched in a lower-cased copy of a file's ASCII lines.
static PREFILTER_LOWER: LazyLock<LowerWords> = LazyLock::new(|| {
    LowerWords::new(
        PREFILTER_WORDS
            .map(str::to_ascii_lowercase)
            .each_ref()
            .map(String::as_str),
    )
});

/// Bytes of lower-cased lines the prefilter searches at once. A copy of the whole file, as it
/// was, cost a file-sized allocation per file, fresh pages each time (a tenth of the page
/// faults of a folder of transcripts); a chunk this size is reused from file to file and stays
/// in the cache, and one search per chunk still pays the search's set-up rarely.
const CHUNK_BYTES: usize = 64 * 1024;

/// What the prefilter learnt of a run of a file's lines, `from..end`: which may hold a secret,
/// and the ASCII lines lower-cased (the scan of a line reads its lower-cased copy from here, not
/// a new one). Filled again, in place, for each run.
#[derive(Default)]
struct Prefiltered {
    from: usize,
    end: usize,
    /// By line, from `from`.
    may_hold: Vec<bool>,
    /// The ASCII lines, lower-cased, each followed by a line feed (no word holds one, so no find
    /// spans two lines).
    lowered: String,
    /// By line, from `from`: where its lower-cased copy starts in `lowered`; `NOT_ASCII` for
    /// other lines.
    lowered_at: Vec<usize>,
    /// The ASCII lines' starts in `lowered`, with their line numbers.
    ascii_lines: Vec<(usize, usize)>,
}

const NOT_ASCII: usize = usize::MAX;

impl Prefiltered {
    /// Prefilters the lines from `from`, as many as fill about `budget` bytes (one at least):
    /// whether each holds one of the prefilter's words, read as the case-insensitive pattern
    /// would. ASCII lines go through one search of their lower-cased text, other lines through
    /// the pattern (Unicode folds `ſ` onto `s`, which no ASCII search knows).
    fn fill(&mut self, lines: &[&str], from: usize, budget: usize) {
        self.may_hold.clear();
        self.lowered.clear();
        self.lowered_at.clear();
        self.ascii_lines.clear();
        self.from = from;
        let mut n = from;
        while let Some(line) = lines.get(n)
            && (n == from || self.lowered.len() < budget)
        {
            if line.is_ascii() {
                let start = self.lowered.len();
                self.ascii_lines.push((start, n));
                self.lowered_at.push(start);
                self.lowered.push_str(line);
                self.lowered[start..].make_ascii_lowercase();
                self.lowered.push('\n');
                self.may_hold.push(false);
            } else {
                self.lowered_at.push(NOT_ASCII);
                self.may_hold.push(PREFILTER.is_match(line));
            }
            n += 1;
        }
        self.end = n;
        let mut next = 0;
        let mut at = 0;
        while let Some(found) = PREFILTER_LOWER
            .find_from(self.lowered.as_bytes(), at)
            .map(|m| m.start())
        {
            // The line the find starts in; the search goes on from the next line.
            while next + 1 < self.ascii_lines.len() && self.ascii_lines[next + 1].0 <= found {
                next += 1;
            }
            let Some(&(_, n)) = self.ascii_lines.get(next) else {
                break;
            };
            if let Some(holds) = self.may_hold.get_mut(n - from) {
                *holds = true;
            }
            match self.ascii_lines.get(next + 1) {
                Some(&(start, _)) => at = start,
                None => break,
            }
        }
    }

    /// Whether line `n` (of this run) may hold a secret.
    fn may_hold(&self, n: usize) -> bool {
        n.checked_sub(self.from)
            .and_then(|k| self.may_hold.get(k))
            .copied()
            .unwrap_or(false)
    }

    /// Line `n` lower-cased: borrowed for an ASCII line of this run, made for another.
    fn lower<'a>(&'a self, n: usize, line: &str) -> Cow<'a, str> {
        match n
            .checked_sub(self.from)
            .and_then(|k| self.lowered_at.get(k))
        {
            Some(&start) if start != NOT_ASCII => Cow::Borrowed(
                self.lowered
                    .get(start..start + line.len())
                    .unwrap_or_default(),
            ),
            _ => Cow::Owned(line.to_ascii_lowercase()),
        }
    }
}

/// `lines` prefiltered all at once (tests hold runs of any length to this).
#[cfg(test)]
fn prefilter(lines: &[&str]) -> Prefiltered {
    let mut prefiltered = Prefiltered::default();
    prefiltered.fill(lines, 0, usize::MAX);
    prefiltered
}

/// Whether `line` holds one of the prefilter's words, read as the case-insensitive pattern would.
#[cfg(test)]
fn may_hold_secret(line: &str) -> bool {
    prefilter(&[line]).may_hold(0)
}

/// A PowerShell literal: `"…"` (backtick escapes, `""`), `'…'` (`''`), or a bare word. The
/// content (without quotes) is group `dq`, `sq` or `bare`.
const LITERAL: &str =
    r#"(?:"(?P<dq>(?:[^"`]|`.|"")*)"|'(?P<sq>(?:[^']|'')*)'|(?P<bare>[^\s'"$(@{\-][^\s)};|,]*))"#;
/// A quoted literal only.
const QUOTED: &str = r#"(?:"(?P<dq>(?:[^"`]|`.|"")*)"|'(?P<sq>(?:[^']|'')*)')"#;

/// `ConvertTo-SecureString [-String] <literal>` (the line must also say `-AsPlainText`).
static SECURE_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bConvertTo-SecureString\s+(?:-String(?::|\s+))?{LITERAL}"
    ))
    .expect("static regex")
});
/// `<literal> | ConvertTo-SecureString`.
static PIPED_SECURE_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i){QUOTED}\s*\|\s*ConvertTo-SecureString\b")).expect("static regex")
});
/// `-Password <literal>`, `-CertificatePassword:<literal>`, `-ClientSecret …`, `-AccessToken …`.
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|\s)-(?P<name>\w*password|\w*passphrase|\w*secret|\w*accesstoken|bearertoken|apikey|token)(?::|\s+){LITERAL}"
    ))
    .expect("static regex")
});
/// `$password = "…"`, `[string]$clientSecret = '…'`, `@{ client_secret = "…" }`.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[\s;{{(])(?:\[[\w.]+\])?\$?(?P<name>[\w:]*?(?:password|passwd|pass|pwd|secret|apikey|token))\s*=\s*{QUOTED}"
    ))
    .expect("static regex")
});
/// `client_secret=…` in a form body or URL, `"client_secret": "…"` in JSON.
static FORM_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(?P<name>client_secret|password|access_token|refresh_token)(?:=(?P<form>[^&\s"'`]+)|"\s*:\s*"(?P<json>[^"]+)")"#,
    )
    .expect("static regex")
});
/// A list field a transcript printed: `Password : …`, `SecretText : …`.
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?P<name>password|clientsecret|secret|secrettext|accesstoken|access_token|refresh_token|client_secret)\s*:\s*(?P<value>\S(?:.*\S)?)\s*$",
    )
    .expect("static regex")
});
/// `Authorization: Bearer …` and other `Bearer <token>` mentions.
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bBearer\s+(?P<token>[A-Za-z0-9\-._~+/]{8,}=*)").expect("static regex")
});
/// A JWT: Base64url header and payload (both JSON objects, so `eyJ…`) and a signature.
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
        .expect("static regex")
});
/// A command that prints a decrypted password on the next output line.
static REVEALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)GetNetworkCredential\(\)\s*\.\s*Password\b|PtrToString(?:Auto|BSTR|Uni)\b|ConvertFrom-SecureString\b.*-AsPlainText",
    )
    .expect("static regex")
});
static PEM_BEGIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----").expect("static regex"));
/// A prompt at the start of a transcript line (`PS C:\>`, `PS>`, `[PS] …>`, `>>`).
static PROMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[PS\] [^>]*>|PS(?: [^>]*)?>|>>)").expect("static regex"));

/// Every secret in `lines`, in line and column order, overlapping finds merged.
pub fn scan(lines: &[&str]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut prefiltered = Prefiltered::default();
    let mut i = 0;
    while i < lines.len() {
        if i >= prefiltered.end {
            prefiltered.fill(lines, i, CHUNK_BYTES);
        }
        let line = &lines[i];
        if !prefiltered.may_hold(i) {
            i += 1;
            continue;
        }
        if PEM_BEGIN.is_match(line) {
            i = private_key(lines, i, &mut out);
            continue;
        }
        // Each pattern runs only on lines holding the words it needs (the prefilter let through
        // any line with one of them, such as a log line about an OAuth token).
        let lower = prefiltered.lower(i, line);
        let words = LineWords::of(&lower);
        scan_line(line, &lower, words, i, &mut out);
        if may_reveal(line, words)
            && REVEALS.is_match(line)
            && PROMPT.is_match(line)
            && let Some((next, text)) = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| !l.trim().is_empty())
            && !PROMPT.is_match(text)
        {
            push_trimmed(text, next, SecretKind::PrintedPassword, &mut out);
        }
        i += 1;
    }
    merge(out)
}

/// Every line that holds a span, with the characters of its spans replaced by `MASK`, in line
/// order (spans come sorted from `scan`): the few lines to change, not a copy of the file.
pub fn blanked_lines(lines: &[&str], spans: &[Span]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < spans.len() {
        let line_no = spans[k].line;
        let mut end = k;
        while end < spans.len() && spans[end].line == line_no {
            end += 1;
        }
        if let Some(line) = lines.get(line_no) {
            let on_line = &spans[k..end];
            let masked: String = line
                .chars()
                .enumerate()
                .map(|(c, ch)| {
                    if on_line
                        .iter()
                        .any(|s| c >= s.column && c < s.column + s.len)
                    {
                        MASK
                    } else {
                        ch
                    }
                })
                .collect();
            out.push((line_no, masked));
        }
        k = end;
    }
    out
}

/// The secrets one line holds; `lower` is the line lower-cased and `words` the [`Word`]s it holds.
fn scan_line(line: &str, lower: &str, words: LineWords, n: usize, out: &mut Vec<Span>) {
    let has = |word: Word| words.has(word);
    let secret_word = has(Word::Pass)
        || has(Word::Pwd)
        || has(Word::Secret)
        || has(Word::Token)
        || has(Word::ApiKey);
    if has(Word::AsPlainText) && has(Word::ConvertToSecureString) {
        for caps in SECURE_STRING.captures_iter(line) {
            literal(line, n, &caps, SecretKind::SecureStringPlaintext, out);
        }
        for caps in PIPED_SECURE_STRING.captures_iter(line) {
            literal(line, n, &caps, SecretKind::SecureStringPlaintext, out);
        }
    }
    // A pattern runs only when its words are there (a search, even of nothing, costs a cache
    // and a set of captures).
    if secret_word && may_hold_parameter(line) {
        for caps in PARAMETER.captures_iter(line) {
            let kind = kind_of(caps.name("name").map_or("", |m| m.as_str()), true);
            literal(line, n, &caps, kind, out);
        }
    }
    if secret_word && memchr::memchr(b'=', lower.as_bytes()).is_some() {
        for caps in ASSIGNMENT.captures_iter(line) {
            let name = caps.name("name").map_or("", |m| m.as_str());
            let kind = match kind_of(name, false) {
                SecretKind::PasswordParameter => SecretKind::SecretVariable,
                other => other,
            };
            literal(line, n, &caps, kind, out);
        }
    }
    let form_word = has(Word::ClientSecret)
        || has(Word::Password)
        || has(Word::AccessToken)
        || has(Word::RefreshToken);
    if form_word {
        for caps in FORM_FIELD.captures_iter(line) {
            let kind = kind_of(caps.name("name").map_or("", |m| m.as_str()), false);
            let kind = match kind {
                SecretKind::PasswordParameter => SecretKind::SecretVariable,
                other => other,
            };
            // `client_secret=$env:APP_SECRET` in a double-quoted body expands at run time: no
            // secret.
            if let Some(m) = caps.name("form").or_else(|| caps.name("json"))
                && !is_placeholder(m.as_str())
            {
                push(line, n, m.start(), m.end(), kind, out);
            }
        }
    }
    if secret_word
        && memchr::memchr(b':', lower.as_bytes()).is_some()
        && may_be_field(line)
        && let Some(caps) = FIELD.captures(line)
        && let Some(value) = caps.name("value")
        && !is_harmless_field(value.as_str())
    {
        let kind = match kind_of(caps.name("name").map_or("", |m| m.as_str()), false) {
            SecretKind::PasswordParameter | SecretKind::SecretVariable => {
                SecretKind::PrintedPassword
            }
            other => other,
        };
        push(line, n, value.start(), value.end(), kind, out);
    }
    if has(Word::Bearer) {
        for caps in BEARER.captures_iter(line) {
            if let Some(m) = caps.name("token")
                && looks_like_token(m.as_str())
            {
                push(line, n, m.start(), m.end(), SecretKind::BearerToken, out);
            }
        }
    }
    if line.contains("eyJ") {
        for m in JWT.find_iter(line) {
            push(line, n, m.start(), m.end(), SecretKind::BearerToken, out);
        }
    }
}

/// Whether the word after `Bearer` can be a token rather than prose (`an empty bearer challenge`,
/// `Bearer Authorization check` in Microsoft's own pages): a token's random characters hold a
/// digit, or it is longer than English words run.
fn looks_like_token(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit()) || word.len() >= 32
}

/// The words `scan` and `scan_line` ask a lower-cased line about, by name. Some hold others
/// (`password` holds `pass`): all are found. (Single characters are not among them: a line holds
/// many `:`, and the automaton stops at every one.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Pass,
    Pwd,
    Secret,
    Token,
    ApiKey,
    AsPlainText,
    ConvertToSecureString,
    ClientSecret,
    Password,
    AccessToken,
    RefreshToken,
    Bearer,
    GetNetworkCredential,
    PtrToString,
    ConvertFromSecureString,
}

impl Word {
    /// Every word, in declaration order: the automaton's pattern `i` is `ALL[i]`, bit `i` of
    /// [`LineWords`].
    const ALL: [Word; 15] = [
        Word::Pass,
        Word::Pwd,
        Word::Secret,
        Word::Token,
        Word::ApiKey,
        Word::AsPlainText,
        Word::ConvertToSecureString,
        Word::ClientSecret,
        Word::Password,
        Word::AccessToken,
        Word::RefreshToken,
        Word::Bearer,
        Word::GetNetworkCredential,
        Word::PtrToString,
        Word::ConvertFromSecureString,
    ];

    /// The word as a lower-cased line holds it.
    const fn text(self) -> &'static str {
        match self {
            Word::Pass => "pass",
            Word::Pwd => "pwd",
            Word::Secret => "secret",
            Word::Token => "token",
            Word::ApiKey => "apikey",
            Word::AsPlainText => "-asplaintext",
            Word::ConvertToSecureString => "convertto-securestring",
            Word::ClientSecret => "client_secret",
            Word::Password => "password",
            Word::AccessToken => "access_token",
            Word::RefreshToken => "refresh_token",
            Word::Bearer => "bearer",
            Word::GetNetworkCredential => "getnetworkcredential",
            Word::PtrToString => "ptrtostring",
            Word::ConvertFromSecureString => "convertfrom-securestring",
        }
    }
}

/// One search for every [`Word`]: a line is read once for all of them (a search per word cost
/// more than the rest of a line's scan). It reports the longest word starting at a place and
/// is asked again from the next byte, so words inside others (`token` in `access_token`) are
/// found too; the one word that begins another (`pass`, `password`) is added by hand.
static LINE_SEARCH: LazyLock<LowerWords> =
    LazyLock::new(|| LowerWords::new(Word::ALL.map(Word::text)));

/// Which [`Word`]s a lower-cased line holds (bit `i`: `Word::ALL[i]`).
#[derive(Clone, Copy)]
struct LineWords(u32);

impl LineWords {
    fn of(lower: &str) -> LineWords {
        LineWords::found_by(&LINE_SEARCH, lower)
    }

    fn found_by(search: &LowerWords, lower: &str) -> LineWords {
        let mut bits = 0;
        let mut at = 0;
        while let Some(found) = search.find_from(lower.as_bytes(), at) {
            bits |= 1 << found.pattern().as_usize();
            at = found.start() + 1;
        }
        if bits & (1 << Word::Password as u32) != 0 {
            bits |= 1 << Word::Pass as u32;
        }
        LineWords(bits)
    }

    /// Whether the line holds `word` (a bit test: the scan asks a dozen times per line).
    fn has(self, word: Word) -> bool {
        self.0 & (1 << word as u32) != 0
    }
}

/// Whether [`REVEALS`] may match `line`. On an ASCII line it matches only where one of its calls
/// is named; elsewhere its case-insensitive match may fold other characters (`K`, `ſ`) onto
/// these letters, so the pattern is asked.
fn may_reveal(line: &str, words: LineWords) -> bool {
    !line.is_ascii()
        || words.has(Word::GetNetworkCredential)
        || words.has(Word::PtrToString)
        || words.has(Word::ConvertFromSecureString)
}

/// Whether `line` has a `-` at its start or after white space, which `PARAMETER` needs: log
/// lines mention tokens and hold dashes in GUIDs and dates, but rarely a parameter.
fn may_hold_parameter(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'-', bytes).any(|i| {
        // The character before: ASCII is one byte; anything else is judged as a character.
        match i.checked_sub(1).and_then(|p| bytes.get(p)).copied() {
            None => true,
            Some(b) if b.is_ascii() => (b as char).is_whitespace(),
            Some(_) => line[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace),
        }
    })
}

/// Whether `line` may start as a `FIELD` does: its first character after white space begins one
/// of the field names (`p`, `c`, `s`, `a`, `r`), in any case, or is not ASCII (`ſ` folds onto `s`).
fn may_be_field(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(|c| {
        !c.is_ascii() || matches!(c.to_ascii_lowercase(), 'p' | 'c' | 's' | 'a' | 'r')
    })
}

/// The secret kind a parameter, variable or field name suggests.
fn kind_of(name: &str, _parameter: bool) -> SecretKind {
    let lower = name.to_ascii_lowercase();
    if lower.contains("secret") {
        SecretKind::ClientSecret
    } else if lower.contains("token") {
        SecretKind::BearerToken
    } else if lower.contains("apikey") {
        SecretKind::ClientSecret
    } else {
        SecretKind::PasswordParameter
    }
}

/// Records the literal captured as `dq`, `sq` or `bare`, unless it is no secret: empty, a
/// variable (`"$pw"`), or a placeholder (`"<password>"`, `"********"`).
fn literal(line: &str, n: usize, caps: &regex::Captures, kind: SecretKind, out: &mut Vec<Span>) {
    let Some(m) = caps
        .name("dq")
        .or_else(|| caps.name("sq"))
        .or_else(|| caps.name("bare"))
    else {
        return;
    };
    if is_placeholder(m.as_str()) {
        return;
    }
    push(line, n, m.start(), m.end(), kind, out);
}

fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with('$')
        || (v.starts_with('<') && v.ends_with('>'))
        || v.chars().all(|c| matches!(c, '*' | 'x' | 'X' | MASK))
        || v.eq_ignore_ascii_case("redacted")
}

/// A printed field that is not a secret: a SecureString shown by type, an empty collection.
fn is_harmless_field(value: &str) -> bool {
    let v = value.trim();
    is_placeholder(v)
        || v.eq_ignore_ascii_case("System.Security.SecureString")
        || v == "{}"
        || v.starts_with("System.")
}

fn push_trimmed(line: &str, n: usize, kind: SecretKind, out: &mut Vec<Span>) {
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    if start < end {
        push(line, n, start, end, kind, out);
    }
}

/// Records bytes `start..end` of `line` as a span in characters.
fn push(line: &str, n: usize, start: usize, end: usize, kind: SecretKind, out: &mut Vec<Span>) {
    let (Some(before), Some(secret)) = (line.get(..start), line.get(start..end)) else {
        return;
    };
    let len = secret.chars().count();
    if len == 0 {
        return;
    }
    out.push(Span {
        kind,
        line: n,
        column: before.chars().count(),
        len,
    });
}

/// Blanks a PEM private key's body from the line after `begin` to its END line (or to the first
/// line that is not Base64 or a header, when the END line is missing). Returns the next line.
fn private_key(lines: &[&str], begin: usize, out: &mut Vec<Span>) -> usize {
    let mut j = begin + 1;
    while let Some(line) = lines.get(j) {
        let t = line.trim();
        if t.contains("-----END ") {
            return j + 1;
        }
        let body = t.trim_start_matches(">>").trim();
        let base64ish = body.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ':' | ',' | '-' | ' ')
        });
        if !base64ish {
            return j;
        }
        push_trimmed(line, j, SecretKind::PrivateKey, out);
        j += 1;
    }
    j
}

/// Sorts spans and merges those that overlap on a line (the first kind wins).
fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.line, s.column, std::cmp::Reverse(s.len)));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut()
            && last.line == s.line
            && s.column < last.column + last.len
        {
            let end = (last.column + last.len).max(s.column + s.len);
            last.len = end - last.column;
            continue;
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of the fixtures and fuzz corpora and `extra`, each also upper-cased, behind a
    /// space, and behind a non-ASCII character (with and without a space): what the guards are
    /// held equal to patterns on.
    fn lines_with(extra: &[&str]) -> Vec<String> {
        let mut lines = crate::evidence::transcript::test_lines::corpus_lines();
        lines.extend(extra.iter().map(|l| l.to_string()));
        let variations: Vec<String> = lines
            .iter()
            .flat_map(|l| {
                [
                    l.to_uppercase(),
                    format!(" {l}"),
                    format!("é {l}"),
                    format!("é{l}"),
                ]
            })
            .collect();
        lines.extend(variations);
        lines
    }

    #[test]
    fn the_word_search_answers_as_the_pattern_does() {
        // Case variations, and the characters Unicode folds onto ASCII letters of the words
        // (`ſ` onto `s`, the Kelvin sign onto `k`), which only the pattern knows.
        let lines = lines_with(&[
            "$PASSWORD = 'x'",
            "a PaSs b",
            "$paſs = 1",
            "ſecret",
            "private \u{212A}ey",
            "Ünïcode token",
            "Ünïcode only",
            "EYJ",
            "eyj",
            "",
            // A word split over two lines is on neither.
            "x pa",
            "ss y",
            "privat",
            "e key",
        ]);
        let mut hits = 0;
        for line in &lines {
            let expected = PREFILTER.is_match(line);
            hits += usize::from(expected);
            assert_eq!(may_hold_secret(line), expected, "{line:?}");
        }
        assert!(
            hits > 100,
            "the corpus should hold lines with the words, {hits} found"
        );
        // All the lines at once, as a file's are searched: the same answer for each line.
        let all: Vec<&str> = lines.iter().map(String::as_str).collect();
        let together = prefilter(&all);
        for (n, line) in all.iter().enumerate() {
            assert_eq!(
                together.may_hold(n),
                PREFILTER.is_match(line),
                "{line:?} among the others"
            );
            // The lower-cased copy the scan reads is the line's own, wherever it lies.
            assert_eq!(together.lower(n, line), line.to_ascii_lowercase());
        }
        // In runs of a few lines each, as a long file is searched: the same again.
        for budget in [1, 30, 200] {
            let mut runs = Prefiltered::default();
            let mut runs_seen = 0;
            for (n, line) in all.iter().enumerate() {
                if n >= runs.end {
                    runs.fill(&all, n, budget);
                    runs_seen += 1;
                }
                assert_eq!(
                    runs.may_hold(n),
                    PREFILTER.is_match(line),
                    "{line:?} by {budget}"
                );
                assert_eq!(runs.lower(n, line), line.to_ascii_lowercase());
            }
            assert!(runs_seen > 10, "{runs_seen} runs of {budget} bytes");
        }
    }

    #[test]
    fn the_vector_search_and_its_fallback_find_the_same_words() {
        let words = PREFILTER_WORDS.map(str::to_ascii_lowercase);
        let words = words.each_ref().map(String::as_str);
        let packed = LowerWords::new(words);
        if !matches!(packed, LowerWords::Packed(_)) {
            // No vector search on this CPU: the fallback is the only one in use.
            return;
        }
        let automaton = LowerWords::automaton(words);
        let text = lines_with(&["x pass y", "eyj", "private key"])
            .join("\n")
            .to_ascii_lowercase();
        let (mut at, mut finds) = (0, 0);
        while let Some(found) = automaton.find_from(text.as_bytes(), at) {
            assert_eq!(packed.find_from(text.as_bytes(), at), Some(found));
            finds += 1;
            at = found.start() + 1;
        }
        assert_eq!(packed.find_from(text.as_bytes(), at), None);
        assert!(finds > 100, "{finds} finds");
    }

    #[test]
    fn the_guards_let_through_every_line_the_patterns_match() {
        let lines = lines_with(&[
            "-Password x",
            "\t-ClientSecret:'y'",
            "New-X\u{3000}-AccessToken z",
            "  password : hunter2",
            "ſecret : 1",
            "SecretText: abc",
            "Refresh_Token : r",
            "x -Token t",
            "PS C:\\> $c.GetNetworkCredential().Password",
            "PS> [Runtime.InteropServices.Marshal]::PtrToStringAuto($b)",
            "PS C:\\> ConvertFrom-SecureString $s -AsPlainText",
            "PS> $c.GetNetwor\u{212A}Credential().Password",
            "PS> ptrtoſtringuni",
            // Words that overlap, hold or begin one another.
            "secretoken passwordpass client_secretoken",
            "refresh_tokenaccess_token -asplaintextpwd",
            "convertto-securestringconvertfrom-securestring bearerapikey",
        ]);
        let automaton = LowerWords::automaton(Word::ALL.map(Word::text));
        let (mut parameters, mut fields, mut reveals) = (0, 0, 0);
        for line in &lines {
            let lower = line.to_ascii_lowercase();
            let words = LineWords::of(&lower);
            let by_automaton = LineWords::found_by(&automaton, &lower);
            for (i, word) in Word::ALL.into_iter().enumerate() {
                assert_eq!(word as usize, i, "{word:?} out of order");
                assert_eq!(
                    words.has(word),
                    lower.contains(word.text()),
                    "{word:?} in {line:?}"
                );
                assert_eq!(
                    by_automaton.has(word),
                    words.has(word),
                    "{word:?} in {line:?}"
                );
            }
            if REVEALS.is_match(line) {
                reveals += 1;
                assert!(may_reveal(line, words), "reveals {line:?}");
            }
            if PARAMETER.is_match(line) {
                parameters += 1;
                assert!(may_hold_parameter(line), "parameter {line:?}");
            }
            if FIELD.is_match(line) {
                fields += 1;
                assert!(may_be_field(line), "field {line:?}");
            }
        }
        assert!(
            parameters > 10 && fields > 5 && reveals >= 5,
            "{parameters} parameters, {fields} fields, {reveals} reveals"
        );
    }

    fn found(text: &str) -> Vec<(SecretKind, String)> {
        let lines: Vec<&str> = text.lines().collect();
        scan(&lines)
            .into_iter()
            .map(|s| {
                let secret: String = lines[s.line].chars().skip(s.column).take(s.len).collect();
                (s.kind, secret)
            })
            .collect()
    }

    #[test]
    fn secure_strings_parameters_and_assignments() {
        use SecretKind::*;
        assert_eq!(
            found(r#"$pw = ConvertTo-SecureString "P@ss`"w0rd" -AsPlainText -Force"#),
            [(SecureStringPlaintext, "P@ss`\"w0rd".to_string())]
        );
        assert_eq!(
            found("ConvertTo-SecureString -String 'it''s' -AsPlainText"),
            [(SecureStringPlaintext, "it''s".to_string())]
        );
        assert_eq!(
            found(r#""Hunter2!" | ConvertTo-SecureString -AsPlainText -Force"#),
            [(SecureStringPlaintext, "Hunter2!".to_string())]
        );
        // Without -AsPlainText the string is DPAPI-encrypted, not a typed password.
        assert!(found("ConvertTo-SecureString $encrypted").is_empty());
        assert_eq!(
            found("New-LocalUser x -Password:Winter2024 -CertificatePassword 'pfx-pass'"),
            [
                (PasswordParameter, "Winter2024".to_string()),
                (PasswordParameter, "pfx-pass".to_string())
            ]
        );
        assert!(found("Connect-X -Password $securePw -PasswordNeverExpires $true").is_empty());
        assert_eq!(
            found(r#"$clientSecret = "Qx8~abc.def"; [string]$AdminPassword = 'a b'"#),
            [
                (ClientSecret, "Qx8~abc.def".to_string()),
                (SecretVariable, "a b".to_string())
            ]
        );
        assert!(found(r#"$password = "<your password>""#).is_empty());
        assert!(found(r#"$TokenIssuerPath = "C:\cert.cer""#).is_empty());
    }

    #[test]
    fn tokens_fields_and_form_bodies() {
        use SecretKind::*;
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assert_eq!(
            found(&format!("Authorization: Bearer {jwt}")),
            [(BearerToken, jwt.to_string())]
        );
        assert_eq!(
            found("Authorization: Bearer 0.AXkA9f3k2Lp-x_QzR7"),
            [(BearerToken, "0.AXkA9f3k2Lp-x_QzR7".to_string())]
        );
        // Prose about the protocol, not a token.
        assert!(found("an empty bearer challenge tells the server").is_empty());
        assert!(found("a Empty Bearer Authorization check you can run:").is_empty());
        assert_eq!(
            found(&format!("Connect-MgGraph -AccessToken {jwt}")),
            [(BearerToken, jwt.to_string())]
        );
        assert_eq!(
            found("SecretText           : 8Q~abcdefghijklmnop"),
            [(ClientSecret, "8Q~abcdefghijklmnop".to_string())]
        );
        assert!(found("SecurePassword : System.Security.SecureString").is_empty());
        assert!(found("Password       : System.Security.SecureString").is_empty());
        assert_eq!(
            found(
                r#"$body = "grant_type=client_credentials&client_id=x&client_secret=abc123&scope=y""#
            ),
            [(ClientSecret, "abc123".to_string())]
        );
    }

    #[test]
    fn printed_passwords_and_private_keys() {
        use SecretKind::*;
        let t = "PS C:\\> $cred.GetNetworkCredential().Password\nS3cret!pw\nPS C:\\> Get-Date";
        assert_eq!(found(t), [(PrintedPassword, "S3cret!pw".to_string())]);
        let pem = "PS C:\\> Get-Content key.pem\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nPS C:\\> Get-Date";
        assert_eq!(
            found(pem),
            [
                (PrivateKey, "MIIEvQIBADANBgkq".to_string()),
                (PrivateKey, "hkiG9w0BAQEFAASC".to_string())
            ]
        );
    }

    /// A file longer than one prefiltered run: secrets on every side of a run's edge, and a
    /// private key across it, are found as in a file of those lines alone.
    #[test]
    fn secrets_across_the_edge_of_a_run_are_found_as_alone() {
        let secrets = [
            "PS C:\\> $cred.GetNetworkCredential().Password",
            "S3cret!pw",
            "-----BEGIN PRIVATE KEY-----",
            "MIIEvQIBADANBgkq",
            "hkiG9w0BAQEFAASC",
            "-----END PRIVATE KEY-----",
            r#"PS C:\> New-Thing -Password "p@ss" -ClientSecret 'abc123xyz'"#,
        ];
        let alone = scan(&secrets);
        assert_eq!(alone.len(), 5, "{alone:?}");
        let filler = "PS C:\\> Get-CsOAuthConfiguration | Format-List Realm, ServiceName";
        let per_run = CHUNK_BYTES / (filler.len() + 1);
        for before in per_run - 8..per_run + 2 {
            let mut lines = vec![filler; before];
            lines.extend(secrets);
            lines.extend([filler; 3]);
            let shifted: Vec<Span> = alone
                .iter()
                .map(|s| Span {
                    line: s.line + before,
                    ..*s
                })
                .collect();
            assert_eq!(scan(&lines), shifted, "{before} lines before");
        }
    }

    #[test]
    fn blanking_keeps_columns() {
        let lines = ["first", r#"x -Password "héllo" -Y 1"#, "last"];
        let spans = scan(&lines);
        assert_eq!(
            blanked_lines(&lines, &spans),
            [(
                1,
                "x -Password \"\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\" -Y 1".to_string()
            )]
        );
    }
}
