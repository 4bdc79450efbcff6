//! Message and fix templates: `{field.path}` is replaced from the matched item, `{ctx.name}` from
//! the best-known facts of the whole evidence (tenant id, FQDN, certificate path), so fixes are
//! paste-ready with the user's own values.

use serde_json::Value as Json;

use super::data_check::{json_text, lookup};
use crate::model::Model;

/// The facts a fix can name, each with a placeholder the user must fill when the evidence lacks it.
#[derive(Debug, Clone)]
pub struct Context {
    pub tenant_id: String,
    pub sip_domain: String,
    pub web_fqdn: String,
    pub cert_path: String,
}

impl Context {
    pub fn from_model(model: &Model) -> Self {
        let cfg = &model.configuration;
        let tenant_id = model
            .expected
            .tenant_id
            .clone()
            .or_else(|| cfg.tenant_ids.first().map(|f| f.value.clone()))
            .unwrap_or_else(|| "<tenant-id>".to_string());
        let web_fqdn = model
            .expected
            .web_fqdns
            .first()
            .cloned()
            .or_else(|| cfg.web_fqdns.first().map(|f| f.value.clone()))
            .unwrap_or_else(|| "<external-web-services-fqdn>".to_string());
        let sip_domain = model
            .expected
            .sip_domain
            .clone()
            .unwrap_or_else(|| "<sip-domain>".to_string());
        let cert_path = cfg
            .certificate_imports
            .first()
            .or(cfg.certificate_exports.first())
            .map(|f| f.value.clone())
            .unwrap_or_else(|| "C:\\OAuth\\oauth.cer".to_string());
        Context {
            tenant_id,
            sip_domain,
            web_fqdn,
            cert_path,
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "tenant_id" => &self.tenant_id,
            "sip_domain" => &self.sip_domain,
            "web_fqdn" => &self.web_fqdn,
            "cert_path" => &self.cert_path,
            _ => return None,
        })
    }
}

/// Fills `{…}` placeholders. `{{` and `}}` stand for literal braces (PowerShell hashtables in fixes).
pub fn render(template: &str, item: &Json, ctx: &Context) -> String {
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
            Some(name) => ctx.get(name).map(str::to_string),
            None => lookup(item, key).and_then(json_text),
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                out.push('<');
                out.push_str(key);
                out.push('>');
            }
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}
