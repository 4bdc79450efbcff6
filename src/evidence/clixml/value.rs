//! The serialised values of the PowerShell Remoting Protocol (MS-PSRP §2.2.5.2), as
//! `Export-Clixml` writes them, deserialised from an XML tree into `PsValue`s. Bounded: nesting
//! depth, the number of values made (so `Ref`s fanning out cannot multiply work), and the bytes
//! of `BA` arrays all have limits; a reference to an object that contains it (a cycle) is read
//! as empty and reported.

use std::collections::HashMap;

use base64::Engine as _;
use roxmltree::Node;

/// Deepest nesting of values read (Export-Clixml's own default depth is 2).
pub const MAX_DEPTH: usize = 64;
/// Most values made from one file, counting each expansion of a `Ref`.
pub const MAX_VALUES: usize = 200_000;
/// Most bytes of all `BA` arrays of one file together (a certificate is a few kilobytes).
pub const MAX_BYTE_ARRAY_TOTAL: usize = 4 * 1024 * 1024;

/// A deserialised value.
#[derive(Debug, Clone, PartialEq)]
pub enum PsValue {
    Nil,
    /// Strings, characters, GUIDs, dates, numbers, URIs, versions: their text as serialised,
    /// with `_xHHHH_` escapes decoded.
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
    List(Vec<PsValue>),
    Dict(Vec<(PsValue, PsValue)>),
    Object(Box<PsObject>),
    /// A `SecureString`: never decrypted, never shown.
    Secret,
}

/// A deserialised object: its type names, its properties (adapted `Props` and extended `MS`,
/// in document order) and what it prints as.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PsObject {
    pub type_names: Vec<String>,
    pub to_string: Option<String>,
    pub properties: Vec<Property>,
    /// The value an object wraps (a string, a list, a dictionary), when it wraps one.
    pub content: Option<Box<PsValue>>,
    /// Byte offset of the `Obj` element in the text.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: String,
    pub value: PsValue,
    /// Byte offset of the value's text (or its element) in the file.
    pub offset: usize,
}

/// Why a file cannot be read whole: a limit was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitReached {
    pub detail: String,
    pub offset: usize,
}

/// Deserialises the values under one document, remembering objects and type names by `RefId`.
pub struct Reader<'a, 'input> {
    objects: HashMap<&'a str, Node<'a, 'input>>,
    type_names: HashMap<&'a str, Vec<String>>,
    /// `RefId`s of the objects being read, to recognise a reference back to one of them.
    open: Vec<&'a str>,
    values: usize,
    byte_array_total: usize,
    /// Reference cycles met (byte offsets), reported beside the values.
    pub cycles: Vec<usize>,
}

impl<'a, 'input> Reader<'a, 'input> {
    pub fn new(doc: &'a roxmltree::Document<'input>) -> Self {
        let mut objects = HashMap::new();
        let mut type_names = HashMap::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            match (n.tag_name().name(), n.attribute("RefId")) {
                ("Obj", Some(id)) => {
                    objects.entry(id).or_insert(n);
                }
                ("TN", Some(id)) => {
                    type_names.entry(id).or_insert_with(|| {
                        n.children()
                            .filter(|c| c.has_tag_name("T"))
                            .map(|c| decode(c.text().unwrap_or("")))
                            .collect()
                    });
                }
                _ => {}
            }
        }
        Reader {
            objects,
            type_names,
            open: Vec::new(),
            values: 0,
            byte_array_total: 0,
            cycles: Vec::new(),
        }
    }

    /// The value an element stands for.
    pub fn value(&mut self, node: Node<'a, 'input>, depth: usize) -> Result<PsValue, LimitReached> {
        let offset = node.range().start;
        if depth > MAX_DEPTH {
            return Err(LimitReached {
                detail: format!("values nested more than {MAX_DEPTH} deep"),
                offset,
            });
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(LimitReached {
                detail: format!("more than {MAX_VALUES} values (counting each reference expanded)"),
                offset,
            });
        }
        let text = || decode(node.text().unwrap_or(""));
        Ok(match node.tag_name().name() {
            "Nil" => PsValue::Nil,
            "B" => PsValue::Bool(node.text().is_some_and(|t| t.trim() == "true")),
            "BA" => {
                let compact: String = node
                    .text()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                // Checked on the encoded length, before decoding allocates anything.
                let size = compact.len() / 4 * 3;
                self.byte_array_total += size;
                if self.byte_array_total > MAX_BYTE_ARRAY_TOTAL {
                    return Err(LimitReached {
                        detail: format!(
                            "byte arrays over {MAX_BYTE_ARRAY_TOTAL} bytes in all; a certificate is a few kilobytes"
                        ),
                        offset,
                    });
                }
                match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
                    Ok(bytes) => PsValue::Bytes(bytes),
                    // Not Base64: kept as text, so a rule can say what it is.
                    Err(_) => PsValue::Text(compact),
                }
            }
            "SS" => PsValue::Secret,
            "LST" | "IE" | "STK" | "QUE" => {
                let mut items = Vec::new();
                for c in node.children().filter(Node::is_element) {
                    items.push(self.value(c, depth + 1)?);
                }
                PsValue::List(items)
            }
            "DCT" => {
                let mut entries = Vec::new();
                for en in node.children().filter(|c| c.has_tag_name("En")) {
                    let mut key = PsValue::Nil;
                    let mut value = PsValue::Nil;
                    for c in en.children().filter(Node::is_element) {
                        match c.attribute("N") {
                            Some("Key") => key = self.value(c, depth + 1)?,
                            Some("Value") => value = self.value(c, depth + 1)?,
                            _ => {}
                        }
                    }
                    entries.push((key, value));
                }
                PsValue::Dict(entries)
            }
            "Obj" => self.object(node, depth)?,
            "Ref" => {
                let id = node.attribute("RefId").unwrap_or("");
                if self.open.contains(&id) {
                    self.cycles.push(offset);
                    PsValue::Nil
                } else {
                    match self.objects.get(id).copied() {
                        Some(target) => self.object(target, depth)?,
                        // A reference to nothing: unknown, not an error of the evidence.
                        None => PsValue::Nil,
                    }
                }
            }
            // S, C, G, DT, TS, URI, Version, XD, SBK and the numbers: their text.
            _ => PsValue::Text(text()),
        })
    }

    fn object(&mut self, node: Node<'a, 'input>, depth: usize) -> Result<PsValue, LimitReached> {
        let id = node.attribute("RefId");
        if let Some(id) = id {
            self.open.push(id);
        }
        let result = self.object_body(node, depth);
        if id.is_some() {
            self.open.pop();
        }
        result.map(|o| PsValue::Object(Box::new(o)))
    }

    fn object_body(
        &mut self,
        node: Node<'a, 'input>,
        depth: usize,
    ) -> Result<PsObject, LimitReached> {
        let mut object = PsObject {
            offset: node.range().start,
            ..PsObject::default()
        };
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "TN" => {
                    object.type_names = c
                        .children()
                        .filter(|t| t.has_tag_name("T"))
                        .map(|t| decode(t.text().unwrap_or("")))
                        .collect();
                }
                "TNRef" => {
                    if let Some(names) = c.attribute("RefId").and_then(|r| self.type_names.get(r)) {
                        object.type_names = names.clone();
                    }
                }
                "ToString" => object.to_string = Some(decode(c.text().unwrap_or(""))),
                "Props" | "MS" => {
                    for p in c.children().filter(Node::is_element) {
                        let Some(name) = p.attribute("N") else {
                            continue;
                        };
                        let offset = p
                            .first_child()
                            .filter(|t| t.is_text())
                            .map_or(p.range().start, |t| t.range().start);
                        let value = self.value(p, depth + 1)?;
                        object.properties.push(Property {
                            name: decode(name),
                            value,
                            offset,
                        });
                    }
                }
                _ => {
                    // The wrapped value of a string, collection or dictionary object.
                    let value = self.value(c, depth + 1)?;
                    object.content = Some(Box::new(value));
                }
            }
        }
        Ok(object)
    }
}

/// Decodes the `_xHHHH_` escapes the serializer writes for characters XML cannot carry (CR, LF,
/// control characters, and `_x` itself).
pub fn decode(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let escaped = tail
            .get(2..6)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match escaped {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(decode("a_x000D__x000A_b"), "a\r\nb");
        assert_eq!(decode("_x005F_x"), "_x");
        assert_eq!(decode("plain_xyz"), "plain_xyz");
        assert_eq!(decode("end_x00"), "end_x00");
    }
}
