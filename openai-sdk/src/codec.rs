//! Serde helpers the generated types share, so each type's impls stay a few lines long.

// Which helpers a build uses depends on which API group features bring which types.
#![allow(dead_code)]

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
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

/// Deserializes the variant a tag selected, reporting failure through the outer deserializer.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Deserializes an untagged variant if the value fits it.
pub(crate) fn try_variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Whether `value` is an object holding every one of `required`, where each of the `tags`
/// it holds has one of the listed values.
pub(crate) fn fits(value: &Value, required: &[&str], tags: &[(&str, &[&str])]) -> bool {
    let Some(map) = value.as_object() else { return false };
    required.iter().all(|f| map.contains_key(*f))
        && tags.iter().all(|(f, allowed)| {
            map.get(*f)
                .is_none_or(|present| present.as_str().is_some_and(|p| allowed.contains(&p)))
        })
}
