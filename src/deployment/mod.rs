//! Deployments apart: evidence from several tenants, SIP domains or Exchange organisations in one
//! run (a consultant's folder of customers) is grouped by what each file names (tenant ids, the
//! organisation's domains, certificate thumbprints), files sharing any of these in one group, so
//! that each deployment is judged on its own and one's success never hides another's failure.
//! Reads the model only; the run loads and judges each group (`app`).

pub mod judge;
pub mod mixed;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::model::{FactSource, FieldValue, Model};

/// A fast hash for maps keyed by the run's own names (not an attacker's).
type FastHash = foldhash::fast::FixedState;

/// One deployment: the files that name it and the names that tie them together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The evidence files (as the model shows their paths), in model order.
    pub files: Vec<String>,
    /// `tenant <id>`, `domain <name>`, `certificate <thumbprint>`, sorted.
    pub keys: Vec<String>,
}

impl Group {
    /// A short name for reports: the tenant, else the domains, else a certificate.
    pub fn label(&self) -> String {
        let of = |kind: &str| -> Vec<&str> {
            self.keys
                .iter()
                .filter_map(|k| k.strip_prefix(kind))
                .collect()
        };
        let (tenants, domains, certs) = (of("tenant "), of("domain "), of("certificate "));
        match (tenants.first(), domains.is_empty()) {
            (Some(t), true) => format!("tenant {t}"),
            (Some(t), false) => format!("tenant {t} ({})", domains.join(", ")),
            (None, false) => domains.join(", "),
            (None, true) => certs
                .first()
                .map(|c| format!("certificate {c}"))
                .unwrap_or_else(|| "unnamed".to_string()),
        }
    }
}

/// The run's evidence grouped: more than one group means several deployments. `unplaced` are
/// files that name none of the groups' tenants, domains or certificates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grouping {
    pub groups: Vec<Group>,
    pub unplaced: Vec<String>,
}

impl Grouping {
    pub fn is_several(&self) -> bool {
        self.groups.len() > 1
    }
}

/// The groupings of the models being judged whole while their grouping is known (`while_known`),
/// by each model's address, which no other model can take while it is borrowed.
static KNOWN: std::sync::Mutex<Vec<(usize, std::sync::Arc<Grouping>)>> =
    std::sync::Mutex::new(Vec::new());

/// Runs `judge` with `grouping` known as `model`'s: a rule that groups the model
/// (`input/deployment-unknown`, through `grouping_of`) takes it instead of grouping again. The
/// run has grouped its model to decide whether to judge deployments apart; grouping it twice
/// was a sixth of judging a folder of certificates.
pub fn while_known<R>(
    model: &Model,
    grouping: &std::sync::Arc<Grouping>,
    judge: impl FnOnce() -> R,
) -> R {
    /// Forgets the grouping when judging ends, even by a panic.
    struct Forget(usize);
    impl Drop for Forget {
        fn drop(&mut self) {
            let mut known = KNOWN
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(at) = known.iter().position(|(m, _)| *m == self.0) {
                known.remove(at);
            }
        }
    }
    let address = std::ptr::from_ref(model) as usize;
    KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((address, grouping.clone()));
    let _forget = Forget(address);
    judge()
}

/// `group(model)`, taken from `while_known` when the caller is judging within it.
pub fn grouping_of(model: &Model) -> std::sync::Arc<Grouping> {
    let address = std::ptr::from_ref(model) as usize;
    let known = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .find(|(m, _)| *m == address)
        .map(|(_, g)| g.clone());
    known.unwrap_or_else(|| std::sync::Arc::new(group(model)))
}

/// Groups the model's evidence files by deployment.
pub fn group(model: &Model) -> Grouping {
    let mut keys = keys_by_file(model);
    // Union-find over files, joined through the keys they share.
    let n = model.files.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    {
        // Keys are the run's own names, hashed for every certificate: foldhash, not SipHash.
        let mut first_with: HashMap<&str, usize, FastHash> = HashMap::default();
        for (file, ks) in keys.iter().enumerate() {
            for k in ks {
                match first_with.get(k.as_str()) {
                    Some(&other) => {
                        let (a, b) = (root(&mut parent, file), root(&mut parent, other));
                        parent[a] = b;
                    }
                    None => {
                        first_with.insert(k.as_str(), file);
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for (i, f) in model.files.iter().enumerate() {
        match keys.get_mut(i) {
            Some(ks) if !ks.is_empty() => {
                let g = groups.entry(root(&mut parent, i)).or_insert(Group {
                    files: Vec::new(),
                    keys: Vec::new(),
                });
                g.files.push(f.path.clone());
                // Each file's keys are its own: moved into its group, not copied.
                g.keys.extend(std::mem::take(ks));
            }
            // Files that are not evidence (a README beside it) belong to no deployment.
            _ if f.kind == crate::model::EvidenceKind::Other => {}
            _ => unplaced.push(f.path.clone()),
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for g in &mut groups {
        g.keys.sort();
        g.keys.dedup();
    }
    merge_what_nothing_separates(&mut groups);
    // One group (or none): every file belongs to it, named or not.
    if groups.len() <= 1 {
        if let Some(g) = groups.first_mut() {
            g.files = model.files.iter().map(|f| f.path.clone()).collect();
        }
        unplaced.clear();
    }
    Grouping { groups, unplaced }
}

/// Whether every evidence file certainly names a deployment, so that grouping could leave none
/// unplaced: each holds a certificate that is not a CA's, whose thumbprint `group` always takes
/// as a name. A folder of certificates is settled so, without grouping it.
pub fn every_file_named(model: &Model) -> bool {
    let mut named = vec![false; model.files.len()];
    for c in model.certificates.iter().filter(|c| !c.is_ca) {
        if let Some(n) = named.get_mut(c.file) {
            *n = true;
        }
    }
    model
        .files
        .iter()
        .zip(named)
        .all(|(f, named)| named || f.kind == crate::model::EvidenceKind::Other)
}

/// Groups joined by no shared name may still be one deployment: a script naming only the tenant
/// id and a certificate naming only the pool's host. Groups are told apart only by evidence that
/// they differ: two tenant ids, or custom domains (or initial `*.onmicrosoft.com` domains) with
/// none in common. When nothing separates any two groups they are one; otherwise a group that
/// only one other could be is joined to it.
fn merge_what_nothing_separates(groups: &mut Vec<Group>) {
    loop {
        let n = groups.len();
        if n <= 1 {
            return;
        }
        // Each group's names read once per round, not once per pair.
        let names: Vec<Names> = groups.iter().map(names_of).collect();
        let compatible = |i: usize, j: usize| compatible(&names[i], &names[j]);
        let all_compatible = (0..n).all(|i| (0..n).all(|j| i == j || compatible(i, j)));
        if all_compatible {
            let mut one = groups.remove(0);
            for g in groups.drain(..) {
                one.files.extend(g.files);
                one.keys.extend(g.keys);
            }
            one.keys.sort();
            one.keys.dedup();
            groups.push(one);
            return;
        }
        let lone = (0..n).find_map(|i| {
            let with: Vec<usize> = (0..n).filter(|&j| j != i && compatible(i, j)).collect();
            (with.len() == 1).then(|| (i, with[0]))
        });
        let Some((i, j)) = lone else {
            return;
        };
        let g = groups.remove(i);
        let into = if j > i { j - 1 } else { j };
        groups[into].files.extend(g.files);
        groups[into].keys.extend(g.keys);
        groups[into].keys.sort();
        groups[into].keys.dedup();
    }
}

/// A group's names along each `Dimension`, in `Dimension::ALL`'s order.
type Names<'a> = [BTreeSet<&'a str>; 3];

fn names_of(g: &Group) -> Names<'_> {
    Dimension::ALL.map(|d| d.values(g))
}

/// Whether nothing in two groups' names says they are different deployments.
fn compatible(a: &Names, b: &Names) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x.is_empty() || y.is_empty() || !x.is_disjoint(y))
}

/// What tells two deployments apart when both name it and the names differ.
#[derive(Clone, Copy)]
enum Dimension {
    Tenant,
    InitialDomain,
    CustomDomain,
}

impl Dimension {
    const ALL: [Dimension; 3] = [
        Dimension::Tenant,
        Dimension::InitialDomain,
        Dimension::CustomDomain,
    ];

    fn values(self, g: &Group) -> BTreeSet<&str> {
        g.keys
            .iter()
            .filter_map(|k| match self {
                Dimension::Tenant => k.strip_prefix("tenant "),
                Dimension::InitialDomain => k
                    .strip_prefix("domain ")
                    .filter(|d| d.ends_with(".onmicrosoft.com")),
                Dimension::CustomDomain => k
                    .strip_prefix("domain ")
                    .filter(|d| !d.ends_with(".onmicrosoft.com")),
            })
            .collect()
    }
}

/// The deployment names each file gives (by file index): tenant ids, the organisation's
/// domains, certificate thumbprints.
fn keys_by_file<'a>(model: &'a Model) -> Vec<Vec<String>> {
    // Each file's keys in a list, sorted and deduplicated at the end as a set would hold them: a
    // set per file (a tree node each) was most of the memory grouping touched.
    let mut out: Vec<Vec<String>> = vec![Vec::new(); model.files.len()];
    fn add(out: &mut [Vec<String>], file: usize, key: String) {
        if let Some(keys) = out.get_mut(file) {
            keys.push(key);
        }
    }
    let tenants: Vec<_> = model
        .configuration
        .tenant_ids
        .iter()
        .filter(|t| t.source != FactSource::Expected && crate::guid::is_guid(&t.value))
        .collect();
    if !tenants.is_empty() {
        let by_path: BTreeMap<&str, usize> = model
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        for t in tenants {
            if let Some(&file) = by_path.get(t.location.path.as_str()) {
                add(
                    &mut out,
                    file,
                    format!("tenant {}", t.value.to_ascii_lowercase()),
                );
            }
        }
    }
    // Each host name's domain key worked out once: a folder of certificates repeats the same
    // few names (`lyncdiscover.contoso.com`, the pools) in certificate after certificate.
    let mut domain_keys: HashMap<&str, Option<String>, FastHash> = HashMap::default();
    for c in model.certificates.iter().filter(|c| !c.is_ca) {
        const PREFIX: &str = "certificate ";
        let mut key = String::with_capacity(PREFIX.len() + c.thumbprint.len());
        key.push_str(PREFIX);
        key.push_str(&c.thumbprint);
        key[PREFIX.len()..].make_ascii_uppercase();
        add(&mut out, c.file, key);
        for name in c.common_name.iter().chain(&c.dns_names) {
            let key = domain_keys
                .entry(name.as_str())
                .or_insert_with(|| organisation_key("domain ", name));
            // A certificate's common name is most often its first DNS name too.
            if let Some(key) = key
                && out.get(c.file).is_some_and(|keys| keys.last() != Some(key))
            {
                add(&mut out, c.file, key.clone());
            }
        }
    }
    // The domains each file names, gathered before they become keys: a session names the same
    // few domains in thousands of commands and records. Words are split at the same characters
    // whether a command's parts are read one by one or joined, so reading them one by one (and a
    // list's items one by one) finds the same domains without building the joined text.
    // Each distinct word is judged once per file: the same host names recur in every command.
    let mut domains: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.files.len()];
    let mut judged: Vec<HashSet<&str, FastHash>> = vec![HashSet::default(); model.files.len()];
    let mut add_domains = |file: usize, text: &'a str| {
        // A host name has a dot; most field values (ids, dates, flags) have none.
        if !text.contains('.') {
            return;
        }
        let (Some(judged), Some(seen)) = (judged.get_mut(file), domains.get_mut(file)) else {
            return;
        };
        for word in dotted_words(text) {
            if judged.insert(word)
                && let Some(d) = organisation_domain(word)
            {
                seen.insert(d);
            }
        }
    };
    for c in &model.commands {
        add_domains(c.file, &c.text);
        for a in &c.arguments {
            if let Some(r) = a.value.as_ref().and_then(|v| v.resolved.as_deref()) {
                add_domains(c.file, r);
            }
        }
    }
    for r in &model.records {
        for f in &r.fields {
            match &f.value {
                FieldValue::Scalar { text } => add_domains(r.file, text),
                FieldValue::List { items, .. } => {
                    for item in items.iter() {
                        add_domains(r.file, item);
                    }
                }
            }
        }
    }
    for (file, names) in domains.into_iter().enumerate() {
        for d in names {
            add(&mut out, file, format!("domain {d}"));
        }
    }
    for keys in &mut out {
        keys.sort_unstable();
        keys.dedup();
    }
    out
}

/// Whether a byte can be part of a word a host name could be (see `words`).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// The words of `text` a host name could be: runs of letters, digits, `.` and `-`. Split on bytes
/// (faster than decoding characters): a word is all ASCII, so its bounds are character boundaries.
/// The reference `dotted_words` is held to.
#[cfg(test)]
fn words(text: &str) -> impl Iterator<Item = &str> {
    let word_byte = |b: &u8| is_word_byte(*b);
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes.get(at..)?.iter().position(word_byte)?;
        let len = bytes[start..]
            .iter()
            .position(|b| !word_byte(b))
            .unwrap_or(bytes.len() - start);
        at = start + len;
        text.get(start..at)
    })
}

/// The `words` of `text` that hold a dot, in order: found from their dots (a vector search), so
/// the bytes of the many words without one (cmdlet names, ids, flags) are not classified one by
/// one.
fn dotted_words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut dots = memchr::memchr_iter(b'.', bytes);
    // Where the last word found ends: dots before it are inside it.
    let mut read_to = 0;
    std::iter::from_fn(move || {
        let dot = dots.find(|&d| d >= read_to)?;
        let start = bytes[..dot]
            .iter()
            .rposition(|&b| !is_word_byte(b))
            .map_or(0, |before| before + 1);
        let end = bytes[dot..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .map_or(bytes.len(), |after| dot + after);
        read_to = end;
        text.get(start..end)
    })
}

/// Generic top-level domains organisations use; two-letter country codes are taken as they come
/// (but for the file extensions among them).
const GENERIC_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "local", "lan", "corp",
    "internal", "intra", "home", "online", "cloud", "site", "tech", "group", "global", "asia",
];

/// Two-letter suffixes that are file extensions (`generate.py`) rather than country codes.
const FILE_EXTENSIONS: &[&str] = &[
    "ps", "py", "md", "sh", "js", "cs", "rs", "db", "gz", "xz", "vb", "ts", "pl", "rb",
];

/// Whether `label` (lower case) can end a host name: a generic top-level domain or a country code.
fn is_top_level_domain(label: &str) -> bool {
    GENERIC_TLDS.contains(&label)
        || (label.len() == 2
            && label.chars().all(|c| c.is_ascii_lowercase())
            && !FILE_EXTENSIONS.contains(&label))
}

/// Microsoft's own domains: every deployment names them.
const SHARED: &[&str] = &[
    "windows.net",
    "microsoftonline.com",
    "office365.com",
    "office365.us",
    "outlook.com",
    "outlook.cn",
    "office.com",
    "lync.com",
    "microsoft.com",
    "live.com",
    "azure.com",
    "msft.net",
    "cloud.microsoft",
    "onmicrosoft.com",
    "aka.ms",
    // The identities of the Skype for Business OAuth objects, which read like host names.
    "microsoft.sts",
    "microsoft.exchange",
];

/// The organisation a host name belongs to (`lyncweb.contoso.com` → `contoso.com`,
/// `contoso.mail.onmicrosoft.com` → `contoso.onmicrosoft.com`), or `None` for what is not a host
/// name or is Microsoft's.
pub fn organisation_domain(name: &str) -> Option<String> {
    organisation_key("", name)
}

/// `prefix` followed by the organisation `name` belongs to (see `organisation_domain`), built in
/// one allocation: grouping makes a key of every host name of every certificate.
fn organisation_key(prefix: &str, name: &str) -> Option<String> {
    // Dots trimmed as bytes (an ASCII dot is never part of another character).
    let bytes = name.as_bytes();
    let start = bytes.iter().position(|b| *b != b'.')?;
    let end = bytes.iter().rposition(|b| *b != b'.')? + 1;
    let written = name.get(start..end)?;
    // Dots found as bytes: a string search per name cost more than the rest of the judgement.
    let last_dot = |s: &str| s.bytes().rposition(|b| b == b'.');
    // Most words of the evidence have no dot: no host name, and nothing to allocate.
    let dot = last_dot(written)?;
    let (rest, last) = (&written[..dot], &written[dot + 1..]);
    // A top-level label as written in lower case: `System.Convert` is a .NET type, not a host.
    if !last.bytes().all(|b| b.is_ascii_lowercase()) || !is_top_level_domain(last) {
        return None;
    }
    // An empty label: the ends hold no dot, so only two dots in a row make one.
    if written.as_bytes().windows(2).any(|pair| pair == b"..") {
        return None;
    }
    // The last two labels, compared without regard to case (the name is lower-cased at the end).
    let two = &written[last_dot(rest).map_or(0, |dot| dot + 1)..];
    let key = |domain: &str, suffix: &str| {
        let mut key = String::with_capacity(prefix.len() + domain.len() + suffix.len());
        key.push_str(prefix);
        key.push_str(domain);
        key[prefix.len()..].make_ascii_lowercase();
        key.push_str(suffix);
        key
    };
    if two.eq_ignore_ascii_case("onmicrosoft.com") {
        // The tenant's initial domain (`contoso.onmicrosoft.com`, `contoso.mail.onmicrosoft.com`).
        let (tenant, _) = rest.split_once('.')?;
        return Some(key(tenant, ".onmicrosoft.com"));
    }
    if SHARED.iter().any(|shared| two.eq_ignore_ascii_case(shared)) {
        return None;
    }
    Some(key(two, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_runs_a_character_split_finds() {
        for text in [
            "",
            "New-CsOAuthServer microsoft.sts -MetadataUrl https://accounts.accesscontrol.windows.net/x",
            "é.contoso.com—lyncweb.contoso.com…",
            "--..--",
            "ünïcödé",
            "a",
        ] {
            let by_chars: Vec<&str> = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), by_chars, "{text}");
        }
    }

    #[test]
    fn dotted_words_are_the_words_with_a_dot() {
        let mut texts: Vec<String> = [
            "",
            ".",
            "..",
            "a.",
            ".a",
            "x.y z w.v.u",
            "New-CsOAuthServer microsoft.sts -MetadataUrl https://accounts.accesscontrol.windows.net/x",
            "é.contoso.com—lyncweb.contoso.com…",
            "--..--",
            "ünïcödé.",
            "3.14 v1.2.3-beta...end",
        ]
        .map(String::from)
        .to_vec();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for entry in walkdir::WalkDir::new(fixtures).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.extend(text.lines().map(String::from));
                texts.push(text);
            }
        }
        let mut dotted = 0;
        for text in &texts {
            let expected: Vec<&str> = words(text).filter(|w| w.contains('.')).collect();
            dotted += expected.len();
            assert_eq!(dotted_words(text).collect::<Vec<_>>(), expected, "{text}");
        }
        assert!(dotted > 1000, "{dotted} dotted words in the fixtures");
    }

    /// `organisation_domain` as it was first written (lower-case copy, labels split into a list),
    /// the reference for the version that allocates only its answer.
    fn organisation_domain_by_labels(name: &str) -> Option<String> {
        let written = name.trim_matches('.');
        if !written.contains('.') {
            return None;
        }
        let last_written = written.rsplit('.').next()?;
        if !last_written.chars().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        let name = written.to_ascii_lowercase();
        let labels: Vec<&str> = name.split('.').collect();
        let last = *labels.last()?;
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) || !is_top_level_domain(last) {
            return None;
        }
        let two = labels[labels.len() - 2..].join(".");
        if two == "onmicrosoft.com" {
            let tenant = labels.first().filter(|_| labels.len() >= 3)?;
            return Some(format!("{tenant}.onmicrosoft.com"));
        }
        if SHARED.contains(&two.as_str()) {
            return None;
        }
        Some(two)
    }

    #[test]
    fn organisation_domains_are_those_of_the_label_list_reading() {
        let mut words_seen = std::collections::BTreeSet::new();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for entry in walkdir::WalkDir::new(fixtures).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                words_seen.extend(words(&text).map(str::to_string));
            }
        }
        for edge in [
            "Contoso.COM",
            "a.Contoso.com",
            "x.y.ONMICROSOFT.com",
            "ONMICROSOFT.com",
            "mail.Outlook.com",
            "..contoso.com..",
            "a..contoso.com",
            "é.contoso.com",
            "contoso.cOm",
            "b.c.d.contoso.uk",
            "x.onmicrosoft.com",
            "contoso.mail.onmicrosoft.com",
        ] {
            words_seen.insert(edge.to_string());
        }
        assert!(words_seen.len() > 1000, "{} words", words_seen.len());
        let mut domains = 0;
        for word in &words_seen {
            let want = organisation_domain_by_labels(word);
            domains += usize::from(want.is_some());
            assert_eq!(organisation_domain(word), want, "{word}");
            assert_eq!(
                organisation_key("domain ", word),
                want.map(|d| format!("domain {d}")),
                "{word}"
            );
        }
        assert!(domains > 20, "{domains} domains");
    }

    #[test]
    fn host_names_belong_to_their_organisation_and_microsoft_is_nobody() {
        assert_eq!(
            organisation_domain("lyncweb.contoso.com").as_deref(),
            Some("contoso.com")
        );
        assert_eq!(
            organisation_domain("fabrikam.mail.onmicrosoft.com").as_deref(),
            Some("fabrikam.onmicrosoft.com")
        );
        for not_one in [
            "outlook.office365.com",
            "accounts.accesscontrol.windows.net",
            "OAuthCert.cer",
            "System.Convert",
            "LyncOAuth.cer",
            "autodiscover.svc",
            "onmicrosoft.com",
            "generate.py",
            "lyncoauth.key",
            "out.append",
        ] {
            assert_eq!(organisation_domain(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn a_known_grouping_is_taken_only_for_its_own_model_and_only_while_known() {
        let model = || {
            Model::new(
                time::OffsetDateTime::UNIX_EPOCH,
                crate::model::ExpectedFacts::default(),
            )
        };
        let (mine, other) = (model(), model());
        // Not what grouping the empty model gives: taken only because it is known.
        let known = std::sync::Arc::new(Grouping {
            groups: vec![Group {
                files: vec!["a.cer".to_string()],
                keys: vec!["domain contoso.com".to_string()],
            }],
            unplaced: vec!["b.txt".to_string()],
        });
        while_known(&mine, &known, || {
            assert!(std::sync::Arc::ptr_eq(&grouping_of(&mine), &known));
            assert_eq!(*grouping_of(&other), group(&other));
        });
        assert_eq!(*grouping_of(&mine), group(&mine));
        assert_ne!(*grouping_of(&mine), *known);
    }
}
