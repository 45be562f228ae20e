//! Multipart form bodies: any serializable request, its files pulled out as parts.
//!
//! Fields use bracket notation as the API expects (`k[sub]`, repeated `arr[]`), booleans as
//! `true`/`false`, and text fields come before file parts. The form is kept as a
//! description and built afresh for each attempt, so a retry resends it whole.

use serde_json::Value;

use crate::error::Result;
use crate::input_file::{InputFile, file_marker};
use crate::request::flatten_pairs;
use crate::timeout::Activity;

/// One field of a form.
#[derive(Debug, Clone)]
pub(crate) enum FormField {
    Text { name: String, value: String },
    File { name: String, file: InputFile },
}

/// The fields of a body serialized with its files collected: text fields in order, then
/// files in order.
pub(crate) fn fields_of_value(value: Value, files: &[InputFile]) -> Vec<FormField> {
    let mut pairs = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten_pairs(key, value, &mut pairs);
            }
        }
        Value::Null => {}
        other => flatten_pairs("file".into(), other, &mut pairs),
    }
    into_fields(pairs, files)
}

/// More text fields (a request's extra body fields), flattened the same way.
pub(crate) fn extra_fields(extra: &serde_json::Map<String, Value>) -> Vec<FormField> {
    let mut pairs = Vec::new();
    for (key, value) in extra {
        flatten_pairs(key.clone(), value.clone(), &mut pairs);
    }
    into_fields(pairs, &[])
}

fn into_fields(pairs: Vec<(String, String)>, files: &[InputFile]) -> Vec<FormField> {
    let (mut texts, mut parts) = (Vec::new(), Vec::new());
    for (name, value) in pairs {
        match file_marker(&value).and_then(|i| files.get(i)) {
            Some(file) => parts.push(FormField::File { name, file: file.clone() }),
            None => texts.push(FormField::Text { name, value }),
        }
    }
    texts.extend(parts);
    texts
}

/// Checks every file can be read, so a missing one fails before anything is sent.
pub(crate) async fn check(fields: &[FormField]) -> Result<()> {
    for field in fields {
        if let FormField::File { file, .. } = field {
            file.check().await?;
        }
    }
    Ok(())
}

/// A `reqwest` form for one attempt; reading its files marks `activity`.
pub(crate) async fn form(fields: &[FormField], activity: Option<&Activity>) -> Result<reqwest::multipart::Form> {
    let mut form = reqwest::multipart::Form::new();
    for field in fields {
        form = match field {
            FormField::Text { name, value } => form.text(name.clone(), value.clone()),
            FormField::File { name, file } => form.part(name.clone(), file.part(activity).await?),
        };
    }
    Ok(form)
}

/// The value of text field `name`, if the form has one.
pub(crate) fn text_field<'f>(fields: &'f [FormField], name: &str) -> Option<&'f str> {
    fields.iter().find_map(|f| match f {
        FormField::Text { name: n, value } if n == name => Some(value.as_str()),
        _ => None,
    })
}
