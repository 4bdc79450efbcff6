//! Derives the normalised configuration from what the loaders read: commands that create or set
//! something, and printed records that show it. Every fact keeps its location and outcome. This
//! describes the evidence; judging it is the rules' job.

mod exchange;
mod superseded;

use std::collections::HashMap;

use base64::Engine as _;

use super::byte_array;
use super::powershell::app_id_in_filter;
use crate::cmdlets::{self, FactKind};
use crate::domain::dates;
use crate::model::{
    CmdletGeneration, Command, Configuration, Coverage, Credential, Fact, FactSource, Location,
    Model, OAuthServer, OAuthSetting, Origin, Outcome, PartnerApplication, PrincipalChange, Record,
    ServicePrincipal, SpnAddition, SpnList, TenantConnection, UnresolvedPrincipalStep, Value,
};
use crate::wellknown;

/// The settable parameters of `Set-CsOAuthConfiguration` in their canonical case.
const OAUTH_SETTINGS: &[&str] = &[
    "ServiceName",
    "ExchangeAutodiscoverUrl",
    "ExchangeAutodiscoverAllowedDomains",
    "Realm",
    "ClientAuthorizationOAuthServerIdentity",
    "ClientAdalAuthOverride",
    "AlternateAudienceUrl",
    "AdditionalAudienceUrls",
];

pub fn normalize(model: &mut Model) {
    // Each command's named ids and catalogue entry on the run's threads (a third of normalising a
    // large session): what follows runs on one thread, and most commands are in no catalogue.
    let named = crate::threads::map_each_in_order(&model.commands, |c| {
        (crate::model::named_app_ids(c), cmdlets::lookup(&c.name))
    });
    let mut entries = Vec::with_capacity(named.len());
    for (c, (ids, entry)) in model.commands.iter_mut().zip(named) {
        c.named_app_ids = Some(ids.into_boxed_slice());
        entries.push(entry);
    }
    let exchange = exchange::exchange(model);
    let mut cfg = Configuration {
        generation: generation(model),
        coverage: coverage(model, !exchange.is_empty()),
        exchange,
        ..Configuration::default()
    };
    let principals_by_var = principal_variables(model);
    let mut slots = PrincipalSlots::new();
    let assignments = AssignmentsByVariable::default();
    for (cmd, entry) in model.commands.iter().zip(entries) {
        let Some(entry) = entry else { continue };
        on_premises_command(cmd, entry, &mut cfg);
        tenant_command(
            cmd,
            entry,
            model,
            &principals_by_var,
            &assignments,
            &mut cfg,
            &mut slots,
        );
        certificate_command(cmd, entry, &mut cfg);
    }
    for (i, call) in model.method_calls.iter().enumerate() {
        let is_spn_add = call.method.eq_ignore_ascii_case("Add")
            && call
                .members
                .last()
                .is_some_and(|m| m.eq_ignore_ascii_case("ServicePrincipalNames"));
        if is_spn_add
            && let (Some(app), Some(arg)) = (
                principals_by_var.get(&call.variable.to_ascii_lowercase()),
                call.arguments.first(),
            )
        {
            let name = arg.resolved.clone().unwrap_or_else(|| arg.text.clone());
            principal(&mut cfg, &mut slots, app, &call.location)
                .spn_additions
                .push(SpnAddition {
                    name,
                    variable: call.variable.clone(),
                    order: call.order,
                    location: call.location.clone(),
                    outcome: call.outcome,
                });
        }
        let loads_file = call.method.eq_ignore_ascii_case("Import")
            || call.method.eq_ignore_ascii_case("CreateFromCertFile")
            || (call.method.eq_ignore_ascii_case("new")
                && call.variable.contains("X509Certificate"));
        if loads_file && let Some(arg) = call.arguments.first() {
            cfg.certificate_imports.push(fact(
                arg.resolved.clone().unwrap_or_else(|| arg.text.clone()),
                call.location.clone(),
                FactSource::MethodCall(i),
                call.outcome,
            ));
        }
    }
    for (i, record) in model.records.iter().enumerate() {
        record_facts(i, record, model, &principals_by_var, &mut cfg, &mut slots);
    }
    for a in &model.assignments {
        if a.variable.to_ascii_lowercase().contains("tenant")
            && let Some(v) = a
                .value
                .resolved
                .as_deref()
                .filter(|v| crate::guid::is_guid(v))
        {
            cfg.tenant_ids.push(fact(
                v.to_string(),
                a.value.location.clone(),
                FactSource::Assignment,
                Outcome::Unknown,
            ));
        }
    }
    if let Some(t) = &model.expected.tenant_id {
        cfg.tenant_ids.push(fact(
            t.clone(),
            Location::file("(expected facts)"),
            FactSource::Expected,
            Outcome::Unknown,
        ));
    }
    super::key_certificate::attach(&mut cfg, model);
    // Every model normalised (the whole run's and each deployment's) holds its lists to the end.
    cfg.release_growth_room();
    model.configuration = cfg;
    model.superseded = superseded::superseded(model);
}

fn fact(value: String, location: Location, source: FactSource, outcome: Outcome) -> Fact {
    Fact {
        value,
        location,
        source,
        outcome,
        unknown: None,
        form: None,
    }
}

/// A fact from a value as bound: known when the evaluator resolved it, else the text as written
/// with the reason it is unknown.
fn bound_fact(v: &Value, source: FactSource, outcome: Outcome) -> Fact {
    let mut f = fact(text(v), v.location.clone(), source, outcome);
    f.form = v.form().map(str::to_string);
    f.unknown = why_unknown(v);
    f
}

/// Why a bound value is known only at run time, when it is.
fn why_unknown(v: &Value) -> Option<String> {
    v.resolved.is_none().then(|| {
        v.unknown()
            .map(str::to_string)
            .unwrap_or_else(|| format!("`{}` is computed when the script runs", v.text))
    })
}

/// The generation of the last tenant cmdlet seen; Graph when there is none.
fn generation(model: &Model) -> CmdletGeneration {
    model
        .commands
        .iter()
        .rfind(|c| cmdlets::is_tenant(&c.name) || cmdlets::is_retired(&c.name))
        .and_then(|c| cmdlets::tenant_generation(&c.name))
        .unwrap_or_default()
}

/// `exchange_objects`: the evidence shows Exchange Server's OAuth objects.
fn coverage(model: &Model, exchange_objects: bool) -> Coverage {
    // CLIXML objects whose type names a cmdlet (what the collector's bundle holds) are what that
    // cmdlet returned: they cover its half as its printed output in a transcript would. Objects
    // recognised by their properties (a bare printed file) or exported to CSV or JSON do not:
    // one such object says nothing about the steps it does not show.
    let exported: Vec<&str> = model
        .records
        .iter()
        .filter(|r| exported_object(model, r))
        .filter_map(|r| r.shown_by.as_deref())
        .collect();
    // A script that only reads and signs in (`Get-`, `Connect-`, `Disconnect-`), such as the
    // collector `hybridlint collect` writes, covers no step: it plans nothing.
    let reads_only = |c: &Command| {
        let n = c.name.to_ascii_lowercase();
        c.origin == Origin::Script
            && ["get-", "connect-", "disconnect-"]
                .iter()
                .any(|v| n.starts_with(v))
    };
    let names = || {
        model
            .commands
            .iter()
            .filter(|c| !reads_only(c))
            .map(|c| c.name.as_str())
            .chain(exported.iter().copied())
    };
    // What a transcript shows ran (or printed) is execution; a script is only a plan.
    let ran = |wanted: fn(&str) -> bool| {
        model
            .commands
            .iter()
            .any(|c| c.origin == Origin::Transcript && wanted(&c.name))
            || exported.iter().any(|n| wanted(n))
    };
    let printed_principal = model.records.iter().any(|r| {
        (r.field("AppPrincipalId").is_some() || r.field("AppId").is_some())
            && !shown_alone(model, r)
    });
    let on_premises = names().any(cmdlets::is_on_premises);
    // A near miss of the Lync id (one zero short) still says the evidence is about Lync.
    let lync_prefix = &wellknown::LYNC_APP_ID[..18];
    // The Lync principal only shown beside Exchange Server's objects (the collector reads both
    // principals on any server) says nothing about SfB being part of the evidence.
    let mentions_lync = model
        .commands
        .iter()
        .any(|c| c.text.to_ascii_lowercase().contains(lync_prefix))
        || !exchange_objects
            && model.records.iter().any(|r| {
                r.text("AppPrincipalId")
                    .or_else(|| r.text("AppId"))
                    .is_some_and(|a| a.to_ascii_lowercase().starts_with(lync_prefix))
            });
    Coverage {
        on_premises,
        tenant: names().any(cmdlets::is_tenant) || printed_principal,
        on_premises_executed: ran(cmdlets::is_on_premises),
        tenant_executed: ran(cmdlets::is_tenant) || printed_principal,
        lync: on_premises || mentions_lync,
    }
}

/// A record from an `Export-Clixml` file.
fn exported_object(model: &Model, record: &Record) -> bool {
    model.files.get(record.file).map(|f| f.kind) == Some(crate::model::EvidenceKind::Clixml)
}

/// A record read from a file of printed or exported objects alone (no transcript, no CLIXML):
/// it shows that object, and nothing about the steps it does not show.
fn shown_alone(model: &Model, record: &Record) -> bool {
    use crate::model::EvidenceKind;
    matches!(
        model.files.get(record.file).map(|f| f.kind),
        Some(EvidenceKind::PrintedOutput | EvidenceKind::CsvExport | EvidenceKind::JsonExport)
    )
}

/// The text of a value as bound: resolved when possible, else as written.
fn text(v: &Value) -> String {
    v.resolved.clone().unwrap_or_else(|| v.text.clone())
}

fn value_fact(cmd: &Command, parameter: &str) -> Option<Fact> {
    let arg = cmd.argument(parameter)?;
    let v = arg.value.as_ref()?;
    let mut f = bound_fact(v, FactSource::Command(cmd.index), cmd.outcome);
    // `-Url "https://…/" + $TenantId + "/…"` in command mode: PowerShell binds only the first part
    // and passes the rest as further arguments; `script/argument-split` reports that one cause.
    if !arg.split_off.is_empty() {
        f.unknown = Some(
            "the rest of the value is passed as separate arguments (script/argument-split)".into(),
        );
    }
    Some(f)
}

/// `-Identity x` or the first positional argument.
fn identity(cmd: &Command) -> Option<String> {
    identity_value(cmd).map(text)
}

fn identity_value(cmd: &Command) -> Option<&Value> {
    cmd.value("Identity").or_else(|| cmd.positional().next())
}

/// Why a command's identity is known only at run time, when it is.
fn identity_unknown(cmd: &Command) -> Option<String> {
    identity_value(cmd).and_then(why_unknown)
}

/// The on-premises facts a command's parameters give, by what the catalogue says it writes.
fn on_premises_command(cmd: &Command, entry: &cmdlets::Cmdlet, cfg: &mut Configuration) {
    for fact_kind in &entry.facts {
        on_premises_fact(*fact_kind, cmd, cfg);
    }
}

fn on_premises_fact(kind: FactKind, cmd: &Command, cfg: &mut Configuration) {
    match kind {
        FactKind::OAuthServer => {
            if let Some(identity) = identity(cmd) {
                cfg.oauth_servers.push(OAuthServer {
                    identity,
                    identity_unknown: identity_unknown(cmd),
                    metadata_url: value_fact(cmd, "MetadataUrl"),
                    server_type: value_fact(cmd, "Type"),
                    accept_security_identifier_information: value_fact(
                        cmd,
                        "AcceptSecurityIdentifierInformation",
                    ),
                    location: cmd.location.clone(),
                    source: FactSource::Command(cmd.index),
                    outcome: cmd.outcome,
                });
            }
        }
        FactKind::PartnerApplication => {
            if let Some(identity) = identity(cmd) {
                cfg.partner_applications.push(PartnerApplication {
                    identity,
                    identity_unknown: identity_unknown(cmd),
                    application_identifier: value_fact(cmd, "ApplicationIdentifier"),
                    trust_level: value_fact(cmd, "ApplicationTrustLevel"),
                    use_oauth_server: cmd.argument("UseOAuthServer").is_some_and(|a| {
                        a.value
                            .as_ref()
                            .is_none_or(|v| !v.text.eq_ignore_ascii_case("$false"))
                    }),
                    metadata_url: value_fact(cmd, "MetadataUrl"),
                    location: cmd.location.clone(),
                    source: FactSource::Command(cmd.index),
                    outcome: cmd.outcome,
                });
            }
        }
        FactKind::OAuthSettings => {
            for arg in &cmd.arguments {
                let (Some(p), Some(v)) = (&arg.parameter, &arg.value) else {
                    continue;
                };
                if let Some(name) = OAUTH_SETTINGS
                    .iter()
                    .find(|s| crate::model::parameter_matches(p, s))
                {
                    cfg.oauth_settings.push(OAuthSetting {
                        name: name.to_string(),
                        value: bound_fact(v, FactSource::Command(cmd.index), cmd.outcome),
                    });
                }
            }
        }
        FactKind::OAuthCertificate => {
            let oauth = cmd
                .resolved("Type")
                .is_some_and(|t| t.eq_ignore_ascii_case("OAuthTokenIssuer"));
            if let (true, Some(f)) = (oauth, value_fact(cmd, "Thumbprint")) {
                cfg.oauth_certificate_thumbprints.push(f);
            }
        }
        _ => {}
    }
}

/// Variables that hold a service principal: `$lyncSP = Get-MsolServicePrincipal -AppPrincipalId …`,
/// `$p = Get-MgServicePrincipal -Filter "AppId eq '…'"` → variable (lower-case) → app id.
fn principal_variables(model: &Model) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for cmd in &model.commands {
        let Some(var) = &cmd.assigned_to else {
            continue;
        };
        if cmdlets::shows(&cmd.name, FactKind::Principal)
            && let Some(Target::AppId(app)) = target_app_id(cmd, &HashMap::new())
        {
            map.insert(var.to_ascii_lowercase(), app);
        }
    }
    map
}

/// The application id a tenant command acts on.
/// The principal a tenant command acts on.
enum Target {
    /// Its application id, known from the evidence.
    AppId(String),
    /// Only run time knows it: the argument as written (`$ExchangeAppId`).
    OnlyRunTimeKnows(String),
}

fn target_app_id(cmd: &Command, vars: &HashMap<String, String>) -> Option<Target> {
    if let Some(v) = cmd.value("AppPrincipalId") {
        if let Some(app) = v.principal() {
            return Some(Target::AppId(app.to_string()));
        }
        return Some(match &v.resolved {
            Some(app) => Target::AppId(app.clone()),
            None => match v
                .variables()
                .first()
                .and_then(|var| vars.get(&var.to_ascii_lowercase()))
            {
                Some(app) => Target::AppId(app.clone()),
                None => Target::OnlyRunTimeKnows(v.text.clone()),
            },
        });
    }
    if let Some(filter) = cmd.value("Filter") {
        return app_id_in_filter(&text(filter))
            .or_else(|| app_id_in_filter(&filter.text))
            .map(Target::AppId)
            .or_else(|| Some(Target::OnlyRunTimeKnows(filter.text.clone())));
    }
    // `$sp | Set-MsolServicePrincipal -ServicePrincipalNames $sp.ServicePrincipalNames`: the
    // principal comes down the pipeline; the list names it as well.
    if cmd.value("ObjectId").is_none()
        && cmd.value("ServicePrincipalId").is_none()
        && let Some(app) = cmd
            .arguments
            .iter()
            .filter_map(|a| a.value.as_ref())
            .find_map(|v| v.list().and_then(|l| l.keeps_current_of.clone()))
    {
        return Some(Target::AppId(app));
    }
    // `$sp | Set-MsolServicePrincipal -AccountEnabled $true`: MSOnline and AzureAD bind the piped
    // principal's ObjectId by property name. Whether Graph's Update-MgServicePrincipal binds a
    // piped service principal is not documented (UNCONFIRMED): its target is then unknown.
    let explicit = ["ObjectId", "ServicePrincipalId", "Id", "InputObject"]
        .iter()
        .any(|p| cmd.argument(p).is_some());
    if !explicit && let Some(input) = cmd.input() {
        let lower = cmd.name.to_ascii_lowercase();
        let binds = lower.contains("msol") || lower.contains("azuread");
        return Some(match (cmd.input_principal(), binds) {
            (Some(app), true) => Target::AppId(app.to_string()),
            _ => Target::OnlyRunTimeKnows(input.to_string()),
        });
    }
    let mut written = None;
    for p in ["ObjectId", "ServicePrincipalId", "Id"] {
        let Some(v) = cmd.value(p) else { continue };
        // The evaluator followed `$sp.Id` back to the principal it was fetched for.
        if let Some(app) = v.principal() {
            return Some(Target::AppId(app.to_string()));
        }
        if let Some(var) = v.variables().first()
            && let Some(app) = vars.get(&var.to_ascii_lowercase())
        {
            return Some(Target::AppId(app.clone()));
        }
        written.get_or_insert_with(|| v.text.clone());
    }
    written.map(Target::OnlyRunTimeKnows)
}

/// What a tenant command would change on its principal, whichever principal that is.
fn principal_changes(cmd: &Command) -> Vec<PrincipalChange> {
    let Some(entry) = cmdlets::lookup(&cmd.name) else {
        return Vec::new();
    };
    let gives = |k: FactKind| entry.facts.contains(&k);
    // A credential from parameters (`-Value`), or key credentials when the command gives them.
    let writes_credential = entry
        .key_credentials
        .as_deref()
        .is_none_or(|p| cmd.argument(p).is_some());
    let mut changes = Vec::new();
    if gives(FactKind::Credential) && writes_credential {
        changes.push(PrincipalChange::Credential);
    }
    if gives(FactKind::Enabled) && cmd.argument("AccountEnabled").is_some() {
        changes.push(PrincipalChange::Enabled);
    }
    if gives(FactKind::SpnList) && cmd.argument("ServicePrincipalNames").is_some() {
        changes.push(PrincipalChange::SpnList);
    }
    changes
}

/// Where each principal sits in `cfg.service_principals`, by lower-case application id: an
/// export of every principal in a tenant (or a session of thousands of mistyped ids) brings
/// thousands, and a scan per fact made normalising quadratic.
type PrincipalSlots = HashMap<String, usize>;

fn principal<'a>(
    cfg: &'a mut Configuration,
    slots: &mut PrincipalSlots,
    app_id: &str,
    location: &Location,
) -> &'a mut ServicePrincipal {
    // Ids are stored in lower case: one conversion here, then plain comparisons.
    let app_id = app_id.to_ascii_lowercase();
    let idx = match slots.get(&app_id) {
        Some(&i) => i,
        None => {
            cfg.service_principals.push(ServicePrincipal {
                app_id: app_id.clone(),
                credentials: Vec::new(),
                spn_lists: Vec::new(),
                spn_additions: Vec::new(),
                enabled: Vec::new(),
                location: location.clone(),
            });
            let i = cfg.service_principals.len() - 1;
            slots.insert(app_id, i);
            i
        }
    };
    &mut cfg.service_principals[idx]
}

fn date_fact(cmd: &Command, parameter: &str) -> Option<Fact> {
    let mut f = value_fact(cmd, parameter)?;
    f.value = dates::normalise(f.value);
    Some(f)
}

fn tenant_command(
    cmd: &Command,
    entry: &cmdlets::Cmdlet,
    model: &Model,
    vars: &HashMap<String, String>,
    assignments: &AssignmentsByVariable,
    cfg: &mut Configuration,
    slots: &mut PrincipalSlots,
) {
    if entry.facts.contains(&FactKind::Connection) {
        cfg.connections.push(TenantConnection {
            cmdlet: cmd.name.to_string(),
            order: cmd.order,
            location: cmd.location.clone(),
            outcome: cmd.outcome,
        });
        return;
    }
    let app = match target_app_id(cmd, vars) {
        Some(Target::AppId(app)) => app,
        Some(Target::OnlyRunTimeKnows(written)) => {
            let changes = principal_changes(cmd);
            if !changes.is_empty() {
                cfg.unresolved_principal_steps
                    .push(UnresolvedPrincipalStep {
                        cmdlet: cmd.name.to_string(),
                        changes,
                        written,
                        location: cmd.location.clone(),
                        source: FactSource::Command(cmd.index),
                        outcome: cmd.outcome,
                    });
            }
            return;
        }
        None => return,
    };
    let src = FactSource::Command(cmd.index);
    // In the order the facts were always read: a credential from parameters, the enabled state,
    // the SPN list, then key credentials given as hashtables.
    let gives = |k: FactKind| entry.facts.contains(&k);
    if gives(FactKind::Credential) && entry.key_credentials.is_none() {
        let v = cmd.value("Value");
        let credential = Credential {
            cmdlet: cmd.name.to_string(),
            value: v.and_then(|v| v.resolved.clone()),
            value_text: v.map(|v| v.text.clone()),
            value_form: v.and_then(|v| v.form().map(str::to_string)),
            key_type: cmd.value("Type").map(text),
            usage: cmd.value("Usage").map(text),
            unknown_fields: [("type", "Type"), ("usage", "Usage")]
                .iter()
                .filter(|(_, p)| cmd.value(p).is_some_and(|v| v.resolved.is_none()))
                .map(|(f, _)| f.to_string())
                .collect(),
            start_date: date_fact(cmd, "StartDate"),
            end_date: date_fact(cmd, "EndDate"),
            certificate: None,
            location: cmd.location.clone(),
            source: src,
            outcome: cmd.outcome,
        };
        principal(cfg, slots, &app, &cmd.location)
            .credentials
            .push(credential);
    }
    if gives(FactKind::Enabled)
        && let Some(f) = value_fact(cmd, "AccountEnabled").or_else(|| {
            // `-AccountEnabled` alone is a switch form in Graph: true.
            cmd.argument("AccountEnabled")
                .map(|a| fact("$true".into(), a.location.clone(), src, cmd.outcome))
        })
    {
        principal(cfg, slots, &app, &cmd.location).add_enabled(f);
    }
    if gives(FactKind::SpnList)
        && let Some(arg) = cmd.argument("ServicePrincipalNames")
    {
        let list = spn_list_argument(cmd, arg.value.as_ref(), model, vars);
        principal(cfg, slots, &app, &cmd.location)
            .spn_lists
            .push(list);
    }
    // Key credentials given as hashtables (`-KeyCredentials @(@{…})`, `-KeyCredential @{…}`).
    if gives(FactKind::Credential)
        && let Some(v) = entry.key_credentials.as_deref().and_then(|p| cmd.value(p))
    {
        for credential in graph_key_credentials(cmd, v, model, assignments) {
            principal(cfg, slots, &app, &cmd.location)
                .credentials
                .push(credential);
        }
    }
}

/// `-ServicePrincipalNames $sp.ServicePrincipalNames` (the fetched list plus what was added to it),
/// or a literal list of strings.
fn spn_list_argument(
    cmd: &Command,
    v: Option<&Value>,
    model: &Model,
    vars: &HashMap<String, String>,
) -> SpnList {
    let mut list = SpnList {
        names: Vec::new(),
        truncated: false,
        literal: false,
        from_variable: None,
        written: true,
        unknown_contents: None,
        location: v
            .map(|v| v.location.clone())
            .unwrap_or_else(|| cmd.location.clone()),
        source: FactSource::Command(cmd.index),
        outcome: cmd.outcome,
    };
    let Some(v) = v else { return list };
    // The evaluator followed the list: the names known to be in it, and whether it keeps the
    // principal's current names or replaces them.
    if let Some(l) = v.list() {
        list.names = l.items.clone();
        list.literal = l.replaces;
        list.from_variable = v.variables().first().cloned();
        return list;
    }
    // A list the evaluator could not follow at all (`$spns` from an earlier session or a
    // parameter): its names are only known at run time.
    if v.resolved.is_none()
        && v.strings().is_empty()
        && let Some(why) = v.unknown()
    {
        list.unknown_contents = Some(why.to_string());
        list.from_variable = v.variables().first().cloned();
        return list;
    }
    match v.kind {
        crate::model::ValueKind::Variable => {
            let var = v.variables().first().cloned().unwrap_or_default();
            list.names = model
                .method_calls
                .iter()
                .filter(|m| {
                    m.variable.eq_ignore_ascii_case(&var)
                        && m.method.eq_ignore_ascii_case("Add")
                        && m.order < cmd.order
                })
                .filter_map(|m| m.arguments.first())
                .map(text)
                .collect();
            // A plain `$list` that is not a principal object (e.g. `$spns = @("a")`) is literal
            // when its assignment was a literal list.
            if !vars.contains_key(&var.to_ascii_lowercase())
                && let Some(a) = model
                    .assignments
                    .iter()
                    .rev()
                    .find(|a| a.variable.eq_ignore_ascii_case(&var) && a.order < cmd.order)
                && (!a.value.strings().is_empty() || a.value.resolved.is_some())
            {
                list.literal = true;
                list.names = if a.value.strings().is_empty() {
                    a.value.resolved.clone().into_iter().collect()
                } else {
                    a.value.strings().to_vec()
                };
            }
            list.from_variable = Some(var);
        }
        crate::model::ValueKind::Expression => {
            list.literal = v.variables().is_empty();
            list.names = v.strings().to_vec();
        }
        _ => {
            list.literal = true;
            list.names = vec![text(v)];
        }
    }
    list
}

/// The model's assignments by variable name (lower case), in the model's order: made on first
/// use, once per normalising (each `-KeyCredentials` command looked its variables up in every
/// assignment, commands times assignments).
#[derive(Default)]
struct AssignmentsByVariable {
    index: std::cell::OnceCell<HashMap<String, Vec<usize>>>,
}

impl AssignmentsByVariable {
    /// The assignments of `var` (any case), in the model's order.
    fn of<'m>(
        &self,
        model: &'m Model,
        var: &str,
    ) -> impl Iterator<Item = &'m crate::model::Assignment> {
        let index = self.index.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, a) in model.assignments.iter().enumerate() {
                index
                    .entry(a.variable.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
            index
        });
        index
            .get(&var.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|&i| model.assignments.get(i))
    }
}

/// Key credentials given to `Update-MgServicePrincipal -KeyCredentials`: hashtables written inline
/// or assigned to variables earlier.
fn graph_key_credentials(
    cmd: &Command,
    v: &Value,
    model: &Model,
    assignments: &AssignmentsByVariable,
) -> Vec<Credential> {
    let assignments_of = |var: &str| -> Vec<&crate::model::Assignment> {
        assignments
            .of(model, var)
            .filter(|a| a.order < cmd.order)
            .collect()
    };
    // Entry texts as written where the hashtable was built (an assignment of a variable the value
    // reads), for messages; the evaluator gives the values bound here.
    let written = |mut bound: Vec<crate::model::Entry>| {
        for e in &mut bound {
            let source = v
                .variables()
                .iter()
                .filter_map(|var| assignments_of(var).last().copied())
                .flat_map(|a| a.value.entries().iter())
                .find(|x| x.key.eq_ignore_ascii_case(&e.key));
            if let Some(src) = source {
                e.text = src.text.clone();
            }
        }
        bound
    };
    let mut entries = Vec::new();
    if !v.entries().is_empty() {
        entries.push(written(v.entries().to_vec()));
    } else if !v.item_entries().is_empty() {
        // A list the evaluator followed (`$keys += @{…}`): each new hashtable in it is a key.
        entries.extend(v.item_entries().iter().cloned().map(written));
    } else {
        for var in v.variables() {
            for a in assignments_of(var) {
                entries.push(a.value.entries().to_vec());
            }
        }
    }
    let creds: Vec<Credential> = entries
        .into_iter()
        .filter(|e| !e.is_empty())
        .map(|e| {
            let get = |k: &str| e.iter().find(|x| x.key.eq_ignore_ascii_case(k));
            let date = |k: &str| {
                get(k).map(|x| {
                    let raw = x.resolved.clone().unwrap_or_else(|| x.text.clone());
                    let mut f = fact(
                        dates::normalise(raw),
                        cmd.location.clone(),
                        FactSource::Command(cmd.index),
                        cmd.outcome,
                    );
                    f.form = x.form.clone();
                    if x.resolved.is_none() {
                        f.unknown = Some(format!("`{}` is computed when the script runs", x.text));
                    }
                    f
                })
            };
            Credential {
                cmdlet: cmd.name.to_string(),
                value: get("Key").and_then(|x| x.resolved.clone()),
                value_text: get("Key").map(|x| x.text.clone()),
                value_form: get("Key").and_then(|x| x.form.clone()),
                key_type: get("Type").map(|x| x.resolved.clone().unwrap_or_else(|| x.text.clone())),
                usage: get("Usage").map(|x| x.resolved.clone().unwrap_or_else(|| x.text.clone())),
                unknown_fields: [("type", "Type"), ("usage", "Usage")]
                    .iter()
                    .filter(|(_, k)| get(k).is_some_and(|x| x.resolved.is_none()))
                    .map(|(f, _)| f.to_string())
                    .collect(),
                start_date: date("StartDateTime"),
                end_date: date("EndDateTime"),
                certificate: None,
                location: cmd.location.clone(),
                source: FactSource::Command(cmd.index),
                outcome: cmd.outcome,
            }
        })
        .collect();
    if creds.is_empty() {
        // The list is built in a way we cannot follow; still, a credential was written.
        return vec![Credential {
            cmdlet: cmd.name.to_string(),
            value: None,
            value_text: Some(v.text.clone()),
            value_form: None,
            key_type: None,
            usage: None,
            unknown_fields: vec!["type".into(), "usage".into()],
            start_date: None,
            end_date: None,
            certificate: None,
            location: cmd.location.clone(),
            source: FactSource::Command(cmd.index),
            outcome: cmd.outcome,
        }];
    }
    creds
}

fn certificate_command(cmd: &Command, entry: &cmdlets::Cmdlet, cfg: &mut Configuration) {
    for kind in &entry.facts {
        certificate_fact(*kind, cmd, cfg);
    }
}

fn certificate_fact(kind: FactKind, cmd: &Command, cfg: &mut Configuration) {
    // The path as a fact, known or with why it is not, located at the command.
    let path_of = |c: &Command| {
        c.value("FilePath")
            .or_else(|| c.value("Path"))
            .or_else(|| c.value("LiteralPath"))
            .or_else(|| c.positional().next())
            .map(|v| Fact {
                location: c.location.clone(),
                ..bound_fact(v, FactSource::Command(c.index), c.outcome)
            })
    };
    match kind {
        // `certutil -encode in.der out.cer` converts an exported certificate to Base64: the output
        // file is as much an export as the input.
        FactKind::CertificateEncoding => {
            // `-encode` parses as a parameter taking the input as its value: flatten in order.
            let args: Vec<String> = cmd
                .arguments
                .iter()
                .flat_map(|a| {
                    a.parameter
                        .iter()
                        .map(|p| format!("-{p}"))
                        .chain(a.value.iter().map(text))
                })
                .collect();
            if let [verb, _input, output, ..] = args.as_slice()
                && (verb.eq_ignore_ascii_case("-encode") || verb.eq_ignore_ascii_case("-decode"))
            {
                cfg.certificate_exports.push(fact(
                    output.clone(),
                    cmd.location.clone(),
                    FactSource::Command(cmd.index),
                    cmd.outcome,
                ));
            }
        }
        FactKind::CertificateExport => {
            if let Some(p) = path_of(cmd) {
                cfg.certificate_exports.push(p);
            }
        }
        FactKind::CertificateTextRead => {
            if let Some(p) = path_of(cmd) {
                let lower = p.value.to_ascii_lowercase();
                if [".cer", ".crt", ".pem", ".der", ".p7b", ".pfx"]
                    .iter()
                    .any(|e| lower.ends_with(e))
                {
                    cfg.certificate_text_reads.push(p);
                }
            }
        }
        FactKind::CertificateImport => {
            let type_name = cmd
                .value("TypeName")
                .or_else(|| cmd.positional().next())
                .map(|v| v.text.to_ascii_lowercase())
                .unwrap_or_default();
            if type_name.contains("x509certificate") {
                let path = cmd
                    .value("ArgumentList")
                    .or_else(|| cmd.positional().nth(1))
                    .map(text);
                if let Some(p) = path {
                    cfg.certificate_imports.push(fact(
                        p,
                        cmd.location.clone(),
                        FactSource::Command(cmd.index),
                        cmd.outcome,
                    ));
                }
            }
        }
        _ => {}
    }
}

/// The cmdlet that printed or exported a record when no command in the evidence did: the one its
/// exported type names, else the one its properties identify.
fn shown_by(record: &Record) -> Option<&str> {
    record
        .shown_by
        .as_deref()
        .or_else(|| super::identify::cmdlet_from_properties(record.fields.iter().map(|f| &*f.name)))
}

/// Facts shown in printed output, by the fields they carry and the command that printed them.
fn record_facts(
    index: usize,
    record: &Record,
    model: &Model,
    principals_by_var: &HashMap<String, String>,
    cfg: &mut Configuration,
    slots: &mut PrincipalSlots,
) {
    let producer = record.command.map(|c| &model.commands[c]);
    let producer_name = producer
        .map(|c| c.name.as_str())
        .or_else(|| shown_by(record))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let src = FactSource::Record(index);
    let field_fact = |name: &str| {
        record
            .field(name)
            .map(|f| {
                fact(
                    f.value.as_text().into_owned(),
                    f.location.clone(),
                    src,
                    Outcome::Succeeded,
                )
            })
            .filter(|f| !f.value.is_empty())
    };
    // The producer's catalogue entry, looked up once: each kind of fact asks it.
    let entry = cmdlets::lookup(&producer_name);
    let shows = |kind: FactKind| entry.is_some_and(|c| c.shows.contains(&kind));
    // `Get-CsTenant` shows `TenantId`; Graph's organization object's id is the tenant id.
    let tenant_id = field_fact("TenantId")
        .or_else(|| field_fact("Id").filter(|f| crate::guid::is_guid(&f.value)));
    if shows(FactKind::TenantId)
        && let Some(f) = tenant_id
    {
        cfg.tenant_ids.push(f);
    } else if producer_name.is_empty()
        && let Some(f) = field_fact("TenantId")
    {
        cfg.tenant_ids.push(f);
    }
    if shows(FactKind::OAuthServer)
        && let Some(id) = record.text("Identity")
    {
        cfg.oauth_servers.push(OAuthServer {
            identity: id,
            identity_unknown: None,
            metadata_url: field_fact("MetadataUrl"),
            server_type: field_fact("Type"),
            accept_security_identifier_information: field_fact(
                "AcceptSecurityIdentifierInformation",
            ),
            location: record.location.clone(),
            source: src,
            outcome: Outcome::Succeeded,
        });
    }
    if shows(FactKind::PartnerApplication)
        && let Some(id) = record.text("Identity")
    {
        let auth = record.text("AuthToken").unwrap_or_default();
        cfg.partner_applications.push(PartnerApplication {
            identity: id,
            identity_unknown: None,
            application_identifier: field_fact("ApplicationIdentifier"),
            trust_level: field_fact("ApplicationTrustLevel"),
            use_oauth_server: auth.eq_ignore_ascii_case("UseOAuthServer"),
            metadata_url: field_fact("MetadataUrl")
                .or_else(|| field_fact("AuthToken").filter(|f| f.value.starts_with("http"))),
            location: record.location.clone(),
            source: src,
            outcome: Outcome::Succeeded,
        });
    }
    if shows(FactKind::OAuthSettings) {
        for name in OAUTH_SETTINGS {
            if let Some(value) = field_fact(name) {
                cfg.oauth_settings.push(OAuthSetting {
                    name: name.to_string(),
                    value,
                });
            }
        }
    }
    // With a producer, `producer_name` is its name (looked up in any case).
    let is_oauth_cert = producer.is_some_and(|c| {
        shows(FactKind::OAuthCertificate)
            && c.resolved("Type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("oauthtokenissuer"))
    }) || record
        .text("Use")
        .is_some_and(|u| u.eq_ignore_ascii_case("OAuthTokenIssuer"));
    if is_oauth_cert && let Some(f) = field_fact("Thumbprint") {
        cfg.oauth_certificate_thumbprints.push(f);
    }
    if let Some(f) = field_fact("ExternalFqdn") {
        cfg.web_fqdns.push(f);
    }
    // Service principals: the app id comes from the record or from the command that printed it.
    let app = record
        .text("AppPrincipalId")
        .or_else(|| record.text("AppId"))
        .or_else(|| {
            producer.and_then(|c| match target_app_id(c, principals_by_var) {
                Some(Target::AppId(app)) => Some(app),
                _ => None,
            })
        });
    let Some(app) = app.filter(|a| !a.is_empty()) else {
        return;
    };
    let tenant_output =
        cmdlets::is_tenant(&producer_name) || record.field("AppPrincipalId").is_some();
    if !tenant_output {
        return;
    }
    if let Some(f) = field_fact("AccountEnabled") {
        principal(cfg, slots, &app, &record.location).add_enabled(f);
    }
    if let Some(field) = record.field("ServicePrincipalNames") {
        let (names, truncated) = match &field.value {
            crate::model::FieldValue::List { items, truncated } => (items.to_vec(), *truncated),
            crate::model::FieldValue::Scalar { text } => (
                if text.is_empty() {
                    vec![]
                } else {
                    vec![text.clone()]
                },
                false,
            ),
        };
        principal(cfg, slots, &app, &record.location)
            .spn_lists
            .push(SpnList {
                names,
                truncated,
                literal: false,
                from_variable: None,
                written: false,
                unknown_contents: None,
                location: field.location.clone(),
                source: src,
                outcome: Outcome::Succeeded,
            });
    }
    // A printed key credential (`Get-MsolServicePrincipalCredential`, or Graph `KeyCredentials`).
    if record.field("Type").is_some() && record.field("Usage").is_some() {
        let date = |name: &str| {
            field_fact(name).map(|mut f| {
                f.value = dates::normalise(f.value);
                f
            })
        };
        let printed = record.field("Value").or_else(|| record.field("Key"));
        let (value, value_text) = match printed.map(|f| &f.value) {
            Some(v) => match byte_array::read(v) {
                // Graph prints `Key` as the bytes themselves: their Base64 is the value, and a
                // list cut short by the enumeration limit leaves it unknown (never wrong).
                Some(byte_array::Printed::Whole(bytes)) => (
                    Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                    Some(v.as_text().into_owned()),
                ),
                Some(byte_array::Printed::Cut) => (None, Some(v.as_text().into_owned())),
                None => {
                    let text = Some(v.as_text().into_owned()).filter(|t| !t.is_empty());
                    (text.clone(), text)
                }
            },
            None => (None, None),
        };
        let credential = Credential {
            cmdlet: producer
                .map(|c| c.name.to_string())
                .or_else(|| shown_by(record).map(str::to_string))
                .unwrap_or_default(),
            unknown_fields: Vec::new(),
            value_text,
            value_form: None,
            value,
            key_type: record.text("Type"),
            usage: record.text("Usage"),
            start_date: date("StartDate").or_else(|| date("StartDateTime")),
            end_date: date("EndDate").or_else(|| date("EndDateTime")),
            certificate: None,
            location: record.location.clone(),
            source: src,
            outcome: Outcome::Succeeded,
        };
        principal(cfg, slots, &app, &record.location)
            .credentials
            .push(credential);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        assert_eq!(
            app_id_in_filter("AppId eq '00000004-0000-0ff1-ce00-000000000000'").as_deref(),
            Some("00000004-0000-0ff1-ce00-000000000000")
        );
        assert!(crate::guid::is_guid("a1b2c3d4-0000-1111-2222-333344445555"));
        assert!(!crate::guid::is_guid("00000004-0000-0ff1-ce00-00000000000"));
    }
}
