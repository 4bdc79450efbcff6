//! What the evaluator knows about a PowerShell value, three-valued by construction: known (text, a
//! boolean, a list or hashtable of known things), partly known (a principal's current SPN list
//! plus what the script added; bytes of a known form whose content only run time has), or unknown,
//! with the reason. Rules judge only what is known; the reason reaches the "cannot confirm" text.

/// A value as far as the evidence shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A string (numbers and bare words are strings too: PowerShell binds them as text).
    Text(String),
    Bool(bool),
    Null,
    List(ListVal),
    /// A hashtable or an object built property by property (`@{…}`, `[ordered]@{…}`,
    /// `New-Object …MicrosoftGraphKeyCredential` then `$k.Type = …`), keys in insertion order.
    Hash(Vec<(String, Val)>),
    /// A service principal fetched from the tenant, with what the script changed on its local copy.
    Principal(PrincipalVal),
    /// The principal's object id (`$sp.Id`, `$sp.ObjectId`): the text is the tenant's, but which
    /// principal it names is known.
    PrincipalObjectId(String),
    /// An X.509 certificate object loaded from a file (`[X509Certificate2]::new($path)`).
    Certificate {
        path: Option<String>,
    },
    /// A value whose content only run time has, but whose form is known.
    Derived(Form),
    Unknown(String),
}

/// A list: the items known to be in it, and whether it starts from a principal's current list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListVal {
    /// `Some` when the list is the principal's current SPN or key list plus `items`; `None` when the
    /// list was built from nothing, so writing it replaces whatever the principal had.
    pub current_of: Option<(String, Member)>,
    pub items: Vec<Val>,
}

/// Which list of a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    ServicePrincipalNames,
    KeyCredentials,
}

/// A principal fetched by app id, and the changes made to the local copy since.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalVal {
    pub app_id: String,
    pub spns_added: Vec<Val>,
    pub keys_added: Vec<Val>,
}

/// Known forms of values whose content is not in the evidence.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// `$cert.GetRawCertData()`, `$cert.RawData`, `$cert.Export(Cert)`: the DER bytes.
    DerBytes,
    /// `[Convert]::ToBase64String(<DER bytes>)`: what `-Value` of the MSOnline/AzureAD cmdlets wants.
    Base64OfDer,
    /// `[Text.Encoding]::ASCII.GetBytes(<Base64 text>)`: the form Microsoft's Graph procedures publish.
    AsciiBytesOfBase64,
    /// `[IO.File]::ReadAllBytes($path)`: the file's bytes (DER, or the Base64 file's text bytes).
    FileBytes(String),
    /// `Get-Content $path`: the file's text lines.
    FileText(String),
    /// A date read from the certificate (`$cert.NotAfter`, `GetExpirationDateString()`).
    CertificateDate,
    /// A date computed from today (`(Get-Date).AddDays(364)`), not from the certificate.
    DateFromToday(String),
    /// An existing key credential of a principal (an item of its current list).
    ExistingKey,
}

impl Form {
    /// A stable name for the form, as rules and the model see it.
    pub fn name(&self) -> &'static str {
        match self {
            Form::DerBytes => "der-bytes",
            Form::Base64OfDer => "base64-of-der",
            Form::AsciiBytesOfBase64 => "ascii-bytes-of-base64",
            Form::FileBytes(_) => "file-bytes",
            Form::FileText(_) => "file-text",
            Form::CertificateDate => "certificate-date",
            Form::DateFromToday(_) => "date-from-today",
            Form::ExistingKey => "existing-key",
        }
    }
}

impl Val {
    pub fn unknown(why: impl Into<String>) -> Val {
        Val::Unknown(why.into())
    }

    /// The text PowerShell would bind for a parameter, when it is known.
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Text(t) => Some(t.clone()),
            Val::Bool(true) => Some("$true".into()),
            Val::Bool(false) => Some("$false".into()),
            Val::Null => Some("$null".into()),
            _ => None,
        }
    }

    /// Text as it appears inside a string (`"…$x…"`): booleans print as True/False.
    pub fn interpolated(&self) -> Option<String> {
        match self {
            Val::Text(t) => Some(t.clone()),
            Val::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
            Val::Null => Some(String::new()),
            Val::List(l) if l.current_of.is_none() => l
                .items
                .iter()
                .map(Val::interpolated)
                .collect::<Option<Vec<_>>>()
                .map(|parts| parts.join(" ")),
            _ => None,
        }
    }

    /// Why the value is not known, when it is not.
    pub fn why_unknown(&self) -> Option<&str> {
        match self {
            Val::Unknown(why) => Some(why),
            _ => None,
        }
    }

    /// The items of a value used where PowerShell enumerates (`foreach`, `+=` on a list).
    pub fn items(&self) -> Option<Vec<Val>> {
        match self {
            Val::List(l) if l.current_of.is_none() => Some(l.items.clone()),
            Val::Null => Some(Vec::new()),
            Val::Unknown(_) | Val::List(_) => None,
            other => Some(vec![other.clone()]),
        }
    }

    /// A hashtable entry (case-insensitive key, as PowerShell's hashtables).
    pub fn entry(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Hash(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The app id of the principal this value is or names.
    pub fn principal(&self) -> Option<&str> {
        match self {
            Val::Principal(p) => Some(&p.app_id),
            Val::PrincipalObjectId(app) => Some(app),
            _ => None,
        }
    }

    /// `a + b` (and `+=`) as PowerShell computes it for the kinds the evaluator follows.
    pub fn plus(self, right: Val) -> Val {
        match (self, right) {
            (Val::Text(a), r) => match r.interpolated() {
                Some(b) => Val::Text(a + &b),
                None => Val::unknown(format!(
                    "it joins text with {}",
                    r.why_unknown().unwrap_or("a value that is not text")
                )),
            },
            (Val::List(mut l), r) => {
                match r {
                    Val::List(other) if other.current_of.is_none() => l.items.extend(other.items),
                    Val::List(_) => {
                        return Val::unknown("it joins two lists read from the tenant");
                    }
                    other => l.items.push(other),
                }
                Val::List(l)
            }
            (Val::Null, r) => match r {
                Val::List(_) => r,
                other => Val::List(ListVal {
                    current_of: None,
                    items: vec![other],
                }),
            },
            (Val::Unknown(why), _) => Val::Unknown(why),
            (_, Val::Unknown(why)) => Val::Unknown(why),
            (Val::Hash(_), Val::Hash(_)) => Val::unknown("it merges two hashtables"),
            (left, r) => match left.items() {
                // `$x += …` on a single object makes a list of both.
                Some(mut items) if !matches!(left, Val::Bool(_)) => {
                    match r {
                        Val::List(other) if other.current_of.is_none() => items.extend(other.items),
                        other => items.push(other),
                    }
                    Val::List(ListVal {
                        current_of: None,
                        items,
                    })
                }
                _ => Val::unknown("it adds values the evaluator does not follow"),
            },
        }
    }

    /// The value after a branch merge: the same in every branch, or unknown.
    pub fn merge(values: &[Option<&Val>], why: &str) -> Option<Val> {
        let first = values.first()?;
        if values.iter().all(|v| v == first) {
            return first.cloned();
        }
        Some(Val::unknown(why.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_joins_and_unknown_spreads() {
        let v = Val::Text("https://x/".into()).plus(Val::Text("t".into()));
        assert_eq!(v, Val::Text("https://x/t".into()));
        let u = Val::Text("a".into()).plus(Val::unknown("`$x` is not assigned"));
        assert!(u.why_unknown().is_some_and(|w| w.contains("`$x`")));
    }

    #[test]
    fn lists_from_the_tenant_stay_additions() {
        let current = Val::List(ListVal {
            current_of: Some(("00000004".into(), Member::ServicePrincipalNames)),
            items: vec![],
        });
        let added = current.plus(Val::Text("spn".into()));
        match added {
            Val::List(l) => {
                assert!(l.current_of.is_some());
                assert_eq!(l.items, vec![Val::Text("spn".into())]);
            }
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn merge_keeps_only_agreement() {
        let a = Val::Text("a".into());
        let b = Val::Text("b".into());
        assert_eq!(Val::merge(&[Some(&a), Some(&a)], "w"), Some(a.clone()));
        assert_eq!(
            Val::merge(&[Some(&a), Some(&b)], "depends"),
            Some(Val::unknown("depends"))
        );
    }
}
