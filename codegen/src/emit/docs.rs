//! Spec markdown → rustdoc that builds with zero warnings, under clippy's doc lints.
//!
//! The spec's descriptions are CommonMark written for a web page. Rustdoc reads the same
//! syntax but treats a few things differently, and each rewrite below answers one:
//! - unlabelled or `rust` code fences would run as doctests → labelled `text`;
//! - `[word]` outside a link is taken as an intra-doc link → escaped `\[word\]`;
//! - `<tag>` is taken as HTML → escaped `&lt;tag&gt;`;
//! - bare `https://...` trips `rustdoc::bare_urls` → wrapped as `<https://...>`;
//! - four-space indentation would open an indented code block → clamped;
//! - a list item continued on an unindented line trips `clippy::doc_lazy_continuation` →
//!   indented under its item.

use proc_macro2::TokenStream;
use quote::quote;

/// Origin of the site-relative links (`/docs/guides/audio`) in the spec's descriptions.
const DOCS_SITE: &str = "https://platform.openai.com";

/// `#[doc = "..."]` attributes for `markdown`, one per line.
pub fn doc_attrs(markdown: &str) -> TokenStream {
    let lines = sanitize(markdown);
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// The sanitized lines of `markdown`, trimmed of blank lines at either end.
pub fn sanitize(markdown: &str) -> Vec<String> {
    let text = markdown.replace("\r\n", "\n").replace('\t', "    ");
    let raw: Vec<&str> = text.lines().map(str::trim_end).collect();
    let indent = raw.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);

    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for line in raw {
        let line = line.get(indent..).unwrap_or_else(|| line.trim_start());
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_string());
            }
            continue;
        }
        if let Some(rest) = fence_start(trimmed) {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let lang = rest.trim();
            let lang = if lang.is_empty() || lang.eq_ignore_ascii_case("rust") { "text" } else { lang };
            out.push(format!("{marker}{lang}"));
            fence = Some(marker);
            list_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            list_indent = None;
            continue;
        }
        let lead = (line.len() - trimmed.len()).min(3);
        let body = escape_inline(trimmed);
        if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(lead + width);
            out.push(format!("{}{body}", " ".repeat(lead)));
        } else if let Some(required) = list_indent {
            out.push(format!("{}{body}", " ".repeat(required.max(lead))));
        } else {
            out.push(format!("{}{body}", " ".repeat(lead)));
        }
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn fence_start(line: &str) -> Option<&str> {
    ["```", "~~~"].iter().find_map(|m| line.strip_prefix(m)).map(|rest| rest.trim_start_matches(['`', '~']))
}

/// Width of a list marker and its space (`- ` → 2, `12. ` → 4).
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return Some(digits + 2);
    }
    None
}

/// Escapes one line outside code: code spans are copied as they are.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|c| *c == '`').count();
            let marker = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(marker) {
                let span_end = ticks + end + ticks;
                out.push_str(&rest[..span_end]);
                rest = &rest[span_end..];
                continue;
            }
            // An unmatched backtick is literal text.
            out.push_str(marker);
            rest = &rest[ticks..];
            continue;
        }
        if let Some(len) = link_len(rest) {
            let (text, target) = split_link(&rest[..len]);
            out.push('[');
            out.push_str(&escape_inline(text));
            out.push_str("](");
            // Site-relative links in the spec point into the OpenAI platform docs.
            if target.starts_with('/') && !target.starts_with("//") {
                out.push_str(DOCS_SITE);
            }
            out.push_str(target);
            out.push(')');
            rest = &rest[len..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => {
                // Keep an existing escape as it is.
                let next = rest[1..].chars().next();
                out.push('\\');
                if let Some(n) = next {
                    out.push(n);
                    rest = &rest[1 + n.len_utf8()..];
                    continue;
                }
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of an inline link `[text](target)` at the start of `s`, if there is one.
fn link_len(s: &str) -> Option<usize> {
    if !s.starts_with('[') {
        return None;
    }
    let mut depth = 0;
    let mut close = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = after.find(')')?;
    if after[1..end].contains(char::is_whitespace) {
        return None;
    }
    Some(close + 1 + end + 1)
}

fn split_link(link: &str) -> (&str, &str) {
    let mid = link.rfind("](").expect("link_len checked the shape");
    (&link[1..mid], &link[mid + 2..link.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_what_rustdoc_reads_differently() {
        let md = "Use [the guide](https://x.io/a_b) or [this].\nSee https://example.com.\nA <b>tag</b>.\n\n```\nprint(1)\n```";
        assert_eq!(
            sanitize(md),
            vec![
                "Use [the guide](https://x.io/a_b) or \\[this\\].",
                "See <https://example.com>.",
                "A &lt;b&gt;tag&lt;/b&gt;.",
                "",
                "```text",
                "print(1)",
                "```",
            ]
        );
    }

    #[test]
    fn code_spans_are_untouched_and_lists_continue_indented() {
        let md = "- `a<b>[c]` item\ncontinued\n\n    indented";
        assert_eq!(sanitize(md), vec!["- `a<b>[c]` item", "  continued", "", "   indented"]);
    }

    #[test]
    fn relative_links_point_at_the_platform_docs() {
        assert_eq!(
            sanitize("See [audio](/docs/guides/audio)."),
            vec!["See [audio](https://platform.openai.com/docs/guides/audio)."]
        );
    }

    #[test]
    fn never_panics_on_odd_whitespace() {
        let md = "\u{3000}\u{3000}x\n  y\n\t- z\n12) w\n`unclosed [a](b c) <http://x";
        assert!(!sanitize(md).is_empty());
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(sanitize("```json\n{}"), vec!["```json", "{}", "```"]);
    }
}
