//! The procedure catalogue: `procedures/<id>.toml` parsed and validated. The built-in files are
//! embedded by `build.rs`; `--procedures DIR` adds an organisation's own (a file with a built-in
//! id replaces it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::signal::Signal;
use crate::steps::StepId;

/// The built-in procedure files, embedded by `build.rs`: `(id, toml text)`.
const BUILTIN_PROCEDURE_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_procedures.rs"));

/// The same files as JSON, in the same order: `(id, json)`, converted by `build.rs` (`""` for one
/// that did not convert). Every run reads every built-in procedure before any evidence, and
/// reading their TOML was a quarter of a run's start-up (3.3 million instructions of 12).
const BUILTIN_PROCEDURES_JSON: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_procedures_json.rs"));

pub use crate::domain::procedure_ids::DEFAULT_PROCEDURE;

/// A procedure file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProcedureFile {
    pub title: String,
    /// One paragraph: who trusts whom, and how.
    pub summary: String,
    /// The parties of the trust (`[[party]]`), on premises first, with where the diagram
    /// draws them.
    #[serde(rename = "party")]
    pub parties: Vec<Party>,
    pub references: Vec<String>,
    /// The rules that judge this procedure's steps: they run only on evidence recognised as it.
    #[serde(default)]
    pub rules: Vec<String>,
    /// How evidence is recognised as this procedure: any signal matching is enough.
    pub recognise: Vec<Signal>,
    /// The steps, in order.
    pub step: Vec<Step>,
    /// The shell the on-premises steps of a generated fix run in (`Exchange Management Shell`).
    #[serde(default)]
    pub on_premises_shell: Option<String>,
    /// The values a generated fix script sets at its top, in order.
    #[serde(default)]
    pub value: Vec<FixValue>,
    /// The trust diagram: edges between the parties, each drawn from its steps' statuses.
    #[serde(default)]
    pub trust: Vec<Trust>,
}

/// A value a generated fix script sets at its top as a PowerShell variable: a constant, a
/// best-known fact of the evidence (`Model::best_known`), or a placeholder the user fills in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixValue {
    /// The variable, without `$` (`TenantId`).
    pub name: String,
    /// A constant (an application id).
    #[serde(default)]
    pub value: Option<String>,
    /// The best-known fact it takes (`tenant-id`, `certificate-path`, …).
    #[serde(default)]
    pub fact: Option<String>,
    /// A comment line written above it, always.
    #[serde(default)]
    pub comment: Option<String>,
    /// A comment line written above it when the evidence does not give the fact.
    #[serde(default)]
    pub if_unknown: Option<String>,
    /// The value when the evidence does not give the fact (a conventional path).
    #[serde(default)]
    pub default: Option<String>,
    /// What stands for it when neither the evidence nor a default gives it (`<tenant id>`).
    #[serde(default)]
    pub placeholder: Option<String>,
}

/// How a generated fix performs a step: a shared snippet with its arguments, or the step's own
/// guarded text (read the state, change it only when it is wrong) for its shell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StepFix {
    pub side: Side,
    #[serde(default)]
    pub snippet: Option<SnippetName>,
    /// The `[[value]]` holding the application id of the principal the step acts on.
    #[serde(default)]
    pub principal: Option<String>,
    /// `add-spn`: the name to add; `{fqdn}` is the checklist entry's subject.
    #[serde(default)]
    pub spn: Option<String>,
    /// What stands for the subject when the evidence names none.
    #[serde(default)]
    pub subject_placeholder: Option<String>,
    /// The step's own text, per shell. A step done once per subject reads it from `$Fqdn`.
    #[serde(default)]
    pub on_premises: Option<String>,
    #[serde(default)]
    pub graph: Option<String>,
    #[serde(default)]
    pub msonline: Option<String>,
    #[serde(default)]
    pub azuread: Option<String>,
}

/// Which shell runs a step's fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The on-premises management shell (`on-premises-shell`).
    OnPremises,
    /// The tenant's cmdlets (Graph, or MSOnline / AzureAD when asked).
    Tenant,
}

/// The shared tenant snippets a step's fix can name (`src/snippets/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnippetName {
    /// Connecting to the tenant: the tenant section's opening, nothing more.
    Connect,
    /// The certificate as a key credential of `principal`, unless it is there already.
    UploadCredential,
    /// `spn` added to `principal`'s list, never replacing it.
    AddSpn,
    /// `principal` enabled.
    EnablePrincipal,
}

/// A party of the trust, and where the trust diagram draws it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Party {
    /// Stable id: what `[[trust]]` edges name, and the diagram's `data-node`.
    pub id: String,
    /// Its full name (`hybridlint procedures` lists it).
    pub name: String,
    /// The diagram's shorter name for it; `name` without it.
    #[serde(default)]
    pub label: Option<String>,
    /// A second line under the label: what the party is.
    #[serde(default)]
    pub role: Option<String>,
    /// `on-premises`, `internet` or `tenant` (`Zone`); required, checked at load.
    #[serde(default)]
    pub zone: Option<String>,
    /// The diagram's column, left to right; its place in the list without it.
    #[serde(default)]
    pub column: Option<usize>,
    /// The diagram's row, top to bottom; 0 without it. Rows with no party shown are left out.
    #[serde(default)]
    pub row: Option<usize>,
    /// `probes`: drawn only when probes ran (public DNS, the metadata endpoints).
    #[serde(default)]
    pub when: Option<String>,
    /// `web-fqdns`: the second line names the external web services FQDNs when the evidence
    /// knows them.
    #[serde(default)]
    pub detail: Option<String>,
}

impl Party {
    /// The name the diagram shows.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    pub fn zone(&self) -> Option<Zone> {
        Zone::parse(self.zone.as_deref()?)
    }
}

/// Where a party is, which the diagram shows as a background behind its column(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    OnPremises,
    Internet,
    Tenant,
}

impl Zone {
    pub const ALL: [(&'static str, Zone); 3] = [
        ("on-premises", Zone::OnPremises),
        ("internet", Zone::Internet),
        ("tenant", Zone::Tenant),
    ];

    pub fn parse(name: &str) -> Option<Zone> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, z)| *z)
    }

    /// The zone's heading in the diagram.
    pub fn heading(self) -> &'static str {
        match self {
            Zone::OnPremises => "On premises",
            Zone::Internet => "Public internet",
            Zone::Tenant => "Microsoft 365 tenant",
        }
    }
}

/// An edge of the trust diagram.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Trust {
    /// Party ids (of `[[party]]`).
    pub from: String,
    pub to: String,
    pub label: String,
    /// The steps whose statuses colour the edge (the worst wins).
    pub steps: Vec<String>,
    /// A party the relation passes through (the SPN on the Lync principal): the diagram draws
    /// the edge through its box, which must sit in the same row between the two ends.
    #[serde(default)]
    pub via: Option<String>,
}

/// One step of a procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Step {
    /// Stable id; the steps of today's checklist keep their ids (`export-certificate`, …).
    pub id: String,
    pub title: String,
    /// One step per external web services FQDN, titled with `{fqdn}` replaced; the step itself
    /// (with `title`) when no FQDN is known.
    #[serde(default)]
    pub each_web_fqdn: Option<String>,
    /// `probes`: a step only when probes ran.
    #[serde(default)]
    pub when: Option<String>,
    /// The commands that perform the step (matched as recognition signals are), for procedures
    /// whose steps the checklist has no dedicated evidence for.
    #[serde(default)]
    pub cmdlets: Vec<String>,
    #[serde(default)]
    pub with_any: Vec<String>,
    #[serde(default)]
    pub without: Vec<String>,
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Method calls that perform it (`$cert.Export(…)`).
    #[serde(default)]
    pub methods: Vec<String>,
    /// How a generated fix performs it; without it, `fix` lists it "by hand".
    #[serde(default)]
    pub fix: Option<StepFix>,
    /// The model fact that shows the step done, read before its performing commands.
    #[serde(default)]
    pub done: Option<DoneFact>,
}

/// `[step.done]`: which fact of the model shows a step done (the checklist reads it, with the
/// evidence's location and outcome), so that the checklist knows no step by its id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DoneFact {
    /// The kind of fact (`FactKind`, spelt as in the file: `oauth-servers`, `credential`, …).
    pub fact: String,
    /// `oauth-setting`: the setting's name (`ServiceName`).
    #[serde(default)]
    pub name: Option<String>,
    /// `credential`, `principal-enabled`, `spn`: the `[[value]]` holding the principal's
    /// application id.
    #[serde(default)]
    pub principal: Option<String>,
}

/// The kinds of model fact a step's `[step.done]` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    /// A certificate file that is not a CA's.
    Certificate,
    /// The tenant id, read in the evidence or stated by the user.
    TenantId,
    /// An OAuth server configured on premises.
    OauthServers,
    /// A partner application configured on premises.
    PartnerApplications,
    /// An OAuth setting (`name`) written.
    OauthSetting,
    /// A connection to the tenant.
    Connections,
    /// A key credential on the principal.
    Credential,
    /// The principal enabled.
    PrincipalEnabled,
    /// `<principal app id>/<fqdn>` among the principal's SPNs, per external web services FQDN.
    Spn,
    /// Every probed DNS name answered.
    DnsAnswered,
    /// Every probed endpoint answered 2xx.
    EndpointsAnswered,
}

impl FactKind {
    /// Every kind, with its spelling in a procedure file.
    pub const ALL: [(&'static str, FactKind); 11] = [
        ("certificate", FactKind::Certificate),
        ("tenant-id", FactKind::TenantId),
        ("oauth-servers", FactKind::OauthServers),
        ("partner-applications", FactKind::PartnerApplications),
        ("oauth-setting", FactKind::OauthSetting),
        ("connections", FactKind::Connections),
        ("credential", FactKind::Credential),
        ("principal-enabled", FactKind::PrincipalEnabled),
        ("spn", FactKind::Spn),
        ("dns-answered", FactKind::DnsAnswered),
        ("endpoints-answered", FactKind::EndpointsAnswered),
    ];

    pub fn parse(name: &str) -> Option<FactKind> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// Whether `principal` must name the principal the fact is about.
    pub fn needs_principal(self) -> bool {
        matches!(
            self,
            FactKind::Credential | FactKind::PrincipalEnabled | FactKind::Spn
        )
    }
}

impl DoneFact {
    /// The fact's kind; load validation refuses a file whose kind is unknown.
    pub fn kind(&self) -> Option<FactKind> {
        FactKind::parse(&self.fact)
    }
}

impl ProcedureFile {
    /// The parties' full names, in order.
    pub fn party_names(&self) -> Vec<&str> {
        self.parties.iter().map(|p| p.name.as_str()).collect()
    }

    /// The index of the party with this id.
    pub fn party(&self, id: &str) -> Option<usize> {
        self.parties.iter().position(|p| p.id == id)
    }

    /// The constant a `[[value]]` holds (an application id), by the value's name.
    pub fn constant(&self, name: &str) -> Option<&str> {
        self.value
            .iter()
            .find(|v| v.name == name)
            .and_then(|v| v.value.as_deref())
    }

    /// The application id of the principal a step's `[step.done]` is about.
    pub fn done_principal(&self, step: &Step) -> Option<&str> {
        self.constant(step.done.as_ref()?.principal.as_deref()?)
    }
}

impl Step {
    /// The step's performing commands as a signal.
    pub fn signal(&self) -> Signal {
        Signal {
            why: String::new(),
            cmdlets: self.cmdlets.clone(),
            with_any: self.with_any.clone(),
            without: self.without.clone(),
            mentions: self.mentions.clone(),
            weak: false,
            ..Signal::default()
        }
        .lowered()
    }
}

/// A loaded procedure.
#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: String,
    pub file: ProcedureFile,
    /// `built-in` or the path it was read from.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProcedureError {
    #[error("procedure file {origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("cannot read procedure folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn invalid(origin: &str, message: impl Into<String>) -> ProcedureError {
    ProcedureError::Invalid {
        origin: origin.to_string(),
        message: message.into(),
    }
}

/// Parses and validates one procedure file.
pub fn parse(id: &str, text: &str, origin: &str) -> Result<Procedure, ProcedureError> {
    let file: ProcedureFile = toml::from_str(text).map_err(|e| invalid(origin, e.to_string()))?;
    validated(id, file, origin)
}

/// A built-in procedure: read from its JSON form (see `BUILTIN_PROCEDURES_JSON`), or from its
/// TOML when that form is missing or does not read, so an error names the TOML as it is written.
fn parse_builtin(id: &str, text: &str, json: &str) -> Result<Procedure, ProcedureError> {
    let origin = format!("built-in procedures/{id}.toml");
    let file: ProcedureFile =
        crate::builtin_files::read(json, text).map_err(|e| invalid(&origin, e))?;
    validated(id, file, &origin)
}

/// A procedure file as read, checked: its id, signals, steps, parties, fixes and diagram.
fn validated(id: &str, mut file: ProcedureFile, origin: &str) -> Result<Procedure, ProcedureError> {
    file.recognise = std::mem::take(&mut file.recognise)
        .into_iter()
        .map(Signal::lowered)
        .collect();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            origin,
            format!("the id `{id}` (the file name) must be lower-case letters, digits and `-`"),
        ));
    }
    if file.recognise.is_empty() {
        return Err(invalid(
            origin,
            "no [[recognise]] signal: it could never apply",
        ));
    }
    if let Some(s) = file.recognise.iter().find(|s| s.is_empty()) {
        return Err(invalid(
            origin,
            format!("the signal `{}` names no cmdlet and no mention", s.why),
        ));
    }
    if file.step.is_empty() {
        return Err(invalid(origin, "no [[step]]"));
    }
    let mut seen = BTreeSet::new();
    for s in &file.step {
        if !seen.insert(s.id.as_str()) {
            return Err(invalid(origin, format!("step `{}` appears twice", s.id)));
        }
        s.id.parse::<StepId>().map_err(|e| invalid(origin, e))?;
        if let Some(w) = s.when.as_deref().filter(|w| *w != "probes") {
            return Err(invalid(
                origin,
                format!(
                    "step `{}`: `when = \"{w}\"` is not known (only \"probes\")",
                    s.id
                ),
            ));
        }
    }
    validate_parties(&file).map_err(|m| invalid(origin, m))?;
    validate_fix(&file).map_err(|m| invalid(origin, m))?;
    validate_done(&file).map_err(|m| invalid(origin, m))?;
    Ok(Procedure {
        id: id.to_string(),
        file,
        origin: origin.to_string(),
    })
}

/// The fix data holds together: values are variables with one source, a step's principal is a
/// value, a snippet has its arguments, a step without a snippet has text for its shell, and the
/// diagram's edges join parties through steps of this procedure.
fn validate_fix(file: &ProcedureFile) -> Result<(), String> {
    let mut names = BTreeSet::new();
    for v in &file.value {
        let variable = !v.name.is_empty()
            && v.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !v.name.starts_with(|c: char| c.is_ascii_digit());
        if !variable {
            return Err(format!(
                "value `{}`: not a PowerShell variable name",
                v.name
            ));
        }
        if !names.insert(v.name.as_str()) {
            return Err(format!("value `{}` appears twice", v.name));
        }
        if v.value.is_some() == v.fact.is_some() {
            return Err(format!(
                "value `{}`: give either `value` (a constant) or `fact` (from the evidence)",
                v.name
            ));
        }
        if let Some(fact) = &v.fact
            && !crate::model::KNOWN_FACTS.contains(&fact.as_str())
        {
            return Err(format!(
                "value `{}`: no fact `{fact}`; known: {}",
                v.name,
                crate::model::KNOWN_FACTS.join(", ")
            ));
        }
    }
    for s in &file.step {
        let Some(fix) = &s.fix else { continue };
        let step = &s.id;
        if let Some(p) = &fix.principal
            && !names.contains(p.as_str())
        {
            return Err(format!(
                "step `{step}`: principal `{p}` is not a [[value]] of this procedure"
            ));
        }
        let text = match fix.side {
            Side::OnPremises => fix.on_premises.is_some(),
            Side::Tenant => fix.graph.is_some(),
        };
        match fix.snippet {
            Some(SnippetName::Connect) if fix.side != Side::Tenant => {
                return Err(format!("step `{step}`: `connect` is a tenant snippet"));
            }
            Some(
                SnippetName::UploadCredential | SnippetName::EnablePrincipal | SnippetName::AddSpn,
            ) if fix.side != Side::Tenant || fix.principal.is_none() => {
                return Err(format!(
                    "step `{step}`: a tenant snippet needs side = \"tenant\" and `principal`"
                ));
            }
            Some(SnippetName::AddSpn) if fix.spn.is_none() => {
                return Err(format!("step `{step}`: `add-spn` needs `spn`"));
            }
            None if !text => {
                return Err(format!(
                    "step `{step}`: a fix without a snippet needs its text (`on-premises` or `graph`)"
                ));
            }
            _ => {}
        }
        if fix.side == Side::OnPremises && file.on_premises_shell.is_none() {
            return Err(format!(
                "step `{step}`: an on-premises fix needs the procedure's `on-premises-shell`"
            ));
        }
    }
    // The tenant section's opening reads these two variables (`snippets::tenant`).
    let tenant_steps = file
        .step
        .iter()
        .filter_map(|s| s.fix.as_ref())
        .any(|f| f.side == Side::Tenant);
    for needed in ["TenantId", "CertificatePath"] {
        if tenant_steps && !names.contains(needed) {
            return Err(format!(
                "a tenant step's fix needs a [[value]] `{needed}`: the tenant section connects with $TenantId and loads $CertificatePath"
            ));
        }
    }
    for t in &file.trust {
        for party in [Some(&t.from), Some(&t.to), t.via.as_ref()]
            .into_iter()
            .flatten()
        {
            if file.party(party).is_none() {
                return Err(format!(
                    "trust `{}`: `{party}` is not the id of a [[party]]",
                    t.label
                ));
            }
        }
        if let Some(s) = t
            .steps
            .iter()
            .find(|s| !file.step.iter().any(|x| &x.id == *s))
        {
            return Err(format!(
                "trust `{}`: no step `{s}` in this procedure",
                t.label
            ));
        }
    }
    Ok(())
}

/// Each step's `[step.done]` names a known fact kind, with a principal that is a constant
/// `[[value]]` exactly when the kind is about a principal, and a `name` for an OAuth setting.
fn validate_done(file: &ProcedureFile) -> Result<(), String> {
    for s in &file.step {
        let Some(done) = &s.done else { continue };
        let step = &s.id;
        let Some(kind) = done.kind() else {
            let known: Vec<&str> = FactKind::ALL.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "step `{step}`: no done fact `{}`; known: {}",
                done.fact,
                known.join(", ")
            ));
        };
        match (&done.principal, kind.needs_principal()) {
            (None, true) => {
                return Err(format!(
                    "step `{step}`: done fact `{}` needs `principal` (a [[value]] holding the application id)",
                    done.fact
                ));
            }
            (Some(p), false) => {
                return Err(format!(
                    "step `{step}`: done fact `{}` is about no principal; remove `principal = \"{p}\"`",
                    done.fact
                ));
            }
            (Some(p), true) if file.constant(p).is_none() => {
                return Err(format!(
                    "step `{step}`: done principal `{p}` is not a [[value]] of this procedure with a constant `value`"
                ));
            }
            _ => {}
        }
        match (&done.name, kind == FactKind::OauthSetting) {
            (None, true) => {
                return Err(format!(
                    "step `{step}`: done fact `oauth-setting` needs `name` (the setting, such as ServiceName)"
                ));
            }
            (Some(n), false) => {
                return Err(format!(
                    "step `{step}`: done fact `{}` takes no `name` (`{n}`)",
                    done.fact
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Each party has a unique id, a known zone, and only known `when` and `detail` values.
fn validate_parties(file: &ProcedureFile) -> Result<(), String> {
    if file.parties.is_empty() {
        return Err("no [[party]]".to_string());
    }
    let mut seen = BTreeSet::new();
    for p in &file.parties {
        let id = &p.id;
        let well_formed = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(format!(
                "party `{id}`: an id is lower-case letters, digits and `-`"
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(format!("party `{id}` appears twice"));
        }
        let zones: Vec<&str> = Zone::ALL.iter().map(|(n, _)| *n).collect();
        match p.zone.as_deref() {
            None => {
                return Err(format!(
                    "party `{id}`: no `zone` (one of {})",
                    zones.join(", ")
                ));
            }
            Some(z) if Zone::parse(z).is_none() => {
                return Err(format!(
                    "party `{id}`: no zone `{z}`; known: {}",
                    zones.join(", ")
                ));
            }
            _ => {}
        }
        if let Some(w) = p.when.as_deref().filter(|w| *w != "probes") {
            return Err(format!(
                "party `{id}`: `when = \"{w}\"` is not known (only \"probes\")"
            ));
        }
        if let Some(d) = p.detail.as_deref().filter(|d| *d != "web-fqdns") {
            return Err(format!(
                "party `{id}`: `detail = \"{d}\"` is not known (only \"web-fqdns\")"
            ));
        }
    }
    Ok(())
}

/// The built-in procedures and those in `dirs` (`*.toml`, not recursive), the default first and
/// the others by id.
pub fn load(dirs: &[PathBuf]) -> Result<Vec<Procedure>, ProcedureError> {
    let mut all = Vec::new();
    for (i, (id, text)) in BUILTIN_PROCEDURE_FILES.iter().enumerate() {
        let json = crate::builtin_files::json_of(BUILTIN_PROCEDURES_JSON, i, id);
        all.push(parse_builtin(id, text, json)?);
    }
    for dir in dirs {
        for path in toml_files(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|source| ProcedureError::Io {
                path: path.clone(),
                source,
            })?;
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let p = parse(&id, &text, &path.display().to_string())?;
            all.retain(|q: &Procedure| q.id != p.id);
            all.push(p);
        }
    }
    all.sort_by(|a, b| (a.id != DEFAULT_PROCEDURE, &a.id).cmp(&(b.id != DEFAULT_PROCEDURE, &b.id)));
    Ok(all)
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, ProcedureError> {
    let io = |source| ProcedureError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    out.sort();
    Ok(out)
}

/// Checks that every rule a procedure names exists.
pub fn check_rules(procedures: &[Procedure], rule_ids: &[&str]) -> Result<(), ProcedureError> {
    for p in procedures {
        if let Some(r) = p
            .file
            .rules
            .iter()
            .find(|r| !rule_ids.contains(&r.as_str()))
        {
            return Err(invalid(&p.origin, format!("rule `{r}` does not exist")));
        }
    }
    Ok(())
}

/// Every step id of these procedures.
pub fn step_ids(procedures: &[Procedure]) -> BTreeSet<&str> {
    procedures
        .iter()
        .flat_map(|p| p.file.step.iter().map(|s| s.id.as_str()))
        .collect()
}

/// Checks that each step a rule, symptom or cmdlet names (`(who names it, the step)`) is a step
/// of a procedure; for a rule that procedures name, a step of one of those. Without this, a
/// misspelt step would leave the rule's findings off the checklist without a word.
pub fn check_steps<'a>(
    procedures: &[Procedure],
    named: impl IntoIterator<Item = (&'a str, &'a StepId)>,
) -> Result<(), String> {
    let all = step_ids(procedures);
    for (who, step) in named {
        let owners: Vec<&Procedure> = procedures
            .iter()
            .filter(|p| p.file.rules.iter().any(|r| r == who))
            .collect();
        let known = if owners.is_empty() {
            all.contains(step.as_str())
        } else {
            owners
                .iter()
                .any(|p| p.file.step.iter().any(|s| s.id == step.as_str()))
        };
        if !known {
            let scope = if owners.is_empty() {
                "any procedure".to_string()
            } else {
                let ids: Vec<&str> = owners.iter().map(|p| p.id.as_str()).collect();
                format!("the procedure(s) that name it ({})", ids.join(", "))
            };
            return Err(format!(
                "{who} names step `{step}`, which is not a step of {scope}; see `hybridlint procedures`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_procedures_load_with_the_default_first() {
        let all = load(&[]).expect("built-in procedures are valid");
        assert_eq!(all[0].id, DEFAULT_PROCEDURE);
        assert!(all.len() >= 5, "{} procedures", all.len());
    }

    /// The run reads the built-in procedures from the JSON `build.rs` makes of them: each must
    /// be the procedure its TOML is.
    #[test]
    fn builtin_procedures_read_from_json_are_their_toml() {
        crate::builtin_files::assert_json_is_toml::<ProcedureFile>(
            BUILTIN_PROCEDURE_FILES,
            BUILTIN_PROCEDURES_JSON,
        );
        // A file the build could not convert is read from its TOML, whose error is reported.
        let err = parse_builtin("broken", "title = [", "").expect_err("not TOML");
        assert!(
            err.to_string().contains("built-in procedures/broken.toml"),
            "{err}"
        );
    }

    #[test]
    fn a_step_twice_is_refused() {
        let text = r#"
title = "t"
summary = "s"
references = []
[[party]]
id = "a"
name = "a"
zone = "on-premises"
[[recognise]]
why = "w"
cmdlets = ["New-AuthServer"]
[[step]]
id = "x"
title = "x"
[[step]]
id = "x"
title = "y"
"#;
        let e = parse("t", text, "t.toml").expect_err("refused");
        assert!(e.to_string().contains("step `x` appears twice"), "{e}");
    }

    /// A minimal procedure with `extra` appended (values, fix data, trust edges).
    fn with(extra: &str) -> String {
        format!(
            "title = \"t\"\nsummary = \"s\"\nreferences = []\n{extra}\n\
             [[party]]\nid = \"a\"\nname = \"A\"\nzone = \"on-premises\"\n\
             [[party]]\nid = \"b\"\nname = \"B\"\nzone = \"tenant\"\n"
        )
    }

    #[test]
    fn fix_data_that_does_not_hold_together_is_refused() {
        let recognise = "[[recognise]]\nwhy = \"w\"\ncmdlets = [\"New-AuthServer\"]\n";
        let good = with(&format!(
            "on-premises-shell = \"Exchange Management Shell\"\n\
             [[value]]\nname = \"ExchangeAppId\"\nvalue = \"00000002-0000-0ff1-ce00-000000000000\"\n\
             [[value]]\nname = \"TenantId\"\nfact = \"tenant-id\"\n\
             [[value]]\nname = \"CertificatePath\"\nfact = \"certificate-path\"\n\
             {recognise}\
             [[step]]\nid = \"x\"\ntitle = \"x\"\n[step.fix]\nside = \"tenant\"\nsnippet = \"upload-credential\"\nprincipal = \"ExchangeAppId\"\n\
             [[trust]]\nfrom = \"a\"\nto = \"b\"\nlabel = \"l\"\nsteps = [\"x\"]\n"
        ));
        assert!(
            parse("t", &good, "t.toml").is_ok(),
            "{:?}",
            parse("t", &good, "t.toml").err()
        );
        for (bad, says) in [
            (
                good.replace("principal = \"ExchangeAppId\"", "principal = \"LyncAppId\""),
                "is not a [[value]]",
            ),
            (
                good.replace("value = \"00000002", "fact = \"tenant-idd\"\n#"),
                "no fact `tenant-idd`",
            ),
            (
                good.replace("snippet = \"upload-credential\"\n", ""),
                "needs its text",
            ),
            (
                good.replace("side = \"tenant\"", "side = \"on-premises\""),
                "needs side = \"tenant\"",
            ),
            (
                good.replace("steps = [\"x\"]", "steps = [\"y\"]"),
                "no step `y`",
            ),
            (
                good.replace("to = \"b\"", "to = \"c\""),
                "`c` is not the id of a [[party]]",
            ),
            (
                good.replace("name = \"ExchangeAppId\"", "name = \"Exchange AppId\""),
                "not a PowerShell variable",
            ),
        ] {
            let e = parse("t", &bad, "t.toml").expect_err(says);
            assert!(e.to_string().contains(says), "{e}");
        }
    }

    #[test]
    fn done_facts_that_do_not_hold_together_are_refused() {
        let good = with(
            "[[value]]\nname = \"LyncAppId\"\nvalue = \"00000004-0000-0ff1-ce00-000000000000\"\n\
             [[value]]\nname = \"TenantId\"\nfact = \"tenant-id\"\n\
             [[recognise]]\nwhy = \"w\"\ncmdlets = [\"New-CsOAuthServer\"]\n\
             [[step]]\nid = \"lync-credential\"\ntitle = \"x\"\n[step.done]\nfact = \"credential\"\nprincipal = \"LyncAppId\"\n\
             [[step]]\nid = \"oauth-service-name\"\ntitle = \"y\"\n[step.done]\nfact = \"oauth-setting\"\nname = \"ServiceName\"\n",
        );
        let parsed = parse("t", &good, "t.toml");
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        for (bad, says) in [
            (
                good.replace("fact = \"credential\"", "fact = \"credentials\""),
                "step `lync-credential`: no done fact `credentials`",
            ),
            (
                good.replace("principal = \"LyncAppId\"", "principal = \"ExchangeAppId\""),
                "step `lync-credential`: done principal `ExchangeAppId` is not a [[value]]",
            ),
            (
                // A value read from the evidence is no application id.
                good.replace("principal = \"LyncAppId\"", "principal = \"TenantId\""),
                "done principal `TenantId` is not a [[value]] of this procedure with a constant",
            ),
            (
                good.replace("principal = \"LyncAppId\"\n", ""),
                "step `lync-credential`: done fact `credential` needs `principal`",
            ),
            (
                good.replace("name = \"ServiceName\"\n", ""),
                "step `oauth-service-name`: done fact `oauth-setting` needs `name`",
            ),
            (
                good.replace("fact = \"oauth-setting\"", "fact = \"oauth-servers\""),
                "done fact `oauth-servers` takes no `name`",
            ),
        ] {
            let e = parse("t", &bad, "t.toml").expect_err(says);
            assert!(e.to_string().contains(says), "{e}");
            assert!(e.to_string().contains("t.toml"), "names the file: {e}");
        }
    }

    #[test]
    fn parties_that_do_not_hold_together_are_refused() {
        let good = with(
            "[[recognise]]\nwhy = \"w\"\ncmdlets = [\"New-AuthServer\"]\n\
             [[step]]\nid = \"x\"\ntitle = \"x\"\n\
             [[trust]]\nfrom = \"a\"\nto = \"b\"\nlabel = \"l\"\nsteps = [\"x\"]\n",
        );
        let parsed = parse("t", &good, "t.toml");
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        for (bad, says) in [
            (
                good.replace("zone = \"tenant\"\n", ""),
                "party `b`: no `zone`",
            ),
            (
                good.replace("zone = \"tenant\"", "zone = \"cloud\""),
                "party `b`: no zone `cloud`",
            ),
            (
                good.replace("id = \"b\"", "id = \"a\""),
                "party `a` appears twice",
            ),
            (
                good.replace("label = \"l\"", "label = \"l\"\nvia = \"c\""),
                "trust `l`: `c` is not the id of a [[party]]",
            ),
            (
                good.replace("zone = \"tenant\"", "zone = \"tenant\"\nwhen = \"always\""),
                "party `b`: `when = \"always\"` is not known",
            ),
        ] {
            let e = parse("t", &bad, "t.toml").expect_err(says);
            assert!(e.to_string().contains(says), "{e}");
            assert!(e.to_string().contains("t.toml"), "names the file: {e}");
        }
    }
}
