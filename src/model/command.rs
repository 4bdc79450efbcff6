//! Commands observed in scripts and transcripts: what the administrator ran (or plans to run), with
//! each argument as written and, where it could be worked out, its value.

use serde::Serialize;

use super::Location;

/// Whether a command observed in the evidence took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A transcript shows it ran and printed no error.
    Succeeded,
    /// A transcript shows an error record (or a parser error) for it.
    Failed,
    /// A script (not run yet), or a transcript that ends before any output could be seen.
    Unknown,
}

/// Where a command was read from. Scripts describe intent; transcripts describe what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Script,
    Transcript,
}

/// How an argument was written. Rules care: a bare word and a quoted string bind the same, but an
/// expression after `+` is a separate argument in command mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// A bare word such as `microsoft.sts` or `00000004-0000-0ff1-ce00-000000000000`.
    Bare,
    /// `'…'`: taken literally.
    Literal,
    /// `"…"`: variables inside are expanded.
    Expandable,
    /// `$name` or `$name.Member`.
    Variable,
    /// `$true` / `$false` / `$null`.
    Constant,
    /// Anything else: sub-expressions, arrays, hashtables, method calls, arithmetic.
    Expression,
}

/// One value given to a command, as written and (when it could be resolved statically) as bound.
/// Serialised with the parts of `extra` in place, in the order of `serialize` below.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The source text, exactly as written.
    pub text: String,
    pub kind: ValueKind,
    /// The value after unquoting and expanding simple variables; `None` when it depends on something
    /// the evidence does not show.
    pub resolved: Option<String>,
    pub location: Location,
    /// What few values have (variables read, strings and hashtable entries inside, a principal,
    /// a list, a form, why it is unknown), kept apart so that the many plain values stay small.
    pub extra: Option<Box<ValueExtra>>,
}

/// The parts of a `Value` that few values have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueExtra {
    /// Variables this value reads (`$TenantId` → `TenantId`), for undefined-variable checks.
    pub variables: Vec<String>,
    /// String literals inside an expression value (`@("a", "b")` → `a`, `b`).
    pub strings: Vec<String>,
    /// Hashtable entries inside an expression value (`@{Type="AsymmetricX509Cert"}`), key → value.
    pub entries: Vec<Entry>,
    /// The service principal (its app id) the value is or names (`$sp`, `$sp.Id`), when known.
    pub principal: Option<String>,
    /// For a list: whether it keeps a principal's current list, and the items known to be in it.
    /// Boxed: few values with these parts are lists, and a list's parts would otherwise make
    /// every box larger by 80 bytes.
    pub list: Option<Box<ListValue>>,
    /// The known form of a value whose content is not in the evidence (`der-bytes`,
    /// `base64-of-der`, `ascii-bytes-of-base64`, `file-text`, `date-from-today`, …).
    pub form: Option<String>,
    /// Why the value is not known, when it is not (the variable or expression that stopped it).
    /// Shared ([`super::shared_text`]): a failing transcript folder gives thousands of values
    /// the same reason (`` `$sp` has no value at this point of the evidence ``).
    pub unknown: Option<super::SharedText>,
    /// For a list of hashtables (`$keys += @{…}`): each hashtable's entries, in order.
    pub item_entries: Vec<Vec<Entry>>,
}

impl ValueExtra {
    /// `Some` when any part is present, so a plain value carries no box.
    pub fn boxed(self) -> Option<Box<ValueExtra>> {
        (self != ValueExtra::default()).then(|| Box::new(self))
    }
}

/// The keys a value has always serialised (the three lists even when empty), then the rare
/// parts only when present, as a flat value wrote them before they moved into `ValueExtra`.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("text", &self.text)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("resolved", &self.resolved)?;
        map.serialize_entry("variables", self.variables())?;
        map.serialize_entry("strings", self.strings())?;
        map.serialize_entry("entries", self.entries())?;
        map.serialize_entry("location", &self.location)?;
        if let Some(extra) = &self.extra {
            if let Some(principal) = &extra.principal {
                map.serialize_entry("principal", principal)?;
            }
            if let Some(list) = &extra.list {
                map.serialize_entry("list", list)?;
            }
            if let Some(form) = &extra.form {
                map.serialize_entry("form", form)?;
            }
            if let Some(unknown) = &extra.unknown {
                map.serialize_entry("unknown", unknown)?;
            }
            if !extra.item_entries.is_empty() {
                map.serialize_entry("item_entries", &extra.item_entries)?;
            }
        }
        map.end()
    }
}

impl Value {
    /// A value whose text is known exactly as written (an output line, a printed variable).
    pub fn known(text: String, kind: ValueKind, location: Location) -> Value {
        Value {
            resolved: Some(text.clone()),
            text,
            kind,
            location,
            extra: None,
        }
    }

    /// Variables this value reads (`$TenantId` → `TenantId`), for undefined-variable checks.
    pub fn variables(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.variables)
    }

    /// String literals inside an expression value (`@("a", "b")` → `a`, `b`).
    pub fn strings(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.strings)
    }

    /// Hashtable entries inside an expression value (`@{Type="AsymmetricX509Cert"}`).
    pub fn entries(&self) -> &[Entry] {
        self.extra.as_ref().map_or(&[], |e| &e.entries)
    }

    /// The service principal (its app id) the value is or names, when known.
    pub fn principal(&self) -> Option<&str> {
        self.extra.as_ref()?.principal.as_deref()
    }

    /// For a list: whether it keeps a principal's current list, and the items known in it.
    pub fn list(&self) -> Option<&ListValue> {
        self.extra.as_ref()?.list.as_deref()
    }

    /// The known form of a value whose content is not in the evidence.
    pub fn form(&self) -> Option<&str> {
        self.extra.as_ref()?.form.as_deref()
    }

    /// Why the value is not known, when it is not.
    pub fn unknown(&self) -> Option<&str> {
        self.extra.as_ref()?.unknown.as_deref()
    }

    /// For a list of hashtables: each hashtable's entries, in order.
    pub fn item_entries(&self) -> &[Vec<Entry>] {
        self.extra.as_ref().map_or(&[], |e| &e.item_entries)
    }
}

/// A list value as the evaluator followed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListValue {
    /// The app id whose current list (`member`) this list starts from; `None` when it was built
    /// from nothing, so writing it replaces the principal's list.
    pub keeps_current_of: Option<String>,
    /// `service-principal-names` or `key-credentials`, with `keeps_current_of`.
    pub member: Option<String>,
    /// The items known to be in it (added to the current list, or the whole list).
    pub items: Vec<String>,
    /// How many items are in it whose value is unknown.
    pub unknown_items: usize,
    /// Built from nothing with every item known to be new (no unknown item, no key taken from the
    /// principal): writing it replaces everything the principal had.
    pub replaces: bool,
}

/// One `key = value` entry of a hashtable literal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub key: String,
    pub text: String,
    pub resolved: Option<String>,
    /// The known form of the entry's value, when its content is not in the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// A named parameter (`-Name value`, `-Name:value`, or a switch `-Name`) or a positional argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Argument {
    /// Parameter name without the dash, as written (`MetadataUrl`); `None` for positional values.
    /// Shared with every argument naming the parameter the same way ([`super::shared_text`]): a
    /// large transcript folder names a few parameters a hundred thousand times.
    pub parameter: Option<super::SharedText>,
    /// `None` for a switch given without a value.
    pub value: Option<Value>,
    /// Extra values that PowerShell's command mode passes as further positional arguments because
    /// they followed the value without being part of it (`"a" + $b` gives `+`-expressions here).
    /// A boxed slice, not a list: nearly every argument has none, and the list's spare-room
    /// field was 8 bytes in each of a large transcript folder's hundred thousand arguments.
    pub split_off: Box<[Value]>,
    pub location: Location,
}

/// One command invocation in a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command {
    /// Index in `Model::commands`; stable within one run.
    pub index: usize,
    /// The command name as written (`New-CsOAuthServer`, `fl`, `.\Configure-EnterprisePartnerApplication.ps1`).
    /// Shared with every command of the same name ([`super::shared_text`]): a failing transcript
    /// folder runs a few cmdlets tens of thousands of times.
    pub name: super::SharedText,
    pub arguments: Vec<Argument>,
    /// The whole command text (one pipeline element), continuation lines joined.
    pub text: String,
    pub location: Location,
    pub origin: Origin,
    pub outcome: Outcome,
    /// The variable the pipeline's result is assigned to (`$lyncSP = Get-MsolServicePrincipal …`).
    pub assigned_to: Option<String>,
    /// Names of the commands after this one in the same pipeline (`Get-X | Format-List` → `Format-List`).
    pub piped_into: Box<[String]>,
    /// What the previous stage of its pipeline passes in (`$sp | Set-…`); few commands have it,
    /// so it takes a pointer's room in every command rather than two strings'.
    #[serde(flatten)]
    pub pipeline_input: Option<Box<PipelineInput>>,
    /// Index into `Model::errors` of the error this command produced, when a transcript shows one.
    pub error: Option<usize>,
    /// Index of the file this command was read from in `Model::files`.
    pub file: usize,
    /// Position in the evidence order, shared with method calls and assignments so rules can ask
    /// "did this happen after that" across kinds.
    pub order: usize,
    /// Inside a branch, loop or handler that may not run: planned under a condition.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
    /// The well-known application ids its text and evaluated arguments name (typing mistakes
    /// corrected), worked out once when the configuration is normalised: recognition, the
    /// checklist and several rules ask for every command. `None` until then.
    #[serde(skip)]
    pub named_app_ids: Option<Box<[&'static str]>>,
}

/// What the previous stage of a command's pipeline passes in (`$sp | Set-…`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineInput {
    /// The input as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The service principal (its app id) the input is, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_principal: Option<String>,
}

impl PipelineInput {
    /// `Some` when either part is present, so a command without pipeline input carries no box.
    pub fn boxed(input: Option<String>, input_principal: Option<String>) -> Option<Box<Self>> {
        (input.is_some() || input_principal.is_some()).then(|| {
            Box::new(PipelineInput {
                input,
                input_principal,
            })
        })
    }
}

impl Command {
    /// Case-insensitive name comparison, the way PowerShell resolves commands.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The first argument bound to `parameter` (case-insensitive; PowerShell also accepts any unique
    /// prefix, so `-AppPrincipal` binds `-AppPrincipalId`).
    pub fn argument(&self, parameter: &str) -> Option<&Argument> {
        self.arguments.iter().find(|a| {
            a.parameter
                .as_deref()
                .is_some_and(|p| parameter_matches(p, parameter))
        })
    }

    /// The value of `parameter`, if the parameter is present with a value.
    pub fn value(&self, parameter: &str) -> Option<&Value> {
        self.argument(parameter).and_then(|a| a.value.as_ref())
    }

    /// The resolved text of `parameter`, when it could be resolved.
    pub fn resolved(&self, parameter: &str) -> Option<&str> {
        self.value(parameter).and_then(|v| v.resolved.as_deref())
    }

    pub fn has_parameter(&self, parameter: &str) -> bool {
        self.argument(parameter).is_some()
    }

    /// Positional arguments in order.
    pub fn positional(&self) -> impl Iterator<Item = &Value> {
        self.arguments
            .iter()
            .filter(|a| a.parameter.is_none())
            .filter_map(|a| a.value.as_ref())
    }

    /// What the previous stage of its pipeline passes in, as written.
    pub fn input(&self) -> Option<&str> {
        self.pipeline_input.as_ref()?.input.as_deref()
    }

    /// The service principal (its app id) the pipeline's input is, when known.
    pub fn input_principal(&self) -> Option<&str> {
        self.pipeline_input.as_ref()?.input_principal.as_deref()
    }

    /// A command that took effect or may take effect (scripts): everything but a transcript failure.
    pub fn may_have_succeeded(&self) -> bool {
        self.outcome != Outcome::Failed
    }
}

/// PowerShell binds an abbreviated parameter name when it is an unambiguous prefix. We only know the
/// parameters we care about, so accept a prefix of at least three characters.
pub fn parameter_matches(written: &str, wanted: &str) -> bool {
    // Compared in place (ASCII case folded byte by byte): this runs for every parameter lookup.
    let (w, full) = (written.as_bytes(), wanted.as_bytes());
    w.eq_ignore_ascii_case(full)
        || (w.len() >= 3 && full.len() >= w.len() && full[..w.len()].eq_ignore_ascii_case(w))
}

/// A method call on a variable's member, such as `$lyncSP.ServicePrincipalNames.Add("…")` or
/// `$certificate.Import("C:\cert.cer")`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodCall {
    /// The variable the chain starts at, without `$`.
    pub variable: String,
    /// Members between the variable and the method (`["ServicePrincipalNames"]`).
    pub members: Vec<String>,
    pub method: String,
    pub arguments: Vec<Value>,
    pub location: Location,
    pub origin: Origin,
    pub outcome: Outcome,
    pub file: usize,
    /// Position in the evidence order, comparable with `Command::index` (commands and calls share it).
    pub order: usize,
    /// The service principal (app id) the variable held at the call, when the evaluator knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// Inside a branch, loop or handler that may not run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub conditional: bool,
}

/// `$Name = <something>` where the right-hand side is not a command (commands carry `assigned_to`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    pub variable: String,
    pub value: Value,
    pub location: Location,
    pub file: usize,
    pub order: usize,
}

#[cfg(test)]
mod tests {
    use super::parameter_matches;

    /// The lower-casing reading `parameter_matches` replaced: whole name, or a prefix of three or more.
    fn by_lower_case(written: &str, wanted: &str) -> bool {
        let w = written.to_ascii_lowercase();
        let full = wanted.to_ascii_lowercase();
        w == full || (w.len() >= 3 && full.starts_with(&w))
    }

    #[test]
    fn parameter_names_match_as_the_lower_cased_reading_did() {
        let names = [
            "",
            "A",
            "Ap",
            "App",
            "AppId",
            "appid",
            "APPID",
            "AppIdX",
            "AppPrincipalId",
            "Ten",
            "TenantId",
            "tenantid",
            "-Ten",
            "Typ",
            "Type",
            "Ünï",
            "Ünïcode",
            "ünïcode",
            "Valüe",
            "Val",
            "value",
            "CertificateThumbprint",
            "cert",
            "Certificate",
        ];
        for written in names {
            for wanted in names {
                assert_eq!(
                    parameter_matches(written, wanted),
                    by_lower_case(written, wanted),
                    "{written:?} against {wanted:?}"
                );
            }
        }
    }

    /// `ValueExtra` is serialised in place: a value with every part writes its keys in the order
    /// the flat `Value` wrote them, and a plain value writes none of them.
    #[test]
    fn a_values_extra_parts_serialise_in_place() {
        use super::{Entry, ListValue, Location, Value, ValueExtra, ValueKind};
        let mut value = Value::known("x".into(), ValueKind::Bare, Location::new("a.ps1", 1, 2, 3));
        let plain = serde_json::to_string(&value).unwrap_or_default();
        assert!(plain.ends_with(r#""location":{"path":"a.ps1","line":1,"column":2,"len":3}}"#));
        assert_eq!(ValueExtra::default().boxed(), None);
        let entry = Entry {
            key: "Type".into(),
            text: "'x'".into(),
            resolved: Some("x".into()),
            form: None,
        };
        value.extra = ValueExtra {
            principal: Some("p".into()),
            list: Some(Box::new(ListValue {
                keeps_current_of: None,
                member: None,
                items: vec!["i".into()],
                unknown_items: 0,
                replaces: true,
            })),
            form: Some("der-bytes".into()),
            unknown: Some("why".into()),
            item_entries: vec![vec![entry]],
            ..ValueExtra::default()
        }
        .boxed();
        let json = serde_json::to_string(&value).unwrap_or_default();
        let keys = [
            "\"text\"",
            "\"kind\"",
            "\"resolved\"",
            "\"variables\"",
            "\"strings\"",
            "\"entries\"",
            "\"location\"",
            "\"principal\"",
            "\"list\"",
            "\"form\"",
            "\"unknown\"",
            "\"item_entries\"",
        ];
        let at: Vec<usize> = keys
            .iter()
            .map(|k| json.find(k).unwrap_or(usize::MAX))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{json}");
        assert!(!json.contains("extra"), "{json}");
        assert_eq!(value.principal(), Some("p"));
        assert_eq!(value.form(), Some("der-bytes"));
        assert_eq!(value.unknown(), Some("why"));
        assert_eq!(value.item_entries().len(), 1);
        assert!(value.list().is_some_and(|l| l.replaces));
    }
}
