//! Texts that repeat all over the model (command and parameter names, printed field names, error
//! categories and ids, why a value is unknown, rule ids of findings), each kept once and shared
//! by every copy, one pointer wide. (Paths have a table of their own: [`super::shared_path`].)
//!
//! A failing transcript prints the same error category thousands of times, runs a few cmdlets
//! tens of thousands of times, and a large one holds hundreds of thousands of fields under a few
//! dozen names: a copy each was a large part of the model, and a two-word `Arc<str>` each still
//! 8 bytes more per field than this (issue #14).

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

/// One shared copy of a text. It compares, orders, hashes, prints and serialises as its text;
/// one pointer wide because the text's length sits with the text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedText(Arc<Box<str>>);

thread_local! {
    /// The texts shared on this thread. Looked up for every location, field and argument made,
    /// so hashed fast (the texts are the run's own).
    static SHARED_TEXTS: RefCell<HashSet<SharedText, foldhash::fast::FixedState>> =
        RefCell::new(HashSet::default());
}

/// The shared copy of `text`.
pub fn shared_text(text: &str) -> SharedText {
    SharedText::from(text)
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SHARED_TEXTS.with(|texts| {
            let mut texts = texts.borrow_mut();
            if let Some(shared) = texts.get(text) {
                return shared.clone();
            }
            let shared = SharedText(Arc::new(Box::from(text)));
            texts.insert(shared.clone());
            shared
        })
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText::from(text.as_str())
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        SharedText::from(text.as_str())
    }
}

impl From<&SharedText> for SharedText {
    fn from(text: &SharedText) -> Self {
        text.clone()
    }
}

impl SharedText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether two values are the one shared copy.
    pub fn ptr_eq(a: &SharedText, b: &SharedText) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

/// The traits by which a shared text reads as the text it stands for: dereferences, borrows,
/// prints, serialises and compares as it (with `str` and `String` on either side), and turns into
/// a `String`. For a type with `fn as_str(&self) -> &str`; paths use it too
/// ([`super::shared_path`]).
macro_rules! reads_as_text {
    ($shared:ty) => {
        impl From<$shared> for String {
            fn from(text: $shared) -> Self {
                text.as_str().to_string()
            }
        }

        impl std::ops::Deref for $shared {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $shared {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<std::path::Path> for $shared {
            fn as_ref(&self) -> &std::path::Path {
                std::path::Path::new(self.as_str())
            }
        }

        impl std::borrow::Borrow<str> for $shared {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Debug for $shared {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl std::fmt::Display for $shared {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.as_str(), f)
            }
        }

        impl serde::Serialize for $shared {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl PartialEq<str> for $shared {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $shared {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $shared {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl PartialEq<$shared> for String {
            fn eq(&self, other: &$shared) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl PartialEq<$shared> for str {
            fn eq(&self, other: &$shared) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$shared> for &str {
            fn eq(&self, other: &$shared) -> bool {
                *self == other.as_str()
            }
        }
    };
}
pub(super) use reads_as_text;

reads_as_text!(SharedText);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_texts_share_one_copy_one_pointer_wide() {
        let a = shared_text("OperationStopped: (:) [Set-X], Exception");
        let b = SharedText::from(String::from("OperationStopped: (:) [Set-X], Exception"));
        assert!(SharedText::ptr_eq(&a, &b));
        assert!(!SharedText::ptr_eq(&a, &shared_text("other")));
        assert_eq!(
            std::mem::size_of::<Option<SharedText>>(),
            std::mem::size_of::<usize>()
        );
    }
}
