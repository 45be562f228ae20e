//! Serde helpers the generated types share, so each type's impls stay a few lines long.
//! Which of them a build uses depends on the spec and the API group features (no types,
//! no helpers): each carries its own `allow(dead_code)`.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

/// A struct read from a JSON object one field at a time. Generated structs implement this
/// rather than deriving `Deserialize`: a `match` on the key per type, with the object loop
/// shared here, is a fraction of the code the derive expands to (no per-type field enum,
/// key visitor, or sequence form), and absent fields keep their `Default`.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) trait ReadFields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of field `key` from `map` into `self`; `false` when the type has no
    /// such field (its value is then skipped).
    fn read_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// Deserializes a [`ReadFields`] struct from a map, ignoring unknown fields.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn deserialize_struct<'de, D: Deserializer<'de>, T: ReadFields>(deserializer: D) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);

    impl<'de, T: ReadFields> Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an object ({})", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(Key(key)) = map.next_key()? {
                if !value.read_field(&key, &mut map)? {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(value)
        }
    }

    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// The next value of `map`, an array, through [`List`].
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
    Ok(map.next_value::<List<T>>()?.0)
}

/// The next value of `map`, an array or `null`, through [`List`].
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn optional_list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
) -> Result<Option<Vec<T>>, A::Error> {
    Ok(map.next_value::<Option<List<T>>>()?.map(|list| list.0))
}

/// A JSON array read into a `Vec` whose first allocation is at most about 1 KiB: the
/// standard first capacity of 4 makes one of large elements (a chat choice is over 300
/// bytes) a large allocation, which the allocator serves on a much slower path than small
/// ones. Later growth doubles as usual; an empty array allocates nothing.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
struct List<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let Some(first) = seq.next_element()? else { return Ok(List(Vec::new())) };
                let fitting = (1024 / std::mem::size_of::<T>().max(1)).clamp(1, 4);
                let remaining = seq.size_hint().map_or(0, |n| n.saturating_add(1).min(4096));
                let mut items = Vec::with_capacity(fitting.max(remaining));
                items.push(first);
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
        }

        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

/// An object key, borrowed from the input whenever the deserializer can lend it.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Deserializes an open string enum without allocating for known values.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(PhantomData))
}

/// The string value of property `tag` of a JSON object, if it has one.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn tag<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag).and_then(Value::as_str)
}

thread_local! {
    /// Set while a union tries an arm strictly: the unions nested in it then try theirs
    /// strictly too, so that a nested union's lenient pass never wins over a sibling arm
    /// the value fits as it is.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` with lenient decoding off in every union it reaches.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
fn strictly<R>(decode: impl FnOnce() -> R) -> R {
    let outer = STRICT.replace(true);
    let result = decode();
    STRICT.set(outer);
    result
}

/// Deserializes the variant a tag selected, leaving out what does not fit (see
/// [`crate::lenient`]) unless an enclosing union is trying its arms strictly, and reporting
/// failure through the outer deserializer.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(mut value: Value) -> Result<T, E> {
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(e) if STRICT.get() => Err(E::custom(e)),
        Err(_) => crate::runtime::lenient::from_value(&mut value).map_err(E::custom),
    }
}

/// Deserializes an arm of an untagged union strictly (every union inside it too), or
/// leniently, leaving out what does not fit (see [`crate::lenient`]).
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn try_arm<T: DeserializeOwned>(value: &Value, lenient: bool) -> Option<T> {
    match lenient {
        false => strictly(|| T::deserialize(value).ok()),
        true => crate::runtime::lenient::from_value(&mut value.clone()).ok(),
    }
}

/// An object shape: required property names, and tag-like properties with their values.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) type Shape<'a> = (&'a [&'a str], &'a [(&'a str, &'a [&'a str])]);

/// How a value fits one arm of an untagged union.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// The arm has no object shape to judge by (a primitive, a list, a struct with no
    /// required or tag-like properties): it is tried as it is.
    Unshaped,
    /// The value lacks the arm's shape: the arm is not tried.
    No,
    /// The value has the arm's shape; higher is more specific.
    Score(usize),
}

/// How much of `shape` the value has: [`Fit::No`] unless it is an object holding every
/// required property, where each tag-like property it holds has one of the listed values;
/// else the number of required properties. (Tag-like properties only rule arms out: which
/// properties count as tag-like differs from union to union, so counting them would make
/// the scores of a nested union's arms incomparable with its siblings'.)
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn fit(value: &Value, (required, tags): Shape<'_>) -> Fit {
    let Some(map) = value.as_object() else { return Fit::No };
    let has_shape = required.iter().all(|f| map.contains_key(*f))
        && tags.iter().all(|(name, allowed)| {
            map.get(*name).is_none_or(|found| found.as_str().is_some_and(|f| allowed.contains(&f)))
        });
    if has_shape { Fit::Score(required.len()) } else { Fit::No }
}

/// The best [`fit`] of the value to any of `shapes` (the arms of a nested union).
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn best_fit(value: &Value, shapes: &[Shape<'_>]) -> Fit {
    let best = shapes.iter().filter_map(|shape| match fit(value, *shape) {
        Fit::Score(score) => Some(score),
        _ => None,
    });
    best.max().map_or(Fit::No, Fit::Score)
}

/// The order an untagged union tries its arms in, each as `(arm, lenient)`: the arms the
/// value fits, best first (ties in declaration order), strictly; then the unshaped arms,
/// strictly, in order; then (unless an enclosing union is trying its arms strictly) the arms
/// the value fits again, leniently. Arms whose shape the value lacks are never tried.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn attempts(fits: &[Fit]) -> impl Iterator<Item = (usize, bool)> {
    let score = |i: usize| match fits[i] {
        Fit::Score(score) => Some(score),
        _ => None,
    };
    let mut fitting: Vec<usize> = (0..fits.len()).filter(|&i| score(i).is_some()).collect();
    fitting.sort_by_key(|&i| std::cmp::Reverse(score(i)));
    let unshaped: Vec<usize> = (0..fits.len()).filter(|&i| fits[i] == Fit::Unshaped).collect();
    let lenient: Vec<(usize, bool)> =
        if STRICT.get() { Vec::new() } else { fitting.iter().map(|&i| (i, true)).collect() };
    fitting.into_iter().chain(unshaped).map(|i| (i, false)).chain(lenient)
}

/// Event unions read straight from a message's text: the tag first, then only its arm
/// parsed, with no `Value` in between (a tagged union's `Deserialize` builds one to read
/// the tag, which costs about as much again as the parse). Generated for the event unions
/// of streams and sockets.
#[allow(dead_code)] // Implemented by generated code, which the spec and features decide.
pub trait FromTaggedText: Sized {
    /// The event, or `None` when its tag is unknown or its arm does not fit as it is (the
    /// caller then decodes it the general, lenient way).
    fn from_tagged_text(text: &str) -> Option<Self>;
}

/// The string value of top-level property `key` of the JSON object in `text`, borrowed
/// where it has no escapes; other values are skipped, not built.
#[allow(dead_code)] // Used by generated code, which the spec and features decide.
pub(crate) fn peek_tag<'t>(text: &'t str, key: &str) -> Option<Cow<'t, str>> {
    /// A string, borrowed from the text when it can be (serde's `Cow` always copies).
    struct Text<'de>(Cow<'de, str>);
    impl<'de> Deserialize<'de> for Text<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Text<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                    Ok(Text(Cow::Borrowed(v)))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                    Ok(Text(Cow::Owned(v.to_owned())))
                }
            }
            deserializer.deserialize_str(V)
        }
    }
    /// Stops the parse at the tag (an error ends it early; the tag is kept in `found`).
    struct Peek<'k, 'f, 'de> {
        key: &'k str,
        found: &'f mut Option<Cow<'de, str>>,
    }
    impl<'de> Visitor<'de> for Peek<'_, '_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(name) = map.next_key::<Text<'de>>()? {
                if name.0 == self.key {
                    *self.found = Some(map.next_value::<Text<'de>>()?.0);
                    return Err(de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    // The API sends the tag first, unescaped: read it off the text. Otherwise parse up to
    // it (stopping there costs an error value, about as much as the rest of the parse).
    if let Some(tag) = leading_string(text, key) {
        return Some(Cow::Borrowed(tag));
    }
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let _ = deserializer.deserialize_map(Peek { key, found: &mut found });
    found
}

/// The value of `key` when it is the first property of the object in `text` and a string
/// without escapes: `{"type":"x",...}` → `x`.
fn leading_string<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start().strip_prefix('"')?.strip_prefix(key)?;
    let rest = rest.strip_prefix('"')?.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    // A byte loop: `str::find` with a char set was most of the cost of reading a tag.
    let end = rest.bytes().position(|b| b == b'"' || b == b'\\')?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Holder {
        small: Vec<u8>,
        large: Vec<[[u64; 32]; 2]>,
        maybe: Option<Vec<String>>,
    }

    impl ReadFields for Holder {
        const NAME: &'static str = "Holder";

        fn read_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
            match key {
                "small" => self.small = list(map)?,
                "large" => self.large = list(map)?,
                "maybe" => self.maybe = optional_list(map)?,
                _ => return Ok(false),
            }
            Ok(true)
        }
    }

    impl<'de> Deserialize<'de> for Holder {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    #[test]
    fn lists_keep_every_item_and_size_their_first_allocation_by_the_item() {
        let small: Vec<u8> = (0..100).collect();
        let large = vec![[[1u64; 32]; 2]];
        let json = serde_json::json!({"small": small, "large": large, "maybe": null, "other": [1]}).to_string();
        let holder: Holder = serde_json::from_str(&json).unwrap();
        assert_eq!(holder.small, small);
        assert_eq!(holder.large, large);
        assert_eq!(holder.maybe, None);
        // A 512-byte item: two fit in the first kilobyte.
        assert_eq!(holder.large.capacity(), 2);

        let holder: Holder = serde_json::from_str(r#"{"small": [], "maybe": ["a", "b"]}"#).unwrap();
        assert_eq!(holder.small.capacity(), 0);
        assert_eq!(holder.maybe, Some(vec!["a".to_string(), "b".to_string()]));
    }

    #[test]
    fn arms_are_tried_best_fit_first_then_unshaped_then_leniently() {
        let message =
            serde_json::json!({"type": "message", "id": "m", "role": "assistant", "content": [], "status": "done"});
        let easy: Shape = (&["role", "content"], &[("type", &["message"])]);
        let output: Shape = (&["id", "type", "role", "content", "status"], &[("type", &["message"])]);
        let call: Shape = (&["call_id"], &[("type", &["function_call"])]);
        assert_eq!(fit(&message, easy), Fit::Score(2));
        assert_eq!(best_fit(&message, &[call, output]), Fit::Score(5));
        assert_eq!(fit(&message, call), Fit::No);
        assert_eq!(best_fit(&message, &[call]), Fit::No);
        assert_eq!(fit(&serde_json::json!("text"), easy), Fit::No);
        let fits = [Fit::Score(3), Fit::Unshaped, Fit::Score(6), Fit::No, Fit::Score(3)];
        let order: Vec<_> = attempts(&fits).collect();
        assert_eq!(order, [(2, false), (0, false), (4, false), (1, false), (2, true), (0, true), (4, true)]);
    }

    #[test]
    fn a_list_that_is_not_an_array_is_an_error_naming_it() {
        let err = serde_json::from_str::<Holder>(r#"{"small": 3}"#).unwrap_err();
        assert!(err.to_string().contains("expected an array"), "{err}");
    }
}
