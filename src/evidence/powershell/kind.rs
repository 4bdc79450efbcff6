//! Syntax node kinds by number. `Node::kind()` looks the name up in the grammar and checks it is
//! UTF-8 on every call, which the walk does for nearly every node it passes; the names are read
//! from the grammar once here and found by the node's kind number afterwards.

use std::sync::LazyLock;

use tree_sitter::{Language, Node};

static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let language: Language = tree_sitter_powershell::LANGUAGE.into();
    (0..language.node_kind_count())
        .map(|id| {
            u16::try_from(id)
                .ok()
                .and_then(|id| language.node_kind_for_id(id))
                .unwrap_or("")
        })
        .collect()
});

/// The kind name of a node of the PowerShell grammar, as `Node::kind()` gives it.
pub(super) trait KindName {
    fn kind_name(&self) -> &'static str;
}

impl KindName for Node<'_> {
    fn kind_name(&self) -> &'static str {
        NAMES
            .get(usize::from(self.kind_id()))
            .copied()
            .unwrap_or_else(|| self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_number_are_the_grammars_names() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_powershell::LANGUAGE.into())
            .expect("grammar");
        let tree = parser
            .parse(
                "$x = @{ a = 'b' }; Get-Thing -Name \"$x\" | % { $_ } # c",
                None,
            )
            .expect("tree");
        let mut cursor = tree.walk();
        let mut seen = 0;
        loop {
            let n = cursor.node();
            assert_eq!(n.kind_name(), n.kind());
            seen += 1;
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    assert!(seen > 20);
                    return;
                }
            }
        }
    }
}
