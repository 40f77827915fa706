//! A validator of JSON bodies against VMware's SDDC Manager 5.2.1 OpenAPI document.
//!
//! The document is VMware's, not ours: it is read from the path in `VCF_SPEC_5_2_1`, by
//! default `<repo root>/../shared/vcf/sddc-manager-api-5.2.1.json`, and never copied into the
//! repository.
//!
//! The validator covers the subset of OpenAPI 3.0 schemas the document uses: `$ref` (to
//! `#/components/schemas/*`), `type`, `properties`, `required`, `additionalProperties`
//! (boolean or schema), `items`, `enum`, `nullable`, `allOf`, `format` `int32`/`int64`,
//! `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`, `uniqueItems`, and
//! `pattern` in the regular-expression subset the documents use (see [`Pattern`]). Any other
//! validation keyword (`oneOf`, `anyOf`, `not`, ...) or pattern syntax makes it panic rather
//! than pass silently.
//!
//! Closed validation treats every object schema that has `properties` and no
//! `additionalProperties` as `additionalProperties: false`: the spec never says it, so an open
//! validator would accept any stray field.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// The environment variable naming the spec file.
pub const SPEC_ENV: &str = "VCF_SPEC_5_2_1";

/// Where the spec is read from: `VCF_SPEC_5_2_1`, else `../shared/vcf/…` beside the
/// workspace root (the directory holding `Cargo.lock`; this file is compiled into the
/// simulator's tests and the engine's alike).
pub fn spec_path() -> PathBuf {
    match std::env::var_os(SPEC_ENV) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => {
            let manifest_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let workspace = manifest_dir
                .ancestors()
                .find(|dir| dir.join("Cargo.lock").exists())
                .unwrap_or(manifest_dir);
            workspace.join("../shared/vcf/sddc-manager-api-5.2.1.json")
        }
    }
}

/// The loaded document.
pub struct Spec {
    doc: Value,
}

/// Keywords that only annotate; the validator may ignore them.
const ANNOTATIONS: [&str; 7] = [
    "description",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "title",
    "default",
];

impl Spec {
    /// The spec, loaded once per test binary. Panics, naming where it looked, when missing.
    pub fn get() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| Spec::load(&spec_path()))
    }

    /// VMware's 9.0.2 document beside the 5.2.1 one (`sddc-manager-api-9.0.2.json`), for
    /// requests that must be valid against both.
    pub fn get_9_0_2() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| Spec::load(&spec_path().with_file_name("sddc-manager-api-9.0.2.json")))
    }

    /// The whole document (its `paths`, for matching a concrete path to a template).
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// Reads the spec at `path`; panics, naming the path and the variable, when it is missing.
    pub fn load(path: &std::path::Path) -> Spec {
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
            panic!(
                "the SDDC Manager 5.2.1 OpenAPI document is missing: looked at {} ({error}); \
                 set {SPEC_ENV} to its path (it is VMware's document and is not in this \
                 repository)",
                path.display()
            )
        });
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
        assert!(
            doc["components"]["schemas"].is_object(),
            "{} has no components.schemas",
            path.display()
        );
        Spec { doc }
    }

    /// The operation at `method` `template` (a path key of the spec, e.g. `/v1/domains/{id}`).
    pub fn operation(&self, method: &str, template: &str) -> &Value {
        let operation = &self.doc["paths"][template][method.to_ascii_lowercase()];
        assert!(operation.is_object(), "the spec has no {method} {template}");
        operation
    }

    /// The operation id at `method` `template`.
    pub fn operation_id(&self, method: &str, template: &str) -> String {
        self.operation(method, template)["operationId"]
            .as_str()
            .unwrap_or("?")
            .to_owned()
    }

    /// The JSON schema of the operation's request body, if it has one.
    pub fn request_schema(&self, method: &str, template: &str) -> Option<&Value> {
        let schema = &self.operation(method, template)["requestBody"]["content"]
            ["application/json"]["schema"];
        (!schema.is_null()).then_some(schema)
    }

    /// What the spec says about an answer: `Declared(Some(schema))`, `Declared(None)` for a
    /// declared status without a body, or `Undeclared`.
    pub fn response(&self, method: &str, template: &str, status: u16) -> Response<'_> {
        let declared = &self.operation(method, template)["responses"][status.to_string()];
        if declared.is_null() {
            return Response::Undeclared;
        }
        let schema = &declared["content"]["application/json"]["schema"];
        Response::Declared((!schema.is_null()).then_some(schema))
    }

    /// A schema of `components.schemas`.
    pub fn schema(&self, name: &str) -> &Value {
        let schema = &self.doc["components"]["schemas"][name];
        assert!(schema.is_object(), "the spec has no schema {name}");
        schema
    }

    /// Validates `value` against `schema`; `closed` refuses fields a schema does not name.
    pub fn validate(&self, schema: &Value, value: &Value, closed: bool) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        self.check(schema, value, closed, "$", &mut errors, 0);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..32 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference
                        .strip_prefix("#/components/schemas/")
                        .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
                    current = self.schema(name);
                }
                None => return current,
            }
        }
        panic!("$ref chain too long at {schema}");
    }

    fn check(
        &self,
        schema: &Value,
        value: &Value,
        closed: bool,
        at: &str,
        errors: &mut Vec<String>,
        depth: usize,
    ) {
        assert!(depth < 64, "schema nesting too deep at {at}");
        let schema = self.resolve(schema);
        let Some(keywords) = schema.as_object() else {
            panic!("schema at {at} is not an object: {schema}");
        };
        for keyword in keywords.keys() {
            let known = matches!(
                keyword.as_str(),
                "type"
                    | "properties"
                    | "required"
                    | "additionalProperties"
                    | "items"
                    | "enum"
                    | "nullable"
                    | "allOf"
                    | "format"
                    | "minLength"
                    | "maxLength"
                    | "minimum"
                    | "maximum"
                    | "minItems"
                    | "maxItems"
                    | "uniqueItems"
                    | "pattern"
            ) || ANNOTATIONS.contains(&keyword.as_str());
            assert!(
                known,
                "the validator does not support '{keyword}' (at {at})"
            );
        }
        if value.is_null() {
            if schema["nullable"] != Value::Bool(true) {
                errors.push(format!("{at}: null where the schema is not nullable"));
            }
            return;
        }
        if let Some(parts) = schema["allOf"].as_array() {
            for part in parts {
                self.check(part, value, false, at, errors, depth + 1);
            }
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                errors.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        let declared_type = schema["type"].as_str();
        let type_ok = match declared_type {
            None => true,
            Some("object") => value.is_object(),
            Some("array") => value.is_array(),
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("number") => value.is_number(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some(other) => panic!("unknown type '{other}' at {at}"),
        };
        if !type_ok {
            errors.push(format!(
                "{at}: expected {}, got {value}",
                declared_type.unwrap_or("?")
            ));
            return;
        }
        match value {
            Value::Object(map) => {
                let properties = schema["properties"].as_object();
                let empty = serde_json::Map::new();
                let properties_map = properties.unwrap_or(&empty);
                if let Some(required) = schema["required"].as_array() {
                    for name in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(name) {
                            errors.push(format!("{at}: missing required field '{name}'"));
                        }
                    }
                }
                for (name, inner) in map {
                    let path = format!("{at}.{name}");
                    if let Some(property) = properties_map.get(name) {
                        self.check(property, inner, closed, &path, errors, depth + 1);
                        continue;
                    }
                    match &schema["additionalProperties"] {
                        Value::Bool(false) => {
                            errors.push(format!("{at}: unknown field '{name}'"));
                        }
                        Value::Object(_) => {
                            let extra = &schema["additionalProperties"];
                            self.check(extra, inner, closed, &path, errors, depth + 1);
                        }
                        Value::Null if closed && properties.is_some() => {
                            errors.push(format!("{at}: unknown field '{name}' (closed)"));
                        }
                        _ => {}
                    }
                }
            }
            Value::Array(items) => {
                if let Some(min) = schema["minItems"].as_u64() {
                    if (items.len() as u64) < min {
                        errors.push(format!("{at}: fewer than {min} items"));
                    }
                }
                if let Some(max) = schema["maxItems"].as_u64() {
                    if (items.len() as u64) > max {
                        errors.push(format!("{at}: more than {max} items"));
                    }
                }
                if schema["uniqueItems"] == Value::Bool(true) {
                    let repeated = items
                        .iter()
                        .enumerate()
                        .any(|(index, item)| items[..index].contains(item));
                    if repeated {
                        errors.push(format!("{at}: items are not unique"));
                    }
                }
                if !schema["items"].is_null() {
                    for (index, item) in items.iter().enumerate() {
                        let path = format!("{at}[{index}]");
                        self.check(&schema["items"], item, closed, &path, errors, depth + 1);
                    }
                }
            }
            Value::String(text) => {
                let length = text.chars().count() as u64;
                if schema["minLength"].as_u64().is_some_and(|min| length < min) {
                    errors.push(format!("{at}: shorter than minLength"));
                }
                if schema["maxLength"].as_u64().is_some_and(|max| length > max) {
                    errors.push(format!("{at}: longer than maxLength"));
                }
                if let Some(pattern) = schema["pattern"].as_str() {
                    if !Pattern::parse(pattern).is_match(text) {
                        errors.push(format!("{at}: {text:?} does not match {pattern:?}"));
                    }
                }
            }
            Value::Number(number) => {
                if declared_type == Some("integer") {
                    let range = match schema["format"].as_str() {
                        Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
                        _ => None,
                    };
                    if let (Some((low, high)), Some(value)) = (range, number.as_i64()) {
                        if value < low || value > high {
                            errors.push(format!("{at}: {value} does not fit int32"));
                        }
                    }
                }
                if let (Some(min), Some(value)) = (schema["minimum"].as_f64(), number.as_f64()) {
                    if value < min {
                        errors.push(format!("{at}: below minimum {min}"));
                    }
                }
                if let (Some(max), Some(value)) = (schema["maximum"].as_f64(), number.as_f64()) {
                    if value > max {
                        errors.push(format!("{at}: above maximum {max}"));
                    }
                }
            }
            Value::Bool(_) | Value::Null => {}
        }
    }
}

/// What the spec declares for a status of an operation.
pub enum Response<'a> {
    Declared(Option<&'a Value>),
    Undeclared,
}

/// A JSON Schema `pattern`: an ECMA-262 regular expression, unanchored unless it says `^`/`$`.
///
/// Only the subset the documents use is understood: literals, `.`, `^`, `$`, classes
/// (`[a-z\d\-]`, `[^...]`), `\d`, `\w`, `\s`, `\S` and escaped punctuation, groups `( ... )`
/// and `(?: ... )` with `|` (also at the top level), lookaheads `(?= ... )` and `(?! ... )`,
/// and the quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, greedy or lazy (the same for
/// whether a string matches). Anything else panics, naming the pattern.
pub struct Pattern {
    alternatives: Vec<Vec<Node>>,
}

#[derive(Clone, Debug)]
enum Atom {
    Char(char),
    Any,
    /// Ranges, negated or not.
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Node>>),
    /// A lookahead: positive or not; consumes nothing.
    Ahead(Vec<Vec<Node>>, bool),
}

/// What a `\` stands for.
enum Escaped {
    Class(Vec<(char, char)>, bool),
    Char(char),
}

#[derive(Clone, Debug)]
struct Node {
    atom: Atom,
    min: usize,
    max: Option<usize>,
}

const DIGITS: [(char, char); 1] = [('0', '9')];
const WORD: [(char, char); 4] = [('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
const SPACE: [(char, char); 6] = [
    (' ', ' '),
    ('\t', '\t'),
    ('\n', '\n'),
    ('\r', '\r'),
    ('\u{b}', '\u{b}'),
    ('\u{c}', '\u{c}'),
];

impl Pattern {
    pub fn parse(pattern: &str) -> Pattern {
        let chars: Vec<char> = pattern.chars().collect();
        let mut position = 0;
        let alternatives = Self::alternatives(pattern, &chars, &mut position);
        assert!(
            position == chars.len(),
            "unbalanced ')' in pattern {pattern:?}"
        );
        Pattern { alternatives }
    }

    pub fn is_match(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        (0..=text.len()).any(|start| {
            self.alternatives
                .iter()
                .any(|sequence| matches(sequence, &text, start, &|_| true))
        })
    }

    fn alternatives(pattern: &str, chars: &[char], position: &mut usize) -> Vec<Vec<Node>> {
        let mut alternatives = vec![Vec::new()];
        while let Some(&next) = chars.get(*position) {
            let atom = match next {
                ')' => break,
                '|' => {
                    *position += 1;
                    alternatives.push(Vec::new());
                    continue;
                }
                '(' => {
                    *position += 1;
                    // `None`: a plain group; `Some(positive)`: a lookahead.
                    let (ahead, prefix) = match (chars.get(*position), chars.get(*position + 1)) {
                        (Some('?'), Some(':')) => (None, 2),
                        (Some('?'), Some('=')) => (Some(true), 2),
                        (Some('?'), Some('!')) => (Some(false), 2),
                        (Some('?'), _) => panic!("unsupported group syntax in pattern {pattern:?}"),
                        _ => (None, 0),
                    };
                    *position += prefix;
                    let inner = Self::alternatives(pattern, chars, position);
                    assert!(
                        chars.get(*position) == Some(&')'),
                        "unclosed '(' in pattern {pattern:?}"
                    );
                    *position += 1;
                    match ahead {
                        Some(positive) => Atom::Ahead(inner, positive),
                        None => Atom::Group(inner),
                    }
                }
                '[' => {
                    *position += 1;
                    Self::class(pattern, chars, position)
                }
                '\\' => {
                    *position += 1;
                    match Self::escape(pattern, chars, position) {
                        Escaped::Class(ranges, negated) => Atom::Class(ranges, negated),
                        Escaped::Char(escaped) => Atom::Char(escaped),
                    }
                }
                '.' => {
                    *position += 1;
                    Atom::Any
                }
                '^' => {
                    *position += 1;
                    Atom::Start
                }
                '$' => {
                    *position += 1;
                    Atom::End
                }
                '?' | '*' | '+' | '{' | ']' | '}' => {
                    panic!("unexpected '{next}' in pattern {pattern:?}")
                }
                literal => {
                    *position += 1;
                    Atom::Char(literal)
                }
            };
            let (min, max) = Self::quantifier(pattern, chars, position);
            alternatives
                .last_mut()
                .expect("at least one alternative")
                .push(Node { atom, min, max });
        }
        alternatives
    }

    /// After a `\`: a class escape or the one escaped character.
    fn escape(pattern: &str, chars: &[char], position: &mut usize) -> Escaped {
        let escaped = *chars
            .get(*position)
            .unwrap_or_else(|| panic!("trailing '\\' in pattern {pattern:?}"));
        *position += 1;
        match escaped {
            'd' => Escaped::Class(DIGITS.to_vec(), false),
            'w' => Escaped::Class(WORD.to_vec(), false),
            's' => Escaped::Class(SPACE.to_vec(), false),
            'S' => Escaped::Class(SPACE.to_vec(), true),
            punctuation if punctuation.is_ascii_punctuation() => Escaped::Char(punctuation),
            other => panic!("unsupported escape '\\{other}' in pattern {pattern:?}"),
        }
    }

    /// After a `[`: the class up to its `]`.
    fn class(pattern: &str, chars: &[char], position: &mut usize) -> Atom {
        let negated = chars.get(*position) == Some(&'^');
        if negated {
            *position += 1;
        }
        let mut ranges = Vec::new();
        loop {
            let next = *chars
                .get(*position)
                .unwrap_or_else(|| panic!("unclosed '[' in pattern {pattern:?}"));
            if next == ']' {
                *position += 1;
                return Atom::Class(ranges, negated);
            }
            let low = if next == '\\' {
                *position += 1;
                match Self::escape(pattern, chars, position) {
                    Escaped::Class(escaped, false) => {
                        ranges.extend(escaped);
                        continue;
                    }
                    Escaped::Class(_, true) => {
                        panic!("a negated escape inside a class in pattern {pattern:?}")
                    }
                    Escaped::Char(escaped) => escaped,
                }
            } else {
                *position += 1;
                next
            };
            let is_range = chars.get(*position) == Some(&'-')
                && chars.get(*position + 1).is_some_and(|after| *after != ']');
            if is_range {
                let high = *chars
                    .get(*position + 1)
                    .unwrap_or_else(|| panic!("unclosed '[' in pattern {pattern:?}"));
                assert!(
                    high != '\\' && high >= low,
                    "unsupported range in pattern {pattern:?}"
                );
                *position += 2;
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
    }

    fn quantifier(pattern: &str, chars: &[char], position: &mut usize) -> (usize, Option<usize>) {
        let bounds = match chars.get(*position) {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = chars[*position..]
                    .iter()
                    .position(|c| *c == '}')
                    .unwrap_or_else(|| panic!("unclosed '{{' in pattern {pattern:?}"));
                let inside: String = chars[*position + 1..*position + close].iter().collect();
                let number = |text: &str| {
                    text.parse::<usize>()
                        .unwrap_or_else(|_| panic!("bad quantifier in pattern {pattern:?}"))
                };
                let bounds = match inside.split_once(',') {
                    None => (number(&inside), Some(number(&inside))),
                    Some((low, "")) => (number(low), None),
                    Some((low, high)) => (number(low), Some(number(high))),
                };
                *position += close;
                bounds
            }
            _ => return (1, Some(1)),
        };
        *position += 1;
        match chars.get(*position) {
            Some('?') => *position += 1,
            Some('+') => panic!("possessive quantifiers are not supported in pattern {pattern:?}"),
            _ => {}
        }
        bounds
    }
}

/// Whether `sequence` matches `text` from `at` so that `rest` accepts where it ends
/// (backtracking, greedy).
fn matches(sequence: &[Node], text: &[char], at: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    match sequence.split_first() {
        None => rest(at),
        Some((node, tail)) => repeat(node, 0, text, at, &|end| matches(tail, text, end, rest)),
    }
}

fn repeat(
    node: &Node,
    count: usize,
    text: &[char],
    at: usize,
    rest: &dyn Fn(usize) -> bool,
) -> bool {
    let more = node.max.is_none_or(|max| count < max);
    // Another repetition that consumes nothing would loop forever once `min` is met.
    if more
        && atom(&node.atom, text, at, &|end| {
            (end != at || count < node.min) && repeat(node, count + 1, text, end, rest)
        })
    {
        return true;
    }
    count >= node.min && rest(at)
}

fn atom(atom: &Atom, text: &[char], at: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    match atom {
        Atom::Start => at == 0 && rest(at),
        Atom::End => at == text.len() && rest(at),
        Atom::Group(alternatives) => alternatives
            .iter()
            .any(|sequence| matches(sequence, text, at, rest)),
        Atom::Ahead(alternatives, positive) => {
            let found = alternatives
                .iter()
                .any(|sequence| matches(sequence, text, at, &|_| true));
            found == *positive && rest(at)
        }
        single => {
            let Some(&found) = text.get(at) else {
                return false;
            };
            let accepted = match single {
                Atom::Char(wanted) => found == *wanted,
                Atom::Any => found != '\n',
                Atom::Class(ranges, negated) => {
                    ranges
                        .iter()
                        .any(|(low, high)| (*low..=*high).contains(&found))
                        != *negated
                }
                Atom::Start | Atom::End | Atom::Group(_) | Atom::Ahead(..) => {
                    unreachable!("handled above")
                }
            };
            accepted && rest(at + 1)
        }
    }
}
