//! A validator of JSON bodies against VMware's SDDC Manager 5.2.1 OpenAPI document.
//!
//! The document is VMware's, not ours: it is read from the path in `VCF_SPEC_5_2_1`, by
//! default `<repo root>/../shared/vcf/sddc-manager-api-5.2.1.json`, and never copied into the
//! repository.
//!
//! The validator covers the subset of OpenAPI 3.0 schemas the document uses: `$ref` (to
//! `#/components/schemas/*`), `type`, `properties`, `required`, `additionalProperties`
//! (boolean or schema), `items`, `enum`, `nullable`, `allOf`, `format` `int32`/`int64`,
//! `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`. Any other validation
//! keyword (`oneOf`, `anyOf`, `not`, `pattern`, ...) makes it panic rather than pass silently.
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
