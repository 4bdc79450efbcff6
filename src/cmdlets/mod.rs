//! The cmdlet catalogue: what each cmdlet of the procedure means (its module, half, step, what
//! its failure means, its equivalents, its switches, the facts it gives), read from
//! `cmdlets/<module>.toml`, embedded at build time. Loaders, the normaliser, the checklist and the
//! rules ask it instead of keeping their own lists of names.

mod spec;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub use spec::{Cmdlet, FactKind, Half, Module, ModuleSpec, ParameterStep};

use crate::model::{CmdletGeneration, Command};
use crate::steps::CommandStep;

/// The catalogue files, in the order they are read.
const FILES: &[(&str, &str)] = &[
    (
        "cmdlets/skype-for-business-server.toml",
        include_str!("../../cmdlets/skype-for-business-server.toml"),
    ),
    (
        "cmdlets/exchange-server.toml",
        include_str!("../../cmdlets/exchange-server.toml"),
    ),
    (
        "cmdlets/microsoft-teams.toml",
        include_str!("../../cmdlets/microsoft-teams.toml"),
    ),
    (
        "cmdlets/graph.toml",
        include_str!("../../cmdlets/graph.toml"),
    ),
    (
        "cmdlets/msonline.toml",
        include_str!("../../cmdlets/msonline.toml"),
    ),
    (
        "cmdlets/azuread.toml",
        include_str!("../../cmdlets/azuread.toml"),
    ),
    (
        "cmdlets/powershell.toml",
        include_str!("../../cmdlets/powershell.toml"),
    ),
];

/// The loaded catalogue, indexed by lower-case name and alias.
#[derive(Debug)]
pub struct Catalogue {
    modules: Vec<ModuleSpec>,
    cmdlets: Vec<Cmdlet>,
    /// Looked up for every command by every rule that asks what a command is: a fast hash
    /// (the keys are the catalogue's own names, so flooding is no concern).
    /// Keyed by the bytes of [`key`].
    by_name: HashMap<Vec<u8>, usize, foldhash::fast::FixedState>,
    /// Lower case. Asked for every parameter of every command read.
    switches: HashSet<String, foldhash::fast::FixedState>,
}

/// The built-in catalogue. Its files are part of the build and `tests/cmdlet_catalogue.rs`
/// checks them, so one that does not parse is a bug in this build, not bad input.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogue::parse(FILES).unwrap_or_else(|e| panic!("built-in cmdlet catalogue: {e}"))
    })
}

/// The key a cmdlet is found by: lower case, without a module qualifier or path
/// (`Microsoft.Graph.Applications\Update-MgServicePrincipal`, `.\Configure-….ps1`) and without
/// `.ps1` or `.exe`.
fn key(name: &str) -> String {
    let mut buffer = vec![0; name.len()];
    key_in(name, &mut buffer)
        .map(str::to_string)
        .unwrap_or_default()
}

/// [`key`] written into `buffer`; `None` when the name does not fit. Every command is looked up
/// many times, so [`Catalogue::cmdlet`] builds the key of a name of usual length on the stack.
fn key_in<'b>(name: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    // Lower-casing ASCII letters keeps UTF-8 valid, and `.ps1`/`.exe` end at a boundary.
    std::str::from_utf8(key_bytes_in(name, buffer)?).ok()
}

/// [`key_in`]'s bytes, not checked again as UTF-8: the catalogue's index is keyed by bytes, so a
/// lookup needs no check.
fn key_bytes_in<'b>(name: &str, buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    // A vectorised byte search: `rsplit` with a set of characters walks the name character by
    // character (and `rposition` byte by byte), and this runs for every command the rules and the
    // normaliser look up.
    let start = memchr::memrchr2(b'\\', b'/', name.as_bytes()).map_or(0, |i| i + 1);
    let last = &name[start..];
    let bytes = last.as_bytes();
    let written = buffer.get_mut(..bytes.len())?;
    for (to, from) in written.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    let mut len = bytes.len();
    if written.ends_with(b".ps1") || written.ends_with(b".exe") {
        len -= 4;
    }
    buffer.get(..len)
}

/// Whether the lower-case `noun` starts with `prefix` in any case (as comparing with the prefix
/// lower-cased would, without making the lower-cased copy).
fn starts_with_ignoring_case(noun: &str, prefix: &str) -> bool {
    noun.len() >= prefix.len()
        && noun.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        && noun.is_char_boundary(prefix.len())
}

/// The noun of `Verb-Noun`, lower case.
fn noun(key: &str) -> Option<&str> {
    key.split_once('-').map(|(_, n)| n)
}

impl Catalogue {
    /// Parses and indexes catalogue files: `(origin, text)`.
    pub fn parse(files: &[(&str, &str)]) -> Result<Catalogue, String> {
        let mut modules = Vec::new();
        let mut cmdlets = Vec::new();
        for (origin, text) in files {
            let file: spec::CatalogueFile =
                toml::from_str(text).map_err(|e| format!("{origin}: {e}"))?;
            for mut c in file.cmdlet {
                c.module = file.module.id;
                cmdlets.push(c);
            }
            modules.push(file.module);
        }
        let mut by_name = HashMap::with_hasher(foldhash::fast::FixedState::default());
        for (i, c) in cmdlets.iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                if by_name.insert(key(name).into_bytes(), i).is_some() {
                    return Err(format!("cmdlet `{name}` is listed twice"));
                }
            }
        }
        let switches = modules
            .iter()
            .flat_map(|m| &m.switches)
            .chain(cmdlets.iter().flat_map(|c| &c.switches))
            .map(|s| s.to_ascii_lowercase())
            .collect();
        Ok(Catalogue {
            modules,
            cmdlets,
            by_name,
            switches,
        })
    }

    pub fn cmdlets(&self) -> &[Cmdlet] {
        &self.cmdlets
    }

    pub fn modules(&self) -> &[ModuleSpec] {
        &self.modules
    }

    /// The entry for a cmdlet, by name or alias, case-insensitively.
    pub fn cmdlet(&self, name: &str) -> Option<&Cmdlet> {
        // Looked up for every command by rules, the normaliser and the checklist: a name of
        // usual length is keyed on the stack, not allocated.
        let mut buffer = [0u8; 64];
        let index = match key_bytes_in(name, &mut buffer) {
            Some(k) => self.by_name.get(k),
            None => self.by_name.get(key(name).as_bytes()),
        };
        index.map(|&i| &self.cmdlets[i])
    }

    pub fn module(&self, id: Module) -> Option<&ModuleSpec> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// The module a cmdlet comes from: its entry's, else the module whose noun prefix its noun
    /// starts with (`Get-MsolUser` is MSOnline's).
    pub fn module_of(&self, name: &str) -> Option<&ModuleSpec> {
        if let Some(c) = self.cmdlet(name) {
            return self.module(c.module);
        }
        let k = key(name);
        let noun = noun(&k)?;
        self.modules
            .iter()
            .filter(|m| {
                m.noun_prefix
                    .as_ref()
                    .is_some_and(|p| starts_with_ignoring_case(noun, p))
            })
            .max_by_key(|m| m.noun_prefix.as_ref().map_or(0, String::len))
    }

    /// Which half of the procedure a cmdlet belongs to: its entry's, else the tenant half when its
    /// noun is one of its module's service-principal nouns.
    pub fn half(&self, name: &str) -> Option<Half> {
        if let Some(h) = self.cmdlet(name).and_then(|c| c.half) {
            return Some(h);
        }
        // Asked for every command: an uncatalogued name's key is built on the stack.
        let mut buffer = [0u8; 64];
        let allocated;
        let k = match key_in(name, &mut buffer) {
            Some(k) => k,
            None => {
                allocated = key(name);
                allocated.as_str()
            }
        };
        let noun = noun(k)?;
        self.modules
            .iter()
            .flat_map(|m| &m.tenant_nouns)
            .any(|t| starts_with_ignoring_case(noun, t))
            .then_some(Half::Tenant)
    }

    /// Whether a parameter is a switch of some catalogued cmdlet (or one many share): it never
    /// takes the following word as its value. Judged by name alone, because the reader binds
    /// arguments before it knows which module a command comes from.
    pub fn is_switch(&self, parameter: &str) -> bool {
        // A parameter name of usual length is lower-cased on the stack, not allocated.
        let mut buffer = [0u8; 64];
        match buffer.get_mut(..parameter.len()) {
            Some(lower) => {
                lower.copy_from_slice(parameter.as_bytes());
                lower.make_ascii_lowercase();
                // Lower-casing ASCII letters keeps UTF-8 valid.
                std::str::from_utf8(lower).is_ok_and(|l| self.switches.contains(l))
            }
            None => self.switches.contains(&parameter.to_ascii_lowercase()),
        }
    }

    /// What a command does in the procedure: its cmdlet's step, or the step of the first listed
    /// parameter it binds or names (a splatted hashtable names it in the text).
    pub fn step(&self, name: &str, command: Option<&Command>, text: &str) -> Option<&CommandStep> {
        let c = self.cmdlet(name)?;
        if let Some(step) = &c.step {
            return Some(step);
        }
        let lower = text.to_ascii_lowercase();
        c.step_by_parameter
            .iter()
            .find(|p| {
                command.is_some_and(|cmd| cmd.argument(&p.parameter).is_some())
                    || lower.contains(&p.parameter.to_ascii_lowercase())
            })
            .map(|p| &p.step)
    }
}

/// The entry for a cmdlet in the built-in catalogue.
pub fn lookup(name: &str) -> Option<&'static Cmdlet> {
    catalogue().cmdlet(name)
}

/// A cmdlet of the on-premises half (`*-CsOAuthServer`, `*-CsPartnerApplication`, …).
pub fn is_on_premises(name: &str) -> bool {
    catalogue().half(name) == Some(Half::OnPremises)
}

/// A cmdlet of the tenant half (connecting, and the service-principal cmdlets of each module).
pub fn is_tenant(name: &str) -> bool {
    catalogue().half(name) == Some(Half::Tenant)
}

/// A cmdlet of a retired module (MSOnline, AzureAD).
pub fn is_retired(name: &str) -> bool {
    catalogue().module_of(name).is_some_and(|m| m.retired)
}

/// The tenant-cmdlet generation a cmdlet belongs to, if it is one.
pub fn tenant_generation(name: &str) -> Option<CmdletGeneration> {
    catalogue()
        .module_of(name)
        .and_then(|m| m.id.tenant_generation())
}

/// The cmdlet a tenant cmdlet needs to have connected first (`Connect-MgGraph` for Graph).
pub fn connect_for(name: &str) -> Option<&'static str> {
    catalogue()
        .module_of(name)
        .and_then(|m| m.connect.as_deref())
}

/// Whether the parameter is a switch (see [`Catalogue::is_switch`]).
pub fn is_switch(parameter: &str) -> bool {
    catalogue().is_switch(parameter)
}

/// What a command does in the procedure (see [`Catalogue::step`]).
pub fn step_of(command: &Command) -> Option<&'static CommandStep> {
    catalogue().step(&command.name, Some(command), &command.text)
}

/// Whether a cmdlet's entry lists this fact among those its parameters give.
pub fn gives(name: &str, fact: FactKind) -> bool {
    lookup(name).is_some_and(|c| c.facts.contains(&fact))
}

/// Whether a cmdlet's entry lists this fact among those its output shows.
pub fn shows(name: &str, fact: FactKind) -> bool {
    lookup(name).is_some_and(|c| c.shows.contains(&fact))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_on_the_stack_and_allocated_are_the_same_key() {
        let long = format!("Get-{}", "X".repeat(80));
        let long_key = long.to_ascii_lowercase();
        for (name, expected) in [
            ("Update-MgServicePrincipal", "update-mgserviceprincipal"),
            (
                r"Microsoft.Graph.Applications\Update-MgServicePrincipal",
                "update-mgserviceprincipal",
            ),
            (
                r".\Configure-EnterprisePartnerApplication.PS1",
                "configure-enterprisepartnerapplication",
            ),
            ("C:/tools/certutil.EXE", "certutil"),
            ("Ünïcode-Naме", "Ünïcode-naме"),
            (".ps1", ""),
            ("", ""),
            (&long, &long_key),
        ] {
            assert_eq!(key(name), expected, "{name}");
            let mut buffer = [0u8; 64];
            match key_in(name, &mut buffer) {
                Some(k) => assert_eq!(k, expected, "{name}"),
                None => assert!(name.len() > 64, "{name}"),
            }
        }
    }

    #[test]
    fn switches_are_found_whatever_their_case_or_length() {
        let c = catalogue();
        for name in ["NoWelcome", "nowelcome", "NOWELCOME", "RefreshAuthMetadata"] {
            assert!(c.is_switch(name), "{name}");
        }
        // Not switches: a value-taking parameter, a switch's prefix, a name past the stack
        // buffer, and non-ASCII names that fill it exactly and that pass it by one byte.
        let long = "N".repeat(80);
        let fills = format!("{}é", "N".repeat(62));
        let passes = format!("{}é", "N".repeat(63));
        for name in ["AppId", "NoWelc", "", &long, &fills, &passes] {
            assert!(!c.is_switch(name), "{name}");
        }
    }

    #[test]
    fn names_are_found_whatever_their_case_qualifier_or_extension() {
        let c = catalogue();
        assert!(c.cmdlet("update-mgserviceprincipal").is_some());
        assert!(
            c.cmdlet(r"Microsoft.Graph.Applications\Update-MgServicePrincipal")
                .is_some()
        );
        assert!(
            c.cmdlet(r".\Configure-EnterprisePartnerApplication.ps1")
                .is_some()
        );
        assert!(c.cmdlet("certutil.exe").is_some());
        assert_eq!(c.cmdlet("gc").map(|c| c.name.as_str()), Some("Get-Content"));
        assert!(c.cmdlet("Get-Nothing").is_none());
    }

    #[test]
    fn modules_and_halves_of_unlisted_cmdlets_come_from_their_nouns() {
        assert!(is_retired("Get-MsolUser"));
        assert!(is_retired("Get-AzureADUser"));
        assert!(!is_retired("Get-MgUser"));
        assert!(is_tenant("Remove-MgServicePrincipalKey"));
        assert!(!is_tenant("Update-MgBetaServicePrincipal"));
        assert!(!is_tenant("Get-MgOrganization"));
        assert!(is_on_premises("Get-CsOAuthServer"));
        assert!(!is_on_premises("Get-CsTenant"));
        assert!(!is_on_premises("Export-Csv"));
        assert_eq!(
            tenant_generation("Set-MsolServicePrincipal"),
            Some(CmdletGeneration::MsOnline)
        );
        assert_eq!(
            connect_for("Get-AzureADServicePrincipal"),
            Some("Connect-AzureAD")
        );
    }

    #[test]
    fn a_step_can_depend_on_the_parameter_a_command_names() {
        let c = catalogue();
        let step = |name: &str, text: &str| c.step(name, None, text).map(CommandStep::as_str);
        assert_eq!(
            step(
                "Update-MgServicePrincipal",
                "Update-MgServicePrincipal -ServicePrincipalId $i -AccountEnabled:$true"
            ),
            Some("exchange-principal-enabled")
        );
        assert_eq!(
            step(
                "Update-MgServicePrincipal",
                "Update-MgServicePrincipal -ServicePrincipalId $i -KeyCredentials $k"
            ),
            Some("credential")
        );
        assert_eq!(
            step(
                "Update-MgServicePrincipal",
                "Update-MgServicePrincipal -ServicePrincipalId $i"
            ),
            None
        );
        assert_eq!(
            step("New-CsOAuthServer", "New-CsOAuthServer microsoft.sts"),
            Some("oauth-server")
        );
    }

    #[test]
    fn a_file_with_an_unknown_field_or_a_name_twice_is_refused() {
        let header = "[module]\nid = \"graph\"\nname = \"x\"\n";
        let unknown = format!("{header}[[cmdlet]]\nname = \"A-B\"\nsetp = \"spn\"\n");
        assert!(Catalogue::parse(&[("t", &unknown)]).is_err());
        let twice = format!("{header}[[cmdlet]]\nname = \"A-B\"\n[[cmdlet]]\nname = \"a-b\"\n");
        assert!(Catalogue::parse(&[("t", &twice)]).is_err());
        let bad_step = format!("{header}[[cmdlet]]\nname = \"A-B\"\nstep = \"Upload Step\"\n");
        assert!(Catalogue::parse(&[("t", &bad_step)]).is_err());
    }
}
