//! Familiar names: the official SDKs' names for the types an operation returns
//! (openai-python's `ChatCompletion` for `CreateChatCompletionResponse`, `FileObject` for
//! `OpenAiFile`), read from `spec/resource-map.tsv`, each generated as a type alias beside
//! the type (as are the `aliases` of `spec/types.yaml`). A name that is already a type's,
//! or that two types would take, is left out.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{Model, ResponseKind, TypeId};

/// `resource-map.tsv`: operation id → the return type's name in openai-python.
pub type ReturnTypeNames = BTreeMap<String, String>;

/// Reads the `operation_id` and `return_type_in_python` columns of the resource map.
pub fn parse_resource_map(text: &str) -> Result<ReturnTypeNames, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("no `{name}` column"));
    let (id, returns) = (column("operation_id")?, column("return_type_in_python")?);
    Ok(lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter_map(|cells| Some((cells.get(id)?.to_string(), cells.get(returns)?.to_string())))
        .collect())
}

/// The type a Python return type names: a page's item (`SyncCursorPage[Run]` → `Run`), or
/// the type itself; `None` for what is no generated type (`None`, binary content, unions).
fn named_type(python: &str) -> Option<&str> {
    let name = match python.split_once('[') {
        Some((page, rest)) if page.starts_with("Sync") && page.ends_with("Page") => rest.strip_suffix(']')?,
        Some(_) => return None,
        None => python,
    };
    let plain =
        name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    (plain && name != "None" && !name.starts_with("Httpx")).then_some(name)
}

/// Adds each operation's familiar name to the type it returns.
pub fn assign(model: &mut Model, returns: &ReturnTypeNames, diagnostics: &mut Diagnostics) {
    let mut wanted: Vec<(TypeId, String)> = Vec::new();
    for op in &model.operations {
        let Some(python) = returns.get(&op.id).and_then(|p| named_type(p)) else { continue };
        let target = match (&op.page, &op.response) {
            (Some(page), _) => page.item.direct_named(),
            (None, ResponseKind::Json(ty)) => ty.direct_named(),
            _ => None,
        };
        if let Some(target) = target {
            wanted.push((target, python.to_owned()));
        }
    }
    let mut taken: BTreeMap<String, TypeId> = BTreeMap::new();
    for (i, def) in model.types.iter().enumerate() {
        taken.extend(def.aliases.iter().map(|a| (a.clone(), TypeId(i))));
    }
    wanted.sort_by_key(|(target, alias)| (alias.clone(), target.0));
    wanted.dedup();
    for (target, alias) in wanted {
        let def = model.get(target);
        if def.name == alias || taken.get(&alias) == Some(&target) {
            continue;
        }
        if syn::parse_str::<syn::Ident>(&alias).is_err() {
            diagnostics.warn(&def.pointer, format!("`{alias}` is not a Rust identifier; no alias for `{}`", def.name));
        } else if model.types.iter().any(|t| t.name == alias) || taken.contains_key(&alias) {
            diagnostics.note(&def.pointer, format!("`{alias}` names another type here; no alias for `{}`", def.name));
        } else {
            taken.insert(alias.clone(), target);
            model.types[target.0].aliases.push(alias);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_return_types_name_the_type_or_the_page_item() {
        assert_eq!(named_type("ChatCompletion"), Some("ChatCompletion"));
        assert_eq!(named_type("SyncCursorPage[FileObject]"), Some("FileObject"));
        assert_eq!(named_type("SyncConversationCursorPage[Certificate]"), Some("Certificate"));
        assert_eq!(named_type("None"), None);
        assert_eq!(named_type("HttpxBinaryResponseContent"), None);
        assert_eq!(named_type("Dict[str, object]"), None);
        assert_eq!(named_type("str"), None);
    }

    #[test]
    fn the_resource_map_is_read_by_its_header() {
        let map = parse_resource_map("x\toperation_id\treturn_type_in_python\n1\tcreateFile\tFileObject\n").unwrap();
        assert_eq!(map.get("createFile").map(String::as_str), Some("FileObject"));
        assert!(parse_resource_map("a\tb\n").is_err());
    }
}
