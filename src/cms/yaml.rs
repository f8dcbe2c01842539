//! YAML in and out for the editor's `config.yml`: values are built as JSON (ordered maps, see
//! serde_json's `preserve_order`) and written as block YAML with saphyr's emitter, the YAML crate
//! whitecoat already uses to read front matter. Reading turns YAML back into JSON, so a section a
//! person edited (the `backend`) can be kept when the file is generated again.

use std::borrow::Cow;

use saphyr::{LoadableYamlNode, Mapping, Scalar, Yaml, YamlEmitter};
use serde_json::Value;

/// Why YAML could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum YamlError {
    /// The text is not YAML.
    #[error("not valid YAML: {0}")]
    Syntax(String),
    /// The emitter refused the value (never expected for JSON values).
    #[error("cannot write YAML: {0}")]
    Emit(String),
}

/// Writes `value` as block YAML, without the `---` document marker, ending with a newline.
pub fn to_string(value: &Value) -> Result<String, YamlError> {
    let yaml = to_yaml(value);
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    emitter.multiline(true);
    emitter.dump(&yaml).map_err(|e| YamlError::Emit(format!("{e:?}")))?;
    let body = out.strip_prefix("---\n").unwrap_or(&out);
    Ok(format!("{}\n", body.trim_end()))
}

/// Reads the first document of `text` as JSON (`null` for an empty text).
pub fn from_str(text: &str) -> Result<Value, YamlError> {
    let docs = Yaml::load_from_str(text).map_err(|e| YamlError::Syntax(e.to_string()))?;
    Ok(docs.first().map_or(Value::Null, to_json))
}

fn to_yaml(value: &Value) -> Yaml<'static> {
    match value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Value(Scalar::Integer(i)),
            None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or_default().into())),
        },
        Value::String(s) => Yaml::Value(Scalar::String(Cow::Owned(s.clone()))),
        Value::Array(items) => Yaml::Sequence(items.iter().map(to_yaml).collect()),
        Value::Object(map) => {
            let mut mapping = Mapping::new();
            for (key, value) in map {
                mapping.insert(Yaml::Value(Scalar::String(Cow::Owned(key.clone()))), to_yaml(value));
            }
            Yaml::Mapping(mapping)
        }
    }
}

fn to_json(yaml: &Yaml<'_>) -> Value {
    match yaml {
        Yaml::Value(Scalar::Null) | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => serde_json::Number::from_f64(**f).map_or(Value::Null, Value::Number),
        Yaml::Value(Scalar::String(s)) => Value::String(s.to_string()),
        Yaml::Representation(text, _, _) => Value::String(text.to_string()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::Value(Scalar::String(s)) => s.to_string(),
                        other => to_json(other).to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Yaml::Tagged(_, inner) => to_json(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_values_that_need_quotes() {
        let value = json!({
            "plain": "hello world",
            "colon": "a: b",
            "bool_word": "true",
            "number_word": "10",
            "empty": "",
            "hash": "# not a comment",
            "date": "2026-01-31",
            "template": "{{slug}}",
            "pattern": ["^\\d{10}$", "ten digits"],
            "n": 5,
            "yes": true,
            "nested": [{ "name": "a", "fields": [{ "name": "b" }] }],
            "none": null,
        });
        let text = to_string(&value).unwrap();
        assert!(!text.starts_with("---"), "{text}");
        assert_eq!(from_str(&text).unwrap(), value, "{text}");
    }
}
