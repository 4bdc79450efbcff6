//! Checks written as data in rule files, so an organisation can add its own rule without Rust:
//!
//! * `require`: something must exist in a collection of the model (a finding when nothing matches);
//! * `forbid`: every item of a collection that matches is a finding;
//! * `line-pattern`: every line of a transcript or script that matches a regular expression;
//! * `builtin`: a named check written in Rust, for what data cannot say;
//! * `engine`: findings the engine itself reports about ignores, suppressions and the baseline
//!   (`rules::config_checks`), after the other rules have run.
//!
//! Collections are paths into the model as `hybridlint` serialises it (`commands`, `errors`,
//! `configuration.oauth_servers`, `configuration.service_principals[].credentials`, …).

use std::ops::ControlFlow;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value as Json;

use super::Hit;
use super::template;
use crate::findings::Severity;
use crate::model::{EvidenceKind, Location, Model, PrincipalChange};

/// One `[[check]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CheckSpec {
    Builtin {
        name: String,
        #[serde(default)]
        options: toml::Table,
    },
    /// Reported by the engine after the other rules ran (see `rules::config_checks::NAMES`).
    Engine { name: String },
    Require {
        collection: String,
        #[serde(default, rename = "where")]
        conditions: Vec<Condition>,
        #[serde(default)]
        scope: Scope,
        message: String,
        #[serde(flatten)]
        fixes: FixTemplates,
    },
    Forbid {
        collection: String,
        #[serde(default, rename = "where")]
        conditions: Vec<Condition>,
        #[serde(default)]
        scope: Scope,
        message: String,
        #[serde(flatten)]
        fixes: FixTemplates,
        /// Overrides the rule's severity for this check.
        severity: Option<Severity>,
    },
    LinePattern {
        pattern: String,
        #[serde(default = "default_pattern_kinds", rename = "in")]
        kinds: Vec<EvidenceKind>,
        message: String,
        #[serde(flatten)]
        fixes: FixTemplates,
    },
}

fn default_pattern_kinds() -> Vec<EvidenceKind> {
    vec![EvidenceKind::Transcript, EvidenceKind::Script]
}

/// Fix templates; the one for the cmdlet generation asked for (`--cmdlets`) wins over the plain
/// `fix`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FixTemplates {
    pub fix: Option<String>,
    pub fix_msonline: Option<String>,
    pub fix_azuread: Option<String>,
    pub fix_graph: Option<String>,
}

/// When a check about something missing applies at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Always.
    #[default]
    Always,
    /// Only when the evidence covers the on-premises (Lync/SfB) steps.
    OnPremises,
    /// Only when the evidence covers the tenant steps.
    Tenant,
    /// When it covers either.
    Procedure,
}

/// A condition on one field of an item. All given tests must hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Condition {
    /// Dotted path inside the item (`identity`, `metadata_url.value`).
    pub field: String,
    /// Case-insensitive equality.
    pub equals: Option<String>,
    pub not_equals: Option<String>,
    /// Case-insensitive equality with any of these.
    pub one_of: Option<Vec<String>>,
    /// Regular expression that must match (use `(?i)` for case-insensitive).
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    /// `true`: the field must be present and not null; `false`: it must be absent or null.
    pub present: Option<bool>,
    /// `matches` and `not-matches` compiled once, on first use, rather than for every item.
    #[serde(skip)]
    compiled: std::sync::OnceLock<(Option<Regex>, Option<Regex>)>,
}

/// The part of the model a check reads through the JSON view: a top-level field (`problems`),
/// or a part of the configuration (`configuration.oauth_servers` for
/// `configuration.oauth_servers`, `configuration.exchange` for
/// `configuration.exchange.auth_servers`); `None` for checks that read the model directly.
pub fn root(check: &CheckSpec) -> Option<&str> {
    match check {
        CheckSpec::Require { collection, .. } | CheckSpec::Forbid { collection, .. } => {
            let mut segments = collection.splitn(3, '.');
            let first = segments.next().unwrap_or("");
            let first = first.strip_suffix("[]").unwrap_or(first);
            // The configuration is large (every service principal of an export): a check
            // reads one of its parts, and only that part is serialised.
            match (first, segments.next()) {
                ("configuration", Some(second)) => {
                    let second = second.strip_suffix("[]").unwrap_or(second);
                    Some(&collection[..first.len() + 1 + second.len()])
                }
                _ => Some(first),
            }
        }
        CheckSpec::Builtin { .. } | CheckSpec::Engine { .. } | CheckSpec::LinePattern { .. } => {
            None
        }
    }
}

/// Whether validating a rule compiles its regular expressions: always for rule files read at run
/// time; not for the built-in ones, whose every pattern a test compiles
/// (`catalogue::tests::builtin_rules_validate_with_their_patterns`), so that no run pays for
/// compiling a hundred patterns at start it mostly never uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patterns {
    Compile,
    CompiledByTest,
}

impl CheckSpec {
    /// Checks everything that can be checked without a model, so a bad rule file fails at load.
    pub fn validate(&self, patterns: Patterns) -> Result<(), String> {
        match self {
            CheckSpec::Builtin { name, options } => {
                if super::builtin::lookup(name).is_none() {
                    return Err(format!(
                        "unknown built-in check `{name}` (known: {})",
                        super::builtin::names().join(", ")
                    ));
                }
                super::options::validate(name, options)?;
            }
            CheckSpec::Engine { name } => {
                if !super::config_checks::NAMES.contains(&name.as_str()) {
                    return Err(format!(
                        "unknown engine check `{name}` (known: {})",
                        super::config_checks::NAMES.join(", ")
                    ));
                }
            }
            CheckSpec::Require {
                collection,
                conditions,
                ..
            }
            | CheckSpec::Forbid {
                collection,
                conditions,
                ..
            } => {
                validate_collection(collection)?;
                for c in conditions {
                    c.validate(patterns)?;
                }
            }
            CheckSpec::LinePattern { pattern, .. } if patterns == Patterns::Compile => {
                Regex::new(pattern).map_err(|e| {
                    format!("line-pattern `{pattern}` is not a valid regular expression: {e}")
                })?;
            }
            CheckSpec::LinePattern { .. } => {}
        }
        if let Some(fixes) = self.fixes() {
            fixes.validate()?;
        }
        Ok(())
    }

    fn fixes(&self) -> Option<&FixTemplates> {
        match self {
            CheckSpec::Require { fixes, .. }
            | CheckSpec::Forbid { fixes, .. }
            | CheckSpec::LinePattern { fixes, .. } => Some(fixes),
            CheckSpec::Builtin { .. } | CheckSpec::Engine { .. } => None,
        }
    }
}

const COLLECTION_ROOTS: &[&str] = &[
    "commands",
    "method_calls",
    "assignments",
    "records",
    "errors",
    "prompts",
    "certificates",
    "not_certificates",
    "private_keys",
    "problems",
    "parse_errors",
    "broken_continuations",
    "placeholders",
    "configuration",
];

fn validate_collection(collection: &str) -> Result<(), String> {
    let root = collection.split(['.', '[']).next().unwrap_or("");
    if COLLECTION_ROOTS.contains(&root) {
        Ok(())
    } else {
        Err(format!(
            "collection `{collection}` must start with one of: {}",
            COLLECTION_ROOTS.join(", ")
        ))
    }
}

impl Condition {
    fn validate(&self, patterns: Patterns) -> Result<(), String> {
        let compiled = match patterns {
            Patterns::Compile => [&self.matches, &self.not_matches],
            Patterns::CompiledByTest => [&None, &None],
        };
        for re in compiled.into_iter().flatten() {
            Regex::new(re).map_err(|e| {
                format!(
                    "condition on `{}`: `{re}` is not a valid regular expression: {e}",
                    self.field
                )
            })?;
        }
        let tests = [
            self.equals.is_some(),
            self.not_equals.is_some(),
            self.one_of.is_some(),
            self.matches.is_some(),
            self.not_matches.is_some(),
            self.present.is_some(),
        ];
        if !tests.contains(&true) {
            return Err(format!(
                "condition on `{}` has no test (equals, not-equals, one-of, matches, not-matches, present)",
                self.field
            ));
        }
        Ok(())
    }

    /// Whether the condition holds: `Some(true)`, `Some(false)`, or `None` when the field is a value
    /// the evidence does not know (a fact marked `unknown`): unknown is never judged wrong.
    fn judge(&self, item: &Json) -> Option<bool> {
        if is_unknown(item, &self.field) {
            return None;
        }
        Some(self.holds(item))
    }

    fn holds(&self, item: &Json) -> bool {
        let value = lookup(item, &self.field);
        let text = value.and_then(json_text);
        if let Some(want) = self.present
            && text.is_some() != want
        {
            return false;
        }
        if let Some(eq) = &self.equals
            && !text.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(eq))
        {
            return false;
        }
        if let Some(ne) = &self.not_equals
            && text.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(ne))
        {
            return false;
        }
        if let Some(set) = &self.one_of
            && !text
                .as_deref()
                .is_some_and(|t| set.iter().any(|s| s.eq_ignore_ascii_case(t)))
        {
            return false;
        }
        // Patterns were validated at load, so compiling cannot fail here.
        let (matches, not_matches) = self.compiled.get_or_init(|| {
            let compile = |r: &Option<String>| r.as_deref().and_then(|r| Regex::new(r).ok());
            (compile(&self.matches), compile(&self.not_matches))
        });
        if let Some(re) = matches
            && !text.as_deref().is_some_and(|t| re.is_match(t))
        {
            return false;
        }
        if let Some(re) = not_matches
            && text.as_deref().is_some_and(|t| re.is_match(t))
        {
            return false;
        }
        true
    }
}

/// Whether a field's value is unknown: the item, or an object on the way to the field, carries an
/// `unknown` reason (facts and values the evaluator could not resolve do).
fn is_unknown(item: &Json, path: &str) -> bool {
    unknown_reason(item, path).is_some()
}

/// Why a field's value is known only at run time: an `unknown` marker on the item or on any object
/// along the path (a `Fact`), or a `<field>_unknown` marker beside a plain field (`identity`).
fn unknown_reason(item: &Json, path: &str) -> Option<String> {
    let marked = |j: &Json, key: &str| {
        j.get(key).filter(|u| !u.is_null()).map(|u| {
            u.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| u.to_string())
        })
    };
    let mut cur = item;
    if let Some(why) = marked(cur, "unknown") {
        return Some(why);
    }
    for part in path.split('.') {
        if let Some(why) = marked(cur, &format!("{part}_unknown")) {
            return Some(why);
        }
        cur = match cur {
            Json::Object(map) => map.get(part)?,
            Json::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
        if let Some(why) = marked(cur, "unknown") {
            return Some(why);
        }
    }
    None
}

/// A field inside a JSON item by dotted path.
pub fn lookup<'a>(item: &'a Json, path: &str) -> Option<&'a Json> {
    let mut cur = item;
    for part in path.split('.') {
        cur = match cur {
            Json::Object(map) => map.get(part)?,
            Json::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    if cur.is_null() { None } else { Some(cur) }
}

/// The text form of a JSON scalar (strings as they are, numbers and booleans printed).
pub fn json_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        Json::Array(items) => Some(
            items
                .iter()
                .filter_map(json_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Json::Object(_) => None,
    }
}

/// All items of a collection path; `[]` after a segment flattens an array of arrays.
pub fn collection<'a>(root: &'a Json, path: &str) -> Vec<&'a Json> {
    let mut current: Vec<&Json> = vec![root];
    for segment in path.split('.') {
        let (name, flatten) = match segment.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for node in current {
            if let Some(child) = node.get(name) {
                if flatten {
                    if let Json::Array(items) = child {
                        next.extend(items.iter());
                    }
                } else {
                    next.push(child);
                }
            }
        }
        current = next;
    }
    // The last segment names an array of items.
    current
        .into_iter()
        .flat_map(|n| match n {
            Json::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .collect()
}

fn item_location(item: &Json) -> Option<Location> {
    // Items keep their location at the top, or (settings, facts) inside their `value`, or
    // (Exchange objects) in the observation that saw them.
    let raw = item
        .get("location")
        .or_else(|| item.get("value").and_then(|v| v.get("location")))
        .or_else(|| item.get("seen").and_then(|v| v.get("location")))?;
    serde_json::from_value::<LocationView>(raw.clone())
        .ok()
        .map(|l| Location {
            path: l.path.into(),
            line: l.line,
            column: l.column,
            len: l.len,
        })
}

#[derive(Deserialize)]
struct LocationView {
    path: String,
    line: u32,
    column: u32,
    len: u32,
}

/// Whether a scope applies to this model, and if so where a "missing" finding should point.
pub fn scope_anchor(model: &Model, scope: Scope) -> Option<Option<Location>> {
    let cov = model.configuration.coverage;
    let applies = match scope {
        Scope::Always => true,
        Scope::OnPremises => cov.on_premises,
        Scope::Tenant => cov.tenant,
        Scope::Procedure => cov.on_premises || cov.tenant,
    };
    if !applies {
        return None;
    }
    let wanted = |name: &str| match scope {
        Scope::OnPremises => crate::cmdlets::is_on_premises(name),
        Scope::Tenant => crate::cmdlets::is_tenant(name),
        _ => crate::cmdlets::is_on_premises(name) || crate::cmdlets::is_tenant(name),
    };
    let anchor = model
        .commands
        .iter()
        .find(|c| wanted(&c.name))
        .map(|c| Location::file(c.location.path.clone()));
    Some(anchor)
}

/// A step the evidence does not show. Where only scripts cover that half of the procedure, they may
/// be one part of several (export, upload and registration are often separate scripts), so the step
/// may be done elsewhere: said as info, never as an error.
pub fn missing_step(model: &Model, scope: Scope, hit: Hit) -> Hit {
    let cov = model.configuration.coverage;
    // Only what ran (a transcript, printed output) shows a step is missing. A script is a plan,
    // and even a plan that does the rest of a half may rely on a step done before (a renewal
    // script rebuilds the OAuth server but keeps the service name set at first setup).
    let executed = match scope {
        Scope::Always => true,
        Scope::OnPremises => cov.on_premises_executed,
        Scope::Tenant => cov.tenant_executed,
        Scope::Procedure => cov.on_premises_executed || cov.tenant_executed,
    };
    if executed {
        return hit;
    }
    let mut hit = hit.with_severity(Severity::Info);
    hit.message.push_str(
        " in the scripts read; they may be one part of the procedure, so this cannot be confirmed",
    );
    hit
}

/// A step found missing while a command of the same kind acts on a principal only run time knows
/// (`-AppPrincipalId $appId`): that command may be the step, so the finding becomes an info that
/// says what cannot be confirmed (`claim`, e.g. "a certificate credential is added to …"), and
/// why. `None` when no such command is in the evidence.
pub fn unresolved_principal(
    model: &Model,
    change: PrincipalChange,
    claim: &str,
    hit: &Hit,
) -> Option<Hit> {
    let step = model.configuration.unresolved_step(change)?;
    let why = format!(
        "`{}` acts on `{}`, a principal only run time knows",
        step.cmdlet, step.written
    );
    Some(cannot_confirm(hit.clone(), claim, &why, &step.location))
}

/// A finding its check cannot stand behind: an info saying "cannot confirm that {claim}: {why}",
/// at the evidence that leaves it open.
pub fn cannot_confirm(hit: Hit, claim: &str, why: &str, at: &Location) -> Hit {
    let mut hit = hit.with_severity(Severity::Info);
    hit.message = format!("cannot confirm that {claim}: {why}");
    hit.location = Some(at.clone());
    hit
}

/// Whether a data check applies: a `require` or `forbid` when the evidence covers its scope's
/// half of the procedure, a line pattern when the evidence holds a file of the kinds it reads.
/// (An empty collection is judged, not skipped: no parse error in a script is a pass.)
pub fn applies(spec: &CheckSpec, model: &Model) -> super::applies::Applies {
    use super::applies::{self, Applies};
    match spec {
        CheckSpec::Builtin { .. } | CheckSpec::Engine { .. } => Applies::Yes,
        CheckSpec::Require { scope, .. } | CheckSpec::Forbid { scope, .. } => {
            applies::scope(model, *scope)
        }
        CheckSpec::LinePattern { kinds, .. } => {
            Applies::when(model.files.iter().any(|f| kinds.contains(&f.kind)), || {
                let names: Vec<String> = kinds
                    .iter()
                    .map(|k| format!("{k:?}").to_ascii_lowercase())
                    .collect();
                format!("the evidence holds no {} file", names.join(" or "))
            })
        }
    }
}

/// Each item of a `require` or `forbid` check's collection, read through the model's JSON view.
fn items(
    model: &Model,
    spec: &CheckSpec,
    path: &str,
    each: &mut dyn FnMut(&Json) -> ControlFlow<()>,
) {
    if let Some(root) = root(spec) {
        super::view::for_each_item(model, path, root, each);
    }
}

/// Runs one data check over the model (a `require` or `forbid` through its JSON view).
pub fn run(spec: &CheckSpec, model: &Model, ctx: &template::Context) -> Vec<Hit> {
    match spec {
        // Dispatched by the engine: built-in checks while rules run, engine checks after.
        CheckSpec::Builtin { .. } | CheckSpec::Engine { .. } => Vec::new(),
        CheckSpec::Require {
            collection: path,
            conditions,
            scope,
            message,
            fixes,
        } => {
            let Some(anchor) = scope_anchor(model, *scope) else {
                return Vec::new();
            };
            // One walk: stop at the first item that matches; until then, remember the first one
            // whose fields are known only at run time (it may well be the one required).
            let mut found = false;
            let mut maybe: Option<(Option<Location>, String)> = None;
            items(model, spec, path, &mut |item| {
                let judged: Vec<_> = conditions.iter().map(|c| (c, c.judge(item))).collect();
                if judged.iter().all(|(_, j)| *j == Some(true)) {
                    found = true;
                    return ControlFlow::Break(());
                }
                if maybe.is_none() && !judged.iter().any(|(_, j)| *j == Some(false)) {
                    maybe = judged
                        .iter()
                        .find(|(_, j)| j.is_none())
                        .and_then(|(c, _)| unknown_reason(item, &c.field))
                        .map(|why| (item_location(item), why));
                }
                ControlFlow::Continue(())
            });
            if found {
                return Vec::new();
            }
            let empty = Json::Null;
            let mut hit = Hit {
                message: template::render(message, &empty, ctx),
                location: anchor,
                fix: fixes
                    .pick(ctx)
                    .map(|f| template::render_powershell(f, &empty, ctx)),
                severity: None,
                related: Vec::new(),
                subject: None,
            };
            // An item whose fields are known only at run time may well be the one required:
            // cannot confirm, and why.
            if let Some((at, why)) = maybe {
                // The finding points at that item, so the message need not say its line.
                let which = if at.is_some() {
                    "the one written here"
                } else {
                    "one the evidence writes"
                };
                hit.message = format!(
                    "cannot confirm: {}, unless {which} is it ({why})",
                    hit.message
                );
                if at.is_some() {
                    hit.location = at;
                }
                return vec![hit.with_severity(Severity::Info)];
            }
            vec![missing_step(model, *scope, hit)]
        }
        CheckSpec::Forbid {
            collection: path,
            scope,
            ..
        } => {
            if scope_anchor(model, *scope).is_none() {
                return Vec::new();
            }
            let mut hits = Vec::new();
            items(model, spec, path, &mut |item| {
                hits.extend(forbidden(spec, item, ctx));
                ControlFlow::Continue(())
            });
            hits
        }
        CheckSpec::LinePattern {
            pattern,
            kinds,
            message,
            fixes,
        } => {
            let Ok(re) = Regex::new(pattern) else {
                return Vec::new();
            };
            let mut hits = Vec::new();
            for file in model.files.iter().filter(|f| kinds.contains(&f.kind)) {
                for (i, line) in file.lines.numbered() {
                    // Nearly no line matches: the fast search first, captures only for a match.
                    if !re.is_match(line) {
                        continue;
                    }
                    let Some(caps) = re.captures(line) else {
                        continue;
                    };
                    let whole = caps.get(0).expect("group 0 always exists");
                    let column = line[..whole.start()].chars().count() as u32 + 1;
                    let len = whole.as_str().chars().count() as u32;
                    let mut item = serde_json::Map::new();
                    item.insert("match".into(), Json::String(whole.as_str().to_string()));
                    for (n, group) in caps.iter().enumerate().skip(1) {
                        if let Some(g) = group {
                            item.insert(n.to_string(), Json::String(g.as_str().to_string()));
                        }
                    }
                    let item = Json::Object(item);
                    hits.push(Hit {
                        message: template::render(message, &item, ctx),
                        location: Some(Location::new(file.path.clone(), i as u32 + 1, column, len)),
                        fix: fixes
                            .pick(ctx)
                            .map(|f| template::render_powershell(f, &item, ctx)),
                        severity: None,
                        related: Vec::new(),
                        subject: None,
                    });
                }
            }
            hits
        }
    }
}

/// The finding a `forbid` check makes about one item of its collection, when the item matches.
fn forbidden(spec: &CheckSpec, item: &Json, ctx: &template::Context) -> Option<Hit> {
    let CheckSpec::Forbid {
        conditions,
        message,
        fixes,
        severity,
        ..
    } = spec
    else {
        return None;
    };
    conditions
        .iter()
        .all(|c| c.judge(item) == Some(true))
        .then(|| Hit {
            message: template::render(message, item, ctx),
            location: item_location(item),
            fix: fixes
                .pick(ctx)
                .map(|f| template::render_powershell(f, item, ctx)),
            severity: *severity,
            related: Vec::new(),
            subject: None,
        })
}

/// The hits of a rule's `forbid` checks that walk the same collection as another of its
/// `forbid` checks, each such collection walked once for all of them (an item is serialised
/// once, not once per check); `None` for every other check, which `run` judges alone. Each
/// check's hits are those `run` gives it, in the same order.
pub fn run_shared_walks<'a>(
    checks: &'a [CheckSpec],
    model: &Model,
    ctx: &template::Context,
) -> Vec<Option<Vec<Hit>>> {
    let mut out: Vec<Option<Vec<Hit>>> = checks.iter().map(|_| None).collect();
    let walking = |c: &'a CheckSpec| match c {
        CheckSpec::Forbid {
            collection, scope, ..
        } if applies(c, model) == super::applies::Applies::Yes
            && scope_anchor(model, *scope).is_some() =>
        {
            Some(collection.as_str())
        }
        _ => None,
    };
    let paths: Vec<Option<&str>> = checks.iter().map(walking).collect();
    for (first, path) in paths.iter().enumerate() {
        let Some(path) = *path else { continue };
        if out[first].is_some() {
            continue;
        }
        let sharing: Vec<usize> = (first..checks.len())
            .filter(|&i| paths[i] == Some(path))
            .collect();
        if sharing.len() < 2 {
            continue;
        }
        let mut hits: Vec<Vec<Hit>> = sharing.iter().map(|_| Vec::new()).collect();
        items(model, &checks[first], path, &mut |item| {
            for (n, &i) in sharing.iter().enumerate() {
                hits[n].extend(forbidden(&checks[i], item, ctx));
            }
            ControlFlow::Continue(())
        });
        for (i, found) in sharing.into_iter().zip(hits) {
            out[i] = Some(found);
        }
    }
    out
}

impl FixTemplates {
    /// Every fix template keeps each value a literal of its own (see
    /// `template::powershell_template_problem`).
    fn validate(&self) -> Result<(), String> {
        for (key, template) in [
            ("fix", &self.fix),
            ("fix-msonline", &self.fix_msonline),
            ("fix-azuread", &self.fix_azuread),
            ("fix-graph", &self.fix_graph),
        ] {
            if let Some(problem) = template
                .as_deref()
                .and_then(template::powershell_template_problem)
            {
                return Err(format!("`{key}`: {problem}"));
            }
        }
        Ok(())
    }

    fn pick(&self, ctx: &template::Context) -> Option<&String> {
        use crate::model::CmdletGeneration::*;
        let specific = match ctx.cmdlets {
            MsOnline => self.fix_msonline.as_ref(),
            AzureAd => self.fix_azuread.as_ref(),
            Graph => self.fix_graph.as_ref(),
        };
        specific.or(self.fix.as_ref())
    }
}
