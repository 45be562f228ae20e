//! Multipart form bodies: a serializable request whose file fields the generated method
//! names, each sent as a part of its own.
//!
//! Fields use bracket notation as the API expects (`k[sub]`, repeated `arr[]`), booleans as
//! `true`/`false`, and text fields come before file parts. The form is kept as a
//! description and built afresh for each attempt, so a retry resends it whole.

use serde_json::Value;

use crate::runtime::encoding::{Ordered, flatten_pairs};
use crate::runtime::error::{Error, Result};
use crate::runtime::input_file::InputFile;
use crate::runtime::timeout::Activity;

/// A body field that can hold files. Implemented for [`InputFile`], `Option`, `Vec` and
/// `Box` of such fields, and by the generator for each union with a file among its shapes.
pub(crate) trait FileParts {
    /// Adds each file this holds as a part named `name` (a list's items as `name[]`).
    fn file_parts(&self, name: &str, out: &mut Vec<FormField>);
}

impl FileParts for InputFile {
    fn file_parts(&self, name: &str, out: &mut Vec<FormField>) {
        out.push(FormField::File { name: name.to_owned(), file: self.clone() });
    }
}

impl<T: FileParts> FileParts for Option<T> {
    fn file_parts(&self, name: &str, out: &mut Vec<FormField>) {
        if let Some(value) = self {
            value.file_parts(name, out);
        }
    }
}

impl<T: FileParts> FileParts for Vec<T> {
    fn file_parts(&self, name: &str, out: &mut Vec<FormField>) {
        let name = format!("{name}[]");
        for item in self {
            item.file_parts(&name, out);
        }
    }
}

impl<T: FileParts> FileParts for Box<T> {
    fn file_parts(&self, name: &str, out: &mut Vec<FormField>) {
        (**self).file_parts(name, out);
    }
}

/// A top-level body field that holds files, named as on the wire.
#[allow(dead_code)] // Unused when no group with a file upload is enabled.
pub(crate) struct FileField<'a> {
    name: &'static str,
    value: &'a dyn FileParts,
}

/// The field `name` of a body, holding files.
#[allow(dead_code)] // Unused when no group with a file upload is enabled.
pub(crate) fn file_field<'a>(name: &'static str, value: &'a dyn FileParts) -> FileField<'a> {
    FileField { name, value }
}

/// The fields of a form: `body`'s text fields in bracket notation, then the parts of each
/// of `files`. A file field that holds files is left out of the text fields; one that holds
/// none (a union's non-file shape) stays a text field.
pub(crate) fn form_fields(body: &impl serde::Serialize, files: &[FileField<'_>]) -> Result<Vec<FormField>> {
    let value =
        Ordered::of(body).map_err(|e| Error::InvalidRequest(format!("the request body cannot be serialised: {e}")))?;
    let mut parts = Vec::new();
    let mut sent_as_files = Vec::new();
    for field in files {
        let before = parts.len();
        field.value.file_parts(field.name, &mut parts);
        if parts.len() > before {
            sent_as_files.push(field.name);
        }
    }
    let mut fields = Vec::new();
    match value {
        Ordered::Object(entries) => {
            for (key, value) in entries {
                if !sent_as_files.contains(&key.as_str()) {
                    flatten_into(key, value, &mut fields);
                }
            }
        }
        Ordered::Null => {}
        other => flatten_into("file".into(), other, &mut fields),
    }
    fields.extend(parts);
    Ok(fields)
}

fn flatten_into(key: String, value: Ordered, fields: &mut Vec<FormField>) {
    let mut pairs = Vec::new();
    flatten_pairs(key, value, &mut pairs);
    fields.extend(pairs.into_iter().map(|(name, value)| FormField::Text { name, value }));
}

/// One field of a form.
#[derive(Debug, Clone)]
pub(crate) enum FormField {
    Text { name: String, value: String },
    File { name: String, file: InputFile },
}

/// More text fields (a request's extra body fields), flattened the same way.
pub(crate) fn extra_fields(extra: &serde_json::Map<String, Value>) -> Vec<FormField> {
    let mut fields = Vec::new();
    for (key, value) in extra {
        flatten_into(key.clone(), value.clone().into(), &mut fields);
    }
    fields
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
