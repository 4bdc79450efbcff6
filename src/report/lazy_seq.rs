//! A JSON array written item by item as the report is serialised, so a report of tens of
//! thousands of findings never holds them all converted at once.

use serde::{Serialize, Serializer};

/// Serialises as the sequence of items its function yields, each made just before it is written.
pub struct LazySeq<F>(pub F);

impl<F, I> Serialize for LazySeq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_same_text_as_the_collected_items() {
        let items = vec![("a", 1), ("b", 2)];
        let lazy = LazySeq(|| items.iter());
        assert_eq!(
            serde_json::to_string_pretty(&lazy).expect("serialises"),
            serde_json::to_string_pretty(&items).expect("serialises")
        );
        let empty = LazySeq(std::iter::empty::<u8>);
        assert_eq!(
            serde_json::to_string_pretty(&empty).expect("serialises"),
            "[]"
        );
    }
}
