//! Serde helpers the generated types share, so each type's impls stay a few lines long.

// Which helpers a build uses depends on which API group features bring which types.
#![allow(dead_code)]

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

/// A struct read from a JSON object one field at a time. Generated structs implement this
/// rather than deriving `Deserialize`: a `match` on the key per type, with the object loop
/// shared here, is a fraction of the code the derive expands to (no per-type field enum,
/// key visitor, or sequence form), and absent fields keep their `Default`.
pub(crate) trait ReadFields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of field `key` from `map` into `self`; `false` when the type has no
    /// such field (its value is then skipped).
    fn read_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// Deserializes a [`ReadFields`] struct from a map, ignoring unknown fields.
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
pub(crate) fn list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Vec<T>, A::Error> {
    Ok(map.next_value::<List<T>>()?.0)
}

/// The next value of `map`, an array or `null`, through [`List`].
pub(crate) fn optional_list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
) -> Result<Option<Vec<T>>, A::Error> {
    Ok(map.next_value::<Option<List<T>>>()?.map(|list| list.0))
}

/// A JSON array read into a `Vec` whose first allocation is at most about 1 KiB: the
/// standard first capacity of 4 makes one of large elements (a chat choice is over 300
/// bytes) a large allocation, which the allocator serves on a much slower path than small
/// ones. Later growth doubles as usual; an empty array allocates nothing.
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
pub(crate) fn tag<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag).and_then(Value::as_str)
}

/// Deserializes the variant a tag selected, leaving out what does not fit (see
/// [`crate::lenient`]), and reporting failure through the outer deserializer.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(mut value: Value) -> Result<T, E> {
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => crate::lenient::from_value(&mut value).map_err(E::custom),
    }
}

/// Deserializes an untagged variant if the value fits it.
pub(crate) fn try_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Deserializes an untagged variant whose shape (required fields, tag values) the value
/// was checked to have: leniently, leaving out what does not fit (see [`crate::lenient`]).
pub(crate) fn try_fitting_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok().or_else(|| crate::lenient::from_value(&mut value.clone()).ok())
}

/// Whether `value` is an object holding every one of `required`, where each of the `tags`
/// it holds has one of the listed values.
pub(crate) fn fits(value: &Value, required: &[&str], tags: &[(&str, &[&str])]) -> bool {
    let Some(map) = value.as_object() else { return false };
    required.iter().all(|f| map.contains_key(*f))
        && tags.iter().all(|(f, allowed)| {
            map.get(*f).is_none_or(|present| present.as_str().is_some_and(|p| allowed.contains(&p)))
        })
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
    fn a_list_that_is_not_an_array_is_an_error_naming_it() {
        let err = serde_json::from_str::<Holder>(r#"{"small": 3}"#).unwrap_err();
        assert!(err.to_string().contains("expected an array"), "{err}");
    }
}
