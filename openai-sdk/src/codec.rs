//! Serde helpers the generated types share, so each type's impls stay a few lines long.

// Which helpers a build uses depends on which API group features bring which types.
#![allow(dead_code)]

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

/// Deserializes an open string enum without allocating for known values.
pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
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
