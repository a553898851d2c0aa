//! The JSON Schema of planlint.yaml, generated from the config types (their doc comments are
//! the descriptions) so that editors complete and validate the file. `planlint schema` prints
//! it; the checked-in copy, planlint.schema.json, is compared with it by a test.

use schemars::generate::SchemaSettings;

use crate::config::ConfigFile;

/// The schema as a JSON value (draft-07, which yaml-language-server and most editors read).
pub fn config_schema() -> serde_json::Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<ConfigFile>();
    schema.to_value()
}

/// The schema as pretty JSON with a trailing newline, as checked in.
pub fn config_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&config_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether planlint.yaml has a top-level key of this name (`init` writes only keys this
/// build understands).
pub fn has_config_key(key: &str) -> bool {
    config_schema()
        .get("properties")
        .and_then(|p| p.get(key))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checked-in schema must be what the types generate. To update it after changing a
    /// config type: `cargo run -- schema > planlint.schema.json`.
    #[test]
    fn checked_in_schema_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("planlint.schema.json");
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == config_schema_json(),
            "planlint.schema.json is stale: run `cargo run -- schema > planlint.schema.json`"
        );
    }

    #[test]
    fn schema_knows_every_key_and_custom_rule_kinds() {
        let schema = config_schema();
        for key in [
            "extends",
            "plans",
            "exclude",
            "profile",
            "rules",
            "overrides",
            "custom-rules",
        ] {
            assert!(has_config_key(key), "schema lacks `{key}`");
        }
        assert_eq!(
            schema["additionalProperties"],
            serde_json::Value::Bool(false)
        );
        let text = schema.to_string();
        for kind in ["forbid", "require", "section", "metadata", "columns"] {
            assert!(
                text.contains(&format!("\"const\":\"{kind}\"")),
                "no per-kind rule for {kind}"
            );
        }
    }
}
