//! JSON request bodies: the content type checked, duplicate keys refused at every level
//! (`"name":"append_duty_log","name":"register_visit"` must not quietly become a visit),
//! and parse errors said by line and column — never by a Rust type's name.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// `Json` whose rejections are [`ApiError`]s, so a bad body gets the API's JSON error shape.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !json {
            return Err(ApiError::MalformedBody {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message: "send the body as application/json".into(),
            });
        }
        let bytes = Bytes::from_request(req, state).await?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses `bytes` as `T`, refusing duplicate keys anywhere.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde::de::DeserializeSeed::deserialize(NoDuplicates, &mut de).map_err(|e| clean(&e))?;
    serde_json::from_slice(bytes).map_err(|e| clean(&e))
}

/// What went wrong and where, in words a client can act on.
fn clean(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    let text = e.to_string();
    let (status, message) = match e.classify() {
        Category::Data if text.starts_with("duplicate key") => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{} ({at})", text.split(" at line").next().unwrap_or("duplicate key")),
        ),
        Category::Data => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("a field is missing, unknown or of the wrong kind ({at}){}", field_hint(&text)),
        ),
        Category::Syntax | Category::Eof => {
            (StatusCode::BAD_REQUEST, format!("the body is not valid JSON ({at})"))
        }
        Category::Io => (StatusCode::BAD_REQUEST, "the body could not be read".into()),
    };
    ApiError::MalformedBody { status, message }
}

/// serde's own words name the field in backquotes (`missing field \`password\``): keep the
/// field's name, drop any Rust type's name.
fn field_hint(text: &str) -> String {
    let field = text.split('`').nth(1).filter(|f| f.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    match field {
        Some(f) if text.starts_with("missing field") => format!(": missing `{f}`"),
        Some(f) if text.starts_with("unknown field") => format!(": unknown `{f}`"),
        Some(f) if text.starts_with("unknown variant") => format!(": unknown value `{f}`"),
        _ => String::new(),
    }
}

/// Walks any JSON value, failing on the first object with a key twice.
struct NoDuplicates;

impl<'de> serde::de::DeserializeSeed<'de> for NoDuplicates {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NoDuplicates {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(NoDuplicates)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            map.next_value_seed(NoDuplicates)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Login {
        username: String,
    }

    fn message(r: Result<Login, ApiError>) -> String {
        match r {
            Err(ApiError::MalformedBody { message, .. }) => message,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn duplicate_keys_are_refused_at_every_level() {
        assert!(
            message(parse(br#"{"username":"a","username":"b"}"#)).starts_with("duplicate key `username`")
        );
        let nested: Result<serde_json::Value, _> = parse(br#"{"m":[{"name":"x","args":{"a":1,"a":2}}]}"#);
        assert!(nested.is_err());
        assert!(
            parse::<serde_json::Value>(br#"{"a":{"b":1},"c":{"b":2}}"#).is_ok(),
            "same key in two objects"
        );
    }

    #[test]
    fn errors_never_name_rust_types() {
        let m = message(parse(br#"{"username": 5}"#));
        assert!(!m.contains("Login") && !m.contains("struct"), "{m}");
        let m = message(parse(br#"{}"#));
        assert!(m.contains("missing `username`") && !m.contains("Login"), "{m}");
        assert!(message(parse(b"{not json")).starts_with("the body is not valid JSON"));
    }
}
