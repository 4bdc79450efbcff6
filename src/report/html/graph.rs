//! The trust chain as a graph, derived from the checklist alone: which parties trust which
//! (nodes), and each trust relation (link) with the state of the procedure's steps that establish
//! it. Pure: no evidence, no layout; the diagram draws what this says.
//!
//! A link's state is the worst state of its steps (failed > missing > unknown > done); a link
//! whose steps are all absent from the checklist is unknown.

use crate::checklist::{Checklist, Step, StepStatus};

/// A party in the trust chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeId {
    Pool,
    Certificate,
    Acs,
    LyncPrincipal,
    ExchangePrincipal,
    ExchangeOnline,
    Dns,
    Endpoints,
}

impl NodeId {
    /// The id in the HTML (`data-node`) and in link ids.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeId::Pool => "pool",
            NodeId::Certificate => "certificate",
            NodeId::Acs => "acs",
            NodeId::LyncPrincipal => "lync-principal",
            NodeId::ExchangePrincipal => "exchange-principal",
            NodeId::ExchangeOnline => "exchange-online",
            NodeId::Dns => "dns",
            NodeId::Endpoints => "endpoints",
        }
    }

    /// The visible name.
    pub fn label(self) -> &'static str {
        match self {
            NodeId::Pool => "Lync / SfB pool",
            NodeId::Certificate => "OAuth certificate",
            NodeId::Acs => "ACS / Entra ID",
            NodeId::LyncPrincipal => "Lync principal",
            NodeId::ExchangePrincipal => "Exchange principal",
            NodeId::ExchangeOnline => "Exchange Online",
            NodeId::Dns => "Public DNS",
            NodeId::Endpoints => "Metadata endpoints",
        }
    }

    /// A second line under the name: what the party is.
    pub fn role(self) -> &'static str {
        match self {
            NodeId::Pool => "on-premises front end",
            NodeId::Certificate => "signs the pool's tokens",
            NodeId::Acs => "microsoft.sts, issues tokens",
            NodeId::LyncPrincipal => "00000004-…: credentials, SPNs",
            NodeId::ExchangePrincipal => "00000002-…: credential, enabled",
            NodeId::ExchangeOnline => "OWA, EWS: calls the pool",
            NodeId::Dns => "SRV, A and CNAME",
            NodeId::Endpoints => "HTTPS /metadata/json/1",
        }
    }
}

/// A party, with what the checklist says about it (the pool's FQDNs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub detail: Option<String>,
}

/// One trust relation and the steps that establish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub from: NodeId,
    pub to: NodeId,
    /// A party the relation passes through (the SPN on the Lync principal).
    pub via: Option<NodeId>,
    /// What the relation is, in a few words.
    pub name: &'static str,
    pub state: StepStatus,
    /// The checklist's steps for this link, in checklist order.
    pub steps: Vec<Step>,
}

impl Link {
    /// `<from>-<to>` (`data-link`).
    pub fn id(&self) -> String {
        format!("{}-{}", self.from.as_str(), self.to.as_str())
    }

    /// The steps that break the link (not done), worst first, then in checklist order.
    pub fn breaking(&self) -> Vec<&Step> {
        let mut out: Vec<&Step> = self
            .steps
            .iter()
            .filter(|s| s.status != StepStatus::Done)
            .collect();
        out.sort_by_key(|s| std::cmp::Reverse(s.status.badness()));
        out
    }

    /// The rules whose findings break the link, worst step first, without repeats.
    pub fn rules(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for rule in self.breaking().iter().flat_map(|s| s.rules.iter()) {
            if !out.contains(&rule.as_str()) {
                out.push(rule);
            }
        }
        out
    }

    /// The one line that says why the link is in its state: the worst step's detail (for a
    /// done link, the first step's evidence).
    pub fn message(&self) -> Option<&str> {
        self.breaking()
            .first()
            .copied()
            .or(self.steps.first())
            .map(|s| s.detail.as_str())
            .filter(|d| !d.is_empty())
    }
}

/// The whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustGraph {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
}

impl TrustGraph {
    pub fn has(&self, id: NodeId) -> bool {
        self.nodes.iter().any(|n| n.id == id)
    }

    pub fn link(&self, from: NodeId, to: NodeId) -> Option<&Link> {
        self.links.iter().find(|l| l.from == from && l.to == to)
    }
}

/// The worst of `states`; unknown when there are none.
pub fn worst(states: impl IntoIterator<Item = StepStatus>) -> StepStatus {
    states
        .into_iter()
        .max_by_key(|s| s.badness())
        .unwrap_or(StepStatus::Unknown)
}

/// Which checklist steps a link is made of: exact ids, or `spn:*` for every SPN step.
fn belongs(step: &str, wanted: &[&str]) -> bool {
    wanted.iter().any(|w| match w.strip_suffix('*') {
        Some(prefix) => step.starts_with(prefix),
        None => step == *w,
    })
}

/// One link the chain can have, and the checklist steps it is made of.
struct LinkSpec {
    from: NodeId,
    to: NodeId,
    via: Option<NodeId>,
    name: &'static str,
    steps: &'static [&'static str],
}

const fn spec(
    from: NodeId,
    to: NodeId,
    name: &'static str,
    steps: &'static [&'static str],
) -> LinkSpec {
    LinkSpec {
        from,
        to,
        via: None,
        name,
        steps,
    }
}

/// Every link the chain can have, in drawing order. Probe links come last.
const LINKS: &[LinkSpec] = {
    use NodeId::*;
    &[
        spec(Pool, Certificate, "export", &["export-certificate"]),
        spec(
            Certificate,
            LyncPrincipal,
            "credential",
            &["lync-credential"],
        ),
        spec(
            Certificate,
            ExchangePrincipal,
            "credential",
            &["exchange-credential"],
        ),
        spec(
            ExchangePrincipal,
            Acs,
            "principal enabled",
            &["exchange-principal-enabled", "connect-tenant"],
        ),
        spec(
            Pool,
            Acs,
            "OAuth server, tenant id",
            &["oauth-server", "tenant-id"],
        ),
        spec(
            Pool,
            ExchangeOnline,
            "partner application, service name",
            &["partner-application", "oauth-service-name"],
        ),
        LinkSpec {
            via: Some(LyncPrincipal),
            ..spec(ExchangeOnline, Pool, "SPN", &["spn", "spn:*"])
        },
        spec(ExchangeOnline, Dns, "DNS records", &["dns"]),
        spec(Dns, Endpoints, "metadata", &["metadata-endpoints"]),
        spec(Endpoints, Pool, "metadata", &["metadata-endpoints"]),
    ]
};

/// The trust chain the checklist describes. DNS and the endpoints appear only when probes ran
/// (the checklist has their steps).
pub fn derive(checklist: &Checklist) -> TrustGraph {
    use NodeId::*;
    let fqdns: Vec<&str> = checklist
        .steps
        .iter()
        .filter_map(|s| s.id.strip_prefix("spn:"))
        .collect();
    let mut nodes = vec![
        Node {
            id: Pool,
            detail: (!fqdns.is_empty()).then(|| fqdns.join(", ")),
        },
        Node {
            id: Certificate,
            detail: None,
        },
        Node {
            id: LyncPrincipal,
            detail: None,
        },
        Node {
            id: ExchangePrincipal,
            detail: None,
        },
        Node {
            id: Acs,
            detail: None,
        },
        Node {
            id: ExchangeOnline,
            detail: None,
        },
    ];
    for (id, step) in [(Dns, "dns"), (Endpoints, "metadata-endpoints")] {
        if checklist.step(step).is_some() {
            nodes.push(Node { id, detail: None });
        }
    }
    let present = |id: NodeId| nodes.iter().any(|n| n.id == id);
    let links = LINKS
        .iter()
        .filter(|l| present(l.from) && present(l.to))
        .map(|l| {
            let steps: Vec<Step> = checklist
                .steps
                .iter()
                .filter(|s| belongs(&s.id, l.steps))
                .cloned()
                .collect();
            Link {
                from: l.from,
                to: l.to,
                via: l.via,
                name: l.name,
                state: worst(steps.iter().map(|s| s.status)),
                steps,
            }
        })
        .collect();
    TrustGraph { nodes, links }
}

#[cfg(test)]
mod tests {
    use super::NodeId::*;
    use super::*;
    use StepStatus::*;

    fn step(id: &str, status: StepStatus, rules: &[&str], detail: &str) -> Step {
        Step {
            id: id.into(),
            title: id.into(),
            status,
            location: None,
            detail: detail.into(),
            rules: rules.iter().map(|r| (*r).to_string()).collect(),
        }
    }

    /// The procedure's steps, all done except those given.
    fn checklist(overrides: &[Step], extra: &[&str]) -> Checklist {
        let ids = [
            "export-certificate",
            "tenant-id",
            "oauth-server",
            "partner-application",
            "oauth-service-name",
            "connect-tenant",
            "lync-credential",
            "exchange-credential",
            "exchange-principal-enabled",
            "spn:lyncweb.contoso.com",
        ];
        let steps = ids
            .iter()
            .chain(extra)
            .map(|id| {
                overrides
                    .iter()
                    .find(|s| s.id == *id)
                    .cloned()
                    .unwrap_or_else(|| step(id, Done, &[], "shown"))
            })
            .collect();
        Checklist {
            procedures: Vec::new(),
            steps,
            ..Checklist::default()
        }
    }

    fn state(g: &TrustGraph, from: NodeId, to: NodeId) -> StepStatus {
        g.link(from, to)
            .unwrap_or_else(|| panic!("no link {}-{}", from.as_str(), to.as_str()))
            .state
    }

    #[test]
    fn all_done_gives_all_links_done_and_no_probe_nodes() {
        let g = derive(&checklist(&[], &[]));
        assert_eq!(g.links.len(), 7);
        assert!(g.links.iter().all(|l| l.state == Done), "{g:#?}");
        assert!(!g.has(Dns) && !g.has(Endpoints));
        assert_eq!(
            g.nodes
                .iter()
                .find(|n| n.id == Pool)
                .and_then(|n| n.detail.as_deref()),
            Some("lyncweb.contoso.com")
        );
        assert!(g.links.iter().all(|l| l.rules().is_empty()));
    }

    #[test]
    fn the_seed_walkthrough_mistakes_break_their_links() {
        let g = derive(&checklist(
            &[
                step("export-certificate", Failed, &["cert/der-encoded"], "DER"),
                step(
                    "lync-credential",
                    Failed,
                    &["tenant/lync-credential-missing", "guid/truncated"],
                    "one zero short",
                ),
                step(
                    "exchange-credential",
                    Missing,
                    &["tenant/exchange-credential-missing"],
                    "never uploaded",
                ),
                step(
                    "spn:lyncweb.contoso.com",
                    Failed,
                    &["tenant/spn-not-saved"],
                    "not saved",
                ),
            ],
            &[],
        ));
        assert_eq!(state(&g, Pool, Certificate), Failed);
        assert_eq!(state(&g, Certificate, LyncPrincipal), Failed);
        assert_eq!(state(&g, Certificate, ExchangePrincipal), Missing);
        assert_eq!(state(&g, ExchangeOnline, Pool), Failed);
        assert_eq!(state(&g, Pool, Acs), Done);
        assert_eq!(state(&g, ExchangePrincipal, Acs), Done);
        assert_eq!(state(&g, Pool, ExchangeOnline), Done);
        let lync = g.link(Certificate, LyncPrincipal).expect("link");
        assert_eq!(lync.id(), "certificate-lync-principal");
        assert_eq!(
            lync.rules(),
            ["tenant/lync-credential-missing", "guid/truncated"]
        );
        assert_eq!(lync.message(), Some("one zero short"));
        let spn = g.link(ExchangeOnline, Pool).expect("spn link");
        assert_eq!(
            (spn.id().as_str(), spn.via),
            ("exchange-online-pool", Some(LyncPrincipal))
        );
    }

    #[test]
    fn several_steps_on_one_link_take_the_worst_state() {
        let cases = [
            (Done, Missing, Missing),
            (Unknown, Done, Unknown),
            (Missing, Failed, Failed),
            (Unknown, Missing, Missing),
            (Done, Done, Done),
        ];
        for (enabled, connect, expected) in cases {
            let g = derive(&checklist(
                &[
                    step("exchange-principal-enabled", enabled, &["a/x"], "enabled"),
                    step("connect-tenant", connect, &["b/y"], "connect"),
                ],
                &[],
            ));
            assert_eq!(
                state(&g, ExchangePrincipal, Acs),
                expected,
                "{enabled:?} + {connect:?}"
            );
        }
        assert_eq!(worst([]), Unknown);
    }

    #[test]
    fn the_worst_step_labels_the_link() {
        let g = derive(&checklist(
            &[
                step(
                    "oauth-server",
                    Missing,
                    &["oauth/server-missing"],
                    "no server",
                ),
                step(
                    "tenant-id",
                    Failed,
                    &["oauth/tenant-mismatch"],
                    "wrong tenant",
                ),
            ],
            &[],
        ));
        let l = g.link(Pool, Acs).expect("link");
        assert_eq!(l.state, Failed);
        assert_eq!(l.rules(), ["oauth/tenant-mismatch", "oauth/server-missing"]);
        assert_eq!(l.message(), Some("wrong tenant"));
    }

    #[test]
    fn every_pool_spn_counts_and_the_worst_wins() {
        let g = derive(&checklist(
            &[step(
                "spn:lyncweb2.contoso.com",
                Failed,
                &["tenant/spn-missing"],
                "pool 2 has no SPN",
            )],
            &["spn:lyncweb2.contoso.com"],
        ));
        let spn = g.link(ExchangeOnline, Pool).expect("spn link");
        assert_eq!(spn.state, Failed);
        assert_eq!(spn.steps.len(), 2);
        assert_eq!(spn.message(), Some("pool 2 has no SPN"));
        assert_eq!(
            g.nodes
                .iter()
                .find(|n| n.id == Pool)
                .and_then(|n| n.detail.as_deref()),
            Some("lyncweb.contoso.com, lyncweb2.contoso.com")
        );
        // Without any pool FQDN the checklist has one generic `spn` step.
        let generic = Checklist {
            procedures: Vec::new(),
            steps: vec![step("spn", Missing, &["tenant/spn-missing"], "no SPN")],
            ..Checklist::default()
        };
        let g = derive(&generic);
        assert_eq!(state(&g, ExchangeOnline, Pool), Missing);
        assert_eq!(
            g.nodes
                .iter()
                .find(|n| n.id == Pool)
                .and_then(|n| n.detail.clone()),
            None
        );
    }

    #[test]
    fn probe_steps_add_dns_and_endpoints() {
        let g = derive(&checklist(
            &[step(
                "metadata-endpoints",
                Failed,
                &["endpoint/tls-expired"],
                "expired",
            )],
            &["dns", "metadata-endpoints"],
        ));
        assert!(g.has(Dns) && g.has(Endpoints));
        assert_eq!(g.links.len(), 10);
        assert_eq!(state(&g, ExchangeOnline, Dns), Done);
        assert_eq!(state(&g, Dns, Endpoints), Failed);
        assert_eq!(state(&g, Endpoints, Pool), Failed);
    }

    #[test]
    fn steps_absent_from_the_checklist_leave_links_unknown() {
        let g = derive(&Checklist::default());
        assert_eq!(g.links.len(), 7);
        assert!(
            g.links
                .iter()
                .all(|l| l.state == Unknown && l.steps.is_empty())
        );
        assert!(g.links.iter().all(|l| l.message().is_none()));
    }
}
