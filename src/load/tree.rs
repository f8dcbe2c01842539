//! A small value tree with byte spans, built from TOML or YAML, so every key and value of front
//! matter and `site.toml` can be pointed at in a diagnostic.

use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::source::SourceFile;

/// A value with the byte range it occupies in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// The value kinds TOML and YAML share.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// YAML `null` / `~` / empty value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A TOML date or date-time, as written.
    Datetime(String),
    /// An array / sequence.
    Array(Vec<Node>),
    /// A table / mapping, in document order.
    Table(Vec<Entry>),
}

/// A key of a table with its span, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Byte range of the key in the file.
    pub key_span: Range<usize>,
    /// The value.
    pub node: Node,
}

impl Value {
    /// What the value is, in the words a user would use ("a string", "a table").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "empty",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// A parse error with the byte range of the file where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What the parser said.
    pub message: String,
    /// Where, in bytes of the file.
    pub span: Range<usize>,
}

/// How deep tables and lists may nest, in front matter and site.toml alike. Real front matter
/// nests two or three levels; thousands of levels are an attack on the parser's stack.
pub const MAX_DEPTH: usize = 32;

/// The message for nesting deeper than [`MAX_DEPTH`].
fn too_deep() -> String {
    format!("tables and lists are nested more than {MAX_DEPTH} levels deep (the limit)")
}

/// Parses TOML text that starts at byte `offset` of its file.
pub fn parse_toml(text: &str, offset: usize) -> Result<Node, ParseError> {
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        // The parser has its own (deeper) recursion limit: one message for both.
        let message = if e.message().contains("recursion") { too_deep() } else { e.message().trim().to_string() };
        ParseError { message, span: offset + span.start..offset + span.end.max(span.start) }
    })?;
    let span = table.span();
    let node =
        Node { value: Value::Table(toml_table(table.get_ref(), offset)), span: offset + span.start..offset + span.end };
    match deeper_than(&node, MAX_DEPTH) {
        Some(span) => Err(ParseError { message: too_deep(), span }),
        None => Ok(node),
    }
}

/// The span of the first node nested more than `limit` levels below `node`.
fn deeper_than(node: &Node, limit: usize) -> Option<Range<usize>> {
    let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Table(entries) => Box::new(entries.iter().map(|e| &e.node)),
        _ => return None,
    };
    for child in children {
        if limit == 0 {
            return Some(child.span.clone());
        }
        if let Some(span) = deeper_than(child, limit - 1) {
            return Some(span);
        }
    }
    None
}

fn toml_table(table: &toml::de::DeTable<'_>, offset: usize) -> Vec<Entry> {
    table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            key_span: shift(key.span(), offset),
            node: toml_node(value, offset),
        })
        .collect()
}

fn toml_node(value: &toml::Spanned<toml::de::DeValue<'_>>, offset: usize) -> Node {
    use toml::de::DeValue;
    let converted = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => Value::Str(i.as_str().to_string()),
        },
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(|v| toml_node(v, offset)).collect()),
        DeValue::Table(t) => Value::Table(toml_table(t, offset)),
    };
    Node { value: converted, span: shift(value.span(), offset) }
}

fn shift(range: Range<usize>, offset: usize) -> Range<usize> {
    range.start + offset..range.end + offset
}

/// Parses the YAML in `range` of `file`.
pub fn parse_yaml(file: &SourceFile, range: Range<usize>) -> Result<Node, ParseError> {
    let text = &file.text[range.clone()];
    let first_line = file.line_col(range.start).line;
    let to_offset = |m: &saphyr::Marker| file.offset_of(first_line + m.line() - 1, m.col() + 1);
    // Block nesting has no limit in the parser, and building a tree thousands of levels deep
    // overflows the stack: measure the depth from the event stream first (no tree, no recursion).
    let mut depth = 0usize;
    for event in saphyr_parser::Parser::new_from_str(text) {
        match event {
            Ok((saphyr_parser::Event::SequenceStart(..) | saphyr_parser::Event::MappingStart(..), span)) => {
                depth += 1;
                // The document's top-level mapping is level 0, as in TOML.
                if depth > MAX_DEPTH + 1 {
                    let at = to_offset(&span.start);
                    return Err(ParseError { message: too_deep(), span: at..at });
                }
            }
            Ok((saphyr_parser::Event::SequenceEnd | saphyr_parser::Event::MappingEnd, _)) => {
                depth = depth.saturating_sub(1);
            }
            Ok(_) => {}
            Err(e) if e.info().contains("recursion limit") => {
                let at = to_offset(e.marker());
                return Err(ParseError { message: too_deep(), span: at..at });
            }
            // Syntax errors are reported by the parse below, with their message.
            Err(_) => break,
        }
    }
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
        let at = to_offset(e.marker());
        ParseError { message: e.info().to_string(), span: at..at }
    })?;
    match docs.into_iter().next() {
        Some(doc) => Ok(yaml_node(&doc, &to_offset)),
        // An empty YAML block is an empty table.
        None => Ok(Node { value: Value::Table(Vec::new()), span: range.start..range.start }),
    }
}

fn yaml_node(node: &MarkedYaml<'_>, to_offset: &dyn Fn(&saphyr::Marker) -> usize) -> Node {
    let start = to_offset(&node.span.start);
    let end = to_offset(&node.span.end).max(start);
    let value = match &node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::Int(*i),
            Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
            Scalar::String(s) => Value::Str(s.to_string()),
        },
        YamlData::Representation(s, ..) => Value::Str(s.to_string()),
        YamlData::Sequence(items) => Value::Array(items.iter().map(|n| yaml_node(n, to_offset)).collect()),
        YamlData::Mapping(map) => Value::Table(
            map.iter()
                .map(|(k, v)| {
                    let key = yaml_node(k, to_offset);
                    let name = match &key.value {
                        Value::Str(s) => s.clone(),
                        Value::Int(i) => i.to_string(),
                        Value::Bool(b) => b.to_string(),
                        other => format!("<{}>", other.kind()),
                    };
                    Entry { key: name, key_span: key.span, node: yaml_node(v, to_offset) }
                })
                .collect(),
        ),
        YamlData::Tagged(_, inner) => return yaml_node(inner, to_offset),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    };
    Node { value, span: start..end }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(node: &'a Node, key: &str) -> &'a Entry {
        let Value::Table(entries) = &node.value else { panic!("not a table") };
        entries.iter().find(|e| e.key == key).unwrap()
    }

    #[test]
    fn toml_spans_are_file_offsets() {
        let file = "+++\ntitle = \"Heart\"\ntags = [\"a\", \"b\"]\n+++\n";
        let node = parse_toml(&file[4..38], 4).unwrap();
        let title = entry(&node, "title");
        assert_eq!(&file[title.key_span.clone()], "title");
        assert_eq!(&file[title.node.span.clone()], "\"Heart\"");
        assert_eq!(title.node.value, Value::Str("Heart".into()));
        let tags = entry(&node, "tags");
        let Value::Array(items) = &tags.node.value else { panic!() };
        assert_eq!(&file[items[1].span.clone()], "\"b\"");
    }

    #[test]
    fn toml_values_convert() {
        let node = parse_toml("a = 1_000\nb = 2.5\nc = true\nd = 2024-03-01\n[e]\nf = 0x10\n", 0).unwrap();
        assert_eq!(entry(&node, "a").node.value, Value::Int(1000));
        assert_eq!(entry(&node, "b").node.value, Value::Float(2.5));
        assert_eq!(entry(&node, "c").node.value, Value::Bool(true));
        assert_eq!(entry(&node, "d").node.value, Value::Datetime("2024-03-01".into()));
        assert_eq!(entry(&entry(&node, "e").node, "f").node.value, Value::Int(16));
    }

    #[test]
    fn toml_error_points_into_the_file() {
        let file = "+++\ntitle = \"x\"\nbad = \n+++\n";
        let err = parse_toml(&file[4..23], 4).unwrap_err();
        let sf = SourceFile::new("a.md", file.to_string());
        assert_eq!(sf.line_col(err.span.start).line, 3);
    }

    #[test]
    fn yaml_spans_are_file_offsets() {
        let text = "---\ntitle: Heart Health\nrating: 5\ntags:\n  - a\n  - béta\n---\nbody";
        let file = SourceFile::new("a.md", text.to_string());
        let node = parse_yaml(&file, 4..text.find("---\nbody").unwrap()).unwrap();
        let title = entry(&node, "title");
        assert_eq!(&text[title.key_span.clone()], "title");
        assert_eq!(&text[title.node.span.clone()], "Heart Health");
        assert_eq!(entry(&node, "rating").node.value, Value::Int(5));
        let Value::Array(tags) = &entry(&node, "tags").node.value else { panic!() };
        assert_eq!(&text[tags[1].span.clone()], "béta");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_one_error_in_both_syntaxes() {
        for n in [MAX_DEPTH + 1, 200, 100_000] {
            let toml = format!("a = {}{}\n", "[".repeat(n), "]".repeat(n));
            let err = parse_toml(&toml, 0).unwrap_err();
            assert_eq!(err.message, too_deep(), "TOML, {n} levels");
            let yaml = format!("---\na: {}{}\n---\n", "[".repeat(n), "]".repeat(n));
            let file = SourceFile::new("a.md", yaml.clone());
            assert_eq!(parse_yaml(&file, 4..yaml.len() - 4).unwrap_err().message, too_deep(), "YAML flow, {n}");
            let block: String = (0..n.min(5000)).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
            let yaml = format!("---\n{block}{}b: 1\n---\n", " ".repeat(n.min(5000)));
            let file = SourceFile::new("a.md", yaml.clone());
            assert_eq!(parse_yaml(&file, 4..yaml.len() - 4).unwrap_err().message, too_deep(), "YAML block, {n}");
        }
        let ok = format!("a = {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        parse_toml(&ok, 0).unwrap();
        let ok = format!("---\na: {}{}\n---\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let file = SourceFile::new("a.md", ok.clone());
        parse_yaml(&file, 4..ok.len() - 4).unwrap();
    }

    #[test]
    fn yaml_error_has_a_file_line() {
        let text = "---\ntitle: a\nx: [1, 2\n---\n";
        let file = SourceFile::new("a.md", text.to_string());
        let err = parse_yaml(&file, 4..text.rfind("---").unwrap()).unwrap_err();
        assert!(file.line_col(err.span.start).line >= 3, "{err:?}");
    }
}
