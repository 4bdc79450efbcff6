//! Applies, then checks (zlint's split): before a check judges, it says whether the evidence at
//! hand gives it anything to judge (its side of the procedure covered, its facts present). A check
//! that does not apply is recorded as not applicable with the reason, never as passed: passing
//! means the check looked at evidence and found it right.
//!
//! A built-in check says so with a `pub(crate) fn applies` beside its `check` (listed with
//! `[applies]` in the `builtins!` table); the predicates below are the facts checks share. A check
//! without one applies whenever its rule runs.

use crate::model::{EvidenceKind, Model, Outcome};

use super::data_check::Scope;

/// Whether a check has evidence to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applies {
    Yes,
    /// Not applicable, and why (`the evidence holds no certificate`).
    No(String),
}

impl Applies {
    /// `Yes` when `holds`, else `No` with the reason.
    pub fn when(holds: bool, reason: impl FnOnce() -> String) -> Applies {
        if holds {
            Applies::Yes
        } else {
            Applies::No(reason())
        }
    }

    /// This, and then `other` (the first reason that fails is the one given).
    pub fn and(self, other: impl FnOnce() -> Applies) -> Applies {
        match self {
            Applies::Yes => other(),
            no => no,
        }
    }

    pub fn is_yes(&self) -> bool {
        *self == Applies::Yes
    }
}

/// Some decoded certificate is in the evidence.
pub fn certificates(model: &Model) -> Applies {
    Applies::when(!model.certificates.is_empty(), || {
        "the evidence holds no certificate".to_string()
    })
}

/// Some certificate or key material is in the evidence (decoded or not).
pub fn certificate_files(model: &Model) -> Applies {
    let any = !model.certificates.is_empty()
        || !model.not_certificates.is_empty()
        || !model.private_keys.is_empty()
        || model
            .files
            .iter()
            .any(|f| matches!(f.kind, EvidenceKind::Certificate | EvidenceKind::PrivateKey));
    Applies::when(any, || {
        "the evidence holds no certificate or key file".to_string()
    })
}

/// The evidence covers `scope`'s half of the procedure (see `data_check::scope_anchor`).
pub fn scope(model: &Model, scope: Scope) -> Applies {
    let cov = model.configuration.coverage;
    let (covered, what) = match scope {
        Scope::Always => (true, ""),
        Scope::OnPremises => (cov.on_premises, "the on-premises OAuth commands"),
        Scope::Tenant => (cov.tenant, "the tenant's service-principal commands"),
        Scope::Procedure => (
            cov.on_premises || cov.tenant,
            "the commands of either half of the procedure",
        ),
    };
    Applies::when(covered, || format!("the evidence shows none of {what}"))
}

/// The evidence is about the Skype for Business (Lync) side, whose steps these checks demand.
pub fn lync(model: &Model) -> Applies {
    Applies::when(model.configuration.coverage.lync, || {
        "the evidence is not about the Skype for Business (Lync) side".to_string()
    })
}

/// Some command of the evidence has a known outcome: a transcript or saved output shows what
/// ran. (A script is a plan: nothing in it failed yet.)
pub fn executed(model: &Model) -> Applies {
    let shown =
        !model.errors.is_empty() || model.commands.iter().any(|c| c.outcome != Outcome::Unknown);
    Applies::when(shown, || {
        "the evidence shows no command's outcome (no transcript or saved output)".to_string()
    })
}

/// Some DNS lookup was probed (or replayed from a recording).
pub fn dns_probes(model: &Model) -> Applies {
    Applies::when(!model.probes.dns.is_empty(), || {
        "no DNS lookup was probed".to_string()
    })
}

/// Some HTTPS endpoint was probed (or replayed from a recording).
pub fn endpoint_probes(model: &Model) -> Applies {
    Applies::when(!model.probes.endpoints.is_empty(), || {
        "no HTTPS endpoint was probed".to_string()
    })
}

/// Some PowerShell command is in the evidence.
pub fn commands(model: &Model) -> Applies {
    Applies::when(!model.commands.is_empty(), || {
        "the evidence holds no PowerShell command".to_string()
    })
}

/// Some value is written in the evidence (a command's argument, a method call's, an assignment).
pub fn written_values(model: &Model) -> Applies {
    Applies::when(model.written_values_in_context().next().is_some(), || {
        "the evidence writes no value (no command argument, method call or assignment)".to_string()
    })
}

/// Some script is in the evidence.
pub fn scripts(model: &Model) -> Applies {
    Applies::when(
        model.files.iter().any(|f| f.kind == EvidenceKind::Script),
        || "the evidence holds no script".to_string(),
    )
}

/// Some service principal credential is in the evidence (uploaded or shown).
pub fn credentials(model: &Model) -> Applies {
    let any = model
        .configuration
        .service_principals
        .iter()
        .any(|sp| !sp.credentials.is_empty());
    Applies::when(any, || {
        "the evidence uploads or shows no service principal credential".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_that_fails_is_given() {
        let no = |why: &str| Applies::No(why.to_string());
        assert_eq!(Applies::Yes.and(|| no("b")), no("b"));
        assert_eq!(no("a").and(|| no("b")), no("a"));
        assert!(Applies::when(true, String::new).is_yes());
    }

    #[test]
    fn an_empty_model_gives_these_checks_nothing_to_judge() {
        let model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        for a in [
            certificates(&model),
            certificate_files(&model),
            scope(&model, Scope::Tenant),
            lync(&model),
            executed(&model),
            dns_probes(&model),
            endpoint_probes(&model),
            commands(&model),
            written_values(&model),
            scripts(&model),
            credentials(&model),
        ] {
            assert!(
                matches!(a, Applies::No(ref why) if !why.is_empty()),
                "{a:?}"
            );
        }
        assert!(scope(&model, Scope::Always).is_yes());
    }
}
