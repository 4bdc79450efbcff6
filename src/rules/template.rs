//! Message and fix templates: `{field.path}` is replaced from the matched item, `{ctx.name}` from
//! the best-known facts of the whole evidence (tenant id, FQDN, certificate path), so fixes are
//! paste-ready with the user's own values. In a fix (PowerShell) each placeholder becomes one
//! single-quoted literal, and a placeholder inside a quoted string is refused when the rule file
//! is loaded: a value from the evidence must never be able to become code.

use serde_json::Value as Json;

use super::data_check::{json_text, lookup};
use crate::model::{CmdletGeneration, Model};
use crate::ps_quote;

/// The facts a fix can name, each with a placeholder the user must fill when the evidence lacks it.
#[derive(Debug, Clone)]
pub struct Context {
    pub tenant_id: String,
    pub sip_domain: String,
    pub web_fqdn: String,
    pub cert_path: String,
    /// The cmdlet generation fixes are written in (`--cmdlets`, Graph by default).
    pub cmdlets: CmdletGeneration,
}

impl Context {
    /// The facts, from the values the evidence states (a value it cannot know, such as a
    /// variable never set, is left to a placeholder rather than written as text).
    pub fn from_model(model: &Model, cmdlets: CmdletGeneration) -> Self {
        let cfg = &model.configuration;
        let known = |facts: &[crate::model::Fact]| {
            facts.iter().find(|f| f.is_known()).map(|f| f.value.clone())
        };
        let tenant_id = model
            .best_tenant_id()
            .unwrap_or_else(|| "<tenant-id>".to_string());
        let web_fqdn = model
            .expected
            .web_fqdns
            .first()
            .cloned()
            .or_else(|| known(&cfg.web_fqdns))
            .unwrap_or_else(|| "<external-web-services-fqdn>".to_string());
        let sip_domain = model
            .best_sip_domain()
            .unwrap_or_else(|| "<sip-domain>".to_string());
        let cert_path = model
            .best_certificate_path()
            .unwrap_or_else(|| "C:\\OAuth\\oauth.cer".to_string());
        Context {
            tenant_id,
            sip_domain,
            web_fqdn,
            cert_path,
            cmdlets,
        }
    }

    fn get(&self, name: &str) -> Option<String> {
        Some(match name {
            "tenant_id" => self.tenant_id.clone(),
            "sip_domain" => self.sip_domain.clone(),
            "web_fqdn" => self.web_fqdn.clone(),
            "cert_path" => self.cert_path.clone(),
            "metadata_url" => format!(
                "https://accounts.accesscontrol.windows.net/{}/metadata/json/1",
                self.tenant_id
            ),
            _ => return None,
        })
    }
}

/// Fills `{…}` placeholders of a message with the values as they are. `{{` and `}}` stand for
/// literal braces.
pub fn render(template: &str, item: &Json, ctx: &Context) -> String {
    fill(template, item, ctx, |v| v.to_string())
}

/// Fills `{…}` placeholders of a PowerShell fix: each value (or `<name>` when the evidence lacks
/// it) becomes one single-quoted literal. `{{` and `}}` stand for PowerShell's braces.
pub fn render_powershell(template: &str, item: &Json, ctx: &Context) -> String {
    fill(template, item, ctx, ps_quote::literal)
}

/// Why a fix template is unsafe, if it is: a placeholder inside a quoted string, where its
/// value would be spliced into the string rather than be a literal of its own (inside double
/// quotes, a `$(…)` in the value would run).
pub fn powershell_template_problem(template: &str) -> Option<String> {
    use ps_quote::{DOUBLE_QUOTES, SINGLE_QUOTES};
    let mut quote: Option<bool> = None; // Some(true) inside '…', Some(false) inside "…"
    let mut chars = template.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match quote {
            None if SINGLE_QUOTES.contains(&c) => quote = Some(true),
            None if DOUBLE_QUOTES.contains(&c) => quote = Some(false),
            None => {}
            Some(single) => {
                let closes = if single {
                    SINGLE_QUOTES.contains(&c)
                } else {
                    DOUBLE_QUOTES.contains(&c)
                };
                if !single && c == '`' {
                    chars.next();
                } else if closes {
                    // A doubled quote stands for one and keeps the string open.
                    match chars.peek() {
                        Some((_, next))
                            if (single && SINGLE_QUOTES.contains(next))
                                || (!single && DOUBLE_QUOTES.contains(next)) =>
                        {
                            chars.next();
                        }
                        _ => quote = None,
                    }
                } else if c == '{' && !template[at..].starts_with("{{") {
                    let end = template[at..]
                        .find('}')
                        .map_or(template.len(), |e| at + e + 1);
                    return Some(format!(
                        "the placeholder `{}` is inside a quoted string; write it bare (it becomes a single-quoted literal)",
                        &template[at..end]
                    ));
                } else if c == '{' {
                    chars.next();
                }
            }
        }
    }
    None
}

fn fill(template: &str, item: &Json, ctx: &Context, write: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(pos) = rest.find(['{', '}']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        let Some(end) = tail.find('}') else {
            out.push_str(tail);
            return out;
        };
        let key = &tail[1..end];
        let value = match key.strip_prefix("ctx.") {
            Some(name) => ctx.get(name),
            None => lookup(item, key).and_then(json_text),
        };
        let value = value.unwrap_or_else(|| format!("<{key}>"));
        out.push_str(&write(&value));
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}
